"""Answer quality: every method on the SQuAD articles and on the seed questions."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from functools import partial
from pathlib import Path

import numpy as np

from benchmarks.baselines import DERIVED, METHODS, Search
from benchmarks.timing import percentile, time_calls
from knowledge import BUNDLED_DIR, Article, Match, load_knowledge
from knowledge.evaluation.scoring import (
    Question,
    Report,
    SquadArticle,
    asked_elsewhere,
    read_lines,
    read_questions,
    read_squad,
    with_typo,
)

WITHIN = "SQuAD, within one article"
TYPOS = "SQuAD, one typo per question"
COMBINED = "SQuAD, all articles in one folder"
OFFTOPIC = "SQuAD, each article asked another article's questions"
SEED = "seed questions, bundled article"

Results = dict[str, dict[str, Report]]
"""Row -> method key -> report."""


def run_squad(path: Path, split: str, keys: Sequence[str]) -> tuple[Results, float | None]:
    """Each article as its own knowledge folder (asked its own questions as is and with one typo
    per question, then the questions of another article, which it does not answer), then all
    articles in one folder. Every method gets the same files and the same questions.

    Also returns the score cutoff given to BM25 (`with_cutoff`), when that column is asked for.
    """
    rows = read_lines(path)
    articles = read_squad(rows, split)
    others = [a.questions for a in asked_elsewhere(rows, split)]
    names = (WITHIN, TYPOS, COMBINED, OFFTOPIC)
    methods = [key for key in keys if key not in DERIVED]
    results: Results = {row: {key: Report() for key in methods} for row in names}
    answers: dict[str, dict[str, list[tuple[Question, list[Match]]]]] = {
        key: {row: [] for row in names} for key in methods
    }
    groups: list[tuple[list[SquadArticle], tuple[tuple[str, bool], ...], list[Question]]] = [
        ([article], ((WITHIN, False), (TYPOS, True)), [Question(text) for text, _ in other])
        for article, other in zip(articles, others, strict=True)
    ]
    groups.append((articles, ((COMBINED, False),), []))
    with tempfile.TemporaryDirectory(prefix="article-bot-bench-") as tmp:
        for number, (group, variants, off_topic) in enumerate(groups):
            folder = Path(tmp) / str(number)
            folder.mkdir()
            for article in group:
                (folder / article.file_name).write_text(article.knowledge_file(), "utf-8")
            corpus = [Article(a.file_name, a.title, a.passages) for a in group]
            questions = [
                Question(text, gold=" ".join(a.passages[gold].split()), article=a.file_name)
                for a in group
                for text, gold in a.questions
            ]
            for key in methods:
                search = METHODS[key][1](folder, corpus)
                asked = [(row, questions, typos) for row, typos in variants]
                if off_topic:
                    asked.append((OFFTOPIC, off_topic, False))
                for row, these, typos in asked:
                    texts = [with_typo(q.text) if typos else q.text for q in these]
                    for question, matches in zip(these, search(texts), strict=True):
                        results[row][key].add(question, matches)
                        answers[key][row].append((question, matches))
    cutoff = None
    for derived, source in DERIVED.items():
        if derived in keys and source in methods and "ours" in methods:
            cutoff = with_cutoff(results, answers[source], derived)
    return results, cutoff


def with_cutoff(
    results: Results, answers: dict[str, list[tuple[Question, list[Match]]]], key: str
) -> float:
    """Add column `key`: the given method's answers, refused when the top score is below the
    cutoff at which it refuses the same share of answerable questions as ours (within one
    article). Returns the cutoff."""
    ours = results[WITHIN]["ours"]
    share = ours.refused_answerable / max(ours.answerable, 1)
    top = [matches[0].confidence for q, matches in answers[WITHIN] if q.answerable and matches]
    cutoff = float(np.quantile(top, share)) if top else 0.0
    for row, asked in answers.items():
        report = results[row][key] = Report()
        for question, matches in asked:
            report.add(question, matches if matches and matches[0].confidence >= cutoff else [])
    return cutoff


def run_seed(
    path: Path, keys: Sequence[str], repeat: int = 25
) -> tuple[Results, dict[str, float]]:
    """The seed questions against the bundled article, and each method's p50 time per
    question there (every question asked `repeat` times, one at a time)."""
    questions = read_questions(read_lines(path))
    articles = load_knowledge().articles  # baselines get the paragraphs as the engine cut them
    results: Results = {SEED: {}}
    p50: dict[str, float] = {}
    for key in [key for key in keys if key not in DERIVED]:
        search = METHODS[key][1](BUNDLED_DIR, articles)
        report = Report()
        for question, matches in zip(questions, search([q.text for q in questions]), strict=True):
            report.add(question, matches)
        results[SEED][key] = report
        times, _ = time_calls(partial(ask_one, search), [q.text for q in questions] * repeat)
        p50[key] = percentile(times, 50)
    return results, p50


def ask_one(search: Search, question: str) -> list[Match]:
    return search([question])[0]
