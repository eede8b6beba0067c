"""The `unsure` reply in Telegram: one button per offered paragraph; a press quotes it.

Each button is labelled by the paragraph's opening words (`knowledge.dialogue.offer_label`)
and carries a digest of the paragraph's text, not its position: the articles may be reloaded
between the reply and the press, and 64 bytes hold no article name. A press that finds the
paragraph no more says so.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.telegram import message_size
from bot.telegram.context import Context
from bot.telegram.render import answer_html
from knowledge import Match, Passage, Reply
from knowledge.dialogue import offer_label

PICK_PREFIX = "pick:"
PICK_PATTERN = f"^{PICK_PREFIX}"
"""The `CallbackQueryHandler` pattern that routes a press to `picked`."""
DIGEST_CHARS = 16


def digest(passage: Passage) -> str:
    """A short digest of a paragraph: its article's file name and its text."""
    text = f"{passage.article.name}\n{passage.text}".encode()
    return hashlib.blake2b(text, digest_size=DIGEST_CHARS // 2).hexdigest()


def pick_data(passage: Passage) -> str:
    """callback_data of the button that offers `passage`."""
    return f"{PICK_PREFIX}{digest(passage)}"


def picked_passage(data: str | None, passages: Iterable[Passage]) -> Passage | None:
    """The paragraph a press picked, among `passages`; None if none has that digest."""
    if not data or not data.startswith(PICK_PREFIX):
        return None
    wanted = data[len(PICK_PREFIX) :]
    return next((p for p in passages if digest(p) == wanted), None)


def offer_markup(reply: Reply) -> InlineKeyboardMarkup | None:
    """One button a row for each paragraph an unsure reply offers; None for other replies."""
    if reply.kind != "unsure" or not reply.offered:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(offer_label(m.passage), callback_data=pick_data(m.passage))]
            for m in reply.offered
        ]
    )


async def picked(update: Update, context: Context) -> None:
    """A press on an offered paragraph: quote it, as a reply to the message with the buttons."""
    query = update.callback_query
    assert query is not None
    passage = picked_passage(query.data, context.knowledge.passages)
    if passage is None or not isinstance(query.message, Message):
        await query.answer("That paragraph is no longer in the articles. Please ask again.")
        return
    await query.answer()
    for part in message_size.split_html(answer_html(Match(passage, 1.0))):
        await query.message.reply_text(part)
