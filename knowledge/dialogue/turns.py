"""The `Reply`: what the bot says to one message, as one value that every front end renders,
and what it leaves for the next message of the conversation.

- `Reply.text` is the whole reply as plain text (`ask` prints it; Telegram renders the value
  its own way);
- `turn_of` is what the next message in the chat is read with (the question answered, the
  match shown), `replied_turn` what a message sent as a Telegram reply to it is read with:
  only what the reply shows, as the bot reads it back from the message;
- `refused_question` is the question a refusal or an unsure reply repeats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from knowledge.dialogue import followup
from knowledge.dialogue.followup import Turn
from knowledge.dialogue.intent import classify
from knowledge.dialogue.wording import REFUSED, SUGGESTIONS_LEAD, offer_label, source_text
from knowledge.models import Match

__all__ = [
    "MAX_QUESTION_CHARS",
    "READ_AS",
    "Kind",
    "Reply",
    "refused_question",
    "replied_turn",
    "turn_of",
]

Kind = Literal["answer", "unsure", "none", "chat", "about"]

MAX_QUESTION_CHARS = 1000
"""A message is read up to this many characters, here and nowhere else: nobody asks about a
paragraph with a whole page of text."""
READ_AS = "Read as: "
"""Opens a reply to a follow-up, with the question it was read as (the buttons read it back)."""
REFUSED_RE = re.compile(f"(?:{re.escape(REFUSED)}|I am not sure the articles? answers? )“(.+)”")
"""The question a refusal or an unsure reply repeats: what a reply to either is read with."""


@dataclass(frozen=True)
class Reply:
    """What the bot says to one message, for every front end to render its own way."""

    message: str
    """The message as it was received."""
    kind: Kind
    said: str = ""
    """The bot's own words, plain text, before any quote ("" for an answer: it is the quote)."""
    matches: tuple[Match, ...] = ()
    """answer: the paragraphs that answer, best first; about: the lead paragraph quoted."""
    suggestions: tuple[str, ...] = ()
    """none: questions the article does answer."""
    offered: tuple[Match, ...] = ()
    """unsure: the closest paragraphs, offered to choose from (none of them is quoted)."""
    topic: str = ""
    """The finer kind (see `intent.Intent.topic`): "greeting", "help", "date", "author"..."""
    read_as: str = ""
    """The question the reply answers when it is not the message alone: a follow-up read with
    the question before it ("What did Trump threaten? by when?"); "" otherwise."""
    rank: int = 0
    """The rank of the first of `matches` among the question's matches (0 = best): "next"
    and the buttons step through them."""
    thread: str = ""
    """The question a follow-up of this reply is read with, when it is not `read_as` or the
    message: a follow-up that was answered alone still carries the question before it."""
    parts: tuple[Reply, ...] = ()
    """Several questions in one message: the reply to each, in order (`matches` then holds
    the paragraph each answered part quotes)."""

    @property
    def quoted(self) -> Match | None:
        """The paragraph the reply quotes, if any."""
        return self.matches[0] if self.matches else None

    @property
    def onward(self) -> tuple[Match, ...]:
        """The match shown and those "more" and ▶ lead on to: a reply read off the question's
        own steps (`step_to`, "more", a follow-up) holds only matches they step to; a plain
        answer holds the question's best matches, of which they step only to those
        `followup.kept` keeps."""
        if self.kind != "answer" or self.parts:
            return ()
        plain = self.rank == 0 and not self.read_as
        return followup.kept(self.matches) if plain else self.matches

    @property
    def further(self) -> bool:
        """Whether "more" and ▶ lead on from the match shown."""
        return len(self.onward) > 1

    @property
    def text(self) -> str:
        """The whole reply as plain text: the words, the quote and its source, suggestions."""
        if self.parts:
            return "\n\n".join(f"{part.message}\n{part.text}" for part in self.parts)
        blocks = [self.said] if self.said else []
        if self.read_as:
            blocks.insert(0, f"{READ_AS}{self.read_as}")
        if self.quoted:
            passage = self.quoted.passage
            blocks.append(f"“{passage.text}”\n— {source_text(passage)}")
        if self.offered:
            blocks.append("\n".join(f"• {offer_label(m.passage)}" for m in self.offered))
        if self.suggestions:
            blocks.append("\n".join([SUGGESTIONS_LEAD, *(f"• {s}" for s in self.suggestions)]))
        return "\n\n".join(blocks)


def turn_of(reply: Reply) -> Turn | None:
    """What the next message of the conversation is read with after `reply`, if anything:
    the question it answered (or refused), and the match it quoted."""
    if reply.parts:
        return turn_of(reply.parts[-1])
    if reply.kind not in ("answer", "unsure", "none"):
        return None
    question = reply.thread or reply.read_as
    question = question or classify(reply.message[:MAX_QUESTION_CHARS]).question
    if not question:
        return None
    shown = followup.shown_as(reply.quoted) if reply.quoted else None
    return Turn(question, reply.rank, shown)


def replied_turn(reply: Reply) -> Turn | None:
    """What a message sent as a Telegram reply to `reply` is read with: only what the reply
    itself shows (the question it was read as, or the words in bold in its quote; the question
    a refusal repeats), as the bot reads it back from the message."""
    if reply.quoted is not None and reply.kind == "answer":
        bold = [reply.quoted.passage.text[a:b] for a, b in reply.quoted.spans]
        return followup.turn_shown(
            reply.read_as, followup.shown_as(reply.quoted), bold, reply.rank
        )
    if reply.kind in ("none", "unsure"):
        return followup.turn_shown("", None, [], 0, refused=refused_question(reply.said))
    return None


def refused_question(said: str) -> str | None:
    """The question a refusal or an unsure reply repeats ("… anything I can quote about
    “X”.", "I am not sure the article answers “X”."), unless cut."""
    found = REFUSED_RE.search(said)
    return found.group(1) if found and not found.group(1).endswith("…") else None
