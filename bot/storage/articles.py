"""Articles in PostgreSQL, shared by every replica: the table is the source, and each replica
keeps a copy of it as a knowledge folder, which it indexes as it indexes any folder.

Adding, updating and removing an article changes `articles`, raises `articles_version` and
notifies `articles`, all in one transaction; each replica then `sync`s its copy (on the
notification, or on reconnecting: `bot.storage.replica`) and reloads when it changed.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Literal

import psycopg
from psycopg_pool import ConnectionPool

from bot.storage.replica import CHANNEL
from knowledge.ingest import SUFFIXES

logger = logging.getLogger(__name__)

REMOVE_LOCK = 1_717_001
"""The advisory lock a removal takes: two at once cannot both remove one of the last two."""
FOLDER_NAME = "articles-from-database"
"""The replica's copy, in `DATA_DIR`: written over by `sync`, not for editing."""


class SharedArticles:
    """The `articles` table, and this replica's copy of it in `folder`."""

    def __init__(self, pool: ConnectionPool[Any], folder: Path) -> None:
        self.pool = pool
        self.folder = folder
        self.version: int | None = None
        """The version the copy was last written at."""

    def read_version(self) -> int:
        with self.pool.connection() as connection:
            row = connection.execute("SELECT version FROM articles_version").fetchone()
        assert row is not None, "the first migration adds the version row"
        return int(row[0])

    def read_all(self) -> tuple[int, dict[str, bytes]]:
        """The version and every article (file name -> bytes), read in one snapshot."""
        with self.pool.connection() as connection, connection.transaction():
            connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            row = connection.execute("SELECT version FROM articles_version").fetchone()
            files = connection.execute("SELECT name, data FROM articles").fetchall()
        assert row is not None
        return int(row[0]), {name: bytes(data) for name, data in files}

    def sync(self) -> bool:
        """Write the copy anew if the version moved; whether it did (then reload it)."""
        if self.version is not None and self.read_version() == self.version:
            return False
        version, files = self.read_all()
        changed = write_folder(self.folder, files)
        self.version = version
        return changed

    def put(self, name: str, data: bytes) -> None:
        """Add or replace article `name`, and tell every replica."""
        self.put_many({name: data})

    def put_many(self, files: dict[str, bytes]) -> None:
        """Add or replace each article of `files` (name -> bytes) in one change."""
        self._change(
            "INSERT INTO articles (name, data) VALUES (%s, %s) ON CONFLICT (name) "
            "DO UPDATE SET data = EXCLUDED.data, changed_at = now()",
            list(files.items()),
        )

    def put_file(self, file: Path) -> None:
        """`put` the file `file` of the copy (as `add` wrote it there)."""
        self.put(file.relative_to(self.folder).as_posix(), file.read_bytes())

    def remove(self, name: str) -> Literal["removed", "missing", "last"]:
        """Remove article `name`, unless it is missing or the last one (checked in the same
        transaction, behind a lock that every replica's removal takes)."""
        with self.pool.connection() as connection, connection.transaction():
            connection.execute("SELECT pg_advisory_xact_lock(%s)", (REMOVE_LOCK,))
            names = [n for (n,) in connection.execute("SELECT name FROM articles")]
            if name not in names:
                return "missing"
            if len(names) == 1:
                return "last"
            connection.execute("DELETE FROM articles WHERE name = %s", (name,))
            self._bump(connection)
        return "removed"

    def names(self) -> list[str]:
        with self.pool.connection() as connection:
            return [name for (name,) in connection.execute("SELECT name FROM articles")]

    def _change(self, statement: str, params: list[tuple[Any, ...]]) -> int:
        """Run `statement` once per params, raise the version and notify, in one transaction;
        the rows changed."""
        with self.pool.connection() as connection, connection.transaction():
            cursor = connection.cursor()
            count = 0
            for one in params:
                count += cursor.execute(statement, one).rowcount
            self._bump(connection)
        return count

    def _bump(self, connection: psycopg.Connection[Any]) -> None:
        """Raise the version and notify every replica (delivered when the change commits)."""
        row = connection.execute(
            "UPDATE articles_version SET version = version + 1 RETURNING version"
        ).fetchone()
        assert row is not None
        connection.execute("SELECT pg_notify(%s, %s)", (CHANNEL, str(row[0])))


def write_folder(folder: Path, files: dict[str, bytes]) -> bool:
    """Make `folder` hold exactly `files` (knowledge files only); whether anything changed.

    Each file is written whole (a temporary file renamed over it), so a reader never sees half.
    """
    folder.mkdir(parents=True, exist_ok=True)
    changed = False
    for name, data in files.items():
        path = folder / name
        if path.is_file() and path.read_bytes() == data:
            continue
        write_file(path, data)
        changed = True
    for path in sorted(folder.rglob("*"), reverse=True):
        name = path.relative_to(folder).as_posix()
        if path.is_file() and path.suffix.lower() in SUFFIXES and name not in files:
            path.unlink()
            changed = True
        elif path.is_dir() and not any(path.iterdir()):
            shutil.rmtree(path, ignore_errors=True)
    return changed


def write_file(path: Path, data: bytes) -> None:
    """Write `path` whole: a hidden temporary file beside it, renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, staged = tempfile.mkstemp(prefix=".", dir=path.parent)
    with os.fdopen(handle, "wb") as file:
        file.write(data)
    os.replace(staged, path)
