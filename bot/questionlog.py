"""The question log: one row per question answered (`bot.questionrows`), written off the
event loop.

`QuestionLog.record` only puts the row on a queue; one writer thread owns the connection and
writes whatever has queued up in one transaction. If the database cannot be opened or written,
the writer logs one warning and drops rows; the bot goes on answering.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TYPE_CHECKING

from bot.questionrows import DAY, VOTES, Row, database_path, insert, migrate

if TYPE_CHECKING:
    from knowledge import Reply

logger = logging.getLogger(__name__)

PRUNE_EVERY = 3600.0
"""Seconds between two deletions of rows older than `LOG_DAYS` while running."""
REOPEN_AFTER = 60.0
"""Seconds before a database that could not be opened is tried again (rows meanwhile dropped)."""
BATCH = 500
SETTLE = 3.0
"""Seconds an inline query waits for a newer one from the same person before it is logged."""


class QuestionLog:
    """Rows go in with `record` from any thread; `close` writes what is queued and stops."""

    def __init__(self, path: Path, keep_days: int, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.keep_days = keep_days
        self.clock = clock
        self.rows: queue.Queue[Row | None] = queue.Queue()
        self.settling: dict[Hashable, tuple[asyncio.TimerHandle, Row]] = {}
        self.failed = False
        self.closed = False
        self.thread = threading.Thread(target=self._write_rows, name="question-log", daemon=True)
        self.thread.start()

    def record(
        self,
        origin: str,
        question: str,
        kind: str,
        *,
        article: str | None = None,
        title: str | None = None,
        paragraph: int | None = None,
        confidence: float | None = None,
        ms: float = 0.0,
        settle: Hashable | None = None,
        ref: str | None = None,
    ) -> None:
        """Queue one row; returns at once.

        With `settle`, the row waits `SETTLE` seconds and a newer row with the same `settle`
        replaces it: Telegram sends an inline query at every pause in typing ("wh", "who is",
        "who is mediating"), and only the question the person stopped at is worth keeping.
        `settle` (e.g. the user id) is held in memory for those seconds, never stored; rows
        with `settle` must be recorded from the event loop.
        """
        if self.closed:
            return
        ms = round(ms, 1)
        row = Row(
            self.clock(), origin, question, kind, article, title, paragraph, confidence, ms, ref
        )
        if settle is None:
            self.rows.put(row)
        else:
            self._settle(row, settle)

    def _settle(self, row: Row, settle: Hashable) -> None:
        """Hold `row` for `SETTLE` seconds, in place of an earlier one with the same `settle`."""
        earlier = self.settling.pop(settle, None)
        if earlier is not None:
            earlier[0].cancel()
        timer = asyncio.get_running_loop().call_later(SETTLE, self._settled, settle)
        self.settling[settle] = (timer, row)

    def record_reply(
        self,
        origin: str,
        reply: Reply,
        started: float,
        settle: Hashable | None = None,
        ref: str | None = None,
    ) -> None:
        """Queue the row of `reply`: its kind, and the paragraph it quotes, if any.

        `started` is the `time.perf_counter()` reading when the question arrived; `ref` the
        reference its feedback buttons carry.
        """
        ms = (time.perf_counter() - started) * 1000
        quoted = reply.quoted
        if quoted is None:
            self.record(origin, reply.message, reply.kind, ms=ms, settle=settle, ref=ref)
            return
        passage, article = quoted.passage, quoted.passage.article
        self.record(
            origin,
            reply.message,
            reply.kind,
            article=article.name,
            title=article.title,
            paragraph=passage.number,
            confidence=quoted.confidence,
            ms=ms,
            settle=settle,
            ref=ref,
        )

    def record_vote(
        self, origin: str, ref: str, helpful: bool, shown: tuple[str, str, int] | None
    ) -> None:
        """Queue a 👍 (`helpful`) or 👎 on the answer `ref`; `shown` is the article (file name,
        title) and paragraph the message showed when it was pressed."""
        article, title, paragraph = shown if shown else (None, None, None)
        kind = VOTES[0] if helpful else VOTES[1]
        self.record(origin, "", kind, article=article, title=title, paragraph=paragraph, ref=ref)

    def _settled(self, key: Hashable) -> None:
        _, row = self.settling.pop(key)
        self.rows.put(row)

    def flush(self) -> None:
        """Wait until every row recorded so far is written (or dropped, if the disk fails).

        `Queue.join`, except that it does not wait forever for a writer that has died.
        """
        with self.rows.all_tasks_done:
            while self.rows.unfinished_tasks and self.thread.is_alive():
                self.rows.all_tasks_done.wait(0.5)

    def close(self) -> None:
        """Write what is queued, then stop the writer thread. Further rows are ignored.

        Call it from the thread that records with `settle` (the event loop), or after it.
        """
        if self.closed:
            return
        self.closed = True
        for timer, row in self.settling.values():
            timer.cancel()
            self.rows.put(row)
        self.settling.clear()
        self.rows.put(None)
        self.thread.join()

    # --- the writer thread -----------------------------------------------------------------

    def _write_rows(self) -> None:
        connection = self._open()
        opened_at = last_prune = time.monotonic()
        running = True
        while running:
            batch = [self.rows.get()]
            while len(batch) < BATCH:
                try:
                    batch.append(self.rows.get_nowait())
                except queue.Empty:
                    break
            running = None not in batch
            try:
                if connection is None and time.monotonic() - opened_at > REOPEN_AFTER:
                    connection, opened_at = self._open(), time.monotonic()
                if connection is not None:
                    if time.monotonic() - last_prune > PRUNE_EVERY:
                        self._prune(connection)
                        last_prune = time.monotonic()
                    self._insert(connection, [row for row in batch if row is not None])
            except Exception:  # a bug must not leave the bot without its question log
                logger.exception("The question log dropped %d row(s) and goes on", len(batch))
            finally:
                for _ in batch:
                    self.rows.task_done()
        if connection is not None:
            connection.close()

    def _insert(self, connection: sqlite3.Connection, rows: list[Row]) -> None:
        """Write `rows` in one transaction; when one of them cannot be stored (text Python
        cannot encode, a number SQLite cannot hold...), write them one by one and drop only
        the rows that fail, with one warning for the batch."""
        if not rows:
            return
        try:
            insert(connection, rows)
        except sqlite3.OperationalError as error:  # locked, full, read-only: the database
            self._warn(f"cannot write to the question log {self.path}: {error}; rows are dropped")
            return
        except Exception:
            dropped: list[Exception] = []
            for row in rows:
                try:
                    insert(connection, [row])
                except sqlite3.OperationalError as error:
                    self._warn(f"cannot write to the question log {self.path}: {error}")
                    return
                except Exception as error:
                    dropped.append(error)
            if dropped:
                first = dropped[0]
                logger.warning(
                    "The question log dropped %d row(s) it cannot store (%s: %s)",
                    len(dropped),
                    type(first).__name__,
                    first,
                )
        if self.failed:
            self.failed = False
            logger.info("The question log %s is being written again", self.path)

    def _open(self) -> sqlite3.Connection | None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=5)
            try:
                connection.execute("PRAGMA journal_mode=WAL")
                migrate(connection)
                self._prune(connection)
            except BaseException:
                connection.close()
                raise
        except (OSError, sqlite3.Error) as error:
            self._warn(f"cannot open the question log {self.path}: {error}; nothing is logged")
            return None
        return connection

    def _prune(self, connection: sqlite3.Connection) -> None:
        cutoff = self.clock() - self.keep_days * DAY
        try:
            with connection:
                connection.execute("DELETE FROM questions WHERE asked_at < ?", (cutoff,))
        except sqlite3.Error as error:
            self._warn(f"cannot delete old rows from the question log {self.path}: {error}")

    def _warn(self, message: str) -> None:
        if not self.failed:
            self.failed = True
            logger.warning("%s (the bot answers as usual)", message)


def open_log(data_dir: Path, keep_days: int, enabled: bool = True) -> QuestionLog | None:
    """The log in `data_dir`, or None when `LOG_QUESTIONS=off`."""
    return QuestionLog(database_path(data_dir), keep_days) if enabled else None
