"""The question log's rows: what one holds, and the SQLite file that keeps them.

A row is one question answered: when, where from (private, group, inline, command line), the
question as typed, the kind of reply, the article and paragraph quoted with the confidence,
and how many milliseconds answering took; or one 👍 or 👎 under an answer. Never who asked:
no user id, name, username or chat id. The file's schema is versioned (`PRAGMA user_version`)
and migrated one step at a time; `read_rows` reads it without ever creating it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import astuple, dataclass
from pathlib import Path

FILE_NAME = "questions.sqlite3"
SCHEMA_VERSION = 2
"""`PRAGMA user_version` of the database; a later schema adds a step to `MIGRATIONS`."""
MIGRATIONS = {
    # from version 0 (a new file) to 1
    0: """
        CREATE TABLE questions (
            asked_at REAL NOT NULL,     -- Unix time, seconds
            origin TEXT NOT NULL,       -- private, group, inline or cli
            question TEXT NOT NULL,     -- as typed
            kind TEXT NOT NULL,         -- answer, unsure, none, chat or about
            article TEXT,               -- file name of the article quoted, if any
            title TEXT,                 -- its title
            paragraph INTEGER,          -- 1-based paragraph quoted
            confidence REAL,            -- the engine's confidence in that paragraph
            ms REAL NOT NULL            -- time taken to answer
        );
        CREATE INDEX questions_asked_at ON questions (asked_at);
    """,
    # from 1 to 2: feedback. An answer's row gets a random reference, shown on its 👍 and 👎
    # buttons; a press is a row of kind "up" or "down" with that reference (and the paragraph
    # shown then), never who pressed.
    1: """
        ALTER TABLE questions ADD COLUMN ref TEXT;
        CREATE INDEX questions_ref ON questions (ref);
    """,
}
VOTES = ("up", "down")
"""The kinds of a feedback row: 👍 and 👎 pressed under an answer."""
DAY = 86400.0
"""Seconds in a day: rows are kept `LOG_DAYS` of them."""


@dataclass(frozen=True)
class Row:
    """One question answered, as stored."""

    asked_at: float
    origin: str
    question: str
    kind: str
    article: str | None = None
    title: str | None = None
    paragraph: int | None = None
    confidence: float | None = None
    ms: float = 0.0
    ref: str | None = None
    """An answer's reference, which its feedback rows carry too (random, never who asked)."""

    @property
    def answered(self) -> bool:
        """Whether the reply told the asker something from the articles."""
        return self.kind in ("answer", "about")


FIELDS = tuple(Row.__dataclass_fields__)
COLUMNS = ", ".join(FIELDS)


def database_path(data_dir: Path) -> Path:
    return data_dir / FILE_NAME


def insert(connection: sqlite3.Connection, rows: list[Row]) -> None:
    """Insert `rows` in one transaction."""
    with connection:
        connection.executemany(
            f"INSERT INTO questions ({COLUMNS}) VALUES ({', '.join('?' * len(FIELDS))})",
            [astuple(row) for row in rows],
        )


def migrate(connection: sqlite3.Connection) -> None:
    """Bring the schema to `SCHEMA_VERSION`, one step at a time, each in a transaction."""
    (version,) = connection.execute("PRAGMA user_version").fetchone()
    if version > SCHEMA_VERSION:
        raise sqlite3.DatabaseError(
            f"schema version {version} is newer than this bot's ({SCHEMA_VERSION})"
        )
    while version < SCHEMA_VERSION:
        connection.executescript(
            f"BEGIN; {MIGRATIONS[version]}; PRAGMA user_version = {version + 1}; COMMIT;"
        )
        version += 1


def read_rows(data_dir: Path, since: float) -> list[Row]:
    """Rows asked at or after `since`, oldest first; none when there is no log yet.

    Opens the file read-only, so reading never creates a log or a data folder.
    """
    path = database_path(data_dir)
    if not path.is_file():
        return []
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    try:
        (version,) = connection.execute("PRAGMA user_version").fetchone()
        if version == 0:
            return []
        columns = COLUMNS if version >= 2 else COLUMNS.replace(", ref", ", NULL")  # not migrated
        found = connection.execute(
            f"SELECT {columns} FROM questions WHERE asked_at >= ? ORDER BY asked_at", (since,)
        )
        return [Row(*values) for values in found]
    finally:
        connection.close()
