"""Several articles: a name only one article uses says which article a question is about.

Three made-up articles: a ferry strike whose union, Marvella, is named in every paragraph;
a museum that wants to exchange its old ferries; the weather. Asked about Marvella in words the
museum's paragraph also uses, the bot quotes a paragraph of the strike that names Marvella,
not the museum's, which never does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge import KnowledgeBase, Tuning, load_knowledge, reply_to
from knowledge.search.articles import evidence

FERRY = """# Ferry crews walk out

Crews of the island ferries walked out on Monday, and Marvella, the union that speaks for \
them, said the strike would go on.

Marvella has said its crews will not return unless the operator brings back the night shifts \
it cut in the spring.

The operator said talks with Marvella would resume on Thursday, and that two ferries would \
still sail each day.

Passengers queued for hours at the pier, and Marvella apologised to them in a statement.
"""
MUSEUM = """# The harbour museum's new hall

The harbour museum wants to exchange two of its old ferries for a steam tram from the city \
collection.

Its director said the hall would open in May, with models of every boat built on the island.

Volunteers have spent the winter painting the old ticket office.
"""
WEATHER = """# A wet week ahead

Rain will reach the coast on Tuesday, and the wind will pick up by the evening.

Forecasters said the weekend would be dry but cold, with frost inland.
"""
WITHOUT = Tuning(article_weight=0.0)


def folder_of(tmp_path: Path, **articles: str) -> Path:
    for name, text in articles.items():
        (tmp_path / f"{name}.md").write_text(text, encoding="utf-8")
    return tmp_path


def three(tmp_path: Path, tuning: Tuning | None = None) -> KnowledgeBase:
    folder = folder_of(tmp_path, ferry=FERRY, museum=MUSEUM, weather=WEATHER)
    return load_knowledge(folder, tuning=tuning)


QUESTION = "What did Marvella say about the old ferries?"


def test_a_name_one_article_uses_gets_that_articles_paragraph(tmp_path: Path) -> None:
    reply = reply_to(three(tmp_path), QUESTION)
    assert reply.kind == "answer"
    assert "Marvella" in reply.matches[0].passage.text
    assert reply.matches[0].passage.article.title == "Ferry crews walk out"


def test_without_article_evidence_the_other_articles_paragraph_came_first(
    tmp_path: Path,
) -> None:
    # What the first test guards against: the museum's paragraph holds "old" and "ferries".
    reply = reply_to(three(tmp_path, WITHOUT), QUESTION)
    assert reply.kind == "answer"
    assert "Marvella" not in reply.matches[0].passage.text


@pytest.mark.parametrize(
    "question", [QUESTION, "Who speaks for the crews?", "When is the strike?"]
)
def test_one_article_alone_is_ranked_as_before(tmp_path: Path, question: str) -> None:
    folder = folder_of(tmp_path, ferry=FERRY)
    with_it = reply_to(load_knowledge(folder), question)
    without = reply_to(load_knowledge(folder, tuning=WITHOUT), question)
    assert with_it.kind == without.kind
    assert [m.passage.text for m in with_it.matches] == [m.passage.text for m in without.matches]


def test_evidence_is_the_share_of_the_best_articles_weight(tmp_path: Path) -> None:
    index = three(tmp_path).index
    query = index.query_terms(QUESTION)
    known = {q.term: 1.0 for q in query if q.term is not None}
    candidates = index.paragraphs.units_of(index.term_of("ferries") or 0).astype("intp")
    found = evidence(
        index.paragraphs, index.paragraph_article, len(index.title_stems), query, known, candidates
    )
    ferry_first = [i for i, p in enumerate(candidates) if "Marvella" in index.texts[p]]
    assert ferry_first
    assert all(found[i] == 1.0 for i in ferry_first)
    assert all(0.0 < found[i] < 1.0 for i in range(len(candidates)) if i not in ferry_first)
