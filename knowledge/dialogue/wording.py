"""The wording every front end shares: how a source is named, how long texts are shortened,
how a question is echoed, how dates read, the line that leads the suggestions, and the bot's
own lines (small talk, "more" with nothing further, the refusal's and the unsure's words).

The plain text of `Reply.text`, the Telegram HTML and the terminal's layout all take these
from here, so that the bot says a thing the same way wherever it is read.
"""

from __future__ import annotations

import datetime as dtm

from knowledge.models import Passage

__all__ = [
    "ECHO_CHARS",
    "LABEL_CHARS",
    "SUGGESTIONS_LEAD",
    "TITLE_CHARS",
    "offer_label",
    "readable_date",
    "short",
    "source_pieces",
    "source_text",
]

TITLE_CHARS = 120
"""Titles, sources and file names are shortened to this wherever they are shown."""
ECHO_CHARS = 80
"""A refused question is repeated back up to this many characters."""
SUGGESTIONS_LEAD = "I can answer questions like these:"
"""Leads the suggestions under a refusal, the same with one article or many."""
NO_QUESTION_YET = "Ask me a question first; then “more” shows the next paragraph that answers it."
NO_FURTHER = "I have nothing further on “{question}”."
REFUSED = "not say anything I can quote about "
UNSURE = "I am not sure {the} {answers} "
NOTHING_ELSE = "{the} name{s} no one else for that."
"""A "who else?" that no further paragraph answers (naming someone the one before did not)."""
HELP = (
    "Ask me a question about {the} and I will quote the paragraph that answers it, or tell "
    "you that {it} {does} not say. You can also ask what {it} {is} about, when {it} {was} "
    "published and who wrote {them}."
)
CHAT = {
    "greeting": "Hello! Ask me anything about {the} and I will quote the paragraph that "
    "answers it.",
    "thanks": "You're welcome! Ask me anything else about {the}.",
    "ack": "Ask me anything else about {the} whenever you like.",
    "goodbye": "Goodbye! Come back with more questions any time.",
    "help": HELP,
    "identity": "I am a bot that answers questions about {the} by quoting the paragraph that "
    "answers them.",
    "abilities": "I answer questions about {the} by quoting the paragraph that answers them, "
    "and I say so when {it} {does} not. Try asking what {it} {is} about.",
    "empty": "Ask me a question about {the}, for example: what is it about?",
    "praise": "Thank you! Ask me anything else about {the}.",
    "insult": "Sorry that was not helpful. Try asking in other words, or ask what {the} "
    "{is} about; /help shows what I can do.",
}


def speaking_of(articles: int) -> dict[str, str]:
    """The words of the bot's own lines that agree with how many articles it has ("what the
    article is about", "what the articles are about"), for `str.format`."""
    if articles == 1:
        return {
            "the": "the article",
            "it": "it",
            "them": "it",
            "is": "is",
            "was": "was",
            "does": "does",
        }
    return {
        "the": "the articles",
        "it": "they",
        "them": "them",
        "is": "are",
        "was": "were",
        "does": "do",
    }


LABEL_CHARS = 48
"""An offered paragraph is named by its opening words, up to this many characters (a Telegram
button shows about that much on a phone)."""


def short(text: str, chars: int = TITLE_CHARS) -> str:
    """`text` on one line, cut at a word to at most `chars` characters ("…" when cut)."""
    text = " ".join(text.split())
    if len(text) <= chars:
        return text
    cut = text.rfind(" ", chars // 2, chars)
    return text[: cut if cut > 0 else chars - 1].rstrip() + "…"


def readable_date(iso: str) -> str:
    """'2025-01-02' as '2 January 2025'; anything unparsable is shown as it is."""
    try:
        day = dtm.date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{day.day} {day:%B %Y}"


def source_pieces(passage: Passage) -> tuple[str, ...]:
    """Where a quote comes from, in pieces: the title (shortened), the date when the article
    has one, and 'paragraph 3 of 7'. A renderer joins them in its own markup."""
    article = passage.article
    pieces = [short(article.title)]
    if article.date:
        pieces.append(readable_date(article.date))
    pieces.append(f"paragraph {passage.number} of {passage.total}")
    return tuple(pieces)


def source_text(passage: Passage) -> str:
    """'Title, 2 January 2025, paragraph 3 of 7' (the date only when the article has one)."""
    return ", ".join(source_pieces(passage))


def offer_label(passage: Passage) -> str:
    """How an offered paragraph is named on its button: its opening words, shortened."""
    return short(passage.text, LABEL_CHARS)
