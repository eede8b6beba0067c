"""The factory that wires the bot, and `run()`, what `python -m bot` calls."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from typing import TYPE_CHECKING, Any

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.claims import MemoryClaims
from bot.conversations import ContextStore, Conversations, MemoryStore, secret_from
from bot.logs import setup_logging
from bot.questionlog import QuestionLog, open_log
from bot.settings import Settings, SettingsError, knowledge_folder, read_settings
from bot.storage import DatabaseError
from bot.telegram import admin, buttons, handlers, offers, stats
from bot.telegram.context import CONTEXT_TYPES, BotApplication
from bot.telegram.shutdown import DroppingRateLimiter, QuickStopApplication
from knowledge import KnowledgeBase, KnowledgeError, load_knowledge

if TYPE_CHECKING:
    from bot.storage.shared import Shared

logger = logging.getLogger(__name__)

COMMANDS = [
    BotCommand("start", "What this bot knows, and an example"),
    BotCommand("help", "How to ask: privately, in groups, inline"),
    BotCommand("about", "The article(s): title, date, source"),
    BotCommand("ask", "Ask a question (for groups)"),
]


def build_application(
    settings: Settings,
    knowledge: KnowledgeBase,
    questions: QuestionLog | None = None,
    shared: Shared | None = None,
    context_store: ContextStore | None = None,
) -> BotApplication:
    """An `Application` with every handler and the error handler registered.

    `questions` is the question log (none: nothing is logged); it is closed, its queued rows
    written, when the application shuts down. `shared` is the database of `DATABASE_URL`:
    the articles are followed there instead of in the folder, and it is closed last.
    `context_store` keeps what private chats asked last, for follow-ups (default: in memory).
    """

    async def post_init(application: BotApplication) -> None:
        try:
            await application.bot.set_my_commands(COMMANDS)
        except TelegramError as error:  # the menu is a convenience: the bot works without it
            logger.warning("Telegram refused the command menu (setMyCommands): %s", error)
        await admin.set_menus(application.bot, settings.admin_ids, COMMANDS)
        logger.info(
            "Started as @%s with %d article(s), %d paragraphs from %s",
            application.bot.username,
            len(knowledge.articles),
            len(knowledge.passages),
            knowledge.folder,
        )
        if shared is not None:
            await application.bot_data.follow(shared)
        elif knowledge.folder is not None:
            application.bot_data.watch(knowledge.folder)

    async def post_stop(application: BotApplication) -> None:
        await application.bot_data.stop_watching()
        if shared is not None:
            await shared.stop()

    async def post_shutdown(application: BotApplication) -> None:
        if questions is not None:
            questions.close()
        if shared is not None:
            shared.close()

    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .context_types(CONTEXT_TYPES)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                do_quote=True,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .application_class(QuickStopApplication)
        .rate_limiter(DroppingRateLimiter(max_retries=3, **rate_budget(settings.replicas)))
        .concurrent_updates(True)
        .post_init(post_init)
        .post_stop(post_stop)
        .post_shutdown(post_shutdown)
    )
    if settings.webhook_url:  # PTB's custom-webhook pattern: bot.telegram.webhook serves
        builder = builder.updater(None)
    if settings.base_url:
        builder = builder.base_url(settings.base_url)
    if settings.base_file_url:
        builder = builder.base_file_url(settings.base_file_url)
    application = builder.build()
    application.bot_data.settings = settings
    application.bot_data.knowledge = knowledge
    application.bot_data.question_log = questions
    application.bot_data.shared = shared
    if context_store is None:  # with DATABASE_URL, every replica reads the same chats
        context_store = shared.conversations if shared is not None else MemoryStore()
    application.bot_data.conversations = Conversations(
        context_store,
        secret_from(settings.token),
    )

    private, groups = filters.ChatType.PRIVATE, filters.ChatType.GROUPS
    application.add_handlers(admin.handlers(settings.admin_ids))  # before the questions
    application.add_handlers(
        [
            CommandHandler("start", handlers.start),
            CommandHandler("help", handlers.help_command),
            CommandHandler("about", handlers.about),
            CommandHandler("ask", handlers.ask),
            CommandHandler("stats", stats.stats),
            MessageHandler(private & filters.TEXT & ~filters.COMMAND, handlers.private_text),
            MessageHandler(groups & filters.TEXT & ~filters.COMMAND, handlers.group_text),
            MessageHandler(private & ~filters.TEXT, handlers.not_text),
            InlineQueryHandler(handlers.inline_query),
            CallbackQueryHandler(offers.picked, pattern=offers.PICK_PATTERN),
            CallbackQueryHandler(handlers.step, pattern=buttons.STEP_RE),
            CallbackQueryHandler(handlers.vote, pattern=buttons.VOTE_RE),
            CallbackQueryHandler(handlers.unknown_button),  # last: no other pattern matched
        ]
    )
    application.add_error_handler(handlers.on_error)
    return application


def rate_budget(replicas: int) -> dict[str, Any]:
    """`AIORateLimiter`'s budgets for one of `replicas` replicas: Telegram's 30 messages a
    second overall and 20 a minute per group are the bot's, whichever replica sends."""
    if replicas == 1:
        return {}
    return {"overall_max_rate": 30 / replicas, "group_max_rate": 20 / replicas}


