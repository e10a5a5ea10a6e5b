"""``python -m quotebank``: the command-line interface."""

from quotebank.cli import main

if __name__ == "__main__":
    main()
