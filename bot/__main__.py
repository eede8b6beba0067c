"""`python -m bot` and `article-bot`: with no command, run the bot; otherwise run the command
line (`ask`, `eval`, `add`, `report`; see `bot.cli`)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

# NumPy asks the kernel for huge pages for every large array; where the kernel then compacts
# memory to find them (transparent huge pages on "madvise", the common default), each new
# array costs several times as long to fill: changing a 200,000-paragraph index took 1.5 s
# instead of 0.6 s. Read by NumPy when it is first imported, so it is set before anything is.
os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")


def main(argv: Sequence[str] | None = None) -> int:
    """The entry point: Telegram is imported only when the bot runs."""
    args = sys.argv[1:] if argv is None else list(argv)
    if not args:
        from bot.telegram.app import run

        return run()
    from bot.cli import main as command_line

    return command_line(args, {"webhook": webhook})


def webhook(args: argparse.Namespace) -> int:
    """`webhook set|delete|info`, the one command that talks to Telegram."""
    from bot.telegram.webhook_command import main as webhook_command

    return webhook_command(args.action, args.drop_pending_updates)


if __name__ == "__main__":
    sys.exit(main())
