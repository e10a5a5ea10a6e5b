"""The library's error boundary: arguments checked against their type hints on the way in.

Every public function and method is wrapped by :func:`public`. A wrong-typed argument
(``extract(b"bytes")``, ``who_said("x", limit="5")``, ``cite(item, quoted_speaker={})``)
becomes an :class:`~quotebank.errors.InputTypeError` naming the function and the
argument, so nothing but a :class:`~quotebank.errors.QuotebankError` leaves quotebank
for bad input. Deeper foreign errors (SQLAlchemy, decoding, ``regex`` timeouts, a
model's own validation) are translated where they enter, next to the code that
causes them; ``tests/test_boundary.py`` feeds bad input to every public callable.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from pydantic import ConfigDict, ValidationError, validate_call

from quotebank.errors import InputError, InputTypeError

__all__ = ["public"]

P = ParamSpec("P")
R = TypeVar("R")

# strict: a dict is not quietly turned into a model, nor "5" into 5
_CONFIG = ConfigDict(strict=True, arbitrary_types_allowed=True)


def public(func: Callable[P, R]) -> Callable[P, R]:
    """Check ``func``'s arguments against its annotations; bad ones raise :class:`InputTypeError`."""
    validated = validate_call(config=_CONFIG, validate_return=False)(func)
    params = list(inspect.signature(func).parameters)

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return validated(*args, **kwargs)
        except ValidationError as exc:
            raise _translate(func, params, exc) from None

    return wrapper


def _translate(func: Callable[..., object], params: list[str], exc: ValidationError) -> InputError:
    first = exc.errors()[0]
    where = func.__qualname__
    if exc.title not in (func.__name__, func.__qualname__):  # raised inside by a model of its own
        loc = ".".join(str(p) for p in first["loc"]) or "(value)"
        return InputError(f"{where}(): invalid {exc.title} ({loc}: {first['msg']})")
    head = first["loc"][0] if first["loc"] else None
    arg = params[head] if isinstance(head, int) and head < len(params) else str(head or "an argument")
    got = type(first.get("input")).__name__
    hint = "; decode bytes first (quotebank.decode_text)" if isinstance(first.get("input"), bytes) else ""
    return InputTypeError(f"{where}(): {arg!r} has the wrong type ({got}): {first['msg']}{hint}")
