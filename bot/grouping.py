"""Finding, among many forms of questions, one within a few edits of a new one, in near-linear
time: `/stats` and `report` group every unanswered question, and anyone can send 20,000
distinct ones.

Pigeonhole: cut a form into `PIECES` pieces. An edit (a letter dropped, added or replaced)
spoils at most one piece and a swap of two letters at most two, so a text within two edits of
the form still holds one of its pieces whole, shifted by at most two places. Each form's
pieces are indexed; a text looks up the pieces it could share, and only the forms found that
way are compared with it (RapidFuzz's optimal-string-alignment distance). At most
`MAX_CANDIDATES` forms are compared per text, so no input makes it quadratic: with pieces that
thousands of forms share, a near form may then go unfound and a question is shown twice.
"""

from __future__ import annotations

import itertools
from functools import cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

PIECES = 5
"""2 x the most edits allowed + 1."""
MAX_CANDIDATES = 64


@cache
def cuts(length: int) -> list[tuple[int, int]]:
    """Where the `PIECES` pieces of a form of `length` characters start and end."""
    return list(itertools.pairwise(length * n // PIECES for n in range(PIECES + 1)))


class Forms:
    """Forms added one by one, each found again by `nearest`."""

    def __init__(self) -> None:
        self.pieces: dict[tuple[int, int, str], list[str]] = {}

    def add(self, form: str) -> None:
        for number, (start, end) in enumerate(cuts(len(form))):
            self.pieces.setdefault((len(form), number, form[start:end]), []).append(form)

    def nearest(self, text: str, edits: int) -> str | None:
        """The form nearest `text` within `edits` edits (of equally near ones, the first
        found), or None."""
        found: dict[str, None] = {}  # in the order found, without repeats
        for length in range(len(text) - edits, len(text) + edits + 1):
            for number, (start, end) in enumerate(cuts(length)):
                for shift in range(-edits, edits + 1):
                    if start + shift < 0 or end + shift > len(text):
                        continue
                    piece = text[start + shift : end + shift]
                    for form in self.pieces.get((length, number, piece), ()):
                        found[form] = None
                        if len(found) >= MAX_CANDIDATES:
                            return best(text, list(found), edits)
        return best(text, list(found), edits)


def best(text: str, forms: list[str], edits: int) -> str | None:
    near = process.extractOne(text, forms, scorer=OSA.distance, score_cutoff=edits)
    return near[0] if near else None
