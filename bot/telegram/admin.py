"""What the operators (`ADMIN_IDS`) do in Telegram: their command menu, the article list,
and removing an article after they confirm. Adding one (a link or a document) is
`bot.telegram.adding`; `handlers` routes both, for admins only.
"""

from __future__ import annotations

import asyncio
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
from telegram.error import TelegramError
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.telegram import message_size
from bot.telegram import render as replies
from bot.telegram.adding import LinkOnly, add_document, add_link, paragraphs
from bot.telegram.context import Context
from knowledge import Article
from knowledge.dialogue import readable_date, short
from knowledge.ingest import load_articles

logger = logging.getLogger(__name__)

ADMIN_COMMANDS = [
    BotCommand("articles", "List the articles, numbered"),
    BotCommand("remove", "Remove article N (from /articles), after you confirm"),
    BotCommand("stats", "What people asked, and what went unanswered"),
]
"""Shown only in the admins' command menus, after everyone's commands."""
REMOVE = "remove:"
KEEP = REMOVE + "keep"


def handlers(admin_ids: Collection[int]) -> list[BaseHandler]:  # type: ignore[type-arg]
    """The admin handlers; register them before the question handlers, which they pre-empt."""
    from_admin = filters.ChatType.PRIVATE & filters.User(user_id=admin_ids)
    return [
        CommandHandler("articles", list_articles),
        CommandHandler("remove", remove),
        CallbackQueryHandler(confirm_remove, pattern=f"^{REMOVE}"),
        MessageHandler(from_admin & filters.Document.ALL, add_document),
        MessageHandler(from_admin & LinkOnly(name="link only"), add_link),
    ]


async def set_menus(bot: Bot, admin_ids: Collection[int], commands: Sequence[BotCommand]) -> None:
    """Give each admin's private chat a menu with the admin commands too."""
    for admin_id in sorted(admin_ids):
        try:
            await bot.set_my_commands(
                [*commands, *ADMIN_COMMANDS], scope=BotCommandScopeChat(admin_id)
            )
        except TelegramError as error:  # "chat not found" (never opened the bot), a 403, a 502
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
            f"{replies.escape(date)}, {paragraphs(article)}, "
            f"{replies.escape(short(article.name))}"
        )
    return message_size.pack(entries)


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


def whole_number(text: str) -> int | None:
    """`text` as a number when it is one written in ASCII digits ("²" and "٣" are not)."""
    return int(text) if text.isascii() and text.isdigit() else None


async def remove(update: Update, context: Context) -> None:
    """/remove N (admins): ask to confirm removing article N of /articles."""
    message = update.effective_message
    assert message is not None
    if not context.is_admin(user_id(update)):
        await message.reply_text("Only the bot's operators can use /remove.")
        return
    articles = context.knowledge.articles
    args = context.args or []
    number = whole_number(args[0]) if len(args) == 1 else None
    if number is None or not 1 <= number <= len(articles):
        await message.reply_text(
            f"Send /remove N, where N is an article's number in /articles (1 to {len(articles)})."
        )
        return
    if len(articles) == 1:
        await message.reply_text("That is the only article: add another before removing it.")
        return
    article = articles[number - 1]
    buttons = [
        InlineKeyboardButton("Remove", callback_data=remove_data(article)),
        InlineKeyboardButton("Keep", callback_data=KEEP),
    ]
    name = replies.escape(short(article.name))
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
    shared = context.bot_data.shared
    async with context.bot_data.removing:  # two presses at once: one checks after the other
        # Counted from the folder now (the database, with DATABASE_URL), not from when /remove
        # asked: another press, an edit or another replica may have changed it since.
        if shared is not None:
            outcome = await asyncio.to_thread(shared.articles.remove, article.name)
            names = set(await asyncio.to_thread(shared.articles.names))
            if outcome == "removed":
                names.add(article.name)  # counted as before, for the reply
        else:
            names = {a.name for a in await asyncio.to_thread(load_articles, folder)}
        if article.name not in names:
            await query.edit_message_text("That article is no longer there: see /articles.")
            return
        if len(names) == 1:
            await query.edit_message_text(
                "Not removed: it is the only article left. Add another before removing it."
            )
            return
        (folder / article.name).unlink(missing_ok=True)
    await context.reload()
    await query.edit_message_text(
        f"Removed {replies.title_html(article.title)}. {len(names) - 1} article(s) left."
    )
