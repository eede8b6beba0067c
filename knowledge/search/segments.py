"""Postings in two segments: the built one, some of its units taken out, and a small one after.

When an article is added to a large index, copying every posting to put its few in their
place costs more than anything else (three arrays of tens of millions of postings at 500,000
paragraphs). `Segmented` leaves the built postings (`main`) as they are, shared with the index
they were built for, and reads two more things with them: which of their units were taken out
since (`dead`: never scored, listed or held), and a small segment of the units added since
(`tail`, numbered after the built ones). The query methods of `Postings` read both segments and
give what one set of postings of the live units would give.

The IDF of every term is the one the live units give (what a fresh build computes); a built
posting's weight is scaled to it as it is read, one factor a term. What is not recomputed is
the mean unit length the weights were normalised by (`Postings.average`, as `splice` keeps it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from knowledge.search.postings import FloatArray, IntArray, Postings, _count

Ints = npt.NDArray[np.int64]
Item = TypeVar("Item", bound=np.generic)


def idf_of(df: npt.NDArray[np.integer], n_units: int) -> FloatArray:
    """BM25's IDF for the given document frequencies, as `Postings` computes it."""
    counts = df.astype(np.float64)
    return np.log1p((n_units - counts + 0.5) / (counts + 0.5)).astype(np.float32)


class Counted:
    """Occurrences counted into postings, before they are weighed: distinct (row, unit) pairs
    in row then unit order, how often each occurs and how long its unit is."""

    def __init__(
        self, units: npt.NDArray[np.int32], rows: npt.NDArray[np.int32], n_units: int, n_rows: int
    ) -> None:
        lengths = np.bincount(units, minlength=n_units)
        found_rows, self.units, self.tf = _count(units, rows, n_units)
        self.rows = found_rows
        self.lengths = lengths[self.units]
        self.n_units = n_units
        self.starts = np.searchsorted(found_rows, np.arange(n_rows + 1)).astype(np.int64)

    def used(self) -> Ints:
        """How many units use each row."""
        return np.diff(self.starts)

    def weighed(self, like: Postings, idf: FloatArray) -> Postings:
        """These postings weighed as `like`'s are (its k1, b and mean unit length), at `idf`."""
        made: Postings = object.__new__(Postings)
        made.n_units, made.k1, made.b, made.average = self.n_units, like.k1, like.b, like.average
        made.idf = idf
        weights = like.term_weights(self.tf, self.lengths)
        made.weights = (weights * idf[self.rows]).astype(np.float32)
        made.units = self.units.astype(np.int32)
        made.starts = self.starts
        return made


MAX_RUNS = 64
"""Up to this many runs of dead units (32 articles taken out, or fewer in several pieces),
a row's live postings are cut out by binary search; beyond, by a lookup per posting."""


