"""Finding, among many forms of questions, one within a few edits of a new one, in near-linear
time: `/stats` and `report` group every unanswered question, and anyone can send 20,000
distinct ones.

Pigeonhole: cut a form into `PIECES` pieces. An edit (a letter dropped, added or replaced)
spoils at most one piece and a swap of two letters at most two, so a text within two edits of
the form still holds one of its pieces whole, shifted by at most two places. Each form's
pieces are indexed; a text looks up the pieces it could share (`windows`), and only the forms
found that way are compared with it (RapidFuzz's optimal-string-alignment distance). At most
`MAX_CANDIDATES` forms are compared per text, so no input makes it quadratic: with pieces that
thousands of forms share, a near form may then go unfound and a question is shown twice.
"""

from __future__ import annotations

import itertools
from collections import Counter
from functools import cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

PIECES = 5
"""2 x the most edits allowed + 1."""
MAX_CANDIDATES = 32
MAX_SHARED = 64


@cache
def cuts(length: int) -> list[tuple[int, int]]:
    """Where the `PIECES` pieces of a form of `length` characters start and end."""
    return list(itertools.pairwise(length * n // PIECES for n in range(PIECES + 1)))


@cache
def windows(length: int, edits: int) -> list[tuple[int, int, int]]:
    """(piece number, start, end) of the text of `length` characters where a piece of a form
    within `edits` edits of it may be found whole: the form is as long give or take `edits`,
    and its piece moved by at most `edits` places."""
    found = {
        (number, start + shift, end + shift)
        for form_length in range(max(length - edits, 1), length + edits + 1)
        for number, (start, end) in enumerate(cuts(form_length))
        for shift in range(-edits, edits + 1)
        if start + shift >= 0 and end + shift <= length
    }
    return sorted(found)


class Forms:
    """Forms added one by one, each found again by `nearest`."""

    def __init__(self) -> None:
        self.pieces: dict[tuple[int, str], list[str]] = {}

    def add(self, form: str) -> None:
        for number, (start, end) in enumerate(cuts(len(form))):
            self.pieces.setdefault((number, form[start:end]), []).append(form)

    def nearest(self, text: str, edits: int) -> str | None:
        """The form nearest `text` within `edits` edits, or None. Of the forms sharing a piece
        with it, the `MAX_CANDIDATES` that share the most are compared (of equally near ones,
        the one sharing most, then the first added wins); a piece more than `MAX_SHARED`
        forms share says too little to look at."""
        shared: Counter[str] = Counter()
        for number, start, end in windows(len(text), edits):
            forms = self.pieces.get((number, text[start:end]))
            if forms and len(forms) <= MAX_SHARED:
                shared.update(forms)
        return best(text, [form for form, _ in shared.most_common(MAX_CANDIDATES)], edits)


def best(text: str, forms: list[str], edits: int) -> str | None:
    near = process.extractOne(text, forms, scorer=OSA.distance, score_cutoff=edits)
    return near[0] if near else None
