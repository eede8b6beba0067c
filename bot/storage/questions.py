"""The question log in PostgreSQL: the same rows as the SQLite log, written by the same thread.

`SharedQuestionLog` is `bot.questionlog.QuestionLog` with its writer's connection swapped for
a psycopg pool. Inline queries settle across replicas: each one goes to `settling` under an
HMAC of the asker's id (a newer one replaces it), and rows that have waited `SETTLE` seconds
are moved to `questions` in one statement, by whichever replica writes or reads next, so each
is logged once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Hashable
from dataclasses import astuple, dataclass, fields
from pathlib import Path
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool

from bot.questionlog import SETTLE, QuestionLog
from bot.questionrows import COLUMNS, DAY, Row
from bot.storage.postgres import CONNECT_TIMEOUT, one_line, settle_key

logger = logging.getLogger(__name__)

VALUES = ", ".join(["%s"] * len(fields(Row)))
INSERT = f"INSERT INTO questions ({COLUMNS}) VALUES ({VALUES})"
UPSERT = f"""
    INSERT INTO settling (key, {COLUMNS}) VALUES (%s, {VALUES})
    ON CONFLICT (key) DO UPDATE SET
        {", ".join(f"{name} = EXCLUDED.{name}" for name in COLUMNS.split(", "))}
    WHERE settling.asked_at <= EXCLUDED.asked_at
"""
MOVE_SETTLED = f"""
    WITH settled AS (DELETE FROM settling WHERE asked_at <= %s RETURNING {COLUMNS})
    INSERT INTO questions ({COLUMNS}) SELECT {COLUMNS} FROM settled
"""


@dataclass(frozen=True)
class Settling(Row):
    """An inline query's row, waiting for a newer one from the same person (`key`)."""

    key: bytes = b""


class SharedQuestionLog(QuestionLog):
    """The question log of every replica, in PostgreSQL (`DATABASE_URL`).

    The writer thread owns a pool of its own (closed with the log); `path` only names it.
    """

    def __init__(
        self, url: str, keep_days: int, secret: str, clock: Callable[[], float] = time.time
    ) -> None:
        self.pool: ConnectionPool[Any] = ConnectionPool(
            url,
            min_size=1,
            max_size=1,
            kwargs={"autocommit": True, "connect_timeout": CONNECT_TIMEOUT},
            open=False,
            name="question-log",
        )
        self.secret = secret
        super().__init__(Path("PostgreSQL"), keep_days, clock)

    def _settle(self, row: Row, settle: Hashable) -> None:
        """As `QuestionLog._settle`, but in the database, under `settle_key` (the user id is
        never stored), so that the replicas agree on the question the person stopped at."""
        held = {field.name: getattr(row, field.name) for field in fields(row)}
        self.rows.put(Settling(**held, key=settle_key(self.secret, settle)))

    # --- the writer thread, on the pool instead of a SQLite file -----------------------------

    def _open(self) -> ConnectionPool[Any] | None:  # type: ignore[override]
        try:
            self.pool.open(wait=True, timeout=10)
        except psycopg.Error as error:
            self._warn(f"cannot reach the question log's database: {one_line(error)}")
            return None
        return self.pool

    def _insert(self, pool: ConnectionPool[Any], rows: list[Row]) -> None:  # type: ignore[override]
        """As `QuestionLog._insert`: one transaction; a row that cannot be stored (a lone
        surrogate, a number out of range) is dropped alone, with one warning for the batch."""
        try:
            write(pool, rows, self.clock() - SETTLE)
        except psycopg.OperationalError as error:  # the database: down, full, read-only
            self._warn(f"cannot write to the question log: {one_line(error)}; rows are dropped")
            return
        except Exception:
            dropped: list[Exception] = []
            for row in rows:
                try:
                    write(pool, [row], self.clock() - SETTLE)
                except psycopg.OperationalError as error:
                    self._warn(f"cannot write to the question log: {one_line(error)}")
                    return
                except Exception as error:
                    dropped.append(error)
            if dropped:
                logger.warning(
                    "The question log dropped %d row(s) it cannot store (%s)",
                    len(dropped),
                    one_line(dropped[0]),
                )
        if self.failed:
            self.failed = False
            logger.info("The question log's database is being written again")

    def _prune(self, pool: ConnectionPool[Any]) -> None:  # type: ignore[override]
        cutoff = self.clock() - self.keep_days * DAY
        try:
            with pool.connection() as connection:
                connection.execute("DELETE FROM questions WHERE asked_at < %s", (cutoff,))
        except psycopg.Error as error:
            self._warn(f"cannot delete old rows from the question log: {one_line(error)}")


def write(pool: ConnectionPool[Any], rows: list[Row], settled_before: float) -> None:
    """Move the settled inline rows, insert `rows` and settle the inline ones, in one
    transaction."""
    plain = [astuple(row) for row in rows if not isinstance(row, Settling)]
    settling = [(row.key, *astuple(row)[:-1]) for row in rows if isinstance(row, Settling)]
    with pool.connection() as connection, connection.transaction():
        cursor = connection.cursor()
        cursor.execute(MOVE_SETTLED, (settled_before,))
        if plain:
            cursor.executemany(INSERT, plain)
        if settling:
            cursor.executemany(UPSERT, settling)


def read_rows(pool: ConnectionPool[Any], since: float, now: float | None = None) -> list[Row]:
    """Rows asked at or after `since`, oldest first; inline rows that have settled are moved
    to the log first."""
    now = time.time() if now is None else now
    with pool.connection() as connection:
        with connection.transaction():
            connection.execute(MOVE_SETTLED, (now - SETTLE,))
        found = connection.execute(
            f"SELECT {COLUMNS} FROM questions WHERE asked_at >= %s ORDER BY asked_at", (since,)
        )
        return [Row(*values) for values in found]
