"""Dialogue: what a message is, and what the bot says back, as one value for every front end.

- `intent`: small talk, a question about the article itself, or a question to search.
- `followup`: whether a message stands alone, and how a follow-up is read with the question
  before it ("by when?" after "What did Trump threaten?").
- `reply`: `reply_to(knowledge, message)` gives the `Reply` that Telegram, `ask` and `eval`
  all render; it owns the suggested questions a refusal offers, and what "more" and the
  ◀ ▶ buttons show (`step_to`).
- `turns`: the `Reply` value itself, and what it leaves for the next message (`turn_of`,
  `replied_turn`).
- `suggestions`: how those questions are built from the articles, and checked; `asking`: the
  question a person would ask about a sentence ("What did Trump threaten?").
- `wording`: the words every renderer shares (the source line, shortened titles, dates).
"""

from __future__ import annotations

from knowledge.dialogue.followup import Turn, turn_shown
from knowledge.dialogue.reply import quoted_passage, reply_to, step_to, suggestions_for
from knowledge.dialogue.suggestions import suggested_questions
from knowledge.dialogue.turns import (
    MAX_QUESTION_CHARS,
    READ_AS,
    Kind,
    Reply,
    refused_question,
    replied_turn,
    turn_of,
)
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
    "READ_AS",
    "SUGGESTIONS_LEAD",
    "TITLE_CHARS",
    "Kind",
    "Reply",
    "Turn",
    "offer_label",
    "quoted_passage",
    "readable_date",
    "refused_question",
    "replied_turn",
    "reply_to",
    "short",
    "source_pieces",
    "source_text",
    "step_to",
    "suggested_questions",
    "suggestions_for",
    "turn_of",
    "turn_shown",
]
