"""Where a paragraph uses the terms a match was found by: the spans a reply marks in bold.

The paragraph is cut by the one tokenizer (`text.tokens`), and each word is read as the index
reads it, so a word is marked exactly when it stands for one of the terms. A hyphenated
compound that stands for a term is marked whole; otherwise its parts are marked one by one.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from knowledge.search.text import COMPOUND_RE, WORD_RE

Span = tuple[int, int]


def marked(
    text: str, terms: Collection[int], term_of: Callable[[str], int | None]
) -> tuple[Span, ...]:
    """The spans of `text`'s words whose term (`term_of(word)`) is one of `terms`, in order."""
    if not terms:
        return ()
    found = [m.span() for m in WORD_RE.finditer(text) if term_of(m.group()) in terms]
    if "-" in text:
        whole = [m.span() for m in COMPOUND_RE.finditer(text) if term_of(m.group()) in terms]
        if whole:
            found = [
                span
                for span in found
                if not any(start <= span[0] and span[1] <= end for start, end in whole)
            ]
            found = sorted(found + whole)
    return tuple(found)