def open_questions(settings: Settings, shared: Shared | None) -> QuestionLog | None:
    questions: QuestionLog | None
    if shared is not None:
        questions = shared.question_log(settings)
    else:
        questions = open_log(settings.data_dir, settings.log_days, settings.log_questions)
    if questions is not None:
        logger.info("Logging questions to %s for %d days", questions.path, settings.log_days)
    return questions


def load_articles(settings: Settings, shared: Shared | None) -> KnowledgeBase:
    """The articles of the folder, or (`DATABASE_URL`) of the database, through its copy."""
    if shared is None:
        return load_knowledge(knowledge_folder(settings))
    if settings.knowledge_dir is not None:
        logger.warning(
            "KNOWLEDGE_DIR is not read with DATABASE_URL: the articles are in the database "
            "(python -m bot articles import DIR puts a folder there)"
        )
    shared.articles.sync()
    return load_knowledge(shared.articles.folder)


async def serve_webhooks(settings: Settings, shared: Shared | None) -> None:
    """Webhook mode (`WEBHOOK_URL`): see `bot.telegram.webhook`."""
    from bot.telegram.webhook import serve  # uvicorn and starlette only in webhook mode

    await serve(
        settings,
        shared.claims if shared is not None else MemoryClaims(),
        load=lambda: load_articles(settings, shared),
        build=lambda knowledge: build_application(
            settings, knowledge, open_questions(settings, shared), shared
        ),
    )


def run() -> int:
    """Read settings, load the knowledge, poll (or serve webhooks) until Ctrl-C or SIGTERM;
    the exit code."""
    try:
        settings = read_settings()
    except SettingsError as error:
        print(f"article-bot: {error}", file=sys.stderr)
        return 2
    setup_logging(settings.log_level, settings.token)
    # Opt in to PTB v23's timedelta durations, so a 429 does not print a deprecation warning.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    try:
        shared = None
        if settings.database_url:
            from bot.storage.shared import Shared  # psycopg is only imported with a database

            shared = Shared.open(settings)
        if settings.webhook_url:
            asyncio.run(serve_webhooks(settings, shared))
            return 0
        knowledge = load_articles(settings, shared)
        questions = open_questions(settings, shared)
        application = build_application(settings, knowledge, questions, shared)
        application.run_polling(allowed_updates=Update.ALL_TYPES)
    except (SettingsError, KnowledgeError) as error:
        logger.error("%s", error)
        return 2
    except DatabaseError as error:
        logger.error("%s", error)
        return 1
    except InvalidToken:
        where = f" (or {settings.base_url} is not a Bot API)" if settings.base_url else ""
        logger.error("Telegram rejected TELEGRAM_BOT_TOKEN%s: check it with @BotFather.", where)
        return 2
    except BadRequest as error:  # a NetworkError in PTB, but the API was reached and said no
        logger.error("Telegram refused a request at startup: %s", error)
        return 1
    except NetworkError as error:
        logger.error("Cannot reach the Telegram Bot API at startup: %s", error)
        return 1
    except TelegramError as error:
        logger.error("Telegram refused a request at startup: %s", error)
        return 1
    return 0
