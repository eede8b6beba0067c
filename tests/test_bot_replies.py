"""Plain-function tests: what the bot's replies look like, with no Telegram objects at all."""

from __future__ import annotations

import re

import pytest
from support.botapi import html_problem

from bot.telegram import buttons, message_size
from bot.telegram import render as replies
from knowledge import Article, KnowledgeBase, Match, Passage, Reply, reply_to


def hostile_match() -> Match:
    article = Article("a.md", "Tags <b>x</b> & <script>", ("Say <b>x</b> & <script> now",))
    return Match(Passage(article, 1, article.paragraphs[0]), 0.9, ((4, 12), (13, 14)))


def test_article_and_user_text_is_escaped_into_valid_telegram_html() -> None:
    text = replies.answer_html(hostile_match())
    assert html_problem(text) is None
    assert "<b>&lt;b&gt;x&lt;/b&gt;</b> <b>&amp;</b> &lt;script&gt;" in text
    kb = KnowledgeBase([Article("b.md", "Bees", ("Beekeepers counted their hives.",))])
    refusal = replies.reply_html(reply_to(kb, "<b>y</b> & <script>"), "article_bot")
    assert html_problem(refusal) is None
    assert "&lt;b&gt;y&lt;/b&gt; &amp; &lt;script&gt;" in refusal
    suggested = Reply("?", "none", "No.", suggestions=("Who is <i>?",))
    assert "• Who is &lt;i&gt;?" in replies.reply_html(suggested, "article_bot")


def test_each_kind_of_reply_is_valid_html_and_quotes_only_a_quoted_paragraph(
    knowledge: KnowledgeBase,
) -> None:
    shown = {
        message: replies.reply_html(reply_to(knowledge, message), "article_bot")
        for message in ("hi", "who is the author?", "summary please", "qatars role")
    }
    assert all(html_problem(text) is None for text in shown.values())
    assert "<blockquote>" not in shown["hi"]
    assert "<blockquote>" not in shown["who is the author?"]
    assert "<blockquote>Despite a recent Biden" in shown["summary please"]
    assert shown["qatars role"].startswith("<blockquote>")


def test_help_and_a_bare_mention_show_how_to_ask_with_the_bot_name(
    knowledge: KnowledgeBase,
) -> None:
    help_text = replies.reply_html(reply_to(knowledge, "help"), "article_bot")
    assert "@article_bot" in help_text
    assert "/ask" in help_text
    assert buttons.FORWARD in help_text  # names the button answers carry, not an old one
    hint = replies.reply_html(reply_to(knowledge, ""), "article_bot")
    assert "@article_bot" in hint
    assert "does not say" not in hint


def test_matching_words_are_bold_inside_the_quote(knowledge: KnowledgeBase) -> None:
    [match, *_] = knowledge.search("qatars role")
    text = replies.answer_html(match)
    assert text.startswith("<blockquote>")
    assert "<b>Qatar</b>" in text
    assert text.endswith(f"paragraph {match.passage.number} of 7")


def test_source_line_names_title_date_and_position(knowledge: KnowledgeBase) -> None:
    line = replies.source_line(knowledge.passages[2])
    assert line.startswith("— <i>Despite a recent Biden")
    assert line.endswith(", 2 January 2025, paragraph 3 of 7")


@pytest.mark.parametrize("size", [5000, 20000])
def test_long_reply_is_split_under_4096_without_breaking_tags(size: int) -> None:
    sentence = "The <b>mediators</b> met again &amp; talked. "
    text = "<blockquote>" + sentence * (size // len(sentence)) + "</blockquote>\nsource"
    parts = message_size.split_html(text)
    assert len(parts) > 1
    for part in parts:
        assert len(part) <= 4096
        assert html_problem(part) is None
        assert part.startswith("<blockquote>") or part == parts[0]
    assert re.sub("<[^>]+>", "", "".join(parts)).replace(" ", "") == re.sub(
        "<[^>]+>", "", text
    ).replace(" ", "")


def test_short_reply_is_not_split() -> None:
    assert message_size.split_html("<b>hi</b>") == ["<b>hi</b>"]


def test_callback_data_is_under_64_bytes_and_round_trips() -> None:
    for rank in (1, 2, 99):
        data = buttons.step_data(rank)
        assert len(data.encode()) < 64
        assert buttons.parse_step(data) == rank
    assert buttons.parse_step("more:3") == 3  # the old "Another match" button still works
    assert buttons.parse_step("something-else") is None
    assert buttons.parse_step("more:-1") is None


def test_buttons_lead_only_where_there_is_a_match() -> None:
    assert buttons.answer_markup(0, further=False) is None
    first = buttons.answer_markup(0, further=True)
    middle = buttons.answer_markup(2, further=True)
    last = buttons.answer_markup(3, further=False)
    assert [b.text for b in first.inline_keyboard[0]] == ["Next ▶"]  # type: ignore[union-attr]
    assert [b.text for b in middle.inline_keyboard[0]] == ["◀ Previous", "Next ▶"]  # type: ignore[union-attr]
    assert [b.text for b in last.inline_keyboard[0]] == ["◀ Previous"]  # type: ignore[union-attr]
    assert buttons.rank_shown(middle) == 2
    assert buttons.rank_shown(last) == 3


def test_question_is_taken_without_command_or_mention() -> None:
    assert replies.question_from_text("/ask@Article_Bot who?", "article_bot") == "who?"
    assert replies.question_from_text("hey @article_bot who mediates", "article_bot") == (
        "hey who mediates"
    )
    assert replies.mentions("ping @ARTICLE_bot", "article_bot")
    assert not replies.mentions("ping @article_bot_fan", "article_bot")


def test_inline_results_stay_within_bot_api_limits(knowledge: KnowledgeBase) -> None:
    answers = replies.inline_answers(reply_to(knowledge, "hostages", limit=3), "article_bot")
    assert 1 <= len(answers) <= 3
    for answer in answers:
        assert len(answer.id.encode()) <= 64
        assert len(answer.description) <= replies.SNIPPET_CHARS + 2
        assert html_problem(answer.html) is None
    assert len({a.id for a in answers}) == len(answers)
