"""The command line: run the bot, `ask` questions from the terminal, `eval` a question set,
`add` articles.

python -m bot                                    run the bot in polling mode
python -m bot ask [--json] [--knowledge DIR] [--limit N] [QUESTION ...]
python -m bot eval FILE.jsonl [--knowledge DIR] [--min-top1 X] [--typos] [--combined] [--offtopic]
python -m bot report [--json] [--days N]
python -m bot add [--json] [--knowledge DIR] SOURCE...   (see bot/add.py)
python -m bot webhook set|delete|info [--drop-pending-updates]
"""

from __future__ import annotations

import argparse
import json
import logging
import sqlite3
import sys
import textwrap
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO, NoReturn, TextIO

from bot import report
from bot.cli.add import add
from bot.questionlog import QuestionLog, open_log
from bot.settings import SettingsError, knowledge_folder, read_settings
from knowledge import KnowledgeBase, KnowledgeError, Match, Reply, load_knowledge, reply_to
from knowledge.dialogue.reply import source_text
from knowledge.evaluation.conversation import (
    ConversationReport,
    evaluate_conversation,
    is_conversation,
)
from knowledge.evaluation.scoring import SPLITS, Report, evaluate, format_report, read_lines

EXIT_USAGE = 2
EXIT_BELOW_TARGET = 1


class Parser(argparse.ArgumentParser):
    """argparse, with bad usage said in one line on stderr (exit code 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see --help)\n")


def parser() -> argparse.ArgumentParser:
    main = Parser(
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
    ask.add_argument("--log", action="store_true", help="add the questions to the question log")

    score = commands.add_parser("eval", help="score a question set or a conversation set (.jsonl)")
    score.add_argument("file", type=Path, metavar="FILE.jsonl")
    score.add_argument("--knowledge", type=Path, metavar="DIR", help="articles folder")
    score.add_argument("--min-top1", type=float, metavar="X", help="exit 1 if top-1 is below X")
    score.add_argument("--typos", action="store_true", help="one typo in each question")
    score.add_argument("--combined", action="store_true", help="SQuAD: all articles in one folder")
    score.add_argument("--split", choices=SPLITS, default="all", help="SQuAD: tune or test half")
    score.add_argument(
        "--offtopic", action="store_true", help="SQuAD: ask each article another's questions"
    )
    score.add_argument("--misses", type=int, default=5, metavar="N", help="misses to show")

    figures = commands.add_parser("report", help="what people asked: the question log")
    figures.add_argument("--json", action="store_true", help="one JSON object")
    figures.add_argument("--days", type=positive, default=7, metavar="N", help="default 7")

    put = commands.add_parser("add", help="add articles: links, saved pages, .md/.txt files")
    put.add_argument("sources", nargs="+", metavar="SOURCE", help="http(s) link or file")
    put.add_argument("--json", action="store_true", help="one JSON object per source per line")
    put.add_argument("--knowledge", type=Path, metavar="DIR", help="articles folder")

    hook = commands.add_parser("webhook", help="set, delete or show the webhook (once a deploy)")
    hook.add_argument("action", choices=("set", "delete", "info"))
    hook.add_argument(
        "--drop-pending-updates", action="store_true", help="drop the updates not yet delivered"
    )
    return main


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command is None:
        from bot.telegram.app import run  # Telegram is only imported when the bot runs

        return run()
    if args.command == "webhook":
        from bot.telegram.webhook_command import main as webhook

        return webhook(args.action, args.drop_pending_updates)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        if args.command == "report":
            return show_report(args.json, args.days)
        knowledge_dir = args.knowledge or knowledge_folder(read_settings(need_token=False))
        if args.command == "add":
            if knowledge_dir.exists() and not knowledge_dir.is_dir():
                raise SettingsError(f"{knowledge_dir} is not a folder")
            return add(args.sources, knowledge_dir, args.json)
        if args.command == "ask":
            questions = question_log() if args.log else None
            try:
                knowledge = load_knowledge(knowledge_dir)
                return ask(knowledge, args.questions, args.json, args.limit, log=questions)
            finally:
                if questions is not None:
                    questions.close()
        return score(args, knowledge_dir)
    except (KnowledgeError, SettingsError) as error:
        print(f"article-bot: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `... | head`: the reader has gone, which is not an error
        sys.stderr.close()
        return 0


def show_report(as_json: bool, days: int) -> int:
    """`report`: the question log's figures for the last `days` days; zeros when there is none."""
    settings = read_settings(need_token=False)
    try:
        found = report.read_figures(settings.data_dir, days)
    except sqlite3.Error as error:
        print(f"article-bot: cannot read the question log: {error}", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.write(report.as_json(found) + "\n" if as_json else report.as_text(found))
    return 0


def question_log() -> QuestionLog | None:
    """`ask --log`: the bot's question log, as `DATA_DIR`, `LOG_QUESTIONS`, `LOG_DAYS` say."""
    settings = read_settings(need_token=False)
    return open_log(settings.data_dir, settings.log_days, settings.log_questions)


def ask(
    knowledge: KnowledgeBase,
    questions: Sequence[str],
    as_json: bool,
    limit: int,
    out: TextIO | None = None,
    stdin: BinaryIO | None = None,
    log: QuestionLog | None = None,
) -> int:
    """Answer each question (or each line of stdin), printing and flushing each answer.

    Every input line gets exactly one answer, a blank one too, and with `as_json` each answer
    is exactly one line of UTF-8 JSON. With `log`, each question is added to the question
    log (origin `cli`).
    """
    if out is None:
        if as_json:
            sys.stdout.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[union-attr]
        out = sys.stdout
    lines = map(readable, questions) if questions else input_lines(stdin or sys.stdin.buffer)
    for question in lines:
        started = time.perf_counter()
        reply = reply_to(knowledge, question, limit=limit)
        out.write(one_line(as_json_line(reply)) if as_json else as_text(reply))
        out.flush()
        if log is not None and question.strip():
            log.record_reply("cli", reply, started)
    return 0


def input_lines(stream: BinaryIO) -> Iterator[str]:
    """Each line of a byte stream as it arrives, bytes that are not UTF-8 replaced by "\ufffd"."""
    for raw in stream:
        yield raw.rstrip(b"\n").rstrip(b"\r").decode("utf-8", "replace")


def readable(argument: str) -> str:
    """A command-line argument with bytes that were not UTF-8 replaced by "\ufffd"."""
    return argument.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


LINE_BREAKS = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}
"""Characters that JSON allows raw in a string but line readers (str.splitlines, JavaScript)
take as line ends; escaped, a JSON answer is always exactly one line."""


