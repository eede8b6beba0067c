"""The pool: the paragraphs with the best whole-paragraph and phrase BM25 for a question.

Every paragraph's score is summed in one array (`scores`), and the best `depth` of them are
picked without sorting or partitioning every paragraph that scored (`best`): a paragraph of the
question's rarest terms already scores near the top, so the `depth`-th best score among those
paragraphs is a floor the whole pool clears, and only the few paragraphs at or above that floor
are compared. The pool is exactly the `depth` highest scores, ties going to the earlier paragraph
(`exhaustive` is the plain definition; the tests hold `best` to it).

Pruning the postings themselves (MaxScore: reading only the postings of the terms that can lift a
paragraph into the pool, and looking the other terms up for those paragraphs) was measured too:
it read a quarter of the postings on the archive at 200,000 paragraphs and gave the same pool,
but thousands of paragraphs stay above its bound there (each sentence is in many paragraphs),
and looking each of them up in the other terms' postings took 8.4 ms a question against 0.9 ms
for adding every posting into the array (benchmarks/README.md, "Archive scale").
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from knowledge.search.postings import Postings
from knowledge.search.terms import distinct

__all__ = ["best", "exhaustive", "scores"]

SEED_POSTINGS = 4
"""`best` takes its floor from this many paragraphs of the rarest terms per place in the pool."""
DIRECT_BELOW = 20_000
"""Below this many paragraphs, comparing every one that scored is cheaper than finding a floor."""


def scores(
    paragraphs: Postings,
    phrases: Postings,
    terms: Sequence[int],
    boosts: Sequence[float],
    pairs: Sequence[int],
    pair_weight: float,
) -> npt.NDArray[np.float32]:
    """Each paragraph's BM25 over the terms (each scaled by its boost), plus `pair_weight`
    times its BM25 over the phrases (one phrase only where it occurs, not over every paragraph:
    the same sums)."""
    found = paragraphs.score(terms, boosts)
    if len(pairs) == 1:
        np.add.at(found, phrases.units_of(pairs[0]), pair_weight * phrases.weights_of(pairs[0]))
    elif pairs:
        found += pair_weight * phrases.score(pairs, [1.0] * len(pairs))
    return found


def exhaustive(
    found: npt.NDArray[np.float32], depth: int, order: npt.NDArray[np.int64] | None = None
) -> npt.NDArray[np.intp]:
    """The paragraphs of the `depth` highest positive scores, best first, ties to the earlier
    paragraph (by `order`, each paragraph's place, when given): every one that scored is
    compared."""
    candidates = np.flatnonzero(found > 0)
    return _ordered(found, candidates, depth, order)


def best(
    found: npt.NDArray[np.float32],
    depth: int,
    postings: Postings,
    terms: Sequence[int],
    boosts: Sequence[float],
    order: npt.NDArray[np.int64] | None = None,
) -> npt.NDArray[np.intp]:
    """`exhaustive`, comparing only the paragraphs that score at least the `depth`-th best score
    among the paragraphs of the question's rarest terms (by IDF times boost)."""
    if len(found) < DIRECT_BELOW:
        return exhaustive(found, depth, order)
    rarest = np.argsort(-postings.idf[terms] * np.asarray(boosts, dtype=np.float32))
    seeds: list[npt.NDArray[np.int32]] = []
    wanted = SEED_POSTINGS * depth
    for i in rarest.tolist():
        seeds.append(postings.units_of(terms[i])[:wanted])
        wanted -= len(seeds[-1])
        if wanted <= 0:
            break
    seeded = seeds[0] if len(seeds) == 1 else distinct(np.concatenate(seeds))
    if len(seeded) < depth:
        return exhaustive(found, depth, order)
    floor = np.partition(found[seeded], len(seeded) - depth)[len(seeded) - depth]
    if floor <= 0:
        return exhaustive(found, depth, order)
    return _ordered(found, np.flatnonzero(found >= floor), depth, order)


def _ordered(
    found: npt.NDArray[np.float32],
    candidates: npt.NDArray[np.intp],
    depth: int,
    order: npt.NDArray[np.int64] | None,
) -> npt.NDArray[np.intp]:
    """The `depth` best of `candidates` (ascending positions), best first, ties to the earlier."""
    if len(candidates) > depth:
        kept = found[candidates]
        floor = np.partition(kept, len(kept) - depth)[len(kept) - depth]
        candidates = candidates[kept >= floor]
    place = candidates if order is None else order[candidates]
    return candidates[np.lexsort((place, -found[candidates]))[:depth]]
