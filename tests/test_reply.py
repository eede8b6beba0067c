"""What a message gets back, decided once in the library: answer, refusal, small talk, about."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge import Article, KnowledgeBase, reply_to
from knowledge.dialogue import suggestions_for
from knowledge.dialogue.intent import classify

HARBOUR = Article(
    "harbour.md",
    "Harbour news",
    (
        "The Lighthouse Keepers Guild repaired the northern beacon on Tuesday.",
        "Fishermen from Port Ellen reported record mackerel catches this season.",
        "The ferry timetable changes in spring because of dredging works.",
    ),
    date="2024-03-05",
    source="Islay Gazette",
    url="https://example.org/harbour",
    author="Morag Bell",
)
BEES = Article(
    "bees.md",
    "Bees return to the valley",
    ("Beekeepers counted twice as many hives this spring after a mild winter.",),
)


# What a message is


@pytest.mark.parametrize(
    ("message", "topic"),
    [
        ("hi", "greeting"),
        ("Hello there!", "greeting"),
        ("good morning", "greeting"),
        ("thanks a lot", "thanks"),
        ("cheers, thanks", "thanks"),
        ("bye", "goodbye"),
        ("help", "help"),
        ("hi, help please", "help"),
        ("what are you?", "identity"),
        ("What can you do?", "abilities"),
        ("ok", "ack"),
        ("ok thanks", "thanks"),
        ("I need help", "help"),
        ("see you later", "goodbye"),
        ("hello, anyone there?", "greeting"),
        ("Good evening, bot.", "greeting"),
        ("Thanks, that's helpful", "thanks"),
        ("I have a question", "help"),
        ("bot", "empty"),
        ("", "empty"),
        ("   ", "empty"),
        ("🙂", "empty"),
    ],
)
def test_small_talk_is_chat(message: str, topic: str) -> None:
    intent = classify(message)
    assert (intent.kind, intent.topic) == ("chat", topic)


@pytest.mark.parametrize(
    ("message", "topic"),
    [
        ("What is this article about?", "summary"),
        ("what's it about", "summary"),
        ("summary please", "summary"),
        ("tl;dr", "summary"),
        ("give me the gist", "summary"),
        ("When was the article published?", "date"),
        ("when was it written?", "date"),
        ("what's the date of this story?", "date"),
        ("Who wrote it?", "author"),
        ("who is the author?", "author"),
        ("What is the source?", "source"),
        ("where is this story from?", "source"),
        ("hello! when was it published?", "date"),
        ("what year was the article written?", "date"),
        ("what is the story?", "summary"),
        ("who is it by?", "author"),
        ("which newspaper published this?", "source"),
        ("what happened?", "summary"),
        ("short version?", "summary"),
        ("Does the article name an author?", "author"),
    ],
)
def test_questions_about_the_article_itself_are_about(message: str, topic: str) -> None:
    intent = classify(message)
    assert (intent.kind, intent.topic) == ("about", topic)


@pytest.mark.parametrize(
    ("message", "question"),
    [
        ("hi, who is mediating the talks?", "who is mediating the talks?"),
        ("hey what did Trump threaten", "what did Trump threaten"),
        ("thank you! which countries mediate?", "which countries mediate?"),
        ("who mediates? thanks", "who mediates?"),
        ("When was the October 7 attack?", "When was the October 7 attack?"),
        ("When was the ceasefire deal published?", "When was the ceasefire deal published?"),
        ("Who is the author of the peace plan?", "Who is the author of the peace plan?"),
        ("What is the source of the funding?", "What is the source of the funding?"),
        ("What did they say?", "What did they say?"),
        ("What about Qatar?", "What about Qatar?"),
        ("Was the Oct. 7 attack planned, ok?", "Was the Oct. 7 attack planned"),
        ("How old is Netanyahu?", "How old is Netanyahu?"),
        ("What is going on with the hostages?", "What is going on with the hostages?"),
        ("Who reported the deaths?", "Who reported the deaths?"),
        ("No one knows who mediates?", "No one knows who mediates?"),
    ],
)
def test_content_questions_are_questions_without_the_small_talk(
    message: str, question: str
) -> None:
    intent = classify(message)
    assert (intent.kind, intent.question) == ("question", question)


def test_long_run_of_overlapping_small_talk_is_read_at_once() -> None:
    # "all right" is one phrase or a filler and a phrase: a backtracking pattern took seconds
    # for 20 repeats and doubled with each one more.
    assert classify("ok all right all " * 60).kind == "chat"
    intent = classify("ok all right all " * 60 + "who mediates")
    assert intent.kind == "question"
    assert intent.question.endswith("who mediates")
    intent = classify("hi there thanks again " * 60 + "who mediates")
    assert intent.question == "who mediates"


@given(st.text(max_size=300))
def test_any_message_gets_one_of_the_four_replies(message: str) -> None:
    kb = KnowledgeBase([HARBOUR])
    reply = reply_to(kb, message, suggest=False)
    assert reply.kind in ("answer", "none", "chat", "about")
    assert reply.text
    if reply.quoted:
        assert reply.quoted.passage.text in HARBOUR.paragraphs
    intent = classify(message)
    assert intent.question in message or intent.kind != "question"


# What the reply is


def test_greeting_gets_a_friendly_line_not_a_paragraph_or_a_refusal(
    knowledge: KnowledgeBase,
) -> None:
    reply = reply_to(knowledge, "hi")
    assert reply.kind == "chat"
    assert reply.matches == ()
    assert "does not say" not in reply.text
    assert len(reply.text) < 200


def test_help_gets_the_help_text(knowledge: KnowledgeBase) -> None:
    reply = reply_to(knowledge, "help")
    assert reply.kind == "chat"
    assert "quote the paragraph" in reply.text
    assert "when it was published" in reply.text


def test_publication_date_comes_from_the_metadata(knowledge: KnowledgeBase) -> None:
    reply = reply_to(knowledge, "When was the article published?")
    assert (reply.kind, reply.quoted) == ("about", None)
    assert "2 January 2025" in reply.text


def test_summary_quotes_the_lead_paragraph(knowledge: KnowledgeBase) -> None:
    reply = reply_to(knowledge, "summary please")
    assert reply.kind == "about"
    assert reply.quoted is not None
    assert reply.quoted.passage.number == 1
    assert reply.quoted.passage.text in reply.text


def test_author_not_named_is_said_and_nothing_is_quoted(knowledge: KnowledgeBase) -> None:
    reply = reply_to(knowledge, "who is the author?")
    assert (reply.kind, reply.matches) == ("about", ())
    assert "does not name its author" in reply.text


def test_author_and_source_come_from_front_matter_when_given() -> None:
    kb = KnowledgeBase([HARBOUR])
    assert "Morag Bell" in reply_to(kb, "who wrote it?").text
    source = reply_to(kb, "what is the source?").text
    assert "Islay Gazette" in source
    assert "https://example.org/harbour" in source
    assert "5 March 2024" in reply_to(kb, "when was it published?").text


def test_with_several_articles_summary_lists_titles_and_asks_for_something_specific() -> None:
    kb = KnowledgeBase([HARBOUR, BEES])
    reply = reply_to(kb, "what is this about?")
    assert (reply.kind, reply.matches) == ("about", ())
    assert "Harbour news" in reply.text
    assert "Bees return to the valley" in reply.text
    assert "something specific" in reply.text
    dates = reply_to(kb, "when was it published?").text
    assert "Harbour news: 5 March 2024" in dates
    assert "Bees return to the valley: not given" in dates


def test_mixed_message_is_answered(knowledge: KnowledgeBase) -> None:
    reply = reply_to(knowledge, "hi, who is mediating the talks?")
    assert reply.kind == "answer"
    assert reply.quoted is not None
    assert "Qatar and Egypt have led" in reply.quoted.passage.text
    assert reply.quoted.passage.text in reply.text


def test_refusal_suggests_questions_that_are_each_answered(knowledge: KnowledgeBase) -> None:
    reply = reply_to(knowledge, "What is the capital of France?")
    assert (reply.kind, reply.matches) == ("none", ())
    assert "does not say" in reply.text
    assert 2 <= len(reply.suggestions) <= 3
    quoted = []
    for suggestion in reply.suggestions:
        assert suggestion in reply.text
        answered = reply_to(knowledge, suggestion)
        assert answered.kind == "answer"
        assert answered.quoted is not None
        quoted.append(answered.quoted.passage.number)
    assert len(set(quoted)) == len(quoted)


def test_a_refusal_with_several_articles_speaks_of_them_in_the_plural() -> None:
    reply = reply_to(KnowledgeBase([HARBOUR, BEES]), "What is the capital of France?")
    assert reply.kind == "none"
    assert reply.text.startswith("The articles do not say")
    assert reply.suggestions
    assert "It does answer" not in reply.text  # "it" would be one of the articles
    help_text = reply_to(KnowledgeBase([HARBOUR, BEES]), "/help").text
    assert "what they are about, when they were published and who wrote them" in help_text
    assert "what it is about" in reply_to(KnowledgeBase([HARBOUR]), "/help").text


def test_suggestions_come_from_whatever_articles_are_loaded_and_stay_with_them() -> None:
    kb = KnowledgeBase([HARBOUR])
    assert suggestions_for(kb)
    assert all(reply_to(kb, s).kind == "answer" for s in suggestions_for(kb))
    assert suggestions_for(kb) is suggestions_for(kb)  # worked out once per knowledge base
    other = KnowledgeBase([BEES])
    assert not set(suggestions_for(other)) & set(suggestions_for(kb))
