"""The wording every front end shares: how a source is named, how long texts are shortened,
how a question is echoed, how dates read, and the line that leads the suggestions.

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
SUGGESTIONS_LEAD = "It does answer questions like these:"
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
