"""How long the bot takes to start on a large folder, and what its first refusal costs.

    python -m benchmarks.startup [--paragraphs 17000] [--cache benchmarks/data]

The folder is the generated archive (`archive.build`) cut to the given size. Printed, in
seconds: loading the knowledge (from the index cache after the first run), building the
Telegram application (what runs before polling starts), and the same off-topic question
refused twice (the first refusal works out the suggested questions when the library does that
lazily).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from benchmarks import archive
from bot.settings import Settings
from bot.telegram.app import build_application
from knowledge import load_knowledge

REPO = Path(__file__).resolve().parents[1]
OFF_TOPIC = "How do I reset my router password?"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.startup")
    parser.add_argument("--paragraphs", type=int, default=17_000)
    parser.add_argument("--cache", type=Path, default=REPO / "benchmarks" / "data")
    parser.add_argument("--squad", type=Path, default=REPO.parent / "shared" / "eval")
    args = parser.parse_args()
    squad = args.squad / "squad_dev_visible.jsonl"
    folder, _ = archive.build(squad, args.cache / f"startup-{args.paragraphs}", args.paragraphs)
    figures: dict[str, float | int] = {}
    with tempfile.TemporaryDirectory() as index_cache:
        load_knowledge(folder, cache_dir=Path(index_cache))  # write the index cache once
        start = time.perf_counter()
        knowledge = load_knowledge(folder, cache_dir=Path(index_cache))
        figures["load_from_index_cache_s"] = time.perf_counter() - start
    figures["paragraphs"] = len(knowledge.passages)
    start = time.perf_counter()
    build_application(Settings("123456:benchmark-token"), knowledge)
    figures["build_application_s"] = time.perf_counter() - start
    try:
        from knowledge import reply_to
    except ImportError:  # a version that worked out suggestions at startup
        print(json.dumps(figures))
        return
    for which in ("first", "second"):
        start = time.perf_counter()
        reply = reply_to(knowledge, OFF_TOPIC)
        figures[f"{which}_refusal_s"] = time.perf_counter() - start
        assert reply.kind == "none", f"{OFF_TOPIC!r} was not refused: pick another question"
    figures["suggestions"] = len(reply.suggestions)
    print(json.dumps({k: round(v, 3) for k, v in figures.items()}))


if __name__ == "__main__":
    main()
