"""BM25 weights of terms in text units, stored term by term for fast scoring.

A `Postings` holds, for each term, the units (paragraphs or sentences) it occurs in and its
BM25 weight there, precomputed at build time. Scoring a question touches only the postings of
the question's terms, so its cost grows with how often those terms occur, not with the size of
the knowledge.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int32]


class Postings:
    """Term -> (unit, BM25 weight) lists for one field of the knowledge."""

    def __init__(
        self,
        unit_terms: Sequence[Sequence[int]],
        n_terms: int,
        *,
        k1: float = 1.2,
        b: float = 0.75,
    ) -> None:
        self.n_units = len(unit_terms)
        lengths = np.fromiter((len(t) for t in unit_terms), dtype=np.int64, count=self.n_units)
        flat_terms = np.fromiter(
            (term for terms in unit_terms for term in terms), dtype=np.int64, count=lengths.sum()
        )
        flat_units = np.repeat(np.arange(self.n_units, dtype=np.int64), lengths)
        keys, tf = np.unique(flat_terms * self.n_units + flat_units, return_counts=True)
        terms = keys // self.n_units
        units = keys % self.n_units

        df = np.bincount(terms, minlength=n_terms).astype(np.float64)
        self.idf = np.log1p((self.n_units - df + 0.5) / (df + 0.5)).astype(np.float32)
        norm = lengths / max(float(lengths.mean()), 1.0) if self.n_units else lengths
        tf = tf.astype(np.float64)
        weights = tf * (k1 + 1) / (tf + k1 * (1 - b + b * norm[units]))

        self.df = df.astype(np.int32)
        self.units: IntArray = units.astype(np.int32)
        self.weights: FloatArray = (weights * self.idf[terms]).astype(np.float32)
        self.starts = np.searchsorted(terms, np.arange(n_terms + 1)).astype(np.int64)

    def score(self, terms: Sequence[int], boosts: Sequence[float]) -> FloatArray:
        """BM25 score of every unit for the given terms, each scaled by its boost."""
        scores = np.zeros(self.n_units, dtype=np.float32)
        for term, boost in zip(terms, boosts, strict=True):
            start, end = self.starts[term], self.starts[term + 1]
            scores[self.units[start:end]] += self.weights[start:end] * boost
        return scores

    def units_of(self, term: int) -> IntArray:
        """The units a term occurs in, in ascending order."""
        return self.units[self.starts[term] : self.starts[term + 1]]
