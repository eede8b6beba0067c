"""Which matches "more" and ▶ step to after the first answer, at each share of its confidence.

    python -m benchmarks.more [--data ../shared/eval] [--split tune|test] [--combined]

After an answer, "more" and the ▶ button show the question's next matches. A match counts as
one to step to when its confidence (the share of the question's informative terms it holds)
is at least a share of the best match's (`knowledge.dialogue.followup.FURTHER_SHARE`). On
SQuAD each question has one gold paragraph, so when the first answer is wrong the gold one
ranked after it is what "more" should reach; every other further match is one a person steps
through for nothing. Printed for each share: the gold paragraphs ranked after the first
answer that are still stepped to, and the other further matches that are. Tune on the tuning
half (`--split tune`), report the held-out half (`--split test`); `--combined` puts every
article in one folder, as an operator with many articles has.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from knowledge import load_knowledge
from knowledge.evaluation.scoring import read_lines, read_squad, replied

REPO = Path(__file__).resolve().parents[1]
SHARES = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.more")
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "eval")
    parser.add_argument("--split", choices=("all", "tune", "test"), default="tune")
    parser.add_argument("--combined", action="store_true", help="every article in one folder")
    args = parser.parse_args()
    articles = read_squad(read_lines(args.data / "squad_dev_visible.jsonl"), args.split)
    gold = dict.fromkeys(SHARES, 0)
    other = dict.fromkeys(SHARES, 0)
    answered = 0
    with tempfile.TemporaryDirectory(prefix="article-bot-more-") as tmp:
        groups = [articles] if args.combined else [[article] for article in articles]
        for number, group in enumerate(groups):
            folder = Path(tmp) / str(number)
            folder.mkdir()
            for article in group:
                (folder / article.file_name).write_text(article.knowledge_file(), "utf-8")
            knowledge = load_knowledge(folder)
            for article in group:
                texts = [" ".join(p.split()) for p in article.passages]
                for question, gold_paragraph in article.questions:
                    matches = replied(knowledge, question)
                    answered += bool(matches)
                    for match in matches[1:]:
                        right = (
                            match.passage.article.name == article.file_name
                            and " ".join(match.passage.text.split()) == texts[gold_paragraph]
                        )
                        for share in SHARES:
                            if match.confidence >= share * matches[0].confidence:
                                (gold if right else other)[share] += 1
    where = "all articles in one folder" if args.combined else "within one article"
    print(f"SQuAD {args.split} half, {where}: {answered} questions answered")
    print("| share of the best's confidence | gold stepped to | other matches stepped to |")
    print("| --- | --- | --- |")
    for share in SHARES:
        print(f"| {share:.1f} | {gold[share]} | {other[share]} |")


if __name__ == "__main__":
    main()
