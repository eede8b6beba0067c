"""Questions to suggest with a refusal: built from words distinctive of one paragraph each.

`reply.suggestions` works them out on the first refusal and keeps them with the knowledge base,
checking each one by asking it the way every message is asked.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Callable, Sequence

from knowledge.models import Passage

_NAME = re.compile(r"[A-Z][\w\u2019'-]+(?:\s+(?:[A-Z]\.(?=\s+[A-Z])|[A-Z][\w\u2019'-]+))*")
_CALENDAR = frozenset(n.lower() for n in [*calendar.month_name[1:], *calendar.day_name])
_WORD = re.compile(r"[^\W\d_][\w\u2019'-]*")


def suggested_questions(
    passages: Sequence[Passage],
    answer: Callable[[str], Passage | None],
    count: int = 3,
    spread: Callable[[str], int] | None = None,
) -> tuple[str, ...]:
    """Up to `count` questions, each about a term distinctive of one paragraph, one paragraph
    each. `answer(question)` gives the paragraph that would be quoted, or None for any other
    reply; a question is kept only if its own paragraph is quoted. `spread(word)` is how many
    paragraphs use a word; without it, every paragraph is read to count them."""
    if spread is None:
        spread = Counter(w for p in passages for w in set(_words(p.text))).__getitem__
    found: list[str] = []
    used: set[int] = set()
    for names_only in (True, False):  # names ("White House") make better questions than words
        for position, passage in enumerate(passages):
            if len(found) == count:
                return tuple(found)
            if position in used:
                continue
            terms = _distinctive_terms(passage.text, spread)
            for term in [t for t in terms if t[0].isupper() or not names_only][:3]:
                question = f"What about {term}?"
                if question not in found and _same(answer(question), passage):
                    found.append(question)
                    used.add(position)
                    break
    return tuple(found)


def _same(one: Passage | None, other: Passage) -> bool:
    """Whether two passages are one paragraph (without comparing whole articles)."""
    return one is not None and (one.article.name, one.number) == (
        other.article.name,
        other.number,
    )


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _distinctive_terms(text: str, spread: Callable[[str], int]) -> list[str]:
    """Names, then long words, found in this paragraph and few others; rarest first."""
    terms: dict[str, float] = {}
    for match in _NAME.finditer(text):
        name = match.group().strip()
        words = _words(name)
        sentence_start = match.start() == 0 or text[: match.start()].rstrip().endswith(".")
        if not words or (len(words) == 1 and (sentence_start or len(name) < 4)):
            continue
        if words[0] in _CALENDAR:
            continue
        terms[name] = max(spread(w) for w in words) - (1.5 if len(words) > 1 else 0)
    for word in _WORD.findall(text):
        if word.islower() and len(word) >= 7:
            terms.setdefault(word, spread(word.lower()) + 1)
    return sorted(terms, key=lambda t: (terms[t], -len(t)))
