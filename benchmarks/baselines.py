"""The methods compared: our engine and the baselines, behind one interface.

Each method is built from a knowledge folder and the same articles read from it, and answers a
batch of questions with ranked `Match` lists, so that `evaluation.scoring.Report` scores all
of them alike. Baselines always return something: they never refuse.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import bm25s
import numpy as np
import Stemmer
from rapidfuzz import fuzz, process, utils

from knowledge import Article, Match, Passage, load_knowledge
from knowledge.evaluation.scoring import RANKS
from knowledge.search.text import STOP_WORDS

Search = Callable[[Sequence[str]], list[list[Match]]]
"""Questions in, one ranked list of matches per question out."""
Builder = Callable[[Path, Sequence[Article]], Search]

NLTK_STOP_WORDS = sorted(STOP_WORDS)
"""NLTK's 179 English stop words (the engine's list is exactly NLTK's)."""


def build_ours(folder: Path, articles: Sequence[Article]) -> Search:
    knowledge = load_knowledge(folder)

    def search(questions: Sequence[str]) -> list[list[Match]]:
        return [knowledge.search(question, limit=RANKS) for question in questions]

    return search


def passages_of(articles: Sequence[Article]) -> tuple[list[str], list[Passage]]:
    """Every paragraph as the baseline sees it, and as a `Passage` (whitespace normalised, as
    the evaluation compares it) for reporting."""
    texts = [text for article in articles for text in article.paragraphs]
    passages = [
        Passage(article, number, " ".join(text.split()))
        for article in articles
        for number, text in enumerate(article.paragraphs, start=1)
    ]
    return texts, passages


def rapidfuzz_builder(
    scorer: Callable[..., float], processor: Callable[[str], str] | None = None
) -> Builder:
    def build(folder: Path, articles: Sequence[Article]) -> Search:
        texts, passages = passages_of(articles)

        def search(questions: Sequence[str]) -> list[list[Match]]:
            # The scores `extractOne` compares, all at once; a stable sort puts the first of
            # tied paragraphs first, as `extractOne` does, so the top answer is its answer.
            scores = process.cdist(questions, texts, scorer=scorer, processor=processor)
            ranked = np.argsort(-scores, axis=1, kind="stable")[:, :RANKS]
            return [
                [Match(passages[int(i)], float(row_scores[i]) / 100) for i in row]
                for row, row_scores in zip(ranked, scores, strict=True)
            ]

        return search

    return build


def bm25_builder(stop_words: str | list[str]) -> Builder:
    """BM25 through bm25s (its defaults: Lucene variant, k1 1.5, b 0.75), Snowball stems."""

    def build(folder: Path, articles: Sequence[Article]) -> Search:
        texts, passages = passages_of(articles)
        stemmer = Stemmer.Stemmer("english")
        retriever = bm25s.BM25()
        retriever.index(
            bm25s.tokenize(texts, stopwords=stop_words, stemmer=stemmer, show_progress=False),
            show_progress=False,
        )
        k = min(RANKS, len(texts))

        def search(questions: Sequence[str]) -> list[list[Match]]:
            tokens = bm25s.tokenize(
                list(questions),
                stopwords=stop_words,
                stemmer=stemmer,
                return_ids=False,
                show_progress=False,
            )
            documents, scores = retriever.retrieve(tokens, k=k, show_progress=False)
            return [
                [Match(passages[int(d)], float(s)) for d, s in zip(row, row_scores, strict=True)]
                for row, row_scores in zip(documents, scores, strict=True)
            ]

        return search

    return build


METHODS: dict[str, tuple[str, Builder]] = {
    "ours": ("ours", build_ours),
    "wratio": ("rapidfuzz WRatio", rapidfuzz_builder(fuzz.WRatio)),
    # The README's 0.770 for token_set_ratio is with `default_process` (lower case, no
    # punctuation); without it the same call scores 0.677. WRatio is the plain default call
    # (~0.04 either way).
    "token_set": (
        "rapidfuzz token_set_ratio",
        rapidfuzz_builder(fuzz.token_set_ratio, utils.default_process),
    ),
    "bm25_33": ("bm25s, 33 stop words", bm25_builder("en")),
    "bm25_179": ("bm25s, NLTK 179 stop words", bm25_builder(NLTK_STOP_WORDS)),
    "bm25_cutoff": ("bm25s, NLTK 179 stop words, score cutoff", bm25_builder(NLTK_STOP_WORDS)),
}
"""Key -> (column title, builder), in table order. `bm25_cutoff` is `bm25_179` with a score
cutoff below which it refuses (`quality.with_cutoff`); it is derived from `bm25_179`'s answers,
not run again."""
DERIVED = {"bm25_cutoff": "bm25_179"}
"""Columns made from another method's answers -> that method."""
