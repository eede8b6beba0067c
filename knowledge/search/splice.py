"""Postings with some units taken out and others put in, without building them again.

When one article is added to the knowledge or taken out of it, the postings of every other
article stay what they were, only renumbered: `spliced` keeps them (one vectorised pass over
the arrays), drops those of the units taken out, and merges in the new units' postings at their
place, each term's postings still in unit order. What it counts and weighs anew is only the new
units' occurrences; the IDF of the terms whose document frequency changed is worked out again
(their postings rescaled to it). The mean unit length the weights are normalised by stays the
one the postings were built with (`Postings.average`); a fresh build of the same units differs
from the result only by that, and by the IDF of untouched terms moving with the unit count
(both below a millionth for one article in a large archive).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from knowledge.search.postings import Postings, _count

Ints = npt.NDArray[np.int64]


def idf_of(df: npt.NDArray[np.int64], n_units: int) -> npt.NDArray[np.float32]:
    """BM25's IDF for the given document frequencies, as `Postings` computes it."""
    counts = df.astype(np.float64)
    return np.log1p((n_units - counts + 0.5) / (counts + 0.5)).astype(np.float32)


def spliced(
    postings: Postings,
    unit_of_old: Ints,
    n_units: int,
    row_of_old: Ints,
    n_rows: int,
    units: npt.NDArray[np.int32],
    rows: npt.NDArray[np.int32],
) -> Postings:
    """New postings: the old ones with each old unit `u` renumbered `unit_of_old[u]` (-1: taken
    out) and each old row (term) `r` renumbered `row_of_old[r]`, both keeping their order, into
    `n_units` units and `n_rows` rows; plus one occurrence of row `rows[i]` in the new unit
    `units[i]` for each `i` (new numbering, `units` in ascending order, none of them an old
    unit's new number)."""
    old_units, old_starts = postings.units, postings.starts
    kept_unit = unit_of_old >= 0
    dropped_units = int(np.count_nonzero(~kept_unit))
    renumbered = unit_of_old[old_units]
    if dropped_units:
        keep = renumbered >= 0
        gone = np.flatnonzero(~keep)
        kept_units = renumbered[keep].astype(np.int32)
        kept_weights = postings.weights[keep]
        starts = old_starts - np.searchsorted(gone, old_starts)
        lost_rows = np.unique(np.searchsorted(old_starts, gone, side="right") - 1)
    else:
        kept_units = renumbered.astype(np.int32)
        kept_weights = postings.weights.copy()
        starts = old_starts
        lost_rows = np.zeros(0, dtype=np.int64)

    # The new occurrences: distinct (row, unit) pairs, their counts and BM25 term weights.
    new_rows, new_units, tf = _count(units, rows, n_units)
    first_new = int(units[0]) if len(units) else 0
    lengths = np.bincount(units - first_new) if len(units) else np.zeros(0, dtype=np.int64)
    tf_weights = postings.term_weights(tf, lengths[new_units - first_new])

    # Where each new posting goes among the kept ones: its row's kept postings, by unit.
    old_row_at = np.searchsorted(row_of_old, new_rows)  # the old row it is, or comes before
    is_old_row = old_row_at < len(row_of_old)
    is_old_row[is_old_row] = row_of_old[old_row_at[is_old_row]] == new_rows[is_old_row]
    at = starts[old_row_at].astype(np.int64)
    mine = np.flatnonzero(is_old_row)
    at[mine] = _bisect(kept_units, at[mine], starts[old_row_at[mine] + 1], new_units[mine])

    # The IDF of the rows whose document frequency changed, and their kept postings rescaled.
    idf = np.zeros(n_rows, dtype=np.float32)
    idf[row_of_old] = postings.idf
    out_units = np.insert(kept_units, at, new_units.astype(np.int32))
    every_row = np.arange(n_rows + 1)
    out_starts = starts[np.searchsorted(row_of_old, every_row)] + np.searchsorted(
        new_rows, every_row
    )
    out_starts[-1] = len(out_units)
    touched = np.union1d(row_of_old[lost_rows], new_rows).astype(np.int64)
    df = (out_starts[touched + 1] - out_starts[touched]).astype(np.int64)
    fresh_idf = idf_of(df, n_units)
    touched_old = np.searchsorted(row_of_old, touched)
    was_old = touched_old < len(row_of_old)
    was_old[was_old] = row_of_old[touched_old[was_old]] == touched[was_old]
    for row, old, new in zip(
        touched_old[was_old].tolist(),
        postings.idf[touched_old[was_old]].tolist(),
        fresh_idf[was_old].tolist(),
        strict=True,
    ):
        if old != new and old != 0.0:
            kept_weights[starts[row] : starts[row + 1]] *= np.float32(new / old)
    idf[touched] = fresh_idf
    new_weights = (tf_weights * idf[new_rows]).astype(np.float32)

    made: Postings = object.__new__(Postings)
    made.__dict__.update(vars(postings))
    made.n_units = n_units
    made.idf = idf
    made.units = out_units
    made.weights = np.insert(kept_weights, at, new_weights)
    made.starts = out_starts.astype(np.int64)
    return made


def _bisect(
    values: npt.NDArray[np.int32], low: Ints, high: Ints, wanted: npt.NDArray[np.int32]
) -> Ints:
    """For each `i`, where `wanted[i]` would go in the sorted `values[low[i]:high[i]]` (as a
    position in `values`): one binary search for all of them at once."""
    low, high = low.astype(np.int64), high.astype(np.int64)
    while True:
        open_ = low < high
        if not open_.any():
            return low
        middle = (low + high) // 2
        below = open_ & (values[np.minimum(middle, len(values) - 1)] < wanted)
        low = np.where(below, middle + 1, low)
        high = np.where(open_ & ~below, middle, high)
