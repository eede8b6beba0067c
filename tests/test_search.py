"""Searching: the right paragraph for a question, nothing for an unrelated one, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge import KnowledgeBase, Match, load_knowledge
from knowledge.evaluation.scoring import evaluate

EVAL_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
SEED_DEV = EVAL_DIR / "seed_dev.jsonl"

QATAR = "Qatar and Egypt have led"
TRUMP = "HELL TO PAY"
ATTACKS = "about 1,200 people"


def best_text(matches: list[Match]) -> str:
    assert matches, "expected an answer, got none"
    return matches[0].passage.text


# Quality on the seed question set


@pytest.mark.skipif(not SEED_DEV.is_file(), reason=f"seed question set not found at {SEED_DEV}")
def test_seed_dev_questions_are_answered_and_off_topic_ones_refused() -> None:
    report = evaluate(SEED_DEV)
    assert report.answerable >= 10
    assert report.off_topic >= 1
    assert report.top1 >= 0.90, [(q.text, m) for q, m in report.misses]
    assert report.refused_off_topic == report.off_topic


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("hostges taken to gaza", ATTACKS),
        ("trmup threat", TRUMP),
        ("qatars role", QATAR),
    ],
)
def test_misspelt_question_still_finds_its_paragraph(
    knowledge: KnowledgeBase, question: str, expected: str
) -> None:
    assert expected in best_text(knowledge.search(question))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Who is mediating between Israel and Hamas?", QATAR),
        ("What did Donald Trump say about the hostages?", TRUMP),
        ("How many people were killed on October 7?", ATTACKS),
    ],
)
def test_plain_question_finds_its_paragraph(
    knowledge: KnowledgeBase, question: str, expected: str
) -> None:
    assert expected in best_text(knowledge.search(question))


@pytest.mark.parametrize(
    "question",
    ["What is the capital of France?", "asdfghjkl", "How do I reset my password?"],
)
def test_unrelated_question_gets_no_passage(knowledge: KnowledgeBase, question: str) -> None:
    assert knowledge.search(question) == []


# Odd input never breaks the search


@pytest.mark.parametrize(
    "question",
    [
        "",
        "   \t\n ",
        "😀🙈🔥",
        "?!... ,;:",
        "what is the",
        "hostages " * 1111 + "x",
        "Qatar 卡塔尔 Катар роль",
        "\x00\x01Qatar\x07\x1b[31m\r\n\t",
    ],
    ids=[
        "empty",
        "whitespace",
        "emoji",
        "punctuation",
        "stop-words",
        "10000-chars",
        "mixed-script",
        "control-chars",
    ],
)
def test_odd_question_returns_a_list_without_error(
    knowledge: KnowledgeBase, question: str
) -> None:
    matches = knowledge.search(question)
    assert isinstance(matches, list)
    assert all(isinstance(match, Match) for match in matches)
    assert all(0.0 <= match.confidence <= 1.0 for match in matches)


@pytest.mark.parametrize(
    "question",
    ["", "   \t\n ", "😀🙈🔥", "?!... ,;:", "what is the"],
    ids=["empty", "whitespace", "emoji", "punctuation", "stop-words"],
)
def test_question_without_content_words_gets_no_passage(
    knowledge: KnowledgeBase, question: str
) -> None:
    assert knowledge.search(question) == []


def test_ten_thousand_character_question_is_handled(knowledge: KnowledgeBase) -> None:
    question = ("Qatar Egypt mediation " * 500)[:10_000]
    assert len(question) == 10_000
    [first, *_] = knowledge.search(question)
    assert QATAR in first.passage.text


# Limits and highlights


@pytest.mark.parametrize("limit", [1, 2, 3])
def test_limit_caps_the_number_of_matches(knowledge: KnowledgeBase, limit: int) -> None:
    matches = knowledge.search("hostages Gaza Israel Hamas war", limit=limit)
    assert 1 <= len(matches) <= limit


def test_larger_limit_returns_more_matches_for_a_broad_question(knowledge: KnowledgeBase) -> None:
    assert len(knowledge.search("hostages Gaza Israel Hamas war", limit=5)) > 1


def test_limit_below_one_returns_nothing(knowledge: KnowledgeBase) -> None:
    assert knowledge.search("Qatar mediation", limit=0) == []


def test_matches_are_distinct_paragraphs(knowledge: KnowledgeBase) -> None:
    matches = knowledge.search("hostages Gaza Israel Hamas war", limit=7)
    numbers = [match.passage.number for match in matches]
    assert len(numbers) == len(set(numbers))


def test_spans_mark_the_question_words_in_the_passage(knowledge: KnowledgeBase) -> None:
    match = knowledge.search("Qatar mediation")[0]
    marked = [match.passage.text[start:end] for start, end in match.spans]
    assert "Qatar" in marked
    assert "mediation" in marked
    assert all(0 <= start < end <= len(match.passage.text) for start, end in match.spans)


def test_passage_knows_its_position_in_the_article(knowledge: KnowledgeBase) -> None:
    passage = knowledge.search("Qatar mediation")[0].passage
    assert passage.article.paragraphs[passage.number - 1] == passage.text
    assert passage.total == 7


# A generic engine: articles it has never seen


def test_unseen_article_answers_each_question_with_its_paragraph(tmp_path: Path) -> None:
    paragraphs = [
        "The glass orchestra of Velmora plays instruments blown from volcanic sand, "
        "and its conductor tunes each bowl by grinding the rim.",
        "Farmers on the Tessaly plateau raise woolly goats whose fleece is dyed with "
        "crushed lichen before the autumn market.",
        "A lighthouse keeper named Orrin Blake kept a diary of every storm between "
        "1891 and 1930, now held in the harbour museum.",
    ]
    (tmp_path / "curiosities.md").write_text(
        "# Curiosities\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8"
    )
    knowledge = load_knowledge(tmp_path)
    questions = {
        "How does the glass orchestra tune its bowls?": 1,
        "What are the goats' fleece dyed with?": 2,
        "Who kept a diary of the storms?": 3,
    }
    for question, number in questions.items():
        matches = knowledge.search(question)
        assert matches, question
        assert matches[0].passage.number == number, question
        assert matches[0].passage.text == paragraphs[number - 1]
    assert knowledge.search("What is the capital of France?") == []


def test_multi_article_folder_answers_from_the_right_article(tmp_path: Path) -> None:
    (tmp_path / "volcano.md").write_text(
        "# Volcano\n\nMount Keral erupted on Sunday, sending ash over three villages.\n\n"
        "Geologists had warned of rising magma for weeks.\n",
        encoding="utf-8",
    )
    (tmp_path / "chess.md").write_text(
        "# Chess\n\nThe regional chess championship was won by a twelve-year-old.\n\n"
        "She beat the defending champion with a queen sacrifice.\n",
        encoding="utf-8",
    )
    knowledge = load_knowledge(tmp_path)
    assert {article.name for article in knowledge.articles} == {"volcano.md", "chess.md"}

    chess = knowledge.search("Who won the chess championship?")
    assert chess[0].passage.article.name == "chess.md"
    assert "twelve-year-old" in chess[0].passage.text

    volcano = knowledge.search("Did geologists warn about the magma?")
    assert volcano[0].passage.article.name == "volcano.md"
    assert volcano[0].passage.number == 2


def test_when_question_prefers_the_paragraph_that_names_a_date(tmp_path: Path) -> None:
    (tmp_path / "island.md").write_text(
        "# Island news\n\n"
        "The ferry service is run by the council from a small office by the harbour.\n\n"
        "The ferry service was born in March 1921, when the islanders bought an old steamer.\n\n"
        "Fishing boats still land their catch at the north pier every morning.\n",
        encoding="utf-8",
    )
    knowledge = load_knowledge(tmp_path)
    assert "March 1921" in best_text(knowledge.search("When did the ferry service start?"))
    assert "council" in best_text(knowledge.search("Who runs the ferry service?"))


def test_an_abbreviation_with_dots_is_the_word_written_without_them(tmp_path: Path) -> None:
    # "U.S." was cut into the stop words "U" and "S": a question about the US found nothing of it.
    (tmp_path / "aid.md").write_text(
        "# Aid\n\n"
        "Britain will send food aid to the region in April.\n\n"
        "The U.S. will send food aid to the region in March, its foreign ministry said.\n\n"
        "A summit in Washington, D.C., will discuss the aid in May.\n",
        encoding="utf-8",
    )
    knowledge = load_knowledge(tmp_path)
    assert "March" in best_text(knowledge.search("When will the US send food aid?"))
    assert "March" in best_text(knowledge.search("When will the U.S. send aid?"))
    assert "May" in best_text(knowledge.search("What will happen in DC?"))


def test_what_is_left_is_what_remains_even_where_an_article_uses_left_otherwise(
    tmp_path: Path,
) -> None:
    (tmp_path / "gaza.md").write_text(
        "# Talks\n\nMore than a year into the war, roughly 100 hostages remain in Gaza.\n",
        encoding="utf-8",
    )
    (tmp_path / "embassy.md").write_text(
        "# Embassy\n\nThe freed hostages left the embassy by bus on Monday morning.\n",
        encoding="utf-8",
    )
    knowledge = load_knowledge(tmp_path)
    assert "roughly 100" in best_text(knowledge.search("How many hostages are left?"))
    assert "by bus" in best_text(knowledge.search("When did the hostages leave the embassy?"))
