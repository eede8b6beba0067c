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
from knowledge.dialogue.followup import names_in, needs_context
from knowledge.models import Passage
from knowledge.search.english import zipf
from knowledge.search.text import is_stop_word

_NAME = re.compile(r"[A-Z][\w\u2019'-]+(?:\s+(?:[A-Z]\.(?=\s+[A-Z])|[A-Z][\w\u2019'-]+))*")
_CALENDAR = frozenset(n.lower() for n in [*calendar.month_name[1:], *calendar.day_name])
_WORD = re.compile(r"[^\W\d_][\w\u2019'-]*")
_RUN_ON = re.compile(r"[a-z][A-Z]")  # "NoemKristi": names run together by a page's markup
_NOUN_END = re.compile(r"(?:[^su]s|tion|sion|ment|ness|ity|ism|ance|ence|ship|ing|ure)$")
_MONTH_SHORT = frozenset(m[:3] for m in _CALENDAR) | {"sept"}
PER_PARAGRAPH = 3
"""Questions tried for one paragraph before moving on."""
MIN_WORDS = 5
"""A paragraph this short is a heading ("NISSAN SENTRA"): an answer quoting it says nothing."""
FORM_TRIES = 24
"""Questions read off sentences asked at most: in a large archive, "Who sent a memo?" often
quotes another paragraph, and a name ("Tell me about Jean-Marc Bosman") is more specific."""
NAME_TRIES = 40
MAX_TRIES = 56
"""Questions asked in all: at archive scale each costs a search."""
RARE = 3
"""A word at most this many paragraphs use is asked about when nothing else was answered
("Tell me about alfalfa"): in a large archive on few topics, even names are shared."""


def suggested_questions(
    passages: Sequence[Passage],
    answer: Callable[[str], Passage | None],
    count: int = 3,
    spread: Callable[[str], int] | None = None,
) -> tuple[str, ...]:
    """Up to `count` questions, one paragraph each, that a person would ask. `answer(question)`
    gives the paragraph that would be quoted, or None for any other reply; a question is kept
    only if it quotes its own paragraph (or one holding the sentence it was read off), each
    another paragraph. `spread(word)` is how many paragraphs use a word;
    without it, every paragraph is read to count them."""
    if spread is None:
        spread = Counter(w for p in passages for w in set(_words(p.text))).__getitem__
    found: list[str] = []
    used: set[tuple[str, int]] = set()
    tried: set[str] = set()
    passes = ((_by_form, FORM_TRIES), (_by_name, NAME_TRIES), (_by_rare_word, MAX_TRIES))
    for ask, budget in passes:  # a question read off a sentence reads best, then a name
        for passage in _taking_turns(passages):
            if len(found) == count or len(tried) >= budget:
                break
            if _where(passage) in used or len(passage.text.split()) <= MIN_WORDS:
                continue
            for question, sentence in _fresh(ask(passage.text, spread), found, tried):
                tried.add(question)
                quoted = answer(question)
                if quoted is not None and _quotes(quoted, passage, sentence, used):
                    found.append(question)
                    used.update({_where(passage), _where(quoted)})
                    break
    return tuple(found)


Asked = Iterator[tuple[str, str]]


def _by_form(text: str, spread: Callable[[str], int]) -> Asked:
    return questions(text)


def _by_name(text: str, spread: Callable[[str], int]) -> Asked:
    return topic_questions(text, _names(text, spread))


def _by_rare_word(text: str, spread: Callable[[str], int]) -> Asked:
    return topic_questions(text, _rare_words(text, spread))


def _quotes(quoted: Passage, passage: Passage, sentence: str, used: set[tuple[str, int]]) -> bool:
    """Whether asking a question read off `sentence` of `passage` quoted it: that paragraph,
    or one holding the same sentence (an archive may repeat a sentence), not quoted before."""
    where = _where(quoted)
    return where not in used and (where == _where(passage) or sentence in quoted.text)


def _taking_turns(passages: Sequence[Passage]) -> Iterator[Passage]:
    """The first paragraph of each article, then the second of each, and so on."""
    articles: dict[str, list[Passage]] = {}
    for passage in passages:
        articles.setdefault(passage.article.name, []).append(passage)
    for row in zip_longest(*articles.values()):
        yield from (p for p in row if p is not None)


def _fresh(asked: Asked, found: list[str], tried: set[str]) -> Asked:
    """Up to `PER_PARAGRAPH` questions not tried before that stand alone."""
    seen = 0
    for question, sentence in asked:
        if seen == PER_PARAGRAPH:
            return
        if (
            question in tried
            or needs_context(question)
            or names_in(question) & {n for f in found for n in names_in(f)}
        ):
            continue  # "What did Torrey say?" after "What did Paul Torrey say?"
        seen += 1
        yield question, sentence


def _where(passage: Passage) -> tuple[str, int]:
    """Which paragraph a passage is (without comparing whole articles)."""
    return (passage.article.name, passage.number)


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
            or words[0] in _MONTH_SHORT
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


def _rare_words(text: str, spread: Callable[[str], int]) -> list[str]:
    """Long lower-case words that end as nouns do ("platforms", "socializing", "enactment")
    and that at most `RARE` paragraphs use, rarest first."""
    found = {
        w: spread(w)
        for w in _WORD.findall(text)
        if w.islower() and len(w) >= 7 and _NOUN_END.search(w)
    }
    return sorted((w for w in found if found[w] <= RARE), key=lambda w: (found[w], -len(w)))
