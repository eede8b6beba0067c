"""`python -m benchmarks`: our engine against rapidfuzz and BM25, on the same data, one table."""

from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path

from benchmarks import archive, extraction, meaning, quality, report
from benchmarks.baselines import METHODS
from benchmarks.timing import measure
from knowledge.evaluation.scoring import RANKS

logger = logging.getLogger("benchmarks")

REPO = Path(__file__).resolve().parent.parent
SLOW = ("wratio", "token_set")
"""Baselines that --quick leaves out: rapidfuzz compares every question with every paragraph,
about a minute each on the 16 articles in one folder."""


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--data",
        type=Path,
        default=REPO / ".." / "shared" / "eval",
        help="folder with squad_dev_visible.jsonl and seed_dev.jsonl (default ../shared/eval)",
    )
    parser.add_argument(
        "--split",
        choices=("all", "tune", "test"),
        default="all",
        help="SQuAD articles: all, the tuning half or the held-out test half",
    )
    parser.add_argument(
        "--only",
        choices=("squad", "seed", "meaning", "archive", "extraction"),
        help="run one part",
    )
    parser.add_argument(
        "--quick", action="store_true", help="skip the archive and the slow rapidfuzz baselines"
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=REPO / "benchmarks" / "data",
        help="where the generated archive is kept (default benchmarks/data)",
    )
    parser.add_argument("--profile", action="store_true", help="cProfile ours on the archive")
    parser.add_argument("--out", type=Path, help="also write the table to this markdown file")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    args = parse(argv)
    keys = [k for k in METHODS if not (args.quick and k in SLOW)]
    parts = [args.only] if args.only else ["squad", "seed", "meaning", "archive", "extraction"]
    if args.quick and not args.only:
        parts.remove("archive")
    rows: list[report.Row] = []
    notes = [
        "top-1: the first answer is the gold paragraph (SQuAD) or contains an expected "
        f"substring (seed); MRR over the first {RANKS} answers.",
        "Baselines never refuse (they always return their best paragraph), except bm25s with "
        "a score cutoff.",
    ]
    started = time.perf_counter()

    if "squad" in parts:
        logger.info("SQuAD (%s split): %s", args.split, ", ".join(keys))
        results, cutoff = quality.run_squad(
            args.data / "squad_dev_visible.jsonl", args.split, keys
        )
        if cutoff is not None:
            notes.append(
                f"bm25s with a score cutoff: the bm25s (NLTK 179) column, refusing when its top "
                f"score is below {cutoff:.2f}, the cutoff at which it refuses the same share of "
                "answerable questions (SQuAD, within one article) as ours; the same cutoff "
                "everywhere else."
            )
        if args.split != "all":
            results = {f"{name} [{args.split} split]": r for name, r in results.items()}
        rows += report.quality_rows(results)
    if "seed" in parts:
        logger.info("seed questions")
        seed, p50 = quality.run_seed(args.data / "seed_dev.jsonl", keys)
        rows += report.quality_rows(seed)
        rows.append(
            ("bundled article: p50 ms per question", {k: f"{v:.2f}" for k, v in p50.items()})
        )
    if "meaning" in parts:
        logger.info("meaning: the bundled article in the asker's words, and the unsure band")
        rows += meaning.rows(args.data)
    if "archive" in parts:
        folder, questions = archive.build(args.data / "squad_dev_visible.jsonl", args.cache)
        archive.clear_index_cache(folder)
        measured = []
        for method in archive.ARCHIVE_METHODS:
            logger.info("archive: %s (separate process)", method)
            measured.append(
                measure(method, folder, questions, profile=args.profile and method == "ours")
            )
        rows += report.archive_rows(measured, archive.PARAGRAPHS)
        notes.append(
            "Archive: SQuAD sentences reshuffled into paragraphs of 3 to 6 sentences, 100 per "
            "file; each method loads the folder in its own process (peak memory is that "
            "process's peak RSS, VmHWM). Ours is loaded twice: first with an empty index "
            "cache (it builds the index and writes the cache), then restarted from that cache. "
            "Columns: bm25s with the 179 stop words, rapidfuzz "
            "`extractOne` with WRatio over every paragraph. Top-1 here: the first answer holds "
            "a sentence of the gold paragraph that contains the answer."
        )

    extracted = ""
    if "extraction" in parts:
        logger.info("article extraction: ours and plain trafilatura on %s", args.data / "web")
        extracted = "\n" + extraction.table(*extraction.run(args.data / "web")) + "\n"

    text = report.document(rows, keys, notes, REPO) + extracted
    logger.info("done in %.0f s", time.perf_counter() - started)
    print(text)
    if args.out:
        args.out.write_text(text, "utf-8")


if __name__ == "__main__":
    main()
