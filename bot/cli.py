"""The command line: run the bot, `ask` questions from the terminal, `eval` a question set.

python -m bot                                    run the bot in polling mode
python -m bot ask [--json] [--knowledge DIR] [--limit N] [QUESTION ...]
python -m bot eval FILE.jsonl [--knowledge DIR] [--min-top1 X] [--typos] [--combined]
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import textwrap
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from bot.settings import environment
from knowledge import KnowledgeBase, KnowledgeError, Match, load_knowledge
from knowledge.evaluation import SPLITS, evaluate, format_report

EXIT_USAGE = 2
EXIT_BELOW_TARGET = 1


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="article-bot",
        description="Answer questions about news articles by quoting the paragraph that does. "
        "With no command, runs the Telegram bot in polling mode.",
    )
    commands = main.add_subparsers(dest="command", metavar="COMMAND")

    ask = commands.add_parser("ask", help="answer questions from the terminal")
    ask.add_argument("questions", nargs="*", metavar="QUESTION", help="default: one per line")
    ask.add_argument("--json", action="store_true", help="one JSON object per question per line")
    ask.add_argument("--knowledge", type=Path, metavar="DIR", help="articles folder")
    ask.add_argument("--limit", type=positive, default=3, metavar="N", help="matches to consider")

    score = commands.add_parser("eval", help="score a question set (.jsonl)")
    score.add_argument("file", type=Path, metavar="FILE.jsonl")
    score.add_argument("--knowledge", type=Path, metavar="DIR", help="articles folder")
    score.add_argument("--min-top1", type=float, metavar="X", help="exit 1 if top-1 is below X")
    score.add_argument("--typos", action="store_true", help="one typo in each question")
    score.add_argument("--combined", action="store_true", help="SQuAD: all articles in one folder")
    score.add_argument("--split", choices=SPLITS, default="all", help="SQuAD: tune or test half")
    score.add_argument("--misses", type=int, default=5, metavar="N", help="misses to show")
    return main


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command is None:
        from bot.app import run  # Telegram is only imported when the bot runs

        return run()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    knowledge_dir = args.knowledge or environment().get("KNOWLEDGE_DIR") or None
    try:
        if args.command == "ask":
            return ask(load_knowledge(knowledge_dir), args.questions, args.json, args.limit)
        return score(args, knowledge_dir)
    except KnowledgeError as error:
        print(f"article-bot: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `... | head`: the reader has gone, which is not an error
        sys.stderr.close()
        return 0


def ask(
    knowledge: KnowledgeBase,
    questions: Sequence[str],
    as_json: bool,
    limit: int,
    out: TextIO | None = None,
) -> int:
    """Answer each question (or each line of stdin), printing and flushing each answer."""
    out = out or sys.stdout
    lines: Iterable[str] = questions or (line.rstrip("\n") for line in sys.stdin)
    for question in lines:
        if not question.strip() and not questions:
            continue
        matches = knowledge.search(question, limit=limit)
        out.write(as_json_line(question, matches) if as_json else as_text(question, matches))
        out.flush()
    return 0


def source_of(match: Match) -> dict[str, Any]:
    passage, article = match.passage, match.passage.article
    return {
        "article": article.name,
        "paragraph": passage.number,
        "paragraphs": passage.total,
        "title": article.title,
        "date": article.date,
        "url": article.url,
        "source": article.source,
    }


def as_json_line(question: str, matches: Sequence[Match]) -> str:
    """The `--json` contract: one object per question, `answer` null when nothing answers."""
    best = matches[0] if matches else None
    record = {
        "question": question,
        "answer": best.passage.text if best else None,
        "score": best.score if best else None,
        "source": source_of(best) if best else {},
        "alternatives": [
            {"answer": m.passage.text, "score": m.score, "source": source_of(m)}
            for m in matches[1:]
        ],
    }
    return json.dumps(record, ensure_ascii=False) + "\n"


def as_text(question: str, matches: Sequence[Match]) -> str:
    """A quoted paragraph with its source and score, or a plain "does not say"."""
    if not matches:
        return f"Q: {question}\n   The article does not say.\n\n"
    best = matches[0]
    passage, article = best.passage, best.passage.article
    quote = textwrap.fill(
        passage.text, width=88, initial_indent="   > ", subsequent_indent="   > "
    )
    dated = f", {article.date}" if article.date else ""
    return (
        f"Q: {question}\n{quote}\n"
        f"   — {article.title}{dated}, paragraph {passage.number} of {passage.total}"
        f" ({article.name}; score {best.score:.2f})\n\n"
    )


def score(args: argparse.Namespace, knowledge_dir: str | None) -> int:
    """`eval`: print the report; exit 1 when top-1 is below `--min-top1`."""
    if not args.file.is_file():
        print(f"article-bot: {args.file} is not a file", file=sys.stderr)
        return EXIT_USAGE
    try:
        report = evaluate(
            args.file,
            Path(knowledge_dir) if knowledge_dir else None,
            typos=args.typos,
            combined=args.combined,
            split=args.split,
        )
    except (ValueError, KeyError, TypeError) as error:
        print(f"article-bot: {args.file} is not a question set: {error!r}", file=sys.stderr)
        return EXIT_USAGE
    print(format_report(report, misses=args.misses))
    if args.min_top1 is not None and report.top1 < args.min_top1:
        print(f"top-1 {report.top1:.3f} is below --min-top1 {args.min_top1}", file=sys.stderr)
        return EXIT_BELOW_TARGET
    return 0
