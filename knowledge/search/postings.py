"""BM25 weights of terms in text units, stored term by term for fast scoring.

A `Postings` holds, for each term, the units (paragraphs or sentences) it occurs in and its
BM25 weight there, precomputed at build time. Scoring a question touches only the postings of
the question's terms, so its cost grows with how often those terms occur, not with the size of
the knowledge.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int32]


CHUNK_UNITS = 4096


class Postings:
    """Term -> (unit, BM25 weight) lists for one field of the knowledge."""

    def __init__(
        self,
        units: npt.NDArray[np.int32],
        terms: npt.NDArray[np.int32],
        n_units: int,
        n_terms: int,
        *,
        k1: float = 1.2,
        b: float = 0.75,
    ) -> None:
        """Postings of one term occurrence per `(units[i], terms[i])`."""
        self.n_units = n_units
        self.k1, self.b = k1, b
        lengths = np.bincount(units, minlength=n_units)
        self.average = max(float(lengths.mean()), 1.0) if self.n_units else 1.0
        """The mean unit length the weights are normalised by; kept as built when units are
        added or removed later (`splice`), so one article does not reweigh every posting."""
        terms, units, tf = _count(units, terms, n_units)

        df = np.bincount(terms, minlength=n_terms).astype(np.float64)
        self.idf = np.log1p((self.n_units - df + 0.5) / (df + 0.5)).astype(np.float32)
        weights = self.term_weights(tf, lengths[units])

        self.units: IntArray = units.astype(np.int32)
        self.weights: FloatArray = (weights * self.idf[terms]).astype(np.float32)
        self.starts = np.searchsorted(terms, np.arange(n_terms + 1)).astype(np.int64)

    def term_weights(
        self, tf: npt.NDArray[np.int32], lengths: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.float64]:
        """BM25's term-frequency part for occurrences `tf` in units of `lengths` terms."""
        k1, b = self.k1, self.b
        norm = lengths / self.average
        counts = tf.astype(np.float32)
        weights: npt.NDArray[np.float64] = counts * (k1 + 1) / (counts + k1 * (1 - b + b * norm))
        return weights

    def score(self, terms: Sequence[int], boosts: Sequence[float]) -> FloatArray:
        """BM25 score of every unit for the given terms, each scaled by its boost."""
        scores = np.zeros(self.n_units, dtype=np.float32)
        for term, boost in zip(terms, boosts, strict=True):
            start, end = self.starts[term], self.starts[term + 1]
            # A unit is listed once a term, so this adds as `scores[units] += ...` would;
            # numpy's `add.at` does it in one pass, not a gather, an add and a scatter.
            np.add.at(scores, self.units[start:end], self.weights[start:end] * boost)
        return scores

    def score_of(
        self, terms: Sequence[int], boosts: Sequence[float], units: npt.NDArray[np.integer]
    ) -> FloatArray:
        """`score` of the given units only: what it costs grows with how many they are, not
        with how many units the knowledge has."""
        scores = np.zeros(len(units), dtype=np.float32)
        for term, boost in zip(terms, boosts, strict=True):
            start, end = self.starts[term : term + 2].tolist()
            if start == end:
                continue
            at, found = self._find(start, end, units)
            weights = self.weights[start:end][at]
            weights *= boost
            weights[~found] = 0  # adding 0 where the term is not: as adding only where it is
            scores += weights
        return scores

    def contains(
        self, terms: Sequence[int], units: npt.NDArray[np.integer]
    ) -> npt.NDArray[np.bool_]:
        """Whether each term occurs in each unit: one row a term, one column a unit."""
        held = np.zeros((len(terms), len(units)), dtype=bool)
        for row, term in enumerate(terms):
            start, end = self.starts[term : term + 2].tolist()
            if start < end:
                held[row] = self._find(start, end, units)[1]
        return held

    def _find(
        self, start: int, end: int, units: npt.NDArray[np.integer]
    ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.bool_]]:
        """Where each unit would sit among the postings `start:end`, and whether it is there."""
        posted = self.units[start:end]
        at = posted.searchsorted(units)
        np.minimum(at, end - start - 1, out=at)
        return at, posted[at] == units

    def used(self) -> npt.NDArray[np.int64]:
        """How many units use each term."""
        return np.diff(self.starts)

    def used_by(self, term: int) -> int:
        """How many units use `term`."""
        return int(self.starts[term + 1] - self.starts[term])

    def units_of(self, term: int) -> IntArray:
        """The units a term occurs in, in ascending order."""
        return self.units[self.starts[term] : self.starts[term + 1]]

    def weights_of(self, term: int) -> FloatArray:
        """A term's BM25 weight in each of the units it occurs in (as `units_of` lists them)."""
        return self.weights[self.starts[term] : self.starts[term + 1]]

    def holds(self, term: int, unit: int) -> bool:
        """Whether `term` occurs in `unit`."""
        units = self.units_of(term)
        position = int(np.searchsorted(units, unit))
        return position < len(units) and int(units[position]) == unit


def _count(
    units: npt.NDArray[np.int32], terms: npt.NDArray[np.int32], n_units: int
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32], npt.NDArray[np.int32]]:
    """Distinct (term, unit) pairs and how often each occurs, ordered by term, then unit.

    `units` must be in ascending order. Counting runs over slices of `CHUNK_UNITS` units, so
    the memory it needs beyond its result stays small however large the knowledge is.
    """
    found_terms, found_units, found_counts = [], [], []
    bounds = np.searchsorted(units, np.arange(0, n_units + CHUNK_UNITS, CHUNK_UNITS))
    for chunk, (start, end) in enumerate(pairwise(bounds)):
        if start == end:
            continue
        first = chunk * CHUNK_UNITS
        keys = terms[start:end].astype(np.int64) * CHUNK_UNITS + (units[start:end] - first)
        distinct, counts = np.unique(keys, return_counts=True)
        found_terms.append((distinct // CHUNK_UNITS).astype(np.int32))
        found_units.append((distinct % CHUNK_UNITS + first).astype(np.int32))
        found_counts.append(counts.astype(np.int32))
    if not found_terms:
        empty = np.zeros(0, dtype=np.int32)
        return empty, empty, empty
    all_terms = np.concatenate(found_terms)
    order = stable_order(all_terms)
    return (
        all_terms[order],
        np.concatenate(found_units)[order],
        np.concatenate(found_counts)[order],
    )


def stable_order(values: npt.NDArray[np.int32]) -> npt.NDArray[np.intp]:
    """`np.argsort(values, kind="stable")` of non-negative values, by NumPy's radix sort on
    16-bit halves (it sorts 16-bit values in one linear pass): the low half, then the high."""
    if len(values) == 0 or int(values.max()) < 1 << 16:
        return np.argsort(values.astype(np.uint16), kind="stable")
    order = np.argsort((values & 0xFFFF).astype(np.uint16), kind="stable")
    high = (values[order] >> 16).astype(np.uint16)
    return order[np.argsort(high, kind="stable")]
