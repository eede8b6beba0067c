"""What the replicas share through `DATABASE_URL`, opened once per process.

`Shared.open(settings)` migrates the schema and opens a small pool (articles, `/stats`,
`report`); `start` (from `post_init`, on the event loop) opens the claims' pool and takes the
replica's presence; `stop` and `close` undo them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import psycopg
from psycopg_pool import AsyncConnectionPool, ConnectionPool

from bot.questionrows import Row
from bot.settings import Settings
from bot.storage import DatabaseError, questions
from bot.storage.articles import FOLDER_NAME, SharedArticles
from bot.storage.conversations import PostgresContextStore
from bot.storage.postgres import CONNECT_TIMEOUT, one_line, open_database
from bot.storage.replica import Presence
from bot.storage.updates import PostgresClaims

POOL_SIZE = 4
CLAIM_POOL_SIZE = 8


class Shared:
    """The database of one replica (or one command)."""

    def __init__(self, settings: Settings) -> None:
        assert settings.database_url is not None
        self.url = settings.database_url
        options = {"autocommit": True, "connect_timeout": CONNECT_TIMEOUT}
        self.pool: ConnectionPool[Any] = ConnectionPool(
            self.url, min_size=1, max_size=POOL_SIZE, kwargs=options, open=False, name="shared"
        )
        self.articles = SharedArticles(self.pool, settings.data_dir / FOLDER_NAME)
        self.presence = Presence(self.url)
        self.claim_pool: AsyncConnectionPool[Any] = AsyncConnectionPool(
            self.url, min_size=1, max_size=CLAIM_POOL_SIZE, kwargs=options, open=False
        )
        self.claims = PostgresClaims(self.claim_pool, self.presence)
        self.conversation_pool: ConnectionPool[Any] = ConnectionPool(
            self.url, min_size=1, max_size=2, kwargs=options, open=False, name="conversations"
        )
        self.conversations = PostgresContextStore(self.conversation_pool)
        """What private chats said last (follow-ups), for every replica."""

    @classmethod
    def open(cls, settings: Settings) -> Shared:
        """Migrate and connect; `DatabaseError` (one line) when the database cannot be used."""
        open_database(settings.database_url or "")
        shared = cls(settings)
        try:
            shared.pool.open(wait=True, timeout=CONNECT_TIMEOUT)
            shared.conversation_pool.open(wait=True, timeout=CONNECT_TIMEOUT)
        except psycopg.Error as error:
            raise DatabaseError(f"cannot connect to DATABASE_URL: {one_line(error)}") from None
        return shared

    async def start(self, changed: Callable[[], Awaitable[None]]) -> None:
        """On the event loop: the claims' pool, and this replica's presence."""
        await self.claim_pool.open(wait=True, timeout=CONNECT_TIMEOUT)
        self.presence.changed = changed
        await self.presence.start()

    async def stop(self) -> None:
        await self.presence.stop()
        await self.claim_pool.close()

    def close(self) -> None:
        self.pool.close()
        self.conversation_pool.close()

    def read_rows(self, since: float, now: float) -> list[Row]:
        return questions.read_rows(self.pool, since, now)

    def question_log(self, settings: Settings) -> questions.SharedQuestionLog | None:
        if not settings.log_questions:
            return None
        return questions.SharedQuestionLog(self.url, settings.log_days, settings.token)
