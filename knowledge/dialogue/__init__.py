"""Dialogue: what a message is, and what the bot says back, as one value for every front end.

- `intent`: small talk, a question about the article itself, or a question to search.
- `reply`: `reply_to(knowledge, message)` gives the `Reply` that Telegram, `ask` and `eval`
  all render; it owns the suggested questions a refusal offers.
- `suggestions`: how those questions are built from the articles, and checked.
- `wording`: the words every renderer shares (the source line, shortened titles, dates).
"""

from __future__ import annotations

from knowledge.dialogue.reply import (
    MAX_QUESTION_CHARS,
    Kind,
    Reply,
    quoted_passage,
    reply_to,
    suggestions_for,
)
from knowledge.dialogue.suggestions import suggested_questions
from knowledge.dialogue.wording import (
    ECHO_CHARS,
    LABEL_CHARS,
    SUGGESTIONS_LEAD,
    TITLE_CHARS,
    offer_label,
    readable_date,
    short,
    source_pieces,
    source_text,
)

__all__ = [
    "ECHO_CHARS",
    "LABEL_CHARS",
    "MAX_QUESTION_CHARS",
    "SUGGESTIONS_LEAD",
    "TITLE_CHARS",
    "Kind",
    "Reply",
    "offer_label",
    "quoted_passage",
    "readable_date",
    "reply_to",
    "short",
    "source_pieces",
    "source_text",
    "suggested_questions",
    "suggestions_for",
]
