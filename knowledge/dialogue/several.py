"""Several questions in one message ("Who mediates? When did the war start?").

A message is cut into its questions where one ends with "?" and where "and" (or "also",
"plus") starts another with a question word or a verb that opens one ("who are the mediators
and what did Trump say and how many hostages remain"), when what comes before is itself a
question. At most `MAX_QUESTIONS` are answered;
a part that cannot stand alone ("…? and why?") is read with the part before it.
"""

from __future__ import annotations

import re

MAX_QUESTIONS = 3
OPENING = (
    "what|who|whom|whose|when|where|why|how|which|is|are|was|were|do|does|did|can|could|will"
    "|would|has|have|had"
)
WH = "what|who|whom|whose|when|where|why|how|which"
QUESTION_END_RE = re.compile(r"(?<=\?)\s+")
AND_RE = re.compile(rf",?\s+(?:and|also|plus)\s+(?=(?:{WH})\b\W+\w+\W+\w)", re.IGNORECASE)
"""Where "and" starts another question: a question word and at least two more words."""
ASKS_RE = re.compile(rf"^\W*(?:{OPENING})\b", re.IGNORECASE)
WORD_RE = re.compile(r"[^\W_]")


def split_questions(question: str) -> list[str]:
    """The questions in `question`, in order, at most `MAX_QUESTIONS`; one when it is one."""
    parts = [
        part.strip(" ,;")
        for piece in QUESTION_END_RE.split(question.strip())
        for part in (AND_RE.split(piece) if ASKS_RE.match(piece) else [piece])
    ]  # "and what?" splits only a piece that is itself a question ("who are ... and what ...")
    parts = [part for part in parts if WORD_RE.search(part)]
    return parts[:MAX_QUESTIONS] if len(parts) > 1 else [question]
