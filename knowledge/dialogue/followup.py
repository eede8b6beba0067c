"""Follow-ups: a message that cannot stand alone, read with the question answered before it.

"What did Trump threaten?" then "by when?": the second message names nothing, so it is read
with the first ("What did Trump threaten? by when?"). Whether a message stands alone is decided
from its form only, never from the article's words (`needs_context`):

- it opens with "and", "but", "also", "what about", "how about" ("and Egypt?");
- it asks for someone or something else ("who else?", "what else?");
- it has no word of its own that names anything ("why?", "by when?", "where?");
- it points back ("they", "that", "them", "those"...) and names at most one thing
  ("who said that?", "are they alive?", "how many of them are still there?");
- it asks "how many"/"how much" with no subject ("how many are still alive?").

Measured (`python -m benchmarks.followups`): it catches the 16 known follow-ups, and leaves
alone all 3,055 SQuAD questions and 55 of the 57 questions of the bundled article's sets (not
"what about the prisoners held by Israel", "how many were abducted?"; and those are read with
a question before only in a chat that has one, where their own words still pick the paragraph).

"more", "next", "another", "tell me more" (`asks_for_more`) step to the next match of the
question before, as the *Another match* button does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from knowledge.models import Match
from knowledge.search.text import is_stop_word, stem, words

if TYPE_CHECKING:
    from knowledge.knowledge_base import KnowledgeBase


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


POINTERS = _set(
    "they them their theirs he him his she her hers it its that those these this there such one"
    " ones"
)
"""Words that point back to something said before."""
PERSONS = _set("they them their theirs he him his she her hers")
"""Of those, the ones that stand for people or things named before ("what did they get in
exchange?"): never a determiner ("this year") or a relative ("the law that ...")."""
OPENERS = _set("and but also plus or so")
"""A message that opens with one of these continues the one before."""
OPENING_PAIRS = frozenset({("what", "about"), ("how", "about"), ("what", "of")})
WH = _set("what who whom whose when where why how which")
AUXILIARIES = _set(
    "is are was were do does did can could will would should has have had may might must"
)
QUANTITIES = frozenset({"many", "much"})
ELSE = "else"
MORE_RE = re.compile(
    r"(?:(?:please |ok |okay |and )?(?:tell me|show me|give me|say|any|one)? ?"
    r"(?:more|next|another(?: one)?|the next(?: one)?)(?: please| pls)?"
    r"|go on|continue|keep going|next (?:one|match|paragraph)|another (?:match|paragraph))",
    re.IGNORECASE,
)
DEPTH = 5
"""Matches a follow-up looks through for one that holds its own words."""
FURTHER_SHARE = 0.3
"""A match after the best is stepped to when its confidence (the share of the question's
informative terms it holds) is at least this share of the best's. Chosen on the SQuAD tuning
half (`benchmarks/more.py`): the largest share that keeps 98% of the gold paragraphs ranked
after a wrong first answer; it drops 34% of the other further matches."""
MAX_READ_CHARS = 300
"""A chain of follow-ups keeps at most this much of what it is read with (the latest part)."""


@dataclass(frozen=True)
class Turn:
    """What a follow-up is read with: the question answered before, as it was read, the rank
    of the match shown for it (0 = best) and that paragraph (article file name, number)."""

    question: str
    rank: int = 0
    shown: tuple[str, int] | None = None


def plain_words(message: str) -> list[str]:
    """The message's words, lower case, apostrophes kept inside words."""
    text = message.lower().replace("\u2019", "'")
    return re.findall(r"[^\W_]+(?:'[^\W_]+)*", text)


def own_words(message: str) -> list[str]:
    """The words of `message` that name something: not stop words, pointers or "else"."""
    return [
        w
        for w in words(message)
        if not is_stop_word(w) and w not in POINTERS and w not in QUANTITIES and w != ELSE
    ]


def needs_context(message: str) -> bool:
    """Whether `message` cannot stand alone and is read with the question before it."""
    found = plain_words(message)
    if not found:
        return False
    if found[0] in OPENERS or tuple(found[:2]) in OPENING_PAIRS:
        return True
    named = own_words(message)
    if ELSE in found and len(named) <= 1:
        return True
    if not named:
        return True
    if refers_back(message) and len(named) <= 1:
        return True
    if PERSONS.intersection(found) and not names_in(message):
        return True  # "what did they get in exchange?" names no one they could be
    no_subject = (
        len(found) > 2 and found[0] in WH and found[1] in QUANTITIES and found[2] in AUXILIARIES
    )
    return no_subject and len(named) <= 2


def names_in(message: str) -> set[str]:
    """The words after the first written with a capital: names ("Trump" in "What did Trump
    say about them?")."""
    return {w.strip("?") for w in message.split()[1:] if w[:1].isupper()}


def refers_back(message: str) -> bool:
    """Whether the message has a word that points back ("they", "it", "that", "there"...)."""
    found = plain_words(message)
    return any(
        w in POINTERS and not (w == "there" and i and found[i - 1] in AUXILIARIES)
        for i, w in enumerate(found)  # "are there" is no pointer: "How many MSPs are there?"
    )


def asks_for_more(message: str) -> bool:
    """Whether the whole message asks for the next match: "more", "next", "tell me more"."""
    text = " ".join(plain_words(message))
    return bool(text) and MORE_RE.fullmatch(text) is not None


def asks_else(message: str) -> bool:
    """Whether the message asks for something besides what was shown ("who else?")."""
    return ELSE in plain_words(message)


def points_back(message: str) -> bool:
    """Whether the message points back with "that", "they", "those"... ("what date is that?"),
    rather than at the article ("it", "this")."""
    return any(w in POINTERS - {"it", "its", "this", "one"} for w in plain_words(message))


def read_with(before: Turn, message: str) -> str:
    """The message read with the question before it, as one question to search."""
    earlier = before.question
    if len(earlier) > MAX_READ_CHARS:
        earlier = earlier[-MAX_READ_CHARS:].split(" ", 1)[-1]
    return f"{earlier.rstrip()} {message.strip()}"


def stems(text: str) -> set[str]:
    return {stem(word) for word in words(text)}


def matches_with(
    knowledge: KnowledgeBase, question: str, before: Turn, limit: int
) -> tuple[str, tuple[Match, ...]]:
    """The question read with the one before, and its matches (none: the articles do not say).

    Its own words come first: when the articles use a word it names ("and Egypt?"), the
    paragraph quoted must hold one. One that points back ("how much is it worth?") stays in
    the article shown before; there its own words are preferred, not required. It leaves that
    article only for a paragraph that holds them and more of what the question before asked
    about (`more_about`): "what did he threaten?" after "what did Trump say?" quoted
    settlements that "threaten the physical viability of a two-state solution", not "Trump
    has threatened ...". "who else?"
    skips the paragraph shown before, and falls back on the words of the question before
    that the articles use.
    """
    read_as = read_with(before, question)
    depth = max(limit, DEPTH)
    matches = list(knowledge.search(read_as, limit=depth))
    if asks_else(question):
        matches = [m for m in matches if shown_as(m) != before.shown]
        if not matches:
            topic = " ".join(known_words(knowledge, before.question))
            found = knowledge.search(topic, limit=depth + 1) if topic else []
            matches = [m for m in found if shown_as(m) != before.shown]
        if plain_words(question)[:1] == ["who"]:
            matches = holding_the_topic(knowledge, matches, before)
    own = known_words(knowledge, question)
    wanted = stems(" ".join(own))
    holding = [m for m in matches if stems(matched_text(m)) & wanted]
    if refers_back(question) and before.shown is not None:
        same = [m for m in matches if m.passage.article.name == before.shown[0]]
        held = [m for m in same if m in holding]
        elsewhere = more_about(knowledge, before, held, [m for m in holding if m not in same])
        return read_as, tuple((elsewhere or held or same)[:limit])
    if own:
        matches = holding
    return read_as, tuple(matches[:limit])


def more_about(
    knowledge: KnowledgeBase, before: Turn, held: Sequence[Match], others: Sequence[Match]
) -> list[Match]:
    """Of `others` (matches from other articles that hold a follow-up's own words), those
    that hold at least half of the words the question before used, and more of them than any
    of `held` (the matches of the article before that hold them)."""
    topic = stems(" ".join(known_words(knowledge, before.question)))
    if not topic:
        return []

    def about(match: Match) -> int:
        return len(stems(match.passage.text) & topic)

    least = max(max((about(m) for m in held), default=0) + 1, (len(topic) + 1) // 2)
    return [m for m in others if about(m) >= least]


def holding_the_topic(
    knowledge: KnowledgeBase, matches: Sequence[Match], before: Turn
) -> list[Match]:
    """For "who else?": the matches that hold the rarest word of the question the thread
    started from ("Who is mediating the talks?" -> "mediating", also after "and Egypt?"), so
    a paragraph that only shares "talks" is not quoted as naming someone else."""
    first = before.question.split("?", 1)[0]
    asked = known_words(knowledge, first) or known_words(knowledge, before.question)
    if not asked:
        return list(matches)
    rarest = {stem(min(asked, key=knowledge.paragraphs_using))}
    return [m for m in matches if stems(m.passage.text) & rarest]


def stepped(knowledge: KnowledgeBase, question: str, limit: int) -> tuple[Match, ...]:
    """The matches "more" and the ◀ ▶ buttons step through for `question` as it was read
    (one question, never cut again), best first: the paragraphs that answer it (those
    `kept`), else the closest ones an unsure reply offers."""
    found = knowledge.find(question, limit=limit)
    return kept(found.matches) or found.offered


def kept(matches: Sequence[Match]) -> tuple[Match, ...]:
    """A question's matches, best first, as "more" and ▶ step through them: the best, then
    those that hold at least `FURTHER_SHARE` of what it holds of the question (confidence),
    so that after the one paragraph that says what Trump tweeted, "more" does not go on to
    every paragraph that only names Trump."""
    if not matches:
        return ()
    floor = FURTHER_SHARE * matches[0].confidence
    return (matches[0], *(m for m in matches[1:] if m.confidence >= floor))


def placed(
    knowledge: KnowledgeBase, question: str, match: Match, limit: int
) -> tuple[int, tuple[Match, ...]]:
    """Where `match` stands among the matches of `question` (0 when it is not among the
    first `DEPTH` * 2), and up to `limit` of those after it: a follow-up's reply carries
    both, so "next" and ▶ go on from there, and ▶ shows only where one follows."""
    found = stepped(knowledge, question, DEPTH * 2)
    rank = next((r for r, other in enumerate(found) if shown_as(other) == shown_as(match)), 0)
    return rank, tuple(m for m in found[rank + 1 :] if m.passage != match.passage)[:limit]


def known_words(knowledge: KnowledgeBase, text: str) -> list[str]:
    """The words of `text` that name something and that the articles use, as written."""
    own = set(own_words(text))
    return [
        term.word
        for term in knowledge.index.query_terms(text)
        if term.term is not None and term.meant == term.word and term.word in own
    ]


def matched_text(match: Match) -> str:
    """The words of the paragraph that matched the question, one space apart."""
    return " ".join(match.passage.text[start:end] for start, end in match.spans)


def shown_as(match: Match) -> tuple[str, int]:
    """Where a match is from: (article file name, paragraph number), as `Turn.shown` keeps it."""
    return (match.passage.article.name, match.passage.number)


def turn_shown(
    read_as: str,
    shown: tuple[str, int] | None,
    bold: Sequence[str],
    rank: int,
    refused: str | None = None,
) -> Turn | None:
    """What a reply to one of the bot's messages is read with, from that message alone: the
    question an answer was read as, else the words in bold in its quote (the question's words
    that matched), each once; or the question a refusal repeats."""
    if shown is not None:
        seen: dict[str, str] = {}
        for word in bold:
            seen.setdefault(word.casefold(), word)
        question = read_as or " ".join(seen.values())
        return Turn(question, rank, shown) if question else None
    return Turn(refused) if refused else None
