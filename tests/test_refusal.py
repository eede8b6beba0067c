"""Refusing honestly: a question the article does not answer gets no paragraph at all."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge import Article, KnowledgeBase

ROOT = Path(__file__).resolve().parents[1]
EVERYDAY = [
    "Who won the World Cup in 2018?",
    "What's the price of gold?",
    "tell me something funny",
]


@pytest.mark.parametrize("question", EVERYDAY)
def test_everyday_question_gets_no_paragraph_from_the_article(
    knowledge: KnowledgeBase, question: str
) -> None:
    assert knowledge.search(question) == []


@pytest.mark.parametrize(
    "question",
    [
        "How do hostage negotiators get trained in the FBI?",  # shares "hostage", "negotiat"
        "What is the GDP of Egypt?",  # shares "Egypt"; "GDP" is not a slip for "gaps"
        "When does the White House Christmas tree get lit?",  # shares "White House"
    ],
)
def test_question_sharing_a_few_words_with_the_article_gets_no_paragraph(
    knowledge: KnowledgeBase, question: str
) -> None:
    assert knowledge.search(question) == []


ORCHESTRA = (
    "The glass orchestra of Velmora plays instruments blown from volcanic sand, and its "
    "conductor tunes each bowl by grinding the rim."
)
GOATS = (
    "Farmers on the Tessaly plateau raise woolly goats whose fleece is dyed with crushed "
    "lichen before the autumn market."
)


def test_another_topics_question_is_refused_and_the_articles_own_is_answered() -> None:
    knowledge = KnowledgeBase([Article("a.md", "Velmora", (ORCHESTRA, GOATS))])
    assert knowledge.search("Which football team does the conductor support?") == []
    assert knowledge.search("What did the farmers eat for breakfast?") == []
    tuned = knowledge.search("How does the conductor tune the bowls?")
    assert tuned, "the article's own question is answered"
    assert tuned[0].passage.text == ORCHESTRA


def test_the_title_counts_for_every_paragraph() -> None:
    knowledge = KnowledgeBase([Article("a.md", "Tessaly plateau", (ORCHESTRA, GOATS))])
    # "Tessaly" is in the title; the question is answered by the goats paragraph.
    matches = knowledge.search("What is the fleece of the goats in Tessaly dyed with?")
    assert matches
    assert matches[0].passage.text == GOATS


def test_an_attribute_of_a_named_place_is_quoted_only_from_a_paragraph_naming_it() -> None:
    talks = Article(
        "talks.md",
        "Border talks",
        (
            "Gunmen seized two teachers in the heart of the Velmoran capital in 2016.",
            "Envoys from Tessaly met the kidnappers twice.",
            "Tessaly paid for the release, its foreign ministry said.",
            "The teachers flew home through Tessaly on Friday.",
        ),
    )
    weather = Article(
        "weather.md",
        "Storms",
        ("Ostra, the capital of Kessen, had its wettest November.", "Rivers rose in Kessen."),
    )
    knowledge = KnowledgeBase([talks, weather])
    named = knowledge.search("What is the capital of Kessen?")
    assert named, "the paragraph that names Kessen's capital answers"
    assert named[0].passage.text.startswith("Ostra")
    assert knowledge.search("what's the capital of Tessaly?") == [], (
        "no paragraph names Tessaly's capital: not the one about another capital"
    )


def test_a_link_in_a_question_does_not_count_against_its_answer(knowledge: KnowledgeBase) -> None:
    matches = knowledge.search(
        "Who is mediating the talks? https://example.com/news/2025/01/talks"
    )
    assert matches
    assert "Qatar and Egypt" in matches[0].passage.text


def test_common_word_is_not_read_as_a_typo_of_an_article_word() -> None:
    knowledge = KnowledgeBase(
        [
            Article(
                "a.md",
                "A",
                (
                    "The minister said the prime suspect would face hell in court.",
                    "Hostages were freed after the mediators met in the capital.",
                ),
            )
        ]
    )
    assert knowledge.search("world price tell") == []
    freed = knowledge.search("when were the hostges freed")
    assert freed, "a misspelt word that is no English word is still corrected"
    assert freed[0].passage.number == 2


def test_ask_json_gives_no_answer_to_everyday_questions(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "KNOWLEDGE"))}
    env.update(
        PYTHONPATH=str(ROOT),
        PYTHONIOENCODING="utf-8",
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        DATA_DIR=str(tmp_path / "bot-data"),
    )
    result = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", *EVERYDAY],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["question"] for r in records] == EVERYDAY
    for record in records:
        assert record["answer"] is None, record
        assert record["source"] == {}
        assert record["alternatives"] == []


def test_a_name_the_article_never_uses_is_refused_and_its_own_name_answered() -> None:
    knowledge = KnowledgeBase([Article("a.md", "Glass music", (ORCHESTRA, GOATS))])
    answered = knowledge.search("Who conducts the Velmora orchestra?")
    assert answered, "the article's own orchestra"
    assert answered[0].passage.text == ORCHESTRA
    assert knowledge.search("Who conducts the Vienna orchestra?") == []


def test_a_slip_is_compared_as_the_word_it_was_read_as() -> None:
    knowledge = KnowledgeBase([Article("a.md", "Velmora", (ORCHESTRA, GOATS))])
    matches = knowledge.search("How does the condutcor tune the bowls?")
    assert matches
    assert matches[0].passage.text == ORCHESTRA
