"""Telegram handlers: parse the update, get the library's reply, send what `replies` renders.

Questions, small talk and questions about the article all go through `answer`, which asks
`knowledge.reply_to` once. Edited messages are answered again like new ones: someone who fixes
a typo gets the answer.
"""

from __future__ import annotations

import asyncio
import logging
import time
from functools import partial

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    Update,
)
from telegram.constants import ChatType

from bot.telegram import buttons, message_size, offers
from bot.telegram import render as replies
from bot.telegram.context import Context
from bot.telegram.followups import quoted_in, read_as_line, turn_of_message
from bot.telegram.shutdown import ReplyDropped
from bot.workers import Abandoned
from knowledge import Reply, Turn, reply_to, turn_of
from knowledge.dialogue import step_to, suggestions_for

logger = logging.getLogger(__name__)


async def reply_for(
    question: str,
    context: Context,
    limit: int = 2,
    after: Turn | None = None,
    language: str | None = None,
) -> Reply:
    """The library's reply, worked out in a thread: the first refusal on a large archive reads
    every paragraph for its suggestions, and the other chats should not wait for it."""
    return await asyncio.to_thread(
        partial(reply_to, context.knowledge, question, limit, after=after, language=language)
    )


async def context_of(message: Message, context: Context) -> Turn | None:
    """What `message` is read with: the bot's message it replies to, else (in a private chat)
    the chat's last question of the last 10 minutes (read off the event loop: with
    DATABASE_URL the store is PostgreSQL)."""
    replied = message.reply_to_message
    author = replied.from_user if replied is not None else None
    if replied is not None and author is not None and author.id == context.bot.id:
        return turn_of_message(replied, context.knowledge)
    if message.chat.type == ChatType.PRIVATE and context.conversations is not None:
        return await asyncio.to_thread(context.conversations.before, message.chat.id)
    return None


async def answer(message: Message, question: str, context: Context) -> None:
    """Reply to `message`: a quoted paragraph, an honest refusal, small talk or the article;
    a follow-up is read with what it follows."""
    started = time.perf_counter()
    language = message.from_user.language_code if message.from_user else None
    reply = await reply_for(
        question, context, after=await context_of(message, context), language=language
    )
    markup = offers.offer_markup(reply)
    ref = buttons.new_ref() if context.question_log is not None and question else None
    if reply.kind == "answer" and not reply.parts:
        markup = buttons.answer_markup(reply.rank, further=reply.further, ref=ref)
    private = message.chat.type == ChatType.PRIVATE
    if private and context.conversations is not None:  # before the reply: the next may follow
        await asyncio.to_thread(context.conversations.remember, message.chat.id, turn_of(reply))
    if question and context.question_log is not None:  # before the reply: /stats may follow
        origin = "private" if private else "group"
        context.question_log.record_reply(origin, reply, started, ref=ref)
    parts = message_size.split_html(replies.reply_html(reply, context.bot.username))
    for number, part in enumerate(parts, start=1):
        await message.reply_text(part, reply_markup=markup if number == len(parts) else None)


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
    article, "No match in the articles", or nothing for small talk; an empty query gets how
    to ask, with a button to a private chat."""
    query = update.inline_query
    assert query is not None
    started = time.perf_counter()
    username = context.bot.username
    question = replies.question_from_text(query.query, username)
    language = query.from_user.language_code
    reply = await reply_for(question, context, limit=3, language=language) if question else None
    found = replies.inline_answers(reply, username) if reply else [replies.inline_help(username)]
    private = InlineKeyboardMarkup(
        [[InlineKeyboardButton("Ask me in a private chat", url=f"https://t.me/{username}")]]
    )
    results = [
        InlineQueryResultArticle(
            id=a.id,
            title=a.title,
            description=a.description,
            input_message_content=InputTextMessageContent(a.html),
            reply_markup=private if reply is None else None,
        )
        for a in found
    ]
    await query.answer(results, cache_time=60 if reply else 300)
    if reply is not None and context.question_log is not None:
        context.question_log.record_reply("inline", reply, started, settle=query.from_user.id)


async def step(update: Update, context: Context) -> None:
    """◀ ▶ under an answer: the match of the button's rank, in place, with the buttons that
    still lead somewhere. The button carries the rank; the question is read again from the
    message: its "Read as" line (one question, as it was searched), else the message it
    answered."""
    query = update.callback_query
    assert query is not None
    rank = buttons.parse_step(query.data)
    shown = query.message if isinstance(query.message, Message) else None
    asked = shown.reply_to_message if shown is not None else None
    read_as = read_as_line(shown) if shown is not None else ""
    question = read_as or replies.question_from_text(
        (asked and asked.text) or "", context.bot.username
    )
    if rank is None or not question:
        await query.answer("I can no longer see the question. Please ask it again.")
        return
    reply = await asyncio.to_thread(step_to, context.knowledge, question, rank, read_as=read_as)
    if reply.kind != "answer":  # after "more" under an unsure reply, its offers are the matches
        await query.answer("No further match: the article has nothing else on this.")
        return
    await query.answer()
    chat = shown.chat if shown is not None else None
    if chat is not None and chat.type == ChatType.PRIVATE and context.conversations is not None:
        # a "more" typed next goes on from the match shown now, not from the one replaced
        await asyncio.to_thread(context.conversations.remember, chat.id, turn_of(reply))
    text = message_size.split_html(replies.step_html(reply.matches[0], read_as))[0]
    ref = buttons.ref_shown(shown.reply_markup) if shown is not None else None
    markup = buttons.answer_markup(rank, further=reply.further, ref=ref)
    await query.edit_message_text(text, reply_markup=markup)


async def vote(update: Update, context: Context) -> None:
    """👍 or 👎 under an answer: a row in the question log against the answer's reference, with
    the paragraph the message shows; never who pressed. Each person counts once per answer
    (told apart in this process's memory only)."""
    query = update.callback_query
    assert query is not None
    found = buttons.parse_vote(query.data)
    if found is None or context.question_log is None:
        await query.answer("Thanks!")
        return
    helpful, ref = found
    voted = (
        context.user_data.setdefault("voted", set()) if context.user_data is not None else set()
    )
    if ref in voted:
        await query.answer("You have already told me, thanks.")
        return
    voted.add(ref)
    shown = query.message if isinstance(query.message, Message) else None
    passage = quoted_in(shown, context.knowledge) if shown is not None else None
    where = (passage.article.name, passage.article.title, passage.number) if passage else None
    private = shown is not None and shown.chat.type == ChatType.PRIVATE
    context.question_log.record_vote("private" if private else "group", ref, helpful, where)
    await query.answer("Thanks, glad it helped!" if helpful else "Thanks, noted: not helpful.")


async def unknown_button(update: Update, context: Context) -> None:
    """A button whose data no handler knows (forged, or from an older version): say so."""
    assert update.callback_query is not None
    await update.callback_query.answer("This button no longer works. Please ask again.")


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
