"""What private chats said last, in PostgreSQL, so that a follow-up is read with it on
whichever replica it arrives: a key-value store whose values expire (`get`, `put`).

Keys are what the caller gives (an HMAC of the chat id, never the id). Expired rows are
ignored at once and deleted now and then by whichever replica writes.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool

from bot.storage.postgres import one_line

logger = logging.getLogger(__name__)

PRUNE_EVERY = 1000
"""Puts between two deletions of expired rows."""
WAIT = 1.0
"""Seconds a call waits for a connection: the handlers call the store on the event loop."""


class PostgresContextStore:
    """`get` and `put` with expiry, shared by every replica; a failing database is a miss."""

    def __init__(self, pool: ConnectionPool[Any], clock: Callable[[], float] = time.time) -> None:
        self.pool = pool
        self.clock = clock
        self.puts = 0
        self.failing = False

    def get(self, key: str) -> str | None:
        """The value under `key`, or None when there is none, it expired or the database fails."""
        try:
            with self.pool.connection(timeout=WAIT) as connection:
                row = connection.execute(
                    "SELECT value FROM conversations WHERE key = %s AND expires_at > %s",
                    (key, self.clock()),
                ).fetchone()
        except psycopg.Error as error:
            self._failed(error)
            return None
        return None if row is None else str(row[0])

    def put(self, key: str, value: str, ttl: float) -> None:
        """Keep `value` under `key` for `ttl` seconds."""
        now = self.clock()
        self.puts += 1
        try:
            with self.pool.connection(timeout=WAIT) as connection:
                connection.execute(
                    "INSERT INTO conversations (key, value, expires_at) VALUES (%s, %s, %s) "
                    "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, "
                    "expires_at = EXCLUDED.expires_at",
                    (key, value, now + ttl),
                )
                if self.puts % PRUNE_EVERY == 0:
                    connection.execute("DELETE FROM conversations WHERE expires_at <= %s", (now,))
        except psycopg.Error as error:
            self._failed(error)

    def _failed(self, error: psycopg.Error) -> None:
        if not self.failing:
            self.failing = True
            logger.warning(
                "Cannot keep conversations in the database (%s): follow-ups are read alone",
                one_line(error),
            )
