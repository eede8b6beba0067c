"""What the question log costs: the caller's share of a row, the writer, and the report.

    python -m benchmarks.questionlog [--rows 100000] [--distinct 10000]

Printed as one JSON object:
- `record_us_p50`, `record_us_p99`: microseconds one `QuestionLog.record` call takes in the
  caller (in the bot, the event loop): this is all the log adds to a reply;
- `record_us_p99_while_locked`: the same while another connection holds the database's write
  lock (a slow or busy disk): the caller does not wait for the writer;
- `rows_per_s`: rows the writer thread gets into the file per second, `--rows` rows;
- `report_s`: `read_figures` over those rows (what `/stats` and `report` run), with
  `--distinct` different unanswered questions to group.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from bot.questionlog import QuestionLog
from bot.questionrows import DAY, database_path
from bot.report import read_figures

WORDS = (  # noqa: SIM905 (a list literal would take a line per word)
    "who what when where how many is was the capital of president war talks price weather "
    "team won cup painted born old people live in city river election minister"
).split()


def question(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 9))) + "?"


def percentile(values: list[float], share: float) -> float:
    return sorted(values)[int(share * (len(values) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.questionlog")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--distinct", type=int, default=10_000)
    args = parser.parse_args()
    rng = random.Random(9)
    unanswered = [question(rng) for _ in range(args.distinct)]
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        now = time.time()
        log = QuestionLog(database_path(data_dir), keep_days=90, clock=lambda: now - DAY)
        log.record("private", "warm up", "none")
        log.flush()
        costs = []
        start = time.perf_counter()
        for number in range(args.rows):
            kind = "none" if number % 3 == 0 else "answer"
            text = unanswered[number % len(unanswered)] if kind == "none" else question(rng)
            before = time.perf_counter_ns()
            log.record("private", text, kind, article="a.md", title="A", paragraph=1, ms=3.0)
            costs.append((time.perf_counter_ns() - before) / 1000)
        log.flush()
        figures["rows_per_s"] = args.rows / (time.perf_counter() - start)
        figures["record_us_p50"] = statistics.median(costs)
        figures["record_us_p99"] = percentile(costs, 0.99)

        blocker = sqlite3.connect(database_path(data_dir), isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")  # holds the write lock, as a busy disk would
        costs = []
        for _ in range(1000):
            before = time.perf_counter_ns()
            log.record("private", "asked while the file is locked", "none")
            costs.append((time.perf_counter_ns() - before) / 1000)
        figures["record_us_p99_while_locked"] = percentile(costs, 0.99)
        blocker.execute("COMMIT")
        blocker.close()
        log.close()

        start = time.perf_counter()
        found = read_figures(data_dir, days=7, now=now)
        figures["report_s"] = time.perf_counter() - start
        figures["rows"] = found.questions
        figures["unanswered_groups"] = len(found.unanswered)
    print(json.dumps({k: round(v, 2) for k, v in figures.items()}))


if __name__ == "__main__":
    main()
