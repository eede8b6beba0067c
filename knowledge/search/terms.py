"""Texts cut into the term ids an index is made of: every sentence's words, its span, and the
phrases of adjacent terms. Used by a fresh build (`index`) and by a change (`edit`)."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from knowledge.models import Article
from knowledge.search.text import is_stop_word, sentences, stem, tokens, words

Value = TypeVar("Value", bound=np.generic)


def tokenized(
    texts: Sequence[str], term_of: dict[str, int], add_term: Callable[[str], int]
) -> tuple[array[int], array[int], array[int], array[int]]:
    """Every word of every sentence of `texts` as a term id (-1 for a stop word), in one flat
    array, with each sentence's length, paragraph (position in `texts`) and span (start, end).
    `term_of` maps each word as written to its term id and is filled in with the new words,
    whose ids `add_term` gives, in the order they are first met."""
    flat = array("i")
    sentence_lengths = array("i")
    sentence_paragraph = array("i")
    sentence_spans = array("i")
    term = term_of.__getitem__
    for paragraph, text in enumerate(texts):
        written: list[str] = []
        end = 0
        cut = sentences(text)
        for sentence in cut:
            start = text.find(sentence, end)
            end = start + len(sentence)
            found = tokens(sentence)
            written += found
            sentence_lengths.append(len(found))
            sentence_spans.append(start)
            sentence_spans.append(end)
        sentence_paragraph.extend([paragraph] * len(cut))
        # A paragraph's words are looked up at once; only one with a new word is read twice.
        done = len(flat)
        try:
            flat.extend(map(term, written))
        except KeyError:
            del flat[done:]
            for word in written:
                if word not in term_of:
                    term_of[word] = add_term(word)
            flat.extend(map(term, written))
    return flat, sentence_lengths, sentence_paragraph, sentence_spans


def phrase_keys(
    first: npt.NDArray[np.int32], second: npt.NDArray[np.int32]
) -> npt.NDArray[np.int64]:
    """The key of each phrase of two adjacent terms: `first << 32 | second`, so that a term
    added later does not change the key of any phrase."""
    keys = first.astype(np.int64) << 32
    keys |= second
    return keys


def distinct(values: npt.NDArray[Value]) -> npt.NDArray[Value]:
    """The distinct values (of an array of any shape), in ascending order, as `np.unique` gives
    them, by one sort: NumPy 2's `np.unique` hashes instead, which on millions of mostly
    distinct keys (the phrases of an archive) is about 25 times slower, and on the few hundred
    a question gathers (the pool's seeds, a typo's deletion keys) about 8 times."""
    ordered = np.sort(values, axis=None)
    new = np.ones(len(ordered), dtype=bool)
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    return ordered[new]


def title_stems(article: Article) -> list[str]:
    """An article's title as stems: what every paragraph of it is about."""
    return sorted({stem(w) for w in words(article.title) if not is_stop_word(w)})
