"""Postings with some units taken out and others put in, without building them again.

When one article is added to the knowledge or taken out of it, the postings of every other
article stay what they were, only renumbered: `spliced` keeps them (one vectorised pass over
the arrays), drops those of the units taken out, and merges in the new units' postings at their
place, each term's postings still in unit order. What it counts and weighs anew is only the new
units' occurrences; every term's IDF is worked out again for the new unit count (the postings
of those whose IDF moved rescaled to it). The mean unit length the weights are normalised by
stays the one the postings were built with (`Postings.average`); a fresh build of the same
units differs from the result only by that (and by float rounding of the rescaled weights).
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np
import numpy.typing as npt

from knowledge.search.postings import Postings, _count
from knowledge.search.segments import idf_of

Ints = npt.NDArray[np.int64]
Item = TypeVar("Item", bound=np.generic)


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
    unit's new number). The old postings are left as they were."""
    old_units, old_starts = postings.units, postings.starts
    kept_units, keep, lost = renumbered(old_units, old_starts, unit_of_old)
    if lost is not None:
        kept_weights = kept_runs(postings.weights, keep, lost)
        starts = old_starts - np.concatenate([[0], np.cumsum(lost)])
        np.flatnonzero(lost)
    else:
        kept_weights = postings.weights
        starts = old_starts
        np.zeros(0, dtype=np.int64)

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
    every_row = np.arange(n_rows + 1)
    out_starts = starts[np.searchsorted(row_of_old, every_row)] + np.searchsorted(
        new_rows, every_row
    )
    out_starts[-1] = len(kept_units) + len(new_units)

    # Every row's IDF as the new unit count gives it (a fresh build's). A new posting of an
    # old row is put in at the old IDF, and every old row whose IDF moved rescaled after, in
    # the new arrays.
    idf = np.zeros(n_rows, dtype=np.float32)
    idf[row_of_old] = postings.idf
    fresh_idf = idf_of(np.diff(out_starts), n_units)
    new_weights = (tf_weights * idf[new_rows]).astype(np.float32)  # old IDF for old rows
    fresh_rows = ~is_old_row
    new_weights[fresh_rows] = (tf_weights[fresh_rows] * fresh_idf[new_rows[fresh_rows]]).astype(
        np.float32
    )
    if len(new_weights) or lost is None:  # a new array, which may be rescaled in place
        out_weights = inserted(kept_weights, at, new_weights)
    else:
        out_weights = kept_weights  # taken out of the old one already: a copy of its own
    ratio = np.ones(n_rows, dtype=np.float32)
    moved = np.zeros(n_rows, dtype=bool)
    moved[row_of_old] = (fresh_idf[row_of_old] != postings.idf) & (postings.idf != 0)
    ratio[moved] = fresh_idf[moved] / idf[moved]
    if moved.any():
        out_weights *= np.repeat(ratio, np.diff(out_starts))
    idf = fresh_idf

    made: Postings = object.__new__(Postings)
    made.__dict__.update(vars(postings))
    made.n_units = n_units
    made.idf = idf
    made.units = (
        inserted(kept_units, at, new_units.astype(np.int32)) if len(new_units) else kept_units
    )
    made.weights = out_weights
    made.starts = out_starts.astype(np.int64)
    return made


MAX_PIECES = 8
"""Renumbering shifts runs of units by a constant: up to this many runs, it is done with a
few sequential passes rather than one lookup per posting (ten times slower at this size)."""


Dropped = tuple[Ints, Ints] | npt.NDArray[np.bool_]
"""Postings taken out: from `low[r]` to `high[r]` of each row `r`, or a mask of those kept."""


