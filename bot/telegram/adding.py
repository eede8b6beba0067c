"""Adding an article from Telegram: an admin's private message that is only a link, or a
document (.html, .htm, .md, .txt).

It is added to the knowledge folder as `python -m bot add` would add it; the live index is
rebuilt and the reply names the article and a question it answers. Anyone else's link is a
question like any other message, and their documents add nothing: only admins make the bot
fetch (`admin.handlers` routes only theirs here).
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
from functools import partial
from pathlib import Path

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatAction
from telegram.ext import filters

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
from knowledge.ingest import SUFFIXES, NotAdded, add_source

logger = logging.getLogger(__name__)

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
NAME_MAX_BYTES = 120
"""Of a downloaded document's name (file systems allow 255)."""


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
