"""Questions to suggest with a refusal and on /start, as a person would ask them.

Each comes from one paragraph (`asking`): "Who has led the mediation efforts?", "What did
Trump threaten?", "How many hostages remain in Gaza?", or, where no sentence has such a form,
"Who is Kevin King?" or "Tell me about the Auto Show" for a name few other paragraphs use. A
question is kept only if asking it, the way every message is asked, quotes its own paragraph,
and only if it stands alone (a suggestion typed after another question is not read as a
follow-up of it). With several articles, they take turns, so the suggestions span them.

`reply.suggestions_for` works them out on the first refusal and keeps them with the
knowledge base.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from itertools import zip_longest

from knowledge.dialogue.asking import COMMON_OPENER_ZIPF, questions, topic_questions
from knowledge.dialogue.followup import needs_context
from knowledge.models import Passage
from knowledge.search.english import zipf
from knowledge.search.text import is_stop_word

_NAME = re.compile(r"[A-Z][\w\u2019'-]+(?:\s+(?:[A-Z]\.(?=\s+[A-Z])|[A-Z][\w\u2019'-]+))*")
_CALENDAR = frozenset(n.lower() for n in [*calendar.month_name[1:], *calendar.day_name])
_WORD = re.compile(r"[^\W\d_][\w\u2019'-]*")
_RUN_ON = re.compile(r"[a-z][A-Z]")  # "NoemKristi": names run together by a page's markup
PER_PARAGRAPH = 3
"""Questions tried for one paragraph before moving on."""
MIN_WORDS = 5
"""A paragraph this short is a heading ("NISSAN SENTRA"): an answer quoting it says nothing."""
MAX_TRIES = 40
"""Questions asked in all: at archive scale each costs a search."""


def suggested_questions(
    passages: Sequence[Passage],
    answer: Callable[[str], Passage | None],
    count: int = 3,
    spread: Callable[[str], int] | None = None,
) -> tuple[str, ...]:
    """Up to `count` questions, one paragraph each, that a person would ask. `answer(question)`
    gives the paragraph that would be quoted, or None for any other reply; a question is kept
    only if its own paragraph is quoted. `spread(word)` is how many paragraphs use a word;
    without it, every paragraph is read to count them."""
    if spread is None:
        spread = Counter(w for p in passages for w in set(_words(p.text))).__getitem__
    found: list[str] = []
    used: set[tuple[str, int]] = set()
    tries = 0
    for by_form in (True, False):  # a question read off a sentence reads best
        for passage in _taking_turns(passages):
            if len(found) == count or tries >= MAX_TRIES:
                return tuple(found)
            key = (passage.article.name, passage.number)
            if key in used or len(passage.text.split()) <= MIN_WORDS:
                continue
            text = passage.text
            tried = questions(text) if by_form else topic_questions(text, _names(text, spread))
            for question in _fresh(tried, found):
                tries += 1
                if _same(answer(question), passage):
                    found.append(question)
                    used.add(key)
                    break
    return tuple(found)


def _taking_turns(passages: Sequence[Passage]) -> Iterator[Passage]:
    """The first paragraph of each article, then the second of each, and so on."""
    articles: dict[str, list[Passage]] = {}
    for passage in passages:
        articles.setdefault(passage.article.name, []).append(passage)
    for row in zip_longest(*articles.values()):
        yield from (p for p in row if p is not None)


def _fresh(tried: Iterator[str], found: list[str]) -> Iterator[str]:
    """Up to `PER_PARAGRAPH` new questions that stand alone."""
    seen = 0
    for question in tried:
        if seen == PER_PARAGRAPH:
            return
        if needs_context(question) or _names_in(question) & {
            n for f in found for n in _names_in(f)
        }:
            continue  # "What did Torrey say?" after "What did Paul Torrey say?"
        seen += 1
        yield question


def _names_in(question: str) -> set[str]:
    """The capitalised words of a question after its first."""
    return {w.strip("?") for w in question.split()[1:] if w[:1].isupper()}


def _same(one: Passage | None, other: Passage) -> bool:
    """Whether two passages are one paragraph (without comparing whole articles)."""
    return one is not None and (one.article.name, one.number) == (
        other.article.name,
        other.number,
    )


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _names(text: str, spread: Callable[[str], int]) -> list[str]:
    """Names of more than a word, or of one word that does not open a sentence, found in this
    paragraph and few others; rarest first."""
    terms: dict[str, float] = {}
    for match in _NAME.finditer(text):
        name = match.group().strip().removesuffix("\u2019s").removesuffix("'s")
        words = _words(name)
        sentence_start = match.start() == 0 or text[: match.start()].rstrip().endswith(".")
        if not words or (len(words) == 1 and (sentence_start or len(name) < 4)):
            continue
        if (
            words[0] in _CALENDAR
            or _RUN_ON.search(name)
            or re.search(r"-[a-z]", name)
            or any(map(is_stop_word, words))
        ):
            continue
        if sentence_start and zipf(words[0]) >= COMMON_OPENER_ZIPF:
            continue  # "Remember New Jersey's quest", "Click for results"
        before = text[: match.start()].split()[-2:]
        if len(before) == 2 and before[1] in ("of", "and") and before[0][:1].isupper():
            continue  # the end of a longer name: "Hall of Fame Induction"
        terms[name] = max(spread(w) for w in words) - (1.5 if len(words) > 1 else 0)
    return sorted(terms, key=lambda t: (terms[t], -len(t)))
