"""The command line: `ask` questions from the terminal, `eval` a question set, `add`
articles, `report` on the question log. It never imports Telegram; `python -m bot` with no
command runs the bot (see `bot/__main__.py`).

python -m bot ask [--json] [--chat] [--knowledge DIR] [--limit N] [QUESTION ...] (bot/cli/ask.py)
python -m bot eval FILE.jsonl [--knowledge DIR] [--min-top1 X] [--typos] ... (bot/cli/evaluate.py)
python -m bot report [--json] [--days N]                                     (bot/cli/report.py)
python -m bot add [--json] [--knowledge DIR] SOURCE...                       (bot/cli/add.py)
python -m bot webhook set|delete|info [--drop-pending-updates]          (bot/telegram/)
python -m bot articles import|export DIR          (DATABASE_URL; bot/cli/articles.py)
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import NoReturn

from bot.cli.add import add
from bot.cli.ask import ask, question_log
from bot.cli.evaluate import evaluate_set
from bot.cli.report import show_report
from bot.settings import SettingsError, knowledge_folder, read_settings
from bot.storage import DatabaseError
from knowledge import KnowledgeError, load_knowledge
from knowledge.evaluation import SPLITS

__all__ = ["main", "parser"]

EXIT_USAGE = 2


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
    ask.add_argument(
        "--chat", action="store_true", help="the lines are one private chat: follow-ups work"
    )

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

    shared = commands.add_parser("articles", help="DATABASE_URL: move a folder in or out")
    shared.add_argument("action", choices=("import", "export"))
    shared.add_argument("folder", type=Path, metavar="DIR")

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


TelegramCommand = Callable[[argparse.Namespace], int]


def main(
    argv: Sequence[str] | None = None,
    telegram_commands: Mapping[str, TelegramCommand] | None = None,
) -> int:
    """Run one command; `argv` names it (see `parser`). Returns the exit code.

    Commands that talk to Telegram (`webhook`) are passed in by the entry point
    (`bot/__main__.py`), so that the command line itself never imports Telegram."""
    telegram_commands = telegram_commands or {}
    args = parser().parse_args(argv)
    if args.command is None:
        parser().print_usage(sys.stderr)
        return EXIT_USAGE
    if args.command in telegram_commands:
        return telegram_commands[args.command](args)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        settings = read_settings(need_token=False)
        if args.command == "articles" or (
            settings.database_url and not vars(args).get("knowledge")
        ):
            from bot.cli.articles import with_database  # psycopg only with a database

            return with_database(args, settings)
        if args.command == "report":
            return show_report(args.json, args.days)
        knowledge_dir = args.knowledge or knowledge_folder(settings)
        if args.command == "add":
            if knowledge_dir.exists() and not knowledge_dir.is_dir():
                raise SettingsError(f"{knowledge_dir} is not a folder")
            return add(args.sources, knowledge_dir, args.json)
        if args.command == "ask":
            questions = question_log() if args.log else None
            try:
                knowledge = load_knowledge(knowledge_dir)
                return ask(
                    knowledge, args.questions, args.json, args.limit, log=questions, chat=args.chat
                )
            finally:
                if questions is not None:
                    questions.close()
        return evaluate_set(args, knowledge_dir)
    except (KnowledgeError, SettingsError, DatabaseError) as error:
        print(f"article-bot: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `... | head`: the reader has gone, which is not an error
        sys.stderr.close()
        return 0
