"""`python -m bot`: the bot, or the `ask` and `eval` commands (see `bot.cli`)."""

from __future__ import annotations

import sys

from bot.cli import main

if __name__ == "__main__":
    sys.exit(main())
