"""Whether an index read from a cache copy may be used: every field of the type and shape a
fresh build has, every stored position in range (`cache` rebuilds the index otherwise).

The least and greatest value of the large arrays (`Extents`, noted by `stored.read` as it
checks the file's checksums) stand in for reading those arrays again, so that checking a
copy does not bring every page of a mapped copy into memory.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from knowledge.search import deletions
from knowledge.search.index import Index
from knowledge.search.postings import Postings
from knowledge.search.typos import TypoCorrector

Extents = dict[int, tuple[int, int]]
"""The least and greatest value of arrays, by `id` of the array."""


class Unusable(Exception):
    """A copy that fails a check."""


def check(found: Any, fresh: Any, extents: Extents, where: str = "index") -> None:
    """Raise `Unusable` unless `found` has the fields, types and array shapes of `fresh`, and
    every position an index array holds is in range."""
    if type(found) is not type(fresh):
        raise Unusable(f"{where} is a {type(found).__name__}, not a {type(fresh).__name__}")
    if isinstance(fresh, np.ndarray):
        if found.dtype != fresh.dtype or found.ndim != fresh.ndim:
            raise Unusable(f"{where} has the wrong type of array")
    elif isinstance(fresh, dict | list):
        items = list(found.values() if isinstance(found, dict) else found)
        keys = list(found if isinstance(found, dict) else [])
        sample = next(iter(fresh.values() if isinstance(fresh, dict) else fresh), None)
        fresh_keys = list(fresh if isinstance(fresh, dict) else [])
        for key in keys[:1]:
            if fresh_keys and type(key) is not type(fresh_keys[0]):
                raise Unusable(f"{where} has keys of the wrong type")
        if isinstance(sample, str | int | float):
            if not all(type(item) is type(sample) for item in items):
                raise Unusable(f"{where} holds values of the wrong type")
        elif sample is not None:
            for n, item in enumerate(items):
                check(item, sample, extents, f"{where}[{n}]")
    elif hasattr(fresh, "__dict__"):
        if set(vars(found)) != set(vars(fresh)):
            raise Unusable(f"{where} does not have the fields of this version")
        for field, item in vars(fresh).items():
            check(vars(found)[field], item, extents, f"{where}.{field}")
    if isinstance(found, Postings):
        check_postings(found, extents, where)
    if isinstance(found, Index):
        check_index(found)
    if isinstance(found, TypoCorrector):
        check_spelling(found, where)


def extent(array: np.ndarray, extents: Extents) -> tuple[int, int]:
    """The least and greatest value of a non-empty integer array."""
    known = extents.get(id(array))
    return known if known is not None else (int(array.min()), int(array.max()))


def check_spelling(spelling: TypoCorrector, where: str) -> None:
    owners = spelling.entries & deletions.OWNERS
    if len(spelling.counts) != len(spelling.words) or (
        len(owners) and int(owners.max()) >= len(spelling.words)
    ):
        raise Unusable(f"{where} holds positions out of range")


def check_postings(postings: Postings, extents: Extents, where: str) -> None:
    starts, units = postings.starts, postings.units
    n_terms = len(starts) - 1
    low, high = extent(units, extents) if len(units) else (0, -1)
    if (
        n_terms < 0
        or len(postings.weights) != len(units)
        or len(postings.idf) != n_terms
        or (len(starts) and (starts[0] != 0 or starts[-1] != len(units)))
        or np.any(np.diff(starts) < 0)
        or low < 0
        or high >= postings.n_units
    ):
        raise Unusable(f"{where} holds positions out of range")


def check_index(index: Index) -> None:
    n_paragraphs = index.paragraphs.n_units
    spans, first = index.sentence_spans, index.first_sentence
    n_sentences = index.sentences.n_units
    if (
        index.paragraphs.n_units != n_paragraphs
        or index.phrases.n_units != n_paragraphs
        or len(first) != n_paragraphs + 1
        or len(spans) != n_sentences
        or (len(first) and (first[0] != 0 or first[-1] != n_sentences))
        or np.any(np.diff(first) < 0)
        or len(index.vocabulary) > len(index.paragraphs.idf)
        or len(index.pair_keys) != len(index.phrases.idf)
        or any(not 0 <= t < len(index.paragraphs.idf) for t in index.vocabulary.values())
        or any(not 0 <= t < len(index.paragraphs.idf) for t in index.forms)
        or len(index.paragraph_article) != n_paragraphs
        or np.any(index.paragraph_article < 0)
        or np.any(index.paragraph_article >= len(index.title_stems))
    ):
        raise Unusable("its index does not fit the articles")
    if n_sentences and (np.any(spans < 0) or np.any(spans[:, 0] > spans[:, 1])):
        raise Unusable("its sentences are out of range")


def check_spans(index: Index) -> None:
    """Raise `Unusable` unless the index has the articles' paragraphs and every sentence
    lies within its paragraph's text."""
    lengths = np.array([len(text) for text in index.texts], dtype=np.int64)
    if len(lengths) != index.paragraphs.n_units:
        raise Unusable("its index does not fit the articles")
    first = index.first_sentence
    if index.sentences.n_units:
        owner = np.repeat(np.arange(len(lengths)), np.diff(first))
        if np.any(index.sentence_spans[:, 1] > lengths[owner]):
            raise Unusable("its sentences are out of range")
