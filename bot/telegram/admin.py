"""What the operators (`ADMIN_IDS`) do in Telegram: add articles, list them, remove one.

An admin's private message that is only a link, or a document (.html, .htm, .md, .txt), is
added to the knowledge folder as `python -m bot add` would add it; the live index is rebuilt
and the reply names the article and a question it answers. Anyone else's link is a question
like any other message, and their documents add nothing: only admins make the bot fetch.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import tempfile
from collections.abc import Collection, Sequence
from functools import partial
from pathlib import Path

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatAction
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
from bot.telegram.context import Context
from knowledge import BUNDLED_DIR, Article, KnowledgeBase
from knowledge.dialogue import (
    TITLE_CHARS,
    quoted_passage,
    readable_date,
    short,
    suggested_questions,
)
from knowledge.ingest import SUFFIXES, NotAdded, add_source, load_articles

logger = logging.getLogger(__name__)

ADMIN_COMMANDS = [
    BotCommand("articles", "List the articles, numbered"),
    BotCommand("remove", "Remove article N (from /articles), after you confirm"),
    BotCommand("stats", "What people asked, and what went unanswered"),
]
"""Shown only in the admins' command menus, after everyone's commands."""
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
NAME_MAX_BYTES = 120
"""Of a downloaded document's name (file systems allow 255)."""
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


class LinkOnly(filters.MessageFilter):
    """A message that is one link and nothing else (Telegram marks links as `url` entities)."""

    def filter(self, message: Message) -> bool:
        return link_of(message) is not None


def link_of(message: Message) -> str | None:
    """The link when the message is one link and nothing else; None otherwise."""
    text = (message.text or "").strip()
    links = list(message.parse_entities([MessageEntity.URL]).values())
    if len(links) != 1 or links[0] != text:
        return None
    return text if "://" in text else f"https://{text}"


async def add_link(update: Update, context: Context) -> None:
    """An admin's link: fetch the page and add its article."""
    message = update.effective_message
    assert message is not None
    link = link_of(message)
    assert link is not None, "LinkOnly let the message through"
    await add(message, link, context)


async def add_document(update: Update, context: Context) -> None:
    """An admin's document: download it to a temporary file and add its article."""
    message = update.effective_message
    assert message is not None
    assert message.document is not None
    document = message.document
    name = download_name(document.file_name)
    size = document.file_size or 0
    if Path(name).suffix.lower() not in SUFFIXES:
        await message.reply_text(
            f"Not added: I add links and {', '.join(SUFFIXES)} files, "
            f"and {replies.escape(name)} is none of these."
        )
        return
    if size > MAX_DOCUMENT_BYTES:
        await message.reply_text(
            f"Not added: {replies.escape(name)} is {size / 1e6:.1f} MB, "
            f"over the limit of {MAX_DOCUMENT_BYTES / 1e6:.0f} MB."
        )
        return
    with tempfile.TemporaryDirectory(prefix="article-bot-") as folder:
        path = Path(folder) / name
        telegram_file = await document.get_file()
        await telegram_file.download_to_drive(path)
        await add(message, str(path), context)


def download_name(file_name: str | None) -> str:
    """A name to download a document as, from the name its sender gave it: a plain name (no
    folders, no control characters such as NUL), short enough for any file system (255
    bytes), with its suffix kept; "document" when nothing is left."""
    name = "".join(c for c in Path(file_name or "").name if c.isprintable()).strip()
    stem, suffix = (name, "") if name.startswith(".") else (Path(name).stem, Path(name).suffix)
    if len(suffix.encode()) > 16:
        stem, suffix = name, ""
    while len(f"{stem}{suffix}".encode()) > NAME_MAX_BYTES:
        stem = stem[:-1]
    stem = stem.lstrip(".").strip() or "document"
    return f"{stem}{suffix}"


async def add(message: Message, source: str, context: Context) -> None:
    """Add `source` to the knowledge folder, rebuild the index, say what was added."""
    folder = context.knowledge.folder
    if folder is None or folder.resolve() == BUNDLED_DIR.resolve():
        await message.reply_text(
            "Not added: I answer from the bundled article inside the installed package. "
            "Set KNOWLEDGE_DIR to a folder of your own and restart me."
        )
        return
    await message.reply_chat_action(ChatAction.TYPING)
    added = await context.bot_data.adding.run(add_source, source, folder)
    if isinstance(added, NotAdded):
        why = short(added.error, TITLE_CHARS * 2)
        await message.reply_text(f"Not added: {replies.escape(why)}")
        return
    if context.bot_data.shared is not None:  # every replica reloads it
        await asyncio.to_thread(context.bot_data.shared.articles.put_file, added.file)
    await context.reload()
    example = await asyncio.to_thread(example_question, added.article, context.knowledge)
    await message.reply_text(added_html(added.article, example, updated=added.updated))


def example_question(article: Article, knowledge: KnowledgeBase) -> str | None:
    """A question about `article` that `knowledge` answers by quoting one of its paragraphs,
    checked by asking it as any message is asked; None when there is none (or the article is
    not in `knowledge`)."""
    passages = [p for p in knowledge.passages if p.article.name == article.name]
    found = suggested_questions(passages, partial(quoted_passage, knowledge), count=1)
    return found[0] if found else None


def added_html(article: Article, example: str | None, updated: bool = False) -> str:
    """The reply to an added article (or one `updated`, sent again): title, date, paragraphs,
    file and a question to try."""
    date = readable_date(article.date) if article.date else "undated"
    lines = [
        f"{'Updated' if updated else 'Added'} {replies.title_html(article.title)}",
        f"{replies.escape(date)}, {paragraphs(article)}, "
        f"saved as {replies.escape(short(article.name))}",
    ]
    if example:
        lines.append(f"Ask me, for example: {replies.escape(example)}")
    else:
        lines.append("I found no question that it answers better than the other articles.")
    return "\n".join(lines)


def paragraphs(article: Article) -> str:
    count = len(article.paragraphs)
    return f"{count} paragraph" if count == 1 else f"{count} paragraphs"


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