def one_line(json_line: str) -> str:
    """A JSON line with every character that some readers take as a line end escaped."""
    return json_line.rstrip("\n").translate(LINE_BREAKS) + "\n"


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
        "author": article.author,
    }


def as_json_line(reply: Reply) -> str:
    """The `--json` contract: one object per question; `answer` is the quoted paragraph, if
    any, and `score` the engine's confidence in it (answers only)."""
    quoted = reply.quoted
    answered = reply.kind == "answer"
    record = {
        "question": reply.message,
        "kind": reply.kind,
        "reply": reply.text,
        "answer": quoted.passage.text if quoted else None,
        "score": quoted.score if quoted and answered else None,
        "source": source_of(quoted) if quoted else {},
        "alternatives": [
            {"answer": m.passage.text, "score": m.score, "source": source_of(m)}
            for m in reply.matches[1:]
        ],
    }
    return json.dumps(record, ensure_ascii=False) + "\n"


def as_text(reply: Reply) -> str:
    """The reply as a person reads it in a terminal: the bot's words, the quoted paragraph with
    its source (and score, for an answer), the suggested questions."""
    lines = [f"Q: {reply.message}"]
    lines += [
        textwrap.fill(line, width=91, initial_indent="   ", subsequent_indent="   ")
        for line in reply.said.splitlines()
        if line.strip()
    ]
    if reply.quoted:
        passage = reply.quoted.passage
        lines.append(
            textwrap.fill(
                passage.text, width=88, initial_indent="   > ", subsequent_indent="   > "
            )
        )
        scored = f"; score {reply.quoted.score:.2f}" if reply.kind == "answer" else ""
        lines.append(f"   — {source_text(passage)} ({passage.article.name}{scored})")
    if reply.suggestions:
        lines.append("   It does answer questions like these:")
        lines += [f"   • {suggestion}" for suggestion in reply.suggestions]
    return "\n".join(lines) + "\n\n"


def score(args: argparse.Namespace, knowledge_dir: Path) -> int:
    """`eval`: print the report; exit 1 when top-1 is below `--min-top1`."""
    if not args.file.is_file():
        print(f"article-bot: {args.file} is not a file", file=sys.stderr)
        return EXIT_USAGE
    report: Report | ConversationReport
    try:  # the whole file is checked before anything is evaluated
        rows = read_lines(args.file)
    except ValueError as error:
        print(f"article-bot: {args.file} is not a question set: {error}", file=sys.stderr)
        return EXIT_USAGE
    if is_conversation(rows):
        report = evaluate_conversation(load_knowledge(knowledge_dir), rows)
        print(report.format(misses=args.misses))
    else:
        report = evaluate(
            args.file,
            knowledge_dir,
            typos=args.typos,
            combined=args.combined,
            split=args.split,
            offtopic=args.offtopic,
        )
        print(format_report(report, misses=args.misses))
    if args.min_top1 is not None and report.top1 < args.min_top1:
        print(f"top-1 {report.top1:.3f} is below --min-top1 {args.min_top1}", file=sys.stderr)
        return EXIT_BELOW_TARGET
    return 0
