"""What a question asks for (`answer_type.Asked`), found in the index: the terms that hold its
focus, the one that says it in other words, and whether a paragraph holds what a strict
question needs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from knowledge.search.answer_held import holds_type
from knowledge.search.answer_type import VETO_TYPES, Asked
from knowledge.search.postings import Postings
from knowledge.search.text import stem

__all__ = ["Focus", "focus_in"]


@dataclass(frozen=True)
class Focus:
    """A question's focus as index terms."""

    asked: Asked
    terms: frozenset[int]
    """The terms that hold the focus: its own word and the words that say it otherwise."""
    otherwise: frozenset[int]
    """Those of `terms` that say it in other words than its own ("vowed" for "intentions")."""
    owners: frozenset[int] = frozenset()
    """The terms of what the attribute is asked of (`Asked.owners`) that the articles use."""

    def held_by(self, paragraphs: Postings, paragraph: int) -> bool:
        """Whether a paragraph holds one of the focus terms."""
        return any(paragraphs.holds(term, paragraph) for term in self.terms)

    def answered_by(self, paragraphs: Postings, paragraph: int, text: str) -> bool:
        """Whether a paragraph holds what a strict question (`Asked.strict`) asks for: its
        focus, or its answer type; one asking an attribute of something named must name it
        too ("the capital of Qatar": not a paragraph about another capital)."""
        asked = self.asked
        if self.owners and not any(paragraphs.holds(term, paragraph) for term in self.owners):
            return False
        if asked.focus is not None and self.held_by(paragraphs, paragraph):
            return True
        kind = asked.kind
        held_type = kind in VETO_TYPES or (kind == "date" and asked.focus is not None)
        return held_type and holds_type(str(kind), text)

    def said_as(self, paragraphs: Postings, others: Sequence[int]) -> int | None:
        """The term that says the focus in other words, if any: of several, the one found in
        most paragraphs with the question's other terms, then the rarest, then the first the
        articles use."""
        with_others = np.zeros(paragraphs.n_units, dtype=bool)
        for term in others:
            with_others[paragraphs.units_of(term)] = True

        def fit(term: int) -> tuple[int, float]:
            together = int(with_others[paragraphs.units_of(term)].sum())
            return together, float(paragraphs.idf[term])

        terms = sorted(self.otherwise)
        return max(terms, key=fit) if terms else None


def focus_in(vocabulary: Mapping[str, int], asked: Asked) -> Focus:
    """The focus of `asked` as terms of an index with this vocabulary (stem -> term id)."""
    own = stem(asked.focus) if asked.focus else ""
    found = {word: vocabulary.get(word) for word in asked.held_by}
    terms = frozenset(term for term in found.values() if term is not None)
    otherwise = frozenset(t for word, t in found.items() if t is not None and word != own)
    owners = frozenset(t for t in map(vocabulary.get, asked.owners) if t is not None)
    return Focus(asked, terms, otherwise, owners)
