"""Words related in meaning, from WordNet: what a question word the articles never use may mean
in words they do ("prisoners" -> "hostages", "stop" -> "end").

The table (`data/related.tsv.gz`, derived from WordNet 3.0 by `tools/wordnet_table.py`, licence
in `data/LICENSE-WordNet.txt`) gives each English word's synonyms in its first senses (`syn`),
derived forms (`der`: "abduct" / "abduction"), direct hyponyms (`hypo`: "prisoner" ->
"hostage") and direct hypernyms (`hyper`: "hostage" -> "captive"). A word is looked up by its
lemmas, found as WordNet's own `morphy` finds them: its exception lists ("held" -> "hold"),
then its detachment rules ("prisoners" -> "prisoner", "abducted" -> "abduct"). The table is
read once, when an index is built (`load`).
"""

from __future__ import annotations

import gzip
from array import array
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib.resources import files

import numpy as np

from knowledge.search import english
from knowledge.search.postings import Postings
from knowledge.search.query import QueryTerm
from knowledge.search.text import stem
from knowledge.search.tuning import Tuning

__all__ = ["RELATIONS", "expand", "lemmas", "load", "related", "said_otherwise"]

MIN_LENGTH = 4
"""Shorter words are left alone: "lit" is "light", which leads anywhere."""
RELATIONS = ("syn", "der", "hypo", "hyper")
"""The relations kept, closest first; `related` adds "far": two steps through `STEPS`."""
STEPS = ("hypo", "hyper")
"""The relations a second step may follow: a kind of a kind ("insist" -> "assert" -> "say"),
what a kind of it is ("abduct" -> "seize" -> "take"), its siblings."""
_RULES = (
    ("s", ""),
    ("ses", "s"),
    ("xes", "x"),
    ("zes", "z"),
    ("ches", "ch"),
    ("shes", "sh"),
    ("men", "man"),
    ("ies", "y"),
    ("es", "e"),
    ("es", ""),
    ("ed", "e"),
    ("ed", ""),
    ("ing", "e"),
    ("ing", ""),
    ("er", ""),
    ("est", ""),
    ("er", "e"),
    ("est", "e"),
)
"""WordNet's detachment rules (nouns, verbs, adjectives), suffix -> what replaces it."""


@lru_cache(maxsize=1)
def table() -> tuple[str, list[str], array[int]]:
    """The table's text, its words in order, and where each word's lines start in the text
    (one more at the end): a word is found by bisection, its lines read only when asked."""
    path = files("knowledge.search").joinpath("data").joinpath("related.tsv.gz")
    text = gzip.decompress(path.read_bytes()).decode("utf-8")
    words: list[str] = []
    starts = array("l")
    position = 0
    for line in text.splitlines(keepends=True):
        word = line[: line.index("\t")]
        if not words or words[-1] != word:
            words.append(word)
            starts.append(position)
        position += len(line)
    starts.append(len(text))
    return text, words, starts


def load() -> None:
    """Read the table now rather than at the first question."""
    table()


def relations_of(word: str) -> dict[str, tuple[str, ...]]:
    """A word's relations in the table, each to its related words; "=" holds the bases WordNet
    gives an irregular form. Empty for a word the table does not list."""
    text, words, starts = table()
    at = bisect_left(words, word)
    if at == len(words) or words[at] != word:
        return {}
    found = {}
    for line in text[starts[at] : starts[at + 1]].splitlines():
        _, relation, related_words = line.split("\t")
        found[relation] = tuple(related_words.split())
    return found


def lemmas(word: str) -> list[str]:
    """The base forms of a normalised word that the table knows, the word itself first."""
    own = relations_of(word)
    found = [word] if own else []
    found += [base for base in own.get("=", ()) if relations_of(base)]
    for suffix, replacement in _RULES:
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            base = word[: -len(suffix)] + replacement
            if relations_of(base):
                found.append(base)
    return list(dict.fromkeys(found))


def related(word: str) -> dict[str, str]:
    """The words related to a normalised word (through any of its lemmas), each with the
    closest relation (`RELATIONS`) that links them; a lemma other than the word itself is a
    synonym of it ("held" -> "hold"), and a word two hyponym or hypernym steps away is "far"."""
    bases = {lemma: relations_of(lemma) for lemma in lemmas(word)}
    found = dict.fromkeys((lemma for lemma in bases if lemma != word), "syn")
    for relation in RELATIONS:
        for lemma in bases:
            for other in bases[lemma].get(relation, ()):
                if other != word:
                    found.setdefault(other, relation)
    for other, relation in list(found.items()):
        if relation in STEPS:  # two steps: "insisting" -> "assert" -> "say"
            for then in STEPS:
                for far in relations_of(other).get(then, ()):
                    if far != word:
                        found.setdefault(far, "far")
    return found


def said_otherwise(
    word: str,
    vocabulary: Mapping[str, int],
    paragraphs: Postings,
    others: Sequence[int],
    weights: Mapping[str, float],
) -> tuple[int, float, str] | None:
    """The index term that says a word the articles never use in their own words, its weight
    and the related word it stands for: of the related words the articles use, by the weight
    of their relation (`weights`, a relation left out or at 0 is not followed), then the one
    found in most paragraphs with the question's `others` terms, then the rarest."""
    candidates: dict[int, tuple[float, str]] = {}
    for other, relation in related(word).items():
        weight = weights.get(relation, 0.0)
        term = vocabulary.get(stem(other))
        if weight > 0 and term is not None and weight > candidates.get(term, (0.0, ""))[0]:
            candidates[term] = (weight, other)
    if not candidates:
        return None
    with_others = np.zeros(paragraphs.n_units, dtype=bool)
    for term in others:
        with_others[paragraphs.units_of(term)] = True

    def fit(term: int) -> tuple[float, int, float, int]:
        together = int(with_others[paragraphs.units_of(term)].sum())
        return candidates[term][0], together, float(paragraphs.idf[term]), -term

    best = max(candidates, key=fit)
    return best, candidates[best][0], candidates[best][1]


def expand(
    found: dict[str, QueryTerm],
    vocabulary: Mapping[str, int],
    paragraphs: Postings,
    tuning: Tuning,
) -> None:
    """Read each question word (of `found`, by word) that no article uses, is no slip for one,
    is written lowercase and is rarer in English than `Tuning.related_max_zipf`, as the
    article word related to it (`said_otherwise`), at its relation's weight."""
    weights = tuning.related_weights
    if not any(weights.values()):
        return
    others = [q.term for q in found.values() if q.term is not None]
    for word, q in found.items():
        if (
            q.term is None
            and not q.name
            and q.meant == word
            and word.isalpha()
            and len(word) >= MIN_LENGTH
            and english.zipf(word) < tuning.related_max_zipf
        ):
            said = said_otherwise(word, vocabulary, paragraphs, others, weights)
            if said is not None:
                found[word] = QueryTerm(word, said[0], said[1], said[2], q.name)
