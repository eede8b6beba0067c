"""Where a paragraph uses the terms a match was found by: the spans a reply marks in bold.

A word is marked where the paragraph writes one of the forms the index found standing for
those terms (`Index.forms`), as a whole word (no letter, digit or underscore either side).
Each form is looked for with `str.find`, so nothing is compiled for a question. Where forms
overlap ("cease-fire" and "cease"), the longest one at the leftmost place is marked, as a
pattern of the forms, longest first, would mark them.
"""

from __future__ import annotations

import re
from collections.abc import Collection

Span = tuple[int, int]
WORD_CHAR = re.compile(r"\w")


def marked(text: str, forms: Collection[str]) -> tuple[Span, ...]:
    """The spans of `text` where it writes one of `forms` as a whole word, in order."""
    found: list[Span] = []
    for form in forms:
        if not form:
            continue
        start = text.find(form)
        while start != -1:
            end = start + len(form)
            if not (start and WORD_CHAR.match(text, start - 1)) and not WORD_CHAR.match(text, end):
                found.append((start, end))
            start = text.find(form, start + 1)
    found.sort(key=lambda span: (span[0], -span[1]))
    kept: list[Span] = []
    for start, end in found:
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return tuple(kept)
