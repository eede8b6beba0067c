"""Words related in meaning (WordNet): a question in the asker's own words is offered the
paragraph that says it in the article's words, and nothing is answered on that guess alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge import KnowledgeBase, Tuning, load_knowledge, reply_to
from knowledge.search import related

HARBOUR = """# Harbour news

The harbour master said three ferries were delayed by fog on Monday morning.

A new cafe opened by the pier, serving fish soup and coffee.

The council will vote on the parking fees next week.
"""
NO_MEANING = Tuning(synonym_weight=0.0, derived_weight=0.0, hyponym_weight=0.0)


def harbour(tmp_path: Path, tuning: Tuning) -> KnowledgeBase:
    (tmp_path / "harbour.md").write_text(HARBOUR, encoding="utf-8")
    return load_knowledge(tmp_path, tuning=tuning)


@pytest.mark.parametrize(
    ("word", "lemma"),
    [("prisoners", "prisoner"), ("abducted", "abduct"), ("held", "hold"), ("insisting", "insist")],
)
def test_a_word_is_looked_up_by_its_lemma(word: str, lemma: str) -> None:
    assert lemma in related.lemmas(word)


def test_kinds_synonyms_and_derived_forms_are_related() -> None:
    assert related.related("prisoners")["hostage"] == "hypo"
    assert related.related("stop")["cease"] == "syn"
    assert related.related("abduct")["abduction"] == "der"
    assert "hussein" not in related.related("king")  # names are not kinds of a word


def test_a_word_the_article_never_uses_is_offered_the_paragraph_in_its_words(
    tmp_path: Path,
) -> None:
    """ "boats": the article only says "ferries", a kind of boat."""
    question = "What happened to the boats?"
    reply = reply_to(harbour(tmp_path, Tuning(min_unsure=0.01)), question)
    assert reply.kind == "unsure"
    assert "ferries were delayed" in reply.offered[0].passage.text
    plain = reply_to(load_knowledge(tmp_path, tuning=NO_MEANING), question)
    assert (plain.kind, plain.offered) == ("none", ())


def test_a_related_word_never_turns_a_refusal_into_an_answer(tmp_path: Path) -> None:
    reply = reply_to(harbour(tmp_path, Tuning(min_unsure=0.01)), "What happened to the boats?")
    assert reply.quoted is None


@pytest.mark.parametrize(
    "question",
    [
        "Is Hamas going to hand over more captives?",  # captives: hostages are a kind of them
        "What is Hamas insisting on?",  # insist -> assert -> say: "Hamas has said"
    ],
)
def test_the_bundled_article_is_asked_in_other_words(
    knowledge: KnowledgeBase, question: str
) -> None:
    reply = reply_to(knowledge, question)
    assert reply.kind == "unsure"
    assert any("would not release any more hostages" in m.passage.text for m in reply.offered)


def test_two_steps_away_is_related_too() -> None:
    assert related.related("insisting")["say"] == "far"
    assert related.related("abducted")["take"] == "far"


@pytest.mark.parametrize(
    "question",
    ["Who is the king of Jordan?", "What did Trump have for dinner?", "How big is Gaza?"],
)
def test_near_misses_that_name_the_articles_people_offer_nothing(
    knowledge: KnowledgeBase, question: str
) -> None:
    reply = reply_to(knowledge, question)
    assert reply.offered == ()
