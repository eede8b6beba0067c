"""What the operators (`ADMIN_IDS`) do in Telegram: add articles, list them, remove one.

An admin's private message that is only a link, or a document (.html, .htm, .md, .txt), is
added to the knowledge folder as `python -m bot add` would add it; the live index is rebuilt
and the reply names the article and a question it answers. Anyone else's link is a question
like any other message, and their documents add nothing: only admins make the bot fetch.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Collection, Sequence

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot import replies, watch
from bot.context import Context
from knowledge import Article, readable_date

logger = logging.getLogger(__name__)

ADMIN_COMMANDS = [
    BotCommand("articles", "List the articles, numbered"),
    BotCommand("remove", "Remove article N (from /articles), after you confirm"),
    BotCommand("stats", "What people asked, and what went unanswered"),
]
"""Shown only in the admins' command menus, after everyone's commands."""
DOCUMENT_SUFFIXES = (".html", ".htm", ".md", ".txt")
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
REMOVE = "remove:"
KEEP = REMOVE + "keep"


def handlers(admin_ids: Collection[int]) -> list[BaseHandler]:  # type: ignore[type-arg]
    """The admin handlers; register them before the question handlers, which they pre-empt."""
    return [
        CommandHandler("articles", list_articles),
        CommandHandler("remove", remove),
        CallbackQueryHandler(confirm_remove, pattern=f"^{REMOVE}"),
    ]


async def set_menus(bot: Bot, admin_ids: Collection[int], commands: Sequence[BotCommand]) -> None:
    """Give each admin's private chat a menu with the admin commands too."""
    for admin_id in sorted(admin_ids):
        try:
            await bot.set_my_commands(
                [*commands, *ADMIN_COMMANDS], scope=BotCommandScopeChat(admin_id)
            )
        except BadRequest as error:  # e.g. "chat not found": they never opened the bot
            logger.warning("No admin menu for user %s (%s): they must /start me", admin_id, error)


def user_id(update: Update) -> int | None:
    return update.effective_user.id if update.effective_user else None


def articles_html(articles: Sequence[Article]) -> list[str]:
    """The numbered list that `/remove N` refers to, as messages of whole entries."""
    entries = []
    for number, article in enumerate(articles, start=1):
        date = readable_date(article.date) if article.date else "undated"
        entries.append(
            f"{number}. {replies.title_html(article.title)}\n"
            f"{replies.escape(date)}, {len(article.paragraphs)} paragraphs, "
            f"{replies.escape(replies.short(article.name))}"
        )
    return replies.pack(entries)


async def list_articles(update: Update, context: Context) -> None:
    """/articles (admins): the articles, numbered."""
    message = update.effective_message
    assert message is not None
    if not context.is_admin(user_id(update)):
        await message.reply_text("Only the bot's operators can use /articles.")
        return
    for part in articles_html(context.knowledge.articles):
        await message.reply_text(part)


def remove_data(article: Article) -> str:
    """Button data naming `article` (a digest: file names may exceed Telegram's 64 bytes)."""
    return REMOVE + hashlib.blake2b(article.name.encode(), digest_size=8).hexdigest()


async def remove(update: Update, context: Context) -> None:
    """/remove N (admins): ask to confirm removing article N of /articles."""
    message = update.effective_message
    assert message is not None
    if not context.is_admin(user_id(update)):
        await message.reply_text("Only the bot's operators can use /remove.")
        return
    articles = context.knowledge.articles
    args = context.args or []
    if len(args) != 1 or not args[0].isdigit() or not 1 <= int(args[0]) <= len(articles):
        await message.reply_text(
            f"Send /remove N, where N is an article's number in /articles (1 to {len(articles)})."
        )
        return
    if len(articles) == 1:
        await message.reply_text("That is the only article: add another before removing it.")
        return
    article = articles[int(args[0]) - 1]
    buttons = [
        InlineKeyboardButton("Remove", callback_data=remove_data(article)),
        InlineKeyboardButton("Keep", callback_data=KEEP),
    ]
    name = replies.escape(replies.short(article.name))
    await message.reply_text(
        f"Remove {replies.title_html(article.title)} ({name})? I will no longer answer from it.",
        reply_markup=InlineKeyboardMarkup([buttons]),
    )


async def confirm_remove(update: Update, context: Context) -> None:
    """The Remove or Keep button under a /remove question."""
    query = update.callback_query
    assert query is not None
    if not context.is_admin(query.from_user.id):
        await query.answer("Only the bot's operators can remove articles.")
        return
    await query.answer()
    if query.data == KEEP:
        await query.edit_message_text("Kept: nothing was removed.")
        return
    found = [a for a in context.knowledge.articles if remove_data(a) == query.data]
    folder = context.knowledge.folder
    if not found or folder is None:
        await query.edit_message_text("That article is no longer there: see /articles.")
        return
    article = found[0]
    (folder / article.name).unlink(missing_ok=True)
    if context.bot_data.watcher is not None:
        await watch.reload(context.bot_data)
    left = len(context.knowledge.articles)
    await query.edit_message_text(
        f"Removed <i>{replies.escape(article.title)}</i>. {left} article(s) left."
    )
