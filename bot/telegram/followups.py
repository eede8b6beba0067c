"""Reading a follow-up's context from Telegram: the bot's message it replies to.

Stateless: everything comes from the replied-to message as Telegram delivers it: the line
"Read as: …" that opens a reply to a follow-up, the quote (which paragraph it is) and the
words in bold in it (the words of the question that matched), the rank its step buttons
show, or the question a refusal repeats.
"""

from __future__ import annotations

from telegram import Message, MessageEntity

from bot.telegram.buttons import rank_shown
from knowledge import KnowledgeBase, Passage
from knowledge.dialogue import READ_AS, Turn, refused_question, turn_shown


def read_as_line(message: Message) -> str:
    """The question a reply to a follow-up says it was read as ("" when it does not)."""
    first = (message.text or "").split("\n", 1)[0]
    return first[len(READ_AS) :].strip() if first.startswith(READ_AS) else ""


def quoted_in(message: Message, knowledge: KnowledgeBase) -> Passage | None:
    """The paragraph the bot's `message` quotes, if it quotes one the articles still hold."""
    parts = message.parse_entities([MessageEntity.BLOCKQUOTE])
    quotes = [t for e, t in parts.items() if e.type == MessageEntity.BLOCKQUOTE]
    return knowledge.passage_with(quotes[0]) if quotes else None


def turn_of_message(message: Message, knowledge: KnowledgeBase) -> Turn | None:
    """What a reply to the bot's `message` is read with, if it holds a question or a quote."""
    text = message.text or ""
    parts = message.parse_entities([MessageEntity.BLOCKQUOTE, MessageEntity.BOLD])
    quotes = [(e, t) for e, t in parts.items() if e.type == MessageEntity.BLOCKQUOTE]
    passage = knowledge.passage_with(quotes[0][1]) if quotes else None
    if passage is not None:
        quote = quotes[0][0]
        inside = quote.offset, quote.offset + quote.length
        bold = [
            t
            for e, t in sorted(parts.items(), key=lambda item: item[0].offset)
            if e.type == MessageEntity.BOLD and inside[0] <= e.offset < inside[1]
        ]
        shown = (passage.article.name, passage.number)
        return turn_shown(read_as_line(message), shown, bold, rank_shown(message.reply_markup))
    return turn_shown("", None, [], 0, refused=refused_question(text))
