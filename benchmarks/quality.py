"""Answer quality: every method on the SQuAD articles and on the seed questions."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from benchmarks.baselines import METHODS, Search
from benchmarks.timing import percentile, time_calls
from knowledge import BUNDLED_DIR, Article, Match, load_knowledge
from knowledge.evaluation import (
    Question,
    Report,
    SquadArticle,
    read_lines,
    read_questions,
    read_squad,
    with_typo,
)

WITHIN = "SQuAD, within one article"
TYPOS = "SQuAD, one typo per question"
COMBINED = "SQuAD, all articles in one folder"
SEED = "seed questions, bundled article"

Results = dict[str, dict[str, Report]]
"""Row -> method key -> report."""


def run_squad(path: Path, split: str, keys: Sequence[str]) -> Results:
    """Each article as its own knowledge folder (asked as is and with one typo per question),
    then all articles in one folder. Every method gets the same files and the same questions."""
    articles = read_squad(read_lines(path), split)
    results: Results = {row: {key: Report() for key in keys} for row in (WITHIN, TYPOS, COMBINED)}
    groups: list[tuple[list[SquadArticle], tuple[tuple[str, bool], ...]]] = [
        ([article], ((WITHIN, False), (TYPOS, True))) for article in articles
    ]
    groups.append((articles, ((COMBINED, False),)))
    with tempfile.TemporaryDirectory(prefix="article-bot-bench-") as tmp:
        for number, (group, rows) in enumerate(groups):
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
            for key in keys:
                search = METHODS[key][1](folder, corpus)
                for row, typos in rows:
                    asked = [with_typo(q.text) if typos else q.text for q in questions]
                    report = results[row][key]
                    for question, matches in zip(questions, search(asked), strict=True):
                        report.add(question, matches)
    return results


def run_seed(
    path: Path, keys: Sequence[str], repeat: int = 25
) -> tuple[Results, dict[str, float]]:
    """The seed questions against the bundled article, and each method's p50 time per
    question there (every question asked `repeat` times, one at a time)."""
    questions = read_questions(read_lines(path))
    articles = load_knowledge().articles  # baselines get the paragraphs as the engine cut them
    results: Results = {SEED: {}}
    p50: dict[str, float] = {}
    for key in keys:
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
