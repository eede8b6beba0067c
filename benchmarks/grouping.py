"""How long `/stats` and `report` take to group unanswered questions, for shapes anyone can
send.

    python -m benchmarks.grouping [--rows 100000] [--distinct 20000]

Printed as one JSON object, seconds per shape (`group_questions` over `--rows` unanswered
questions of which `--distinct` are different, then `read_figures` over them in a log):
- `random_40`: distinct 40-character strings of random letters and spaces;
- `same_prefix_40`: the same after a shared "what is the " (every form shares pieces);
- `words`: questions of 3 to 9 common words, as people ask;
- `near_copies`: each distinct question asked with typos, so that groups really merge;
- `read_figures_s`: the whole `/stats` path over the `random_40` rows stored in SQLite.
"""

from __future__ import annotations

import argparse
import json
import random
import string
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.questionlog import question
from bot.questionlog import QuestionLog
from bot.questionrows import DAY, database_path
from bot.report import group_questions, read_figures

LETTERS = string.ascii_lowercase + "    "


def random_40(rng: random.Random) -> str:
    return "".join(rng.choice(LETTERS) for _ in range(40))


def same_prefix_40(rng: random.Random) -> str:
    return "what is the " + random_40(rng)[:28]


def typo(text: str, rng: random.Random) -> str:
    at = rng.randrange(len(text))
    return text[:at] + rng.choice(string.ascii_lowercase) + text[at + 1 :]


def rows_of(make: Callable[[random.Random], str], rows: int, distinct: int) -> list[str]:
    rng = random.Random(16)
    forms = [make(rng) for _ in range(distinct)]
    return [forms[n % distinct] for n in range(rows)]


def timed(questions: list[str]) -> float:
    start = time.perf_counter()
    group_questions(questions)
    return round(time.perf_counter() - start, 2)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.grouping")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--distinct", type=int, default=20_000)
    args = parser.parse_args()
    rng = random.Random(17)
    shapes = {
        "random_40": rows_of(random_40, args.rows, args.distinct),
        "same_prefix_40": rows_of(same_prefix_40, args.rows, args.distinct),
        "words": rows_of(question, args.rows, args.distinct),
    }
    shapes["near_copies"] = [typo(q, rng) for q in shapes["words"]]
    figures: dict[str, float | int] = {"rows": args.rows, "distinct": args.distinct}
    figures |= {name: timed(questions) for name, questions in shapes.items()}
    figures["groups_near_copies"] = len(group_questions(shapes["near_copies"]))
    with tempfile.TemporaryDirectory() as folder:
        now = time.time()
        log = QuestionLog(database_path(Path(folder)), keep_days=90, clock=lambda: now - DAY)
        for text in shapes["random_40"]:
            log.record("private", text, "none")
        log.close()
        start = time.perf_counter()
        read_figures(Path(folder), 7, now)
        figures["read_figures_s"] = round(time.perf_counter() - start, 2)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
