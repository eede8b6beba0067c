"""What the refusal decision looks at: the signals of a question and its best paragraph.

The index computes them (`Index.signals`); `refusal.probability` reads nothing else.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from knowledge.search import english
from knowledge.search.query import Hit, QueryTerm
from knowledge.search.text import stem

__all__ = ["NAME_WEIGHT", "Signals", "english_weight", "measure", "question_weight"]

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
    topic: float = 0.0
    """The largest share of the paragraph's article's paragraphs that hold one of the
    question's terms: 0.7 when a word of the question is in 7 of its 10 paragraphs. A name
    many articles use is still what its own article is about. (Measured for the model: it
    adds little on SQuAD and costs two bundled questions, so the model leaves it out.)"""


def measure(
    query: Sequence[QueryTerm],
    hit: Hit,
    *,
    title: Collection[str],
    sentence_terms: Collection[int],
    phrases: int,
    idf: npt.NDArray[np.float32],
    unknown_idf: float,
    set_ratio: float,
    margin: float,
    topic: float = 0.0,
) -> Signals:
    """The signals of a question (its terms) and its best paragraph (`hit`): `title` is the
    stems of the paragraph's article title, `sentence_terms` the question terms its best
    sentence holds, `phrases` how many of the question's phrases it holds, `idf` each term's
    IDF, `set_ratio` the best sentence's `token_set_ratio` and `topic` `Signals.topic`."""
    weights = np.array([question_weight(q) for q in query])
    boosts = np.array([q.boost for q in query])
    held = np.array(
        [(q.term is not None and q.term in hit.terms) or stem(q.meant) in title for q in query]
    )
    unknown = np.array([q.term is None for q in query])
    names = np.array([q.name for q in query])
    name_weights = weights + NAME_WEIGHT * names
    return Signals(
        coverage=hit.confidence,
        english_coverage=float((weights * boosts)[held].sum() / weights.sum()),
        unknown=float(weights[unknown & ~held].sum()),
        together=float(len(sentence_terms)),
        fuzz=set_ratio,
        margin=margin,
        rarest=max((float(idf[t]) for t in hit.terms), default=0.0) / unknown_idf,
        phrases=float(phrases),
        name_coverage=float((name_weights * boosts)[held].sum() / name_weights.sum()),
        unknown_names=int((names & unknown & ~held).sum()),
        topic=topic,
    )
