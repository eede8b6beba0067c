"""What every handler reaches through its context: the settings and the knowledge, typed.

PTB's own way (see its `contexttypesbot.py` example): `ContextTypes(context=Context,
bot_data=BotData)` makes `context.bot_data` a `BotData` and gives handlers a `Context` with
typed properties, instead of string keys in a dict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from bot.questionlog import QuestionLog
from bot.settings import Settings
from knowledge import KnowledgeBase

if TYPE_CHECKING:
    from bot.watch import Watcher


@dataclass
class BotData:
    """Shared by every update. `knowledge` may be swapped for a new index while running."""

    settings: Settings | None = None
    knowledge: KnowledgeBase | None = None
    watcher: Watcher | None = None
    """Keeps `knowledge` in step with its folder while the bot runs (see `bot.watch`)."""
    questions: QuestionLog | None = None
    """The question log; None when `LOG_QUESTIONS=off`."""


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
    def questions(self) -> QuestionLog | None:
        return self.bot_data.questions

    def is_admin(self, user_id: int | None) -> bool:
        """Whether the user is one of the operators named in `ADMIN_IDS`."""
        return user_id is not None and user_id in self.settings.admin_ids


CONTEXT_TYPES = ContextTypes(context=Context, bot_data=BotData)

BotApplication = Application[ExtBot[Any], Context, dict[Any, Any], dict[Any, Any], BotData, Any]
"""The application type `build_application` returns (no job queue: the bot does not use one)."""