def renumbered(
    units: npt.NDArray[np.int32], starts: Ints, unit_of_old: Ints
) -> tuple[npt.NDArray[np.int32], Dropped, Ints | None]:
    """`unit_of_old[units]` for the postings that are kept, which those are, and how many
    postings each row lost (None: none)."""
    kept = unit_of_old >= 0
    where = np.flatnonzero(kept)
    shift = unit_of_old[where] - where
    steps = np.flatnonzero(shift[1:] != shift[:-1]) + 1
    gaps = np.flatnonzero(np.diff(kept.astype(np.int8)))
    nothing: Dropped = np.zeros(0, dtype=bool)
    if len(steps) + len(gaps) > MAX_PIECES:
        looked_up = unit_of_old.astype(np.int32)[units]
        found = looked_up >= 0
        if found.all():
            return looked_up, nothing, None
        gone = np.flatnonzero(~found)
        per_row = np.bincount(
            np.searchsorted(starts, gone, side="right") - 1, minlength=len(starts) - 1
        )
        return looked_up[found], found, per_row
    dropped: Dropped = nothing
    lost: Ints | None = None
    if not kept.all():
        # Each run of units taken out is one stretch of each row's postings (they are in unit
        # order): found by a binary search a row, then the stretches between them copied.
        edges = np.concatenate([[0], gaps + 1, [len(kept)]])
        lows, highs = [], []
        for start, end in zip(edges[:-1].tolist(), edges[1:].tolist(), strict=True):
            if not kept[start]:
                low = _bisect(units, starts[:-1], starts[1:], np.int32(start))
                lows.append(low)
                highs.append(_bisect(units, low, starts[1:], np.int32(end)))
        low_at = np.stack(lows, axis=1).reshape(-1)
        high_at = np.stack(highs, axis=1).reshape(-1)
        dropped = (low_at, high_at)
        lost = (high_at - low_at).reshape(len(starts) - 1, -1).sum(axis=1)
        units = kept_runs(units, dropped, lost)
    first = int(shift[0]) if len(shift) else 0
    # A new array for the shifted numbers: the conditions read the units as they were.
    out = units + np.int32(first) if first else units.copy() if len(steps) else units
    for step in steps.tolist():
        np.add(out, np.int32(shift[step] - shift[step - 1]), out=out, where=units >= where[step])
    result: npt.NDArray[np.int32] = out
    return result, dropped, lost


def kept_runs(values: npt.NDArray[Item], dropped: Dropped, lost: Ints) -> npt.NDArray[Item]:
    """`values` without the postings `dropped` (`renumbered`): a new array."""
    if not isinstance(dropped, tuple):
        kept: npt.NDArray[Item] = values[dropped]
        return kept
    low_at, high_at = dropped
    some = high_at > low_at
    out: npt.NDArray[Item] = np.empty(len(values) - int(lost.sum()), dtype=values.dtype)
    read = written = 0
    for low, high in zip(low_at[some].tolist(), high_at[some].tolist(), strict=True):
        out[written : written + low - read] = values[read:low]
        written += low - read
        read = high
    out[written:] = values[read:]
    return out


def inserted(values: npt.NDArray[Item], at: Ints, new: npt.NDArray[Item]) -> npt.NDArray[Item]:
    """`values` with `new[i]` put in before `values[at[i]]` (`at` in ascending order): a copy
    of each run between two places, which for a few places is one pass over the array."""
    out: npt.NDArray[Item] = np.empty(len(values) + len(new), dtype=values.dtype)
    if len(new) == 0:
        out[:] = values
        return out
    if len(new) > 50_000:
        taken = at + np.arange(len(new))
        free = np.ones(len(out), dtype=bool)
        free[taken] = False
        out[free] = values
        out[taken] = new
        return out
    places, firsts = np.unique(at, return_index=True)
    read = written = 0
    ends = [*firsts[1:].tolist(), len(new)]
    for place, first, end in zip(places.tolist(), firsts.tolist(), ends, strict=True):
        out[written : written + place - read] = values[read:place]
        written += place - read
        out[written : written + end - first] = new[first:end]
        written += end - first
        read = place
    out[written:] = values[read:]
    return out


def _bisect(
    values: npt.NDArray[np.int32],
    low: Ints,
    high: Ints,
    wanted: npt.NDArray[np.int32] | np.int32,
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
