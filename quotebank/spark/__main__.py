"""``spark-submit`` entry point: ``spark-submit "$(python -m quotebank.spark --path)" extract IN OUT``.

Run with ``--path``, it prints its own file name (what ``spark-submit`` takes);
otherwise its arguments are those of ``quotebank spark``.
"""

import sys

if __name__ == "__main__":
    if sys.argv[1:] == ["--path"]:
        print(__file__)
    else:
        from quotebank.cli import cli

        cli(["spark", *sys.argv[1:]], prog_name="quotebank spark")
