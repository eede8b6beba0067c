"""The pool a question's answers are ranked from is exactly the best paragraphs by BM25, however
few of them `pool.best` compares, and the answers are those of comparing every paragraph."""

from __future__ import annotations

import random

import numpy as np
import pytest

from knowledge import Article
from knowledge.search import index as index_module
from knowledge.search import pool
from knowledge.search.index import POOL_DEPTH, Index

WORDS = [f"{a}{b}{c}" for a in "bdgkmpst" for b in "aeiou" for c in ("lan", "rek", "sod")]


def archive(seed: int) -> tuple[Index, list[str]]:
    """Paragraphs made of a small deck of sentences, each in many paragraphs, so that many
    paragraphs tie on their score, as in a large archive; and questions of their words."""
    rng = random.Random(seed)
    deck = [
        " ".join(rng.choices(WORDS, k=rng.randint(4, 11))).capitalize() + "." for _ in range(300)
    ]
    articles = [
        Article(
            f"part{n}.md",
            f"Part {n}",
            tuple(" ".join(rng.sample(deck, rng.randint(2, 5))) for _ in range(40)),
        )
        for n in range(60)
    ]
    questions = [" ".join(rng.choices(WORDS, k=rng.randint(1, 6))) + "?" for _ in range(150)]
    questions += [rng.choice(deck).rstrip(".") + "?" for _ in range(100)]
    return Index(articles), questions


@pytest.fixture(scope="module")
def made() -> tuple[Index, list[str]]:
    return archive(18)


@pytest.fixture(autouse=True)
def floor_at_any_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """`pool.best` finds its floor however few paragraphs there are (here 2,400)."""
    monkeypatch.setattr(pool, "DIRECT_BELOW", 0)


def test_the_pool_is_the_best_paragraphs_by_score_ties_to_the_earlier(
    made: tuple[Index, list[str]],
) -> None:
    index, questions = made
    rng = random.Random(1)
    compared = 0
    for question in questions:
        terms = [q.term for q in index.query_terms(question) if q.term is not None]
        if not terms:
            continue
        boosts = [rng.choice((1.0, 0.8, 0.7)) for _ in terms]
        pairs = index.phrase_ids(terms)
        found = pool.scores(index.paragraphs, index.phrases, terms, boosts, pairs, 0.5)
        best = pool.best(found, POOL_DEPTH, index.paragraphs, terms, boosts)
        every = np.flatnonzero(found > 0)
        expected = every[np.lexsort((every, -found[every]))][:POOL_DEPTH]
        assert best.tolist() == expected.tolist(), question
        assert best.tolist() == pool.exhaustive(found, POOL_DEPTH).tolist(), question
        compared += len(every) > POOL_DEPTH
    assert compared > 100  # most questions had more paragraphs scoring than the pool holds


def test_phrases_add_the_same_sums_as_over_every_paragraph(
    made: tuple[Index, list[str]],
) -> None:
    index, questions = made
    seen = set()
    for question in questions:
        terms = [q.term for q in index.query_terms(question) if q.term is not None]
        pairs = index.phrase_ids(terms)
        boosts = [0.8] * len(terms)
        found = pool.scores(index.paragraphs, index.phrases, terms, boosts, pairs, 0.5)
        every = index.paragraphs.score(terms, boosts)
        every += 0.5 * index.phrases.score(pairs, [1.0] * len(pairs))
        assert np.array_equal(found, every), question
        seen.add(min(len(pairs), 2))
    assert seen == {0, 1, 2}


def test_answers_are_those_of_comparing_every_paragraph(
    made: tuple[Index, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    index, questions = made
    pruned = [index.find(question, 10) for question in questions]
    monkeypatch.setattr(
        index_module,
        "best_pooled",
        lambda found, depth, *_: pool.exhaustive(found, depth),
    )
    assert [index.find(question, 10) for question in questions] == pruned
    assert sum(bool(found.hits) for found in pruned) > 50