class Segmented(Postings):
    """`main` without the units `dead` marks, then `tail`'s units numbered from
    `main.n_units`; every weight at the IDF `idf` (one a row of the tail)."""

    def __init__(
        self, main: Postings, dead: npt.NDArray[np.bool_] | None, tail: Postings, used: Ints
    ) -> None:
        """`used`: how many live units use each row (the tail's rows)."""
        self.main, self.tail, self.dead = main, tail, dead
        self.offset = main.n_units
        self.n_units = main.n_units + tail.n_units
        self.k1, self.b, self.average = main.k1, main.b, main.average
        self.idf = tail.idf
        self.df = used
        self.dead_runs: Ints = (
            np.flatnonzero(np.diff(dead.astype(np.int8), prepend=0, append=0))
            if dead is not None
            else np.zeros(0, np.int64)
        )
        """Where each run of dead units starts and ends, one after the other (ascending)."""
        self.n_main_rows = len(main.starts) - 1
        built = main.idf
        now = self.idf[: self.n_main_rows]
        usable = (now != built) & (built > 0)
        factor = np.ones(self.n_main_rows, dtype=np.float32)
        factor[usable] = now[usable] / built[usable]
        self.factor: FloatArray = factor
        """What each built posting's weight is multiplied by to be at today's IDF."""

    def used(self) -> Ints:
        return self.df

    def used_by(self, term: int) -> int:
        return int(self.df[term])

    def score(self, terms: Sequence[int], boosts: Sequence[float]) -> FloatArray:
        scores = np.zeros(self.n_units, dtype=np.float32)
        main, tail = scores[: self.offset], scores[self.offset :]
        for term, boost in zip(terms, boosts, strict=True):
            if term < self.n_main_rows:
                start, end = self.main.starts[term], self.main.starts[term + 1]
                scale = np.float32(boost) * self.factor[term]
                np.add.at(main, self.main.units[start:end], self.main.weights[start:end] * scale)
            start, end = self.tail.starts[term], self.tail.starts[term + 1]
            np.add.at(tail, self.tail.units[start:end], self.tail.weights[start:end] * boost)
        for low, high in self.dead_runs.reshape(-1, 2).tolist():
            scores[low:high] = 0
        return scores

    def score_of(
        self, terms: Sequence[int], boosts: Sequence[float], units: npt.NDArray[np.integer]
    ) -> FloatArray:
        scores = np.zeros(len(units), dtype=np.float32)
        for part, segment, shift, rows in self._parts(terms, units):
            if rows:
                scale = [self._scale(segment, terms[n], boosts[n]) for n in rows]
                found = segment.score_of([terms[n] for n in rows], scale, units[part] - shift)
                scores[part] = found
        return self._alive(scores, units)

    def contains(
        self, terms: Sequence[int], units: npt.NDArray[np.integer]
    ) -> npt.NDArray[np.bool_]:
        held = np.zeros((len(terms), len(units)), dtype=bool)
        for part, segment, shift, rows in self._parts(terms, units):
            if rows:
                found = segment.contains([terms[n] for n in rows], units[part] - shift)
                held[np.ix_(np.asarray(rows, dtype=np.intp), part)] = found
        return self._alive(held, units)

    def _parts(
        self, terms: Sequence[int], units: npt.NDArray[np.integer]
    ) -> list[tuple[npt.NDArray[np.intp], Postings, int, list[int]]]:
        """Each segment the given units fall in: where they are among `units`, the segment,
        the number of its first unit, and which of `terms` it has rows for."""
        in_main = units < self.offset
        found = []
        for mask, segment, shift in ((in_main, self.main, 0), (~in_main, self.tail, self.offset)):
            part = np.flatnonzero(mask)
            if len(part):
                n_rows = len(segment.starts) - 1
                rows = [n for n, t in enumerate(terms) if t < n_rows]
                found.append((part, segment, shift, rows))
        return found

    def _scale(self, segment: Postings, term: int, boost: float) -> float:
        return boost * float(self.factor[term]) if segment is self.main else boost

    def _alive(
        self, values: npt.NDArray[Item], units: npt.NDArray[np.integer]
    ) -> npt.NDArray[Item]:
        """`values` (one a unit, along the last axis) with 0 for the units taken out."""
        if self.dead is not None:
            built = np.flatnonzero(units < self.offset)
            values[..., built[self.dead[units[built]]]] = 0
        return values

    def units_of(self, term: int) -> IntArray:
        return self._of(term, self.main.units, self.tail.units, self.offset)

    def weights_of(self, term: int) -> FloatArray:
        return self._of(term, self.main.weights, self.tail.weights, 0, weighed=True)

    def _of(
        self,
        term: int,
        built: npt.NDArray[Item],
        added: npt.NDArray[Item],
        shift: int,
        weighed: bool = False,
    ) -> npt.NDArray[Item]:
        """A row's values in the live units, the built ones then the tail's (`shift` added)."""
        parts = []
        if term < self.n_main_rows:
            start, end = self.main.starts[term], self.main.starts[term + 1]
            found = self._live(built[start:end], self.main.units[start:end])
            if weighed and self.factor[term] != 1:
                found = found * self.factor[term]
            parts.append(found)
        start, end = self.tail.starts[term], self.tail.starts[term + 1]
        if end > start or not parts:
            tail = added[start:end]
            parts.append(tail + tail.dtype.type(shift) if shift else tail)
        joined: npt.NDArray[Item] = parts[0] if len(parts) == 1 else np.concatenate(parts)
        return joined

    def _live(self, values: npt.NDArray[Item], units: IntArray) -> npt.NDArray[Item]:
        """`values` of the postings `units` (ascending) that are not dead: the stretches
        between the runs of dead units, each found by a binary search (as is, without any)."""
        runs = self.dead_runs
        if len(runs) == 0:
            return values
        if len(runs) > MAX_RUNS:
            return values[~self.dead[units]]  # type: ignore[index]
        cuts = np.searchsorted(units, runs).tolist()
        if cuts[0::2] == cuts[1::2]:
            return values
        bounds = [0, *cuts, len(units)]
        pieces = [values[a:b] for a, b in zip(bounds[0::2], bounds[1::2], strict=True) if b > a]
        if len(pieces) < 2:
            return pieces[0] if pieces else values[:0]
        joined: npt.NDArray[Item] = np.concatenate(pieces)
        return joined

    def holds(self, term: int, unit: int) -> bool:
        if unit >= self.offset:
            return self.tail.holds(term, unit - self.offset)
        if self.dead is not None and self.dead[unit]:
            return False
        return term < self.n_main_rows and self.main.holds(term, unit)
