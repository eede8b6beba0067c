"""Several articles: a name that many of them use is still what the question is about.

Seven articles: the bundled one and six real news pages of the shared evaluation data (four of
them name Trump). Each article's people are asked after by name, and the quoted paragraph is
one that names them.
"""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from knowledge import BUNDLED_DIR, KnowledgeBase, load_knowledge, reply_to, turn_of
from knowledge.dialogue import suggestions_for
from knowledge.ingest import Added, add_source

WEB = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "web" / "html"
PAGES = {
    "impeachment clock": "f5c90a6d5253c3a21ff3168c64bea4b5ffade7a1ba5bed952a59ebee0d648d98",
    "white house": "c90731f051d033e49e4cfcc920895051bbc3b54ef1a11519abcf22a115c3aa79",
    "settlements": "833caf3bdba53dcf48de273cf646370eebe9ac565744b0d0e941e298e1b79730",
    "taliban": "a1fca19b884e0e946ad3fbe2a7f5031e5e3b23372702a76db302b6143c77cb31",
    "hearing": "7a664e40d256470fdb12d10c3f8d1c6db0581e9b080c71765e55f273a3ac7d03",
    "duvet": "7bb1ca90354313840329d2f569ea9fb3a582df2aa0a5e3669f8fc567eb6ea61b",
}
pytestmark = pytest.mark.skipif(not WEB.is_dir(), reason=f"web pages not found at {WEB}")


@pytest.fixture(scope="module")
def seven(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    folder = tmp_path_factory.mktemp("seven")
    pages = tmp_path_factory.mktemp("pages")
    for source in BUNDLED_DIR.iterdir():
        shutil.copy(source, folder)
    for key in PAGES.values():
        page = pages / f"{key}.html"
        page.write_bytes(gzip.decompress((WEB / f"{key}.html.gz").read_bytes()))
        assert isinstance(add_source(str(page), folder), Added)
    knowledge = load_knowledge(folder, cache_dir=tmp_path_factory.mktemp("cache"))
    assert len(knowledge.articles) == 7
    return knowledge


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("What did Trump say?", "Trump"),
        ("What did Netanyahu vow?", "Netanyahu"),
        ("What did Volker say?", "Volker"),
        ("What did Pompeo say?", "Pompeo"),
        ("What did Erekat say?", "Erekat"),
        ("What did Ghani say?", "Ghani"),
        ("Who is Kevin King?", "Kevin King"),
        ("What did Grisham say?", "Grisham"),
    ],
)
def test_a_person_asked_by_name_gets_a_paragraph_that_names_them(
    seven: KnowledgeBase, question: str, name: str
) -> None:
    matches = seven.search(question)
    assert matches, f"{question!r} was refused"
    assert name in matches[0].passage.text


def test_what_someone_said_is_found_where_they_said_it(seven: KnowledgeBase) -> None:
    """ "say" and "said" are one word: "What did Pompeo say?" quotes "Pompeo said ..."."""
    matches = seven.search("What did Pompeo say?")
    assert matches
    assert "Pompeo said" in matches[0].passage.text


def test_suggestions_span_the_articles_and_each_quotes_its_own(seven: KnowledgeBase) -> None:
    """With seven articles, the three suggestions come from three of them, and each asked
    quotes a paragraph of the article it came from."""
    suggested = suggestions_for(seven)
    assert len(suggested) == 3
    articles = set()
    for question in suggested:
        assert not question.startswith("What about")
        reply = reply_to(seven, question)
        assert reply.kind == "answer"
        assert reply.quoted is not None
        articles.add(reply.quoted.passage.article.name)
    assert len(articles) == 3


def test_a_refusal_in_a_conversation_suggests_first_from_the_article_it_is_about(
    seven: KnowledgeBase,
) -> None:
    """Asked about the duvet article, then something none of the articles says: the first two
    suggestions are questions that article answers, the third from another."""
    answered = reply_to(seven, "What is feather duvet lung?")
    assert answered.kind == "answer"
    assert answered.quoted is not None
    duvet = answered.quoted.passage.article.name
    asked = "What is the man's favourite football team?"
    refused = reply_to(seven, asked, after=turn_of(answered))
    assert refused.kind == "none"
    assert len(refused.suggestions) == 3
    quoted_from = []
    for question in refused.suggestions:
        reply = reply_to(seven, question)
        assert reply.kind == "answer", question
        assert reply.quoted is not None
        quoted_from.append(reply.quoted.passage.article.name)
    assert quoted_from[:2] == [duvet, duvet]
    assert quoted_from[2] != duvet
    alone = reply_to(seven, asked)
    assert alone.suggestions == suggestions_for(seven), "outside a conversation: as before"


@pytest.mark.parametrize(
    ("question", "words"),
    [
        # "Hamas" is in the bundled article only; the Taliban article's "exchange" paragraph
        # came first when only paragraphs were counted.
        ("What does Hamas want in exchange for the hostages?", ["Hamas", "hostages"]),
        # Trump is in all seven; only the bundled article also says "hostages" near him.
        ("What did Donald Trump say about the hostages?", ["Trump", "hostages"]),
    ],
)
def test_a_question_is_answered_from_the_article_that_uses_its_words(
    seven: KnowledgeBase, question: str, words: list[str]
) -> None:
    reply = reply_to(seven, question)
    assert reply.kind == "answer"
    assert reply.quoted is not None
    for word in words:
        assert word in reply.quoted.passage.text


@pytest.mark.parametrize(
    "question", ["What is the capital of France?", "what's the capital of Qatar?"]
)
def test_a_capital_no_article_names_is_refused_not_quoted_from_another_capital(
    seven: KnowledgeBase, question: str
) -> None:
    """The Taliban article says "the heart of Afghan capital" and names France and Qatar
    elsewhere: no paragraph says what either's capital is."""
    assert seven.search(question) == []
