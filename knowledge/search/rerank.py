"""The two stages that rank the pooled paragraphs after BM25 (`index.Index.ranked`).

- `best_sentences`: each pooled paragraph's best sentence by BM25, scoring only the sentences
  of the pool, so the cost grows with the pool, not with the archive.
- `rerank`: the best `RERANK_DEPTH` paragraphs compared with the question once more, by
  RapidFuzz on the surface text of their best sentence (`token_set_ratio`, `partial_ratio`),
  plus whether they hold the answer type asked for, say the focus in other words, and belong
  to the article the question is about.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from knowledge.search.answer_held import holds_type
from knowledge.search.focus import Focus
from knowledge.search.postings import Postings
from knowledge.search.query import Ranked
from knowledge.search.tuning import Tuning

__all__ = ["best_sentences", "rerank"]


def best_sentences(
    sentences: Postings,
    first_sentence: npt.NDArray[np.integer],
    pool: npt.NDArray[np.intp],
    terms: list[int],
    boosts: list[float],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    """Each pooled paragraph's best sentence by BM25 and its score; paragraph `p`'s sentences
    are `first_sentence[p]` up to `first_sentence[p + 1]`."""
    if len(pool) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    first, last = first_sentence[pool], first_sentence[pool + 1]
    counts = last - first  # at least one: a paragraph without sentences scores nothing
    ends = np.cumsum(counts)
    starts = ends - counts
    pooled = np.arange(int(ends[-1])) + np.repeat(first - starts, counts)
    sentence_scores = sentences.score_of(terms, boosts, pooled)
    # Each paragraph's first sentence that scores its best, as `np.argmax` would pick it.
    best = np.maximum.reduceat(sentence_scores, starts)
    at_best = np.flatnonzero(sentence_scores == np.repeat(best, counts))
    local = at_best[np.searchsorted(at_best, starts)]
    return pooled[local].astype(np.int64), sentence_scores[local]


def rerank(
    question: str,
    candidates: npt.NDArray[np.intp],
    scores: npt.NDArray[np.float32],
    texts: Sequence[str],
    spans: npt.NDArray[np.int32],
    paragraphs: Postings,
    focus: Focus,
    about: npt.NDArray[np.float64],
    tuning: Tuning,
) -> list[Ranked]:
    """Candidates (best by BM25 first; their `texts` and their best sentence's `spans` in
    them) re-scored with RapidFuzz on that sentence, plus how much their article is what the
    question is about (`about`, `articles.evidence`), best first. `question` is read with its
    slips corrected (`typos.as_read`): "hostges" is compared as "hostages"."""
    if len(candidates) == 0:
        return []
    best_score = float(scores[candidates[0]])
    query = default_process(question)
    kind = focus.asked.kind
    kind_bonus = tuning.date_weight if kind == "date" else tuning.type_weight
    said_otherwise: list[bool] = [False] * len(candidates)
    if focus.otherwise:
        held = paragraphs.contains(sorted(focus.otherwise), candidates)
        said_otherwise = np.any(held, axis=0).tolist()
    sentences = [
        default_process(text[a:b]) for text, (a, b) in zip(texts, spans.tolist(), strict=True)
    ]
    # One call a scorer for all the candidates' sentences: the same scores as a call a pair.
    set_ratios, partial_ratios = (
        process.cdist([query], sentences, scorer=scorer, dtype=np.float64)[0].tolist()
        for scorer in (fuzz.token_set_ratio, fuzz.partial_ratio)
    )
    ranked = []
    for paragraph, text, score, set_ratio, partial_ratio, otherwise, share in zip(
        candidates.tolist(),
        texts,
        scores[candidates].tolist(),
        set_ratios,
        partial_ratios,
        said_otherwise,
        about.tolist(),
        strict=True,
    ):
        set_ratio /= 100
        rank = (
            score / best_score
            + tuning.set_ratio_weight * set_ratio
            + tuning.partial_ratio_weight * partial_ratio / 100
            + tuning.article_weight * share
        )
        if kind and holds_type(kind, text, question):
            rank += kind_bonus
        if otherwise:
            rank += tuning.focus_weight
        ranked.append(Ranked(paragraph, rank, set_ratio))
    ranked.sort(key=lambda candidate: -candidate.rank)
    return ranked
