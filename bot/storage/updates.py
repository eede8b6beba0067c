"""Update claims in PostgreSQL: a re-sent update is answered once across every replica.

`claim` inserts the update id (`INSERT ... ON CONFLICT DO NOTHING`). When the id is there
already, it was either answered (`done`: acknowledge, answer nothing), or is being answered by
a live replica (`busy`: Telegram re-sends it later), or its replica died: no session holds
that replica's advisory lock any more (`bot.storage.replica`), and the claim is taken over in
one `UPDATE` that only one replica can win.

When the database cannot be reached, the update is answered anyway (a re-sent one may then be
answered twice): the bot goes on answering, as it does when the question log cannot be written.
A pool that gives no connection in `WAIT` seconds while it could connect (every connection busy
in a burst) is not that: the update is `busy`, Telegram re-sends it later, and it is answered
once.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import psycopg
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from bot.claims import BUSY, DONE, MINE, Claim
from bot.storage.postgres import REPLICA_LOCKS, one_line
from bot.storage.replica import Presence

logger = logging.getLogger(__name__)

KEEP_SECONDS = 86400
"""Telegram gives up re-sending an update after a day; older claims are deleted."""
PRUNE_EVERY = 3600.0
WAIT = 5.0
"""Seconds an update waits for a connection of the claims' pool; then it is answered anyway if
the pool failed to connect since a claim last worked, or gets 503 if it was only busy."""

CLAIM = """
    INSERT INTO updates (update_id, replica) VALUES (%(update)s, %(me)s)
    ON CONFLICT DO NOTHING RETURNING true
"""
TAKE_OVER = """
    UPDATE updates SET replica = %(me)s, claimed_at = now()
    WHERE update_id = %(update)s AND NOT done AND replica <> %(me)s
    AND NOT EXISTS (
        SELECT FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND classid = %(space)s
        AND objid = updates.replica::oid AND objsubid = 2
    )
    RETURNING true
"""


class PostgresClaims:
    """The claims of the replica whose `presence` holds its lock."""

    def __init__(self, pool: AsyncConnectionPool[Any], presence: Presence) -> None:
        self.pool = pool
        self.presence = presence
        self.failing = False
        self.busy = False
        self.errors = 0
        """The pool's failed attempts to connect when a claim last reached the database."""
        self.pruned_at = time.monotonic()

    async def claim(self, update_id: int) -> Claim:
        params = {"update": update_id, "me": self.presence.replica, "space": REPLICA_LOCKS}
        try:
            async with self.pool.connection(timeout=WAIT) as connection:
                if await (await connection.execute(CLAIM, params)).fetchone():
                    self._recovered()
                    return MINE
                if await (await connection.execute(TAKE_OVER, params)).fetchone():
                    logger.info("Update %d: its replica died; answering it here", update_id)
                    self._recovered()
                    return MINE
                found = await (
                    await connection.execute(
                        "SELECT done FROM updates WHERE update_id = %s", (update_id,)
                    )
                ).fetchone()
        except PoolTimeout as error:
            if self._connect_errors() == self.errors:  # it could connect: it was only busy
                self._busy()
                return BUSY
            self._failed(error)
            return MINE
        except psycopg.Error as error:
            self._failed(error)
            return MINE
        self._recovered()
        if found is None:  # released between the two statements: claim it again
            return await self.claim(update_id)
        return DONE if found[0] else BUSY

    async def finish(self, update_id: int) -> None:
        await self._run("UPDATE updates SET done = true WHERE update_id = %s", (update_id,))
        if time.monotonic() - self.pruned_at > PRUNE_EVERY:
            self.pruned_at = time.monotonic()
            await self._run(
                "DELETE FROM updates WHERE claimed_at < now() - make_interval(secs => %s)",
                (KEEP_SECONDS,),
            )

    async def release(self, update_id: int) -> None:
        await self._run(
            "DELETE FROM updates WHERE update_id = %s AND replica = %s AND NOT done",
            (update_id, self.presence.replica),
        )

    async def _run(self, statement: str, params: tuple[Any, ...]) -> None:
        try:
            async with self.pool.connection(timeout=WAIT) as connection:
                await connection.execute(statement, params)
        except psycopg.Error as error:
            self._failed(error)

    def _connect_errors(self) -> int:
        return self.pool.get_stats().get("connections_errors", 0)

    def _recovered(self) -> None:
        self.errors = self._connect_errors()
        self.busy = False
        if self.failing:
            self.failing = False
            logger.info("Claiming updates in the database again")

    def _busy(self) -> None:
        if not self.busy:
            self.busy = True
            logger.warning(
                "No connection of the claims' pool was free for %.0f s: answering 503, so "
                "Telegram sends the update again later",
                WAIT,
            )

    def _failed(self, error: psycopg.Error) -> None:
        if not self.failing:
            self.failing = True
            logger.warning(
                "Cannot claim updates in the database (%s): answering each update as it "
                "comes; a re-sent one may be answered twice",
                one_line(error),
            )
