"""Where a paragraph uses the terms a match was found by: the spans a reply marks in bold.

A word is marked where the paragraph writes one of the forms the index found standing for
those terms (`Index.forms`), as a whole word (no letter, digit or underscore either side: what
a regular expression's `\\w` matches, `str.isalnum` or "_").
Each form is looked for with `str.find`, so nothing is compiled for a question. Where forms
overlap ("cease-fire" and "cease"), the longest one at the leftmost place is marked, as a
pattern of the forms, longest first, would mark them.
"""

from __future__ import annotations

from collections.abc import Collection

Span = tuple[int, int]


def marked(text: str, forms: Collection[str]) -> tuple[Span, ...]:
    """The spans of `text` where it writes one of `forms` as a whole word, in order."""
    found: list[Span] = []
    bounded = f" {text} "  # a space either side: every place has a character before and after
    for form in forms:
        if not form:
            continue
        start = text.find(form)
        while start != -1:
            end = start + len(form)
            before, after = bounded[start], bounded[end + 1]
            if not (before.isalnum() or before == "_" or after.isalnum() or after == "_"):
                found.append((start, end))
            start = text.find(form, start + 1)
    found.sort(key=lambda span: (span[0], -span[1]))
    kept: list[Span] = []
    for start, end in found:
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return tuple(kept)
