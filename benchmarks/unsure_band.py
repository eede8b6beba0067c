"""Choose the `unsure` band: between a confident answer and a plain refusal, the bot offers the
closest paragraphs. Prints, for each band, what it costs and what it gives.

    python -m benchmarks.unsure_band                       # the tuning half, then the test half
    python -m benchmarks.unsure_band --bands 0.02,0.05,0.1 --floors 0,0.1

SQuAD: each article asked its own questions (answerable) and another article's (off-topic), as
in `refusal_fit`. For answerable questions: top-1, how many are not answered (refused or unsure:
what the issue counts as refused), and of the unsure ones how many offer the gold paragraph.
For off-topic ones: how many are answered, offered something, or plainly refused. Then the
bundled article's question sets, scored as `eval` scores them, with the unsure replies that
offer the right paragraph counted apart.
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from knowledge import KnowledgeBase, load_knowledge
from knowledge.evaluation import (
    evaluate,
    evaluate_conversation,
    format_of,
    format_report,
    read_rows,
)
from knowledge.evaluation.scoring import asked_elsewhere, read_lines, read_squad
from knowledge.search import Index, Tuning

REPO = Path(__file__).resolve().parent.parent
BUNDLED_SETS = ("meaning_dev.jsonl", "seed_dev.jsonl", "conversation_dev.jsonl")


@dataclass
class Counts:
    asked: int = 0
    right: int = 0
    not_answered: int = 0
    unsure: int = 0
    gold_offered: int = 0
    off_topic: int = 0
    off_answered: int = 0
    off_offered: int = 0


Article = tuple[Index, list[tuple[str, str]], list[str]]


def squad_indexes(path: Path, split: str, tmp: Path) -> list[Article]:
    """Each article of the split indexed, with its own questions (and gold paragraph text) and
    another article's."""
    rows = read_lines(path)
    found = []
    for number, (article, other) in enumerate(
        zip(read_squad(rows, split), asked_elsewhere(rows, split), strict=True)
    ):
        folder = tmp / f"{split}{number}"
        folder.mkdir()
        (folder / article.file_name).write_text(article.knowledge_file(), "utf-8")
        index = load_knowledge(folder).index
        own = [(q, " ".join(article.passages[gold].split())) for q, gold in article.questions]
        found.append((index, own, [q for q, _ in other.questions]))
    return found


def count(articles: list[Article], tuning: Tuning) -> Counts:
    counts = Counts()
    for index, own, others in articles:
        index.tuning = tuning

        def texts(hits: list[int], index: Index = index) -> list[str]:
            return [" ".join(index.texts[h].split()) for h in hits]

        for question, gold in own:
            counts.asked += 1
            found = index.find(question, 1)
            if found.hits:
                counts.right += texts([found.hits[0].paragraph])[0] in gold
                continue
            counts.not_answered += 1
            if found.offered:
                counts.unsure += 1
                counts.gold_offered += any(
                    t in gold for t in texts([h.paragraph for h in found.offered])
                )
        for question in others:
            counts.off_topic += 1
            found = index.find(question, 1)
            counts.off_answered += bool(found.hits)
            counts.off_offered += bool(found.offered)
    return counts


def row(label: str, c: Counts) -> str:
    plain = c.off_topic - c.off_answered - c.off_offered
    return (
        f"| {label} | {c.right / c.asked:.3f} | {c.not_answered}/{c.asked} "
        f"({c.not_answered / c.asked:.3f}) | {c.unsure} ({c.gold_offered} offer the gold) "
        f"| {c.off_answered} | {c.off_offered} ({c.off_offered / c.off_topic:.3f}) "
        f"| {plain}/{c.off_topic} ({(c.off_topic - c.off_answered) / c.off_topic:.3f}) |"
    )


def bundled(knowledge: KnowledgeBase, data: Path, tuning: Tuning) -> list[str]:
    knowledge.index.tuning = tuning
    lines = []
    for name in BUNDLED_SETS:
        rows = read_rows(data / name)
        if format_of(rows) == "conversation":
            text = evaluate_conversation(knowledge, rows).format(misses=0)
        else:
            text = format_report(evaluate(data / name, tuning=tuning), misses=0)
        lines.append(f"{name}: " + "; ".join(" ".join(t.split()) for t in text.splitlines()))
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.unsure_band", description=__doc__)
    parser.add_argument("--data", type=Path, default=REPO / ".." / "shared" / "eval")
    parser.add_argument("--split", choices=("tune", "test", "both"), default="both")
    parser.add_argument("--bands", default="0.16,0.1,0.05,0.03,0.02", help="min_unsure values")
    parser.add_argument("--floors", default="0.1", help="unsure_confidence values")
    args = parser.parse_args(argv)
    base = Tuning()
    grid = [
        replace(base, min_unsure=float(band), unsure_confidence=float(floor))
        for band, floor in itertools.product(args.bands.split(","), args.floors.split(","))
    ]
    splits = ("tune", "test") if args.split == "both" else (args.split,)
    header = (
        "| band (min_unsure, unsure_confidence) | top-1 | answerable not answered "
        "| of which unsure | off-topic answered | off-topic offered | off-topic plainly refused "
        "(share not answered) |\n| --- | --- | --- | --- | --- | --- | --- |"
    )
    knowledge = load_knowledge()
    with tempfile.TemporaryDirectory(prefix="article-bot-band-") as tmp:
        for split in splits:
            articles = squad_indexes(args.data / "squad_dev_visible.jsonl", split, Path(tmp))
            print(f"\nSQuAD {split} half, answering at min_probability {base.min_probability}:\n")
            print(header)
            for tuning in grid:
                label = f"{tuning.min_unsure}, {tuning.unsure_confidence}"
                print(row(label, count(articles, tuning)))
    print("\nBundled article:\n")
    for tuning in grid:
        print(f"- band {tuning.min_unsure}, {tuning.unsure_confidence}:")
        for line in bundled(knowledge, args.data, tuning):
            print(f"  - {line}")


if __name__ == "__main__":
    main()
