"""`report`: what people asked, from the question log, as text or as one JSON object."""

from __future__ import annotations

import sys

from bot import report
from bot.settings import read_settings

EXIT_USAGE = 2


def show_report(as_json: bool, days: int) -> int:
    """`report`: the question log's figures for the last `days` days; zeros when there is none."""
    settings = read_settings(need_token=False)
    try:
        found = report.read_figures(settings.data_dir, days)
    except report.LogUnreadable as error:
        print(f"article-bot: cannot read the question log: {error}", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.write(report.as_json(found) + "\n" if as_json else report.as_text(found))
    return 0
