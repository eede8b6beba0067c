"""Questions in the asker's own words, near misses and the `unsure` band, for `make bench`.

- The bundled article's conversation sets (`meaning_dev`, `conversation_dev`), replied to as
  the bot replies (`reply_to`): right replies per kind, `answer` lines replied `unsure` with the
  right paragraph among those offered, and `none` lines offered anything.
- The SQuAD test half at the band the code keeps (`Tuning.min_unsure`): answerable questions
  not answered (refused or unsure), of which unsure offering the gold paragraph, and off-topic
  questions offered anything (`benchmarks.unsure_band` prints the whole choice).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from benchmarks.report import Row
from benchmarks.unsure_band import count, squad_indexes
from knowledge import load_knowledge
from knowledge.evaluation import evaluate_conversation, read_rows
from knowledge.search import Tuning

SETS = ("meaning_dev.jsonl", "conversation_dev.jsonl")


def rows(data: Path) -> list[Row]:
    """Rows of the `ours` column."""
    knowledge = load_knowledge()
    found: list[Row] = []
    for name in SETS:
        report = evaluate_conversation(knowledge, read_rows(data / name))
        total = sum(report.total.values())
        found.append((f"{name}: right", {"ours": f"{sum(report.right.values())}/{total}"}))
        for kind in ("answer", "none"):
            if report.total[kind]:
                cell = f"{report.right[kind]}/{report.total[kind]}"
                found.append((f"{name}: `{kind}` lines right", {"ours": cell}))
        offered = report.offered["answer"]
        found.append(
            (
                f"{name}: `answer` lines unsure, offering the right paragraph",
                {"ours": str(offered)},
            )
        )
        found.append(
            (f"{name}: `none` lines offered anything", {"ours": str(report.offered["none"])})
        )
    tuning = Tuning()
    with tempfile.TemporaryDirectory(prefix="article-bot-meaning-") as tmp:
        c = count(squad_indexes(data / "squad_dev_visible.jsonl", "test", Path(tmp)), tuning)
    band = f"SQuAD test half, unsure band {tuning.min_unsure}"
    found += [
        (
            f"{band}: answerable not answered (refused or unsure)",
            {"ours": f"{c.not_answered}/{c.asked}"},
        ),
        (
            f"{band}: of which unsure, offering the gold paragraph",
            {"ours": f"{c.unsure}, {c.gold_offered}"},
        ),
        (f"{band}: off-topic offered anything", {"ours": f"{c.off_offered}/{c.off_topic}"}),
        (
            f"{band}: off-topic not answered (refused or unsure)",
            {"ours": f"{c.off_topic - c.off_answered}/{c.off_topic}"},
        ),
    ]
    return found
