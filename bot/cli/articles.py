"""The command line with `DATABASE_URL`: `articles import DIR` and `articles export DIR` move
a knowledge folder into the database and out of it; `add`, `ask`, `eval` and `report` use the
database as the bot does.

`import` checks every file as the bot loads it and puts the usable ones in one change (every
running replica reloads once); a file that is not an article is skipped with a warning, as the
bot skips it. `export` writes each article of the database to DIR, leaving other files alone.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

import psycopg

from bot import report
from bot.cli.add import add
from bot.cli.ask import ask
from bot.cli.evaluate import evaluate_set
from bot.report import Figures, read_figures
from bot.settings import Settings, SettingsError
from bot.storage import DatabaseError
from bot.storage.articles import write_file
from bot.storage.postgres import one_line, open_database
from bot.storage.questions import SharedQuestionLog
from bot.storage.shared import Shared
from knowledge import load_knowledge
from knowledge.ingest import load_articles


def with_database(args: argparse.Namespace, settings: Settings) -> int:
    """A command with `DATABASE_URL` (and no `--knowledge`): the database's articles and log."""
    if args.command == "articles":
        move = import_folder if args.action == "import" else export_folder
        return move(settings, args.folder)
    if args.command == "report":
        found = figures(settings, args.days)
        sys.stdout.write(report.as_json(found) + "\n" if args.json else report.as_text(found))
        return 0
    if args.command == "add":
        return add_sources(settings, args.sources, args.json)
    copy = folder(settings)
    if args.command == "ask":
        questions = question_log(settings) if args.log else None
        try:
            knowledge = load_knowledge(copy)
            return ask(knowledge, args.questions, args.json, args.limit, log=questions)
        finally:
            if questions is not None:
                questions.close()
    return evaluate_set(args, copy)


@contextlib.contextmanager
def database(settings: Settings) -> Iterator[Shared]:
    """The database, migrated, closed after; its faults as `DatabaseError`."""
    if not settings.database_url:
        raise SettingsError(
            "DATABASE_URL is not set: the articles are the files of the folder (KNOWLEDGE_DIR)"
        )
    shared = Shared.open(settings)
    try:
        yield shared
    except psycopg.Error as error:
        raise DatabaseError(f"the database failed: {one_line(error)}") from None
    finally:
        shared.close()


def folder(settings: Settings) -> Path:
    """The copy of the database's articles, brought up to date (`ask`, `eval`)."""
    with database(settings) as shared:
        shared.articles.sync()
        return shared.articles.folder


def add_sources(settings: Settings, sources: Sequence[str], as_json: bool) -> int:
    """`add` into the database: each source is added to the copy as usual, then put in the
    database in one change (every replica reloads)."""
    with database(settings) as shared:
        shared.articles.sync()
        written: list[Path] = []
        code = add(sources, shared.articles.folder, as_json, saved=written.append)
        if written:
            top = shared.articles.folder
            shared.articles.put_many(
                {f.relative_to(top).as_posix(): f.read_bytes() for f in written}
            )
        return code


def question_log(settings: Settings) -> SharedQuestionLog | None:
    """`ask --log` with a database."""
    if not settings.log_questions:
        return None
    open_database(settings.database_url or "")
    return SharedQuestionLog(settings.database_url or "", settings.log_days, settings.token)


def figures(settings: Settings, days: int) -> Figures:
    """`report` with a database."""
    with database(settings) as shared:
        return read_figures(settings.data_dir, days, shared=shared)


def import_folder(settings: Settings, folder: Path, out: TextIO | None = None) -> int:
    """Put every article of `folder` in the database; exit code 0 (2: none is usable)."""
    out = out or sys.stdout
    articles = load_articles(folder)  # KnowledgeError (exit 2) for a folder with no article
    files = {article.name: (folder / article.name).read_bytes() for article in articles}
    with database(settings) as shared:
        before = set(shared.articles.names())
        shared.articles.put_many(files)
    updated = len(files.keys() & before)
    out.write(
        f"imported {len(files)} article(s) from {folder} ({len(files) - updated} new, "
        f"{updated} updated); {len(before | files.keys())} in the database\n"
    )
    return 0


def export_folder(settings: Settings, folder: Path, out: TextIO | None = None) -> int:
    """Write every article of the database to `folder`; exit code 0."""
    out = out or sys.stdout
    if folder.exists() and not folder.is_dir():
        raise SettingsError(f"{folder} is not a folder")
    with database(settings) as shared:
        _, files = shared.articles.read_all()
    for name, data in files.items():
        write_file(folder / name, data)
    out.write(f"exported {len(files)} article(s) to {folder}\n")
    return 0
