"""The factory that wires the bot, and `run()`, what `python -m bot` calls."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from typing import Any

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
from bot.logs import setup_logging
from bot.questionlog import QuestionLog, open_log
from bot.settings import Settings, SettingsError, knowledge_folder, read_settings
from bot.telegram import admin, handlers, stats
from bot.telegram.context import CONTEXT_TYPES, BotApplication
from bot.telegram.shutdown import DroppingRateLimiter, QuickStopApplication
from bot.telegram.webhook import serve
from knowledge import KnowledgeBase, KnowledgeError, load_knowledge

logger = logging.getLogger(__name__)

COMMANDS = [
    BotCommand("start", "What this bot knows, and an example"),
    BotCommand("help", "How to ask: privately, in groups, inline"),
    BotCommand("about", "The article(s): title, date, source"),
    BotCommand("ask", "Ask a question (for groups)"),
]


def build_application(
    settings: Settings, knowledge: KnowledgeBase, questions: QuestionLog | None = None
) -> BotApplication:
    """An `Application` with every handler and the error handler registered.

    `questions` is the question log (none: nothing is logged); it is closed, its queued rows
    written, when the application shuts down.
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
        if knowledge.folder is not None:
            application.bot_data.watch(knowledge.folder)

    async def post_stop(application: BotApplication) -> None:
        await application.bot_data.stop_watching()

    async def post_shutdown(application: BotApplication) -> None:
        if questions is not None:
            questions.close()

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
            CallbackQueryHandler(handlers.another_match),
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


def open_questions(settings: Settings) -> QuestionLog | None:
    questions = open_log(settings.data_dir, settings.log_days, settings.log_questions)
    if questions is not None:
        logger.info("Logging questions to %s for %d days", questions.path, settings.log_days)
    return questions


async def serve_webhooks(settings: Settings) -> None:
    """Webhook mode (`WEBHOOK_URL`): see `bot.telegram.webhook`."""
    await serve(
        settings,
        MemoryClaims(),
        load=lambda: load_knowledge(knowledge_folder(settings)),
        build=lambda knowledge: build_application(settings, knowledge, open_questions(settings)),
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
        if settings.webhook_url:
            asyncio.run(serve_webhooks(settings))
            return 0
        knowledge = load_knowledge(knowledge_folder(settings))
        application = build_application(settings, knowledge, open_questions(settings))
        application.run_polling(allowed_updates=Update.ALL_TYPES)
    except (SettingsError, KnowledgeError) as error:
        logger.error("%s", error)
        return 2
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
