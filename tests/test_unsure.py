"""Unsure: between a confident answer and a clear refusal, the closest paragraphs are offered
to choose from, and a clearly off-topic question still gets a plain refusal."""

from __future__ import annotations

import json

import pytest

from bot.cli.ask import as_json_line
from knowledge import KnowledgeBase, Tuning, load_knowledge, reply_to
from knowledge.dialogue import LABEL_CHARS, offer_label
from knowledge.search.answer_type import asked, counts_focus

NEAR_MISS = "What is Hamas insisting on?"
"""Shares only "Hamas" with the article; the paragraph that answers says "would not ... unless"."""


@pytest.fixture(scope="module")
def doubtful() -> KnowledgeBase:
    """The bundled article with the unsure band reaching down far enough to hold NEAR_MISS."""
    return load_knowledge(tuning=Tuning(min_unsure=0.01))


def test_a_doubtful_question_is_offered_the_closest_paragraphs(doubtful: KnowledgeBase) -> None:
    reply = reply_to(doubtful, NEAR_MISS)
    assert reply.kind == "unsure"
    assert reply.quoted is None
    assert 1 <= len(reply.offered) <= 3
    assert "not sure" in reply.text
    for match in reply.offered:
        assert match.passage.text in doubtful.index.texts
        assert offer_label(match.passage) in reply.text


def test_offered_paragraphs_are_labelled_by_their_opening_words(doubtful: KnowledgeBase) -> None:
    [first, *_] = reply_to(doubtful, NEAR_MISS).offered
    label = offer_label(first.passage)
    assert len(label) <= LABEL_CHARS
    assert first.passage.text.startswith(label.removesuffix("…"))


@pytest.mark.parametrize(
    "question", ["Who won the World Cup in 2018?", "How old is Donald Trump?", "qwerty uiop"]
)
def test_a_clearly_off_topic_question_is_refused_with_nothing_offered(
    doubtful: KnowledgeBase, question: str
) -> None:
    reply = reply_to(doubtful, question)
    assert reply.kind == "none"
    assert reply.offered == ()


def test_an_answered_question_offers_nothing(doubtful: KnowledgeBase) -> None:
    reply = reply_to(doubtful, "Who is mediating between Israel and Hamas?")
    assert reply.kind == "answer"
    assert reply.offered == ()


def test_ask_json_gives_unsure_with_no_answer_and_the_offered_alternatives(
    doubtful: KnowledgeBase,
) -> None:
    reply = reply_to(doubtful, NEAR_MISS)
    record = json.loads(as_json_line(reply))
    assert record["kind"] == "unsure"
    assert record["answer"] is None
    assert record["score"] is None
    assert [a["answer"] for a in record["alternatives"]] == [m.passage.text for m in reply.offered]
    assert all(a["source"]["paragraph"] >= 1 for a in record["alternatives"])


def test_the_default_band_offers_nothing_for_the_bundled_articles_refusals(
    knowledge: KnowledgeBase,
) -> None:
    """The band was chosen on SQuAD's tuning half: near-miss questions that name the
    article's people ("How old is Donald Trump?") stay plain refusals."""
    for question in (
        "How old is Donald Trump?",
        "What is the capital of Qatar?",
        "Who founded Hamas?",
    ):
        reply = reply_to(knowledge, question)
        assert (reply.kind, reply.offered) == ("none", ())


def test_a_how_many_question_is_offered_the_paragraph_that_counts_it(
    knowledge: KnowledgeBase,
) -> None:
    """Only "hostages" is the article's word, but "roughly 100 hostages remain" counts them."""
    reply = reply_to(knowledge, "How many hostages are still being held?")
    assert reply.kind == "unsure"
    assert "roughly 100 hostages remain" in reply.offered[0].passage.text


def test_a_how_many_question_with_no_noun_is_offered_the_paragraph_that_counts_it(
    knowledge: KnowledgeBase,
) -> None:
    """ "abducted" is "taken" two steps away, and "250 taken hostage" counts them."""
    reply = reply_to(knowledge, "how many were abducted?")
    assert reply.kind == "unsure"
    assert "250 taken hostage" in reply.offered[0].passage.text


@pytest.mark.parametrize(
    ("question", "text", "counted"),
    [
        ("How many ferries were late?", "Fog delayed three ferries on Monday.", True),
        ("How many ferries were late?", "Fog delayed 3 morning ferries.", True),
        ("How many ferries were late?", "Three buses and the ferries were late.", False),
        ("How long were the ferries late?", "Fog delayed three ferries.", False),
    ],
)
def test_a_count_is_a_number_just_before_what_is_counted(
    question: str, text: str, counted: bool
) -> None:
    assert counts_focus(asked(question), text) is counted


def test_with_no_noun_a_count_is_a_number_just_before_a_word_the_question_holds() -> None:
    wanted = asked("How many were delayed?")
    assert counts_focus(wanted, "Fog kept 12 delayed for hours.", ["delayed"])
    assert not counts_focus(wanted, "Fog delayed the 12 ferries.", ["delayed"])
    assert not counts_focus(wanted, "Fog kept 12 delayed for hours.")
