"""What every handler reaches through its context: the settings and the knowledge, typed.

PTB's own way (see its `contexttypesbot.py` example): `ContextTypes(context=Context,
bot_data=BotData)` makes `context.bot_data` a `BotData` and gives handlers a `Context` with
typed properties, instead of string keys in a dict.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from bot.conversations import Conversations
from bot.questionlog import QuestionLog
from bot.settings import Settings
from bot.watch import Watcher
from bot.workers import Workers
from knowledge import KnowledgeBase

if TYPE_CHECKING:
    from bot.storage.shared import Shared


@dataclass
class BotData:
    """Shared by every update. `knowledge` may be swapped for a new index while running."""

    settings: Settings | None = None
    knowledge: KnowledgeBase | None = None
    watcher: Watcher | None = None
    """Keeps `knowledge` in step with its folder while the bot runs (see `bot.watch`)."""
    question_log: QuestionLog | None = None
    """The question log; None when `LOG_QUESTIONS=off`."""
    adding: Workers = field(default_factory=lambda: Workers("adding", 2))
    """Fetching and reading the admins' pages, off the threads readers' answers run on."""
    removing: asyncio.Lock = field(default_factory=asyncio.Lock)
    """Held from checking what is left to removing the file (`/remove`'s button)."""
    shared: Shared | None = None
    """The database the replicas share (`DATABASE_URL`); None: the folder and SQLite."""
    conversations: Conversations | None = None
    """What each private chat asked last, for its follow-ups."""

    def watch(self, folder: Path) -> None:
        """Start keeping `knowledge` in step with `folder` (from `post_init`)."""
        self.watcher = Watcher(folder, on_reload=self.swap, current=lambda: self.knowledge)
        self.watcher.start()

    async def follow(self, shared: Shared) -> None:
        """With `DATABASE_URL` (from `post_init`), instead of `watch`: reload whenever the
        database's articles change (a notification, or a reconnection), whichever replica
        changed them; the watcher only orders the reloads, it watches no folder."""
        watcher = self.watcher = Watcher(
            shared.articles.folder, on_reload=self.swap, current=lambda: self.knowledge
        )

        async def changed() -> None:
            if await asyncio.to_thread(shared.articles.sync):
                await watcher.reload()

        await shared.start(changed)

    def swap(self, knowledge: KnowledgeBase) -> None:
        """Answer from `knowledge` from now on (it brings its own suggestions)."""
        self.knowledge = knowledge

    def abandon_slow_work(self) -> None:
        """Stop waiting for admins' fetches and for rebuilds (the bot is stopping)."""
        self.adding.abandon()
        if self.watcher is not None:
            self.watcher.workers.abandon()

    async def stop_watching(self) -> None:
        """Stop the watcher (from `post_stop`); a rebuild under way is abandoned."""
        if self.watcher is not None:
            await self.watcher.stop()
            self.watcher = None


class Context(CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], BotData]):
    """The handlers' context: `context.settings` and `context.knowledge`, typed."""

    @property
    def settings(self) -> Settings:
        settings = self.bot_data.settings
        assert settings is not None, "build_application sets the settings"
        return settings

    @property
    def knowledge(self) -> KnowledgeBase:
        knowledge = self.bot_data.knowledge
        assert knowledge is not None, "build_application sets the knowledge"
        return knowledge

    @property
    def question_log(self) -> QuestionLog | None:
        return self.bot_data.question_log

    @property
    def conversations(self) -> Conversations | None:
        return self.bot_data.conversations

    async def reload(self) -> None:
        """Rebuild the index now, after an admin changed the folder (when it is watched)."""
        if self.bot_data.watcher is not None:
            await self.bot_data.watcher.reload()

    def is_admin(self, user_id: int | None) -> bool:
        """Whether the user is one of the operators named in `ADMIN_IDS`."""
        return user_id is not None and user_id in self.settings.admin_ids


CONTEXT_TYPES = ContextTypes(context=Context, bot_data=BotData)

BotApplication = Application[ExtBot[Any], Context, dict[Any, Any], dict[Any, Any], BotData, Any]
"""The application type `build_application` returns (no job queue: the bot does not use one)."""
