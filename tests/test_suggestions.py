"""Suggested questions read as a person asks them, and each is answered when asked."""

from __future__ import annotations

import pytest

from knowledge import Article, KnowledgeBase, reply_to
from knowledge.dialogue import suggestions_for
from knowledge.dialogue.asking import questions, verb_base
from knowledge.dialogue.followup import needs_context

TOWN = Article(
    "town.md",
    "Harbourton news",
    (
        "Harbourton Council has approved the northern harbour wall after a long debate.",
        "Mayor Alice Brennan said that the building work would start in May.",
        "About 300 fishing boats remain moored in the old basin this winter.",
        "Kestrel Shipping has threatened that it will move its ferries elsewhere.",
    ),
)
WH = ("Who ", "What ", "How many ", "When ", "Where ", "Tell me about ")


@pytest.mark.parametrize(
    ("sentence", "question"),
    [
        (TOWN.paragraphs[0], "Who has approved the northern harbour wall?"),
        (TOWN.paragraphs[1], "What did Alice Brennan say?"),
        (TOWN.paragraphs[2], "How many fishing boats remain moored in the old basin this winter?"),
        (TOWN.paragraphs[3], "What did Kestrel Shipping threaten?"),
        ("Negotiations have stalled amid gaps, officials said.", None),  # no name, no question
        ("The plan works, unless Harbourton agreed to sell it.", None),  # not what happened
        ("In 2019 boats were sold.", None),  # a year is not a count
        ("The Harbourton Council stressed the decision would not change.", None),  # a clause
        ("After the vote, Alice Brennan reported to him.", "Who did Alice Brennan report to?"),
        (
            "Kestrel Shipping managed to sell two ferries.",
            "What did Kestrel Shipping manage to do?",
        ),
        ("Kestrel Shipping confessed to the dumping.", "What did Kestrel Shipping confess to?"),
        ("What would have happened had Kestrel Shipping gone to the council?", None),  # a question
        ("Would Alice Brennan have said no?\u201d", None),
    ],
)
def test_a_sentence_gives_the_question_a_person_would_ask_about_it(
    sentence: str, question: str | None
) -> None:
    found = [question for question, _ in questions(sentence)]
    assert found[:1] == ([question] if question else [])


@pytest.mark.parametrize(
    ("past", "verb"),
    [
        ("threatened", "threaten"),
        ("vowed", "vow"),
        ("agreed", "agree"),
        ("stopped", "stop"),
        ("tried", "try"),
        ("hoped", "hope"),
        ("led", "lead"),
        ("said", "say"),
        ("hundred", None),
    ],
)
def test_a_past_form_is_asked_with_its_verb(past: str, verb: str | None) -> None:
    assert verb_base(past) == verb


def test_suggestions_for_an_article_are_its_own_questions_each_answered_from_its_paragraph() -> (
    None
):
    kb = KnowledgeBase([TOWN])
    suggested = suggestions_for(kb)
    assert len(suggested) == 3
    quoted = set()
    for question in suggested:
        assert question.startswith(WH)
        assert not question.startswith("What about")  # that is how a follow-up opens
        assert not needs_context(question)  # typed after another question, it stands alone
        reply = reply_to(kb, question)
        assert reply.kind == "answer"
        assert reply.quoted is not None
        quoted.add(reply.quoted.passage.number)
    assert len(quoted) == 3


def test_bundled_article_suggests_questions_a_person_would_type(
    knowledge: KnowledgeBase,
) -> None:
    suggested = suggestions_for(knowledge)
    assert len(suggested) == 3
    assert all(q.startswith(WH) and q.endswith("?") for q in suggested)
    assert not any("What about" in q for q in suggested)
