"""One tokenizer: a question is cut into exactly the terms of a paragraph with the same words."""

from __future__ import annotations

import pytest

from knowledge import Article, KnowledgeBase
from knowledge.search.index import Index

OTHER = "Farmers on the plateau raise goats whose fleece is dyed before the market."

TEXTS = [
    "A state-of-the-art lab opened in the old mill.",  # hyphenated compound
    "The cease-fire held for a well-known three-day truce.",
    "Qatar's envoy and the mayor\u2019s office met at O'Brien's café.",  # apostrophes
    "Beyoncé sang in São Paulo and Zürich for the Académie.",  # accents
    "About 1,200 people paid 3.5 dollars each in 2024 on Oct. 7.",  # numbers
    "COVID-19 and F-16 jets: a mid-2020s re-run of the 1990s in the 19th-century hall.",
]


def paragraph_terms(index: Index, paragraph: int) -> set[int]:
    return {
        term
        for term in range(len(index.vocabulary))
        if paragraph in index.paragraphs.units_of(term).tolist()
    }


@pytest.mark.parametrize("text", TEXTS)
def test_question_is_cut_into_the_same_terms_as_the_paragraph(text: str) -> None:
    index = Index([Article("a.md", "A", (text, OTHER))])
    query = index.query_terms(text)
    assert all(q.term is not None and q.boost == 1.0 for q in query), query
    assert {q.term for q in query} == paragraph_terms(index, 0)


@pytest.mark.parametrize(
    ("question", "text"),
    [
        ("state-of-the-art lab", "A state-of-the-art lab opened in the old mill."),
        ("Qatar\u2019s envoy", "Qatar's envoy met the mayor."),
        ("cafe in Sao Paulo", "They met at a café in São Paulo."),
        ("1,200 people in 2024", "About 1200 people came in 2024."),
    ],
)
def test_question_written_like_the_paragraph_gets_full_confidence(
    question: str, text: str
) -> None:
    knowledge = KnowledgeBase([Article("a.md", "A", (text, OTHER))])
    matches = knowledge.search(question)
    assert matches, question
    assert matches[0].passage.text == text
    assert matches[0].confidence == 1.0


def test_contractions_of_stop_words_are_stop_words() -> None:
    index = Index([Article("a.md", "A", (OTHER,))])
    assert [q.word for q in index.query_terms("What's the fleece? Where's the market?")] == [
        "fleece",
        "market",
    ]


def test_a_slip_for_a_stop_word_is_dropped_not_counted_against_the_paragraph() -> None:
    knowledge = KnowledgeBase([Article("a.md", "A", (OTHER, TEXTS[0]))])
    index = knowledge.index
    assert [q.word for q in index.query_terms("goats againat the market")] == ["goats", "market"]


@pytest.mark.parametrize(
    ("question", "paragraph"),
    [
        ("What did the envoy say?", "The envoy said the talks would resume."),
        ("Who was taken by the raiders?", "The raiders took three sheep and a dog."),
        ("Where are the prisoners held?", "They hold the prisoners in the old fort."),
    ],
)
def test_an_irregular_past_form_is_the_same_word_as_its_verb(
    question: str, paragraph: str
) -> None:
    knowledge = KnowledgeBase([Article("a.md", "Notes", (OTHER, paragraph))])
    matches = knowledge.search(question)
    assert matches, f"{question!r} was refused"
    assert matches[0].passage.text == paragraph


def test_left_is_not_read_as_leave() -> None:
    """ "How many are left?" asks what remains: "left" stays its own word."""
    index = KnowledgeBase([Article("a.md", "Notes", ("They leave at noon.", OTHER))]).index
    [term] = index.query_terms("left")
    assert term.term is None
