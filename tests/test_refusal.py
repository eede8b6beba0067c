"""Refusing honestly: a question the article does not answer gets no paragraph at all."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge import Article, KnowledgeBase, load_knowledge

ROOT = Path(__file__).resolve().parents[1]
EVERYDAY = [
    "Who won the World Cup in 2018?",
    "What's the price of gold?",
    "tell me something funny",
]


@pytest.fixture(scope="module")
def bundled() -> KnowledgeBase:
    return load_knowledge()


@pytest.mark.parametrize("question", EVERYDAY)
def test_everyday_question_gets_no_paragraph_from_the_article(
    bundled: KnowledgeBase, question: str
) -> None:
    assert bundled.search(question) == []


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
