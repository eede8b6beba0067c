"""Articles cut into term occurrences, kept as arrays: what an index's tail is made from.

`Read.of` cuts paragraphs into terms with the index's one tokenizer (`terms.tokenized`);
`Occurrences.of` lists every term occurrence of a `Read` (stop words left out) with its
sentence and paragraph, and the phrases of two adjacent terms, as `Index` builds them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from knowledge.search.terms import phrase_keys, tokenized

Ints = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]


@dataclass(frozen=True)
class Read:
    """Paragraphs cut into terms (`terms.tokenized`): every word's term (-1 for a stop word),
    each sentence's length, paragraph (among these) and span."""

    texts: Sequence[str]
    terms: I32
    lengths: I32
    paragraph: I32
    spans: I32

    @classmethod
    def of(
        cls, texts: Sequence[str], term_of: dict[str, int], add_term: Callable[[str], int]
    ) -> Read:
        flat, lengths, paragraph, spans = tokenized(texts, term_of, add_term)
        as_ints = [np.frombuffer(a, dtype=np.int32) for a in (flat, lengths, paragraph, spans)]
        return cls(texts, as_ints[0], as_ints[1], as_ints[2], as_ints[3].reshape(-1, 2))


@dataclass(frozen=True)
class Occurrences:
    """Every term occurrence of some `Read`s (stop words left out), in reading order."""

    terms: I32
    sentences: I32
    paragraphs: I32
    keys: Ints
    """The phrase of each two adjacent terms of one sentence (`index.phrase_keys`)..."""
    key_paragraphs: I32
    """...and its paragraph."""

    @classmethod
    def of(cls, read: Read) -> Occurrences:
        sentence = np.repeat(np.arange(len(read.lengths), dtype=np.int32), read.lengths)
        held = read.terms >= 0
        terms, sentence = read.terms[held], sentence[held]
        paragraphs = read.paragraph[sentence]
        together = sentence[:-1] == sentence[1:]
        keys = phrase_keys(terms[:-1][together], terms[1:][together])
        return cls(terms, sentence, paragraphs, keys, paragraphs[:-1][together])


def joined(reads: Sequence[Read]) -> Read:
    """Several `Read`s as one, their paragraphs and sentences one after the other."""
    if len(reads) == 1:
        return reads[0]
    paragraphs = np.cumsum([0, *(len(r.texts) for r in reads)])[:-1]
    return Read(
        [text for r in reads for text in r.texts],
        np.concatenate([r.terms for r in reads]),
        np.concatenate([r.lengths for r in reads]),
        np.concatenate(
            [r.paragraph + np.int32(p) for r, p in zip(reads, paragraphs, strict=True)]
        ),
        np.concatenate([r.spans for r in reads]).reshape(-1, 2),
    )


def used_by(rows: npt.NDArray[np.integer], units: I32, n_rows: int) -> Ints:
    """How many distinct units hold each row, for occurrences `(rows[i], units[i])`."""
    per_row = int(units.max()) + 1 if len(units) else 1
    pairs = np.unique(rows.astype(np.int64) * per_row + units)
    return np.bincount(pairs // per_row, minlength=n_rows).astype(np.int64)
