"""A replica's presence: one connection of its own that holds the replica's advisory lock and
listens for changed articles.

While this connection lives, other replicas see the lock and leave this replica's claims
alone; when the process dies, PostgreSQL ends the session and the lock with it (at once when
the process is killed: its socket closes), and its unanswered updates can be taken over.

The same connection `LISTEN`s on `articles`: each notification, and each reconnection (a
replica cut off may have missed some), calls `changed`, which re-reads the version row.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import psycopg

from bot.storage.postgres import CONNECT_TIMEOUT, REPLICA_LOCKS, one_line

logger = logging.getLogger(__name__)

CHANNEL = "articles"
RECONNECT_AFTER = 1.0
"""Seconds between two attempts to reconnect (doubling up to 30)."""


class Presence:
    """`await start()` takes a replica id and its lock; `changed` runs on each notification."""

    def __init__(self, url: str, changed: Callable[[], Awaitable[None]] | None = None) -> None:
        self.url = url
        self.changed = changed
        self.replica = 0
        self.connection: psycopg.AsyncConnection[Any] | None = None
        self.task: asyncio.Task[None] | None = None
        self.ids: list[int] = []
        """Every id this replica has had (a new one after each reconnection)."""

    async def start(self) -> int:
        """Connect, take a new replica id and its lock, listen; the id."""
        await self._connect()
        self.task = asyncio.create_task(self._listen(), name="database presence")
        return self.replica

    async def _connect(self) -> None:
        connection = await psycopg.AsyncConnection.connect(
            self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT
        )
        row = await (await connection.execute("SELECT nextval('replicas')")).fetchone()
        assert row is not None
        await connection.execute("SELECT pg_advisory_lock(%s, %s)", (REPLICA_LOCKS, row[0]))
        await connection.execute(f"LISTEN {CHANNEL}")
        self.connection, self.replica = connection, int(row[0])
        self.ids.append(self.replica)

    async def _listen(self) -> None:
        wait = RECONNECT_AFTER
        while True:
            try:
                assert self.connection is not None
                async for _ in self.connection.notifies():
                    await self._changed()
            except psycopg.Error as error:
                logger.warning("Lost the database connection (%s); reconnecting", one_line(error))
            with contextlib.suppress(psycopg.Error):
                if self.connection is not None:
                    await self.connection.close()
            while True:
                await asyncio.sleep(wait)
                try:
                    await self._connect()
                except psycopg.Error as error:
                    wait = min(wait * 2, 30.0)
                    logger.warning("Cannot reconnect to the database: %s", one_line(error))
                    continue
                wait = RECONNECT_AFTER
                logger.info("Reconnected to the database as replica %d", self.replica)
                await self._changed()  # what was missed while cut off
                break

    async def _changed(self) -> None:
        if self.changed is None:
            return
        try:
            await self.changed()
        except Exception:  # a bug must not leave the replica deaf to changes
            logger.exception("Reading the changed articles failed; keeping the last ones")

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
        if self.connection is not None:
            with contextlib.suppress(psycopg.Error):
                await self.connection.close()
