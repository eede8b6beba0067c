"""Deciding whether the best paragraph answers the question, or the article does not say.

The decision is a small logistic model over a few signals of the question and its best
paragraph (`Signals`), with its coefficients kept here. They were fitted on the tuning half of
SQuAD by `benchmarks/refusal_fit.py`: each article asked its own questions (answerable) and
another article's (not answerable). The README shows the curve and why the cutoff
(`Tuning.min_probability`) is where it is.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import numpy as np

from knowledge.search import english
from knowledge.search.text import stem

if TYPE_CHECKING:
    from knowledge.search.index import Hit, Index, QueryTerm

RAREST_ZIPF = 8.0
"""A question word weighs `RAREST_ZIPF` minus its Zipf frequency (at least 1): a word English
does not know ("qwerty", "2018") weighs 8, "pharmacists" 4.4, "happen" 3.3, "like" 2."""


def english_weight(word: str) -> float:
    """How much a word says, by how rare it is in English."""
    return max(1.0, RAREST_ZIPF - english.zipf(word))


NAME_WEIGHT = 1.0
"""What a name ("Scotland", "MSPs": capitalised, not the question's first word) weighs on top of
its English weight in `name_coverage`: English frequencies underrate the names a topic is about
("Scottish" 3.5, as much as "convened")."""


def question_weight(term: QueryTerm) -> float:
    """How much a question word says: a misspelt word weighs as the word it was read as."""
    return english_weight(term.meant)


@dataclass(frozen=True)
class Signals:
    """What the refusal decision looks at, for a question and its best paragraph.

    A question word is *held* by the paragraph when the paragraph or its article's title
    uses it (the title says what every paragraph is about).
    """

    coverage: float
    """Share of the question's IDF weight the paragraph holds: the match's confidence."""
    english_coverage: float
    """Share of the question's English weight (`english_weight`) the paragraph holds."""
    unknown: float
    """English weight of the question words that no article uses, added up."""
    together: float
    """How many question terms the paragraph's best sentence holds."""
    fuzz: float
    """RapidFuzz `token_set_ratio` of the question and the best sentence, 0 to 1."""
    margin: float
    """Rank score of the best paragraph minus the runner-up's (measured; the model leaves it
    out: it did not help)."""
    rarest: float
    """IDF of the rarest question term the paragraph holds, over the IDF of an unknown word."""
    phrases: float
    """How many pairs of adjacent question terms the paragraph holds as a phrase."""
    name_coverage: float
    """`english_coverage` with each name weighing `NAME_WEIGHT` more."""
    unknown_names: int
    """How many names of the question (`QueryTerm.name`) no article uses, nor the title."""


INTERCEPT = -10.2065
COEFFICIENTS: dict[str, float] = {
    "english_coverage": 7.0796,
    "coverage": -3.4627,
    "together": 0.6059,
    "fuzz": 6.5027,
    "rarest": 2.6544,
    "phrases": 0.5365,
    "unknown": -0.0201,
    "unknown_names": -1.2794,
    "name_coverage": 2.6376,
}
"""Fitted on the tuning half of SQuAD by `python -m benchmarks.refusal_fit`."""


def probability(signals: Signals) -> float:
    """The model's probability that the paragraph answers the question."""
    values = asdict(signals)
    z = INTERCEPT + sum(weight * values[name] for name, weight in COEFFICIENTS.items())
    return 1.0 / (1.0 + math.exp(-z))


def measure(
    index: Index,
    query: Sequence[QueryTerm],
    hit: Hit,
    sentence: int,
    set_ratio: float,
    margin: float,
) -> Signals:
    """The signals of a question (its terms) and its best paragraph (`hit`), given the
    paragraph's best sentence, that sentence's `token_set_ratio` and the rank margin."""
    weights = np.array([question_weight(q) for q in query])
    boosts = np.array([q.boost for q in query])
    title = index.title_stems[int(index.paragraph_article[hit.paragraph])]
    held = np.array(
        [(q.term is not None and q.term in hit.terms) or stem(q.meant) in title for q in query]
    )
    unknown = np.array([q.term is None for q in query])
    names = np.array([q.name for q in query])
    name_weights = weights + NAME_WEIGHT * names
    known = [q.term for q in query if q.term is not None]
    sentence_terms = {t for t in known if index.sentences.holds(t, sentence)}
    phrases = index.phrase_ids(known)
    idf = index.paragraphs.idf
    return Signals(
        coverage=hit.confidence,
        english_coverage=float((weights * boosts)[held].sum() / weights.sum()),
        unknown=float(weights[unknown & ~held].sum()),
        together=float(len(sentence_terms)),
        fuzz=set_ratio,
        margin=margin,
        rarest=max((float(idf[t]) for t in hit.terms), default=0.0) / index.unknown_idf,
        phrases=float(sum(index.phrases.holds(p, hit.paragraph) for p in phrases)),
        name_coverage=float((name_weights * boosts)[held].sum() / name_weights.sum()),
        unknown_names=int((names & unknown & ~held).sum()),
    )
