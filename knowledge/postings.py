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
        lengths = np.bincount(units, minlength=n_units)
        keys, tf = np.unique(terms.astype(np.int64) * max(n_units, 1) + units, return_counts=True)
        terms = keys // max(n_units, 1)
        units = keys % max(n_units, 1)

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
