"""Telegram handlers: parse the update, get the library's reply, send what `replies` renders.

Questions, small talk and questions about the article all go through `answer`, which asks
`knowledge.reply_to` once. Edited messages are answered again like new ones: someone who fixes
a typo gets the answer.
"""

from __future__ import annotations

import asyncio
import logging
import time

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    Update,
)
from telegram.constants import ChatType

from bot.telegram import message_size, offers
from bot.telegram import render as replies
from bot.telegram.context import Context
from bot.telegram.shutdown import ReplyDropped
from bot.workers import Abandoned
from knowledge import Reply, reply_to
from knowledge.dialogue import suggestions_for

logger = logging.getLogger(__name__)


def more_button(rank: int) -> InlineKeyboardMarkup:
    """The "Another match" button that shows the match of rank `rank` (0 = best)."""
    button = InlineKeyboardButton("Another match", callback_data=replies.more_data(rank))
    return InlineKeyboardMarkup([[button]])


async def reply_for(question: str, context: Context, limit: int = 1) -> Reply:
    """The library's reply, worked out in a thread: the first refusal on a large archive reads
    every paragraph for its suggestions, and the other chats should not wait for it."""
    return await asyncio.to_thread(reply_to, context.knowledge, question, limit)


async def answer(message: Message, question: str, context: Context) -> None:
    """Reply to `message`: a quoted paragraph, an honest refusal, small talk or the article."""
    started = time.perf_counter()
    reply = await reply_for(question, context)
    markup = more_button(1) if reply.kind == "answer" else offers.offer_markup(reply)
    parts = message_size.split_html(replies.reply_html(reply, context.bot.username))
    for number, part in enumerate(parts, start=1):
        await message.reply_text(part, reply_markup=markup if number == len(parts) else None)
    if question and context.question_log is not None:
        origin = "private" if message.chat.type == ChatType.PRIVATE else "group"
        context.question_log.record_reply(origin, reply, started)


async def start(update: Update, context: Context) -> None:
    """/start: greet, name the article(s) and give one question to try."""
    suggestions = await asyncio.to_thread(suggestions_for, context.knowledge)
    example = suggestions[0] if suggestions else "What is it about?"
    for part in replies.start_messages(context.knowledge.articles, example):
        await update.effective_message.reply_text(part)  # type: ignore[union-attr]


async def help_command(update: Update, context: Context) -> None:
    """/help: how to ask privately, in groups and inline."""
    text = replies.help_html(context.bot.username)
    await update.effective_message.reply_text(text)  # type: ignore[union-attr]


async def about(update: Update, context: Context) -> None:
    """/about: title, date, source and number of paragraphs of each article."""
    for part in replies.about_messages(context.knowledge.articles):
        await update.effective_message.reply_text(part)  # type: ignore[union-attr]


async def ask(update: Update, context: Context) -> None:
    """/ask <question>: the way to ask in groups (works in private chats too)."""
    message = update.effective_message
    assert message is not None
    question = replies.question_from_text(message.text or "", context.bot.username)
    if not question:
        await message.reply_text("Put the question after the command: /ask what is it about?")
        return
    await answer(message, question, context)


async def private_text(update: Update, context: Context) -> None:
    """A text message in a private chat: a question, small talk or about the article."""
    message = update.effective_message
    assert message is not None
    question = replies.question_from_text(message.text or "", context.bot.username)
    await answer(message, question, context)


async def group_text(update: Update, context: Context) -> None:
    """A group message: answer it only when it mentions the bot or replies to the bot."""
    message = update.effective_message
    assert message is not None
    replied = message.reply_to_message
    to_bot = replied is not None and replied.from_user is not None
    to_bot = to_bot and replied.from_user.id == context.bot.id  # type: ignore[union-attr]
    if not (to_bot or replies.mentions(message.text or "", context.bot.username)):
        return
    question = replies.question_from_text(message.text or "", context.bot.username)
    await answer(message, question, context)


async def not_text(update: Update, context: Context) -> None:
    """A sticker, photo, voice... in a private chat: say what the bot can read."""
    await update.effective_message.reply_text(  # type: ignore[union-attr]
        "I read text questions only: type what you want to know about the article."
    )


async def inline_query(update: Update, context: Context) -> None:
    """@bot question in any chat: up to three paragraphs to pick from, the reply about the
    article, or nothing for small talk and questions the article does not answer."""
    query = update.inline_query
    assert query is not None
    started = time.perf_counter()
    question = replies.question_from_text(query.query, context.bot.username)
    reply = await reply_for(question, context, limit=3) if question else None
    results = [
        InlineQueryResultArticle(
            id=a.id,
            title=a.title,
            description=a.description,
            input_message_content=InputTextMessageContent(a.html),
        )
        for a in (replies.inline_answers(reply, context.bot.username) if reply else [])
    ]
    await query.answer(results, cache_time=60)
    if reply is not None and context.question_log is not None:
        context.question_log.record_reply("inline", reply, started, settle=query.from_user.id)


async def another_match(update: Update, context: Context) -> None:
    """ "Another match": re-ask the question the button's message replies to, show the next."""
    query = update.callback_query
    assert query is not None
    rank = replies.parse_more(query.data)
    asked = query.message.reply_to_message if isinstance(query.message, Message) else None
    question = replies.question_from_text((asked and asked.text) or "", context.bot.username)
    if rank is None or not question:
        await query.answer("I can no longer see the question. Please ask it again.")
        return
    reply = await reply_for(question, context, limit=rank + 1)
    if reply.kind != "answer" or len(reply.matches) <= rank:
        await query.answer("No further match: the article has nothing else on this.")
        return
    await query.answer()
    text = message_size.split_html(replies.answer_html(reply.matches[rank]))[0]
    await query.edit_message_text(text, reply_markup=more_button(rank + 1))


async def on_error(update: object, context: Context) -> None:
    """Log the traceback; where there is a chat, tell the user the bot failed, not them.

    A reply dropped, or slow work left behind, because the bot is stopping is no error.
    """
    if isinstance(context.error, (ReplyDropped, Abandoned)):
        return
    logger.error("Error while handling an update", exc_info=context.error)
    if isinstance(update, Update) and update.callback_query:
        await update.callback_query.answer("Sorry, that went wrong on my side.")
    elif isinstance(update, Update) and update.effective_chat:
        await context.bot.send_message(
            update.effective_chat.id, "Sorry, something went wrong on my side. Please try again."
        )
