"""What a question asks for: a paragraph that holds neither its focus nor its answer type does
not answer it, however many of its words it shares."""

from __future__ import annotations

import pytest

from knowledge import Article, KnowledgeBase
from knowledge.search.answer_type import asked
from knowledge.search.text import stem

HARBOUR = (
    "Mayor Elena Vostrik of Port Calder opened the new harbour on Monday, promising that the "
    "fishing fleet of Port Calder would double within a decade."
)
FLEET = (
    "The fleet of Port Calder counts 40 trawlers today, and Vostrik wants it to reach 80; "
    "critics in Port Calder say the fish stocks cannot bear it."
)
AGE = "Vostrik, 52, was born in the hills above Port Calder and trained as an engineer."
CURRENCY = "Port Calder pays in the calder crown, a currency older than the harbour itself."


def knowledge(*paragraphs: str) -> KnowledgeBase:
    return KnowledgeBase([Article("calder.md", "The harbour of Port Calder", paragraphs)])


@pytest.mark.parametrize(
    ("question", "kind", "focus"),
    [
        ("How old is Elena Vostrik?", "age", None),
        ("How many trawlers does the fleet have?", "number", "trawlers"),
        ("What currency does Port Calder use?", None, "currency"),
        ("What is the capital of Calder?", None, "capital"),
        ("What's the capital of Calder?", None, "capital"),
        ("What\u2019s Vostrik's husband's name?", None, "husband"),
        ("What's going on in Port Calder?", None, None),
        ("What is Vostrik's husband's name?", None, "husband"),
        ("When did the harbour open?", "date", None),
        ("How far is Port Calder from the hills?", "measure", None),
        ("How many people live in Port Calder?", None, "population"),
        ("What is Vostrik promising?", None, None),
    ],
)
def test_question_tells_its_answer_type_and_focus(
    question: str, kind: str | None, focus: str | None
) -> None:
    wanted = asked(question)
    assert (wanted.kind, wanted.focus) == (kind, focus)


@pytest.mark.parametrize(
    ("question", "owners"),
    [
        ("What is the capital of Calder?", {"calder"}),
        ("what's the capital of port calder?", {"port", "calder"}),
        ("What is Vostrik's husband's name?", {"vostrik"}),
        ("What is its capital?", set()),
        ("What material's weight gain during rusting was an early clue?", set()),
    ],
)
def test_an_attribute_question_tells_whose_attribute_it_asks(
    question: str, owners: set[str]
) -> None:
    assert asked(question).owners == {stem(w) for w in owners}


@pytest.mark.parametrize(
    "question",
    [
        "How old is Elena Vostrik?",
        "What currency does Port Calder use?",
        "What's the currency of Port Calder?",
        "What is Vostrik's husband's name?",
        "How many people live in Port Calder?",
        "How far is Port Calder from the hills?",
    ],
)
def test_question_about_a_fact_the_article_never_states_is_refused(question: str) -> None:
    assert knowledge(HARBOUR, FLEET).search(question) == []


@pytest.mark.parametrize(
    ("question", "paragraph"),
    [
        ("How old is Elena Vostrik?", AGE),
        ("What currency does Port Calder use?", CURRENCY),
        ("How many trawlers does the fleet of Port Calder have?", FLEET),
    ],
)
def test_the_paragraph_that_states_the_fact_answers_it(question: str, paragraph: str) -> None:
    matches = knowledge(HARBOUR, FLEET, AGE, CURRENCY).search(question)
    assert matches, f"{question!r} was refused"
    assert matches[0].passage.text == paragraph


def test_focus_said_in_other_words_finds_its_paragraph() -> None:
    """ "intentions" is never written; "wants it to reach" says it."""
    matches = knowledge(HARBOUR, FLEET, AGE).search(
        "What are Vostrik's intentions for the trawlers?"
    )
    assert matches, "refused"
    assert matches[0].passage.text == FLEET


BOATS = "The harbour museum shows how the wooden boats were built, plank by plank, in 1950."
REMAIN = "Only 12 of the wooden boats remain; the rest were broken up for firewood."


@pytest.mark.parametrize(
    "question", ["How many wooden boats are left?", "how many wooden boats are still left"]
)
def test_what_is_left_is_what_remains(question: str) -> None:
    matches = knowledge(HARBOUR, BOATS, REMAIN).search(question)
    assert matches, f"{question!r} was refused"
    assert matches[0].passage.text == REMAIN
