"""Article-level evidence: which article a question is about, from the articles its terms occur in.

A paragraph's BM25 weighs a term by how many paragraphs use it, so a name that one article
uses throughout ("Hamas" in six of its paragraphs) weighs less than a word that another article
uses once or twice ("exchange"), and among several articles the paragraph of the wrong one can
come first. Counted over articles instead, a term only one article uses is the strongest sign of
which article is meant, and a term every article uses ("Trump" in all seven) says nothing
about that, though it still counts fully inside each paragraph's BM25. `evidence` gives each
candidate paragraph the article-level weight of the question terms its article uses anywhere,
relative to the best candidate's article; the rerank adds it (`Tuning.article_weight`). With
one article every candidate gets the same, and nothing moves.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from knowledge.search.postings import Postings
from knowledge.search.query import QueryTerm
from knowledge.search.signals import question_weight

__all__ = ["article_idf", "evidence", "topic"]


def article_idf(n_articles: int, n_using: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """BM25's IDF of terms that `n_using` of `n_articles` articles use."""
    idf: npt.NDArray[np.float64] = np.log1p((n_articles - n_using + 0.5) / (n_using + 0.5))
    return idf


def evidence(
    paragraphs: Postings,
    paragraph_article: npt.NDArray[np.int32],
    n_articles: int,
    query: Sequence[QueryTerm],
    boosts: dict[int, float],
    candidates: npt.NDArray[np.intp],
) -> npt.NDArray[np.float64]:
    """For each candidate paragraph, the sum over the question's terms its article uses of
    their `article_idf` times their boost (`boosts`: term -> boost) times their English weight
    (`signals.question_weight`), over the largest such sum among the candidates: 0 to 1, and
    all 0 with a single article. `paragraph_article` is each paragraph's article (ascending);
    `n_articles` are in the index (an article whose paragraphs are never found uses no term)."""
    found: npt.NDArray[np.float64] = np.zeros(len(candidates), dtype=np.float64)
    if len(candidates) == 0 or n_articles < 2 or not boosts:
        return found
    rarity: dict[int, float] = {}
    for q in query:
        if q.term is not None:
            rarity[q.term] = max(question_weight(q), rarity.get(q.term, 0.0))
    terms = list(boosts)
    # A term's postings are in paragraph order and each article's paragraphs one stretch, so
    # the (term, article) pairs of all the terms' postings, in order, change only where a new
    # article (or a new term) begins: the distinct pairs are which articles use which terms.
    posted = [paragraphs.units_of(term) for term in terms]
    numbered = int(paragraph_article[-1]) + 1  # with those taken out (`tail`), not counted
    rows = np.arange(len(terms), dtype=np.int64)
    pairs = np.repeat(rows * numbered, [len(units) for units in posted])
    pairs += paragraph_article[np.concatenate(posted)]
    first = np.ones(len(pairs), dtype=bool)
    np.not_equal(pairs[1:], pairs[:-1], out=first[1:])
    used = pairs[first]
    using = np.bincount(used // numbered, minlength=len(terms))
    held = np.zeros((len(terms), len(candidates)), dtype=bool)  # term in candidate's article
    if len(used):
        wanted = rows[:, None] * numbered + paragraph_article[candidates]
        at = np.minimum(np.searchsorted(used, wanted), len(used) - 1)
        held = used[at] == wanted
    weights = np.asarray([boosts[t] * rarity.get(t, 1.0) for t in terms], dtype=np.float64)
    found = weights * article_idf(n_articles, using) @ held
    best = float(found.max())
    if best > 0:
        found /= best
    return found


def topic(
    paragraphs: Postings,
    paragraph_article: npt.NDArray[np.integer],
    paragraph: int,
    present: frozenset[int],
) -> float:
    """`Signals.topic`: the largest share of the paragraph's article's paragraphs that hold
    one of the question's terms it holds (`paragraph_article`: each paragraph's article, in
    order)."""
    article = paragraph_article[paragraph]
    first, end = np.searchsorted(paragraph_article, [article, article + 1])
    shares = (np.searchsorted(paragraphs.units_of(t), [first, end]) for t in present)
    return max((float(b - a) for a, b in shares), default=0.0) / float(end - first)
