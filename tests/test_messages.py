"""Every message the bot builds fits Telegram's 4,096 characters and is valid Telegram HTML."""

from __future__ import annotations

from pathlib import Path

from conftest import StartBot
from hypothesis import given
from hypothesis import strategies as st
from support.botapi import BotApiStub, html_problem, private_chat

from bot.telegram import adding, admin, message_size
from bot.telegram import render as replies
from knowledge import Article, Match, Passage
from knowledge.dialogue import TITLE_CHARS


def article(number: int, title: str = "", url: str | None = None, **more: str) -> Article:
    return Article(
        name=f"article_{number:03d}.md",
        title=title or f"A report on the harbour, part {number}",
        paragraphs=("Ships dock at Pier Nine & sail at dawn.", "Fish is sold by the lighthouse."),
        date="2025-01-02",
        source=more.get("source", "The Harbour Gazette"),
        url=url or f"https://example.com/news/{number}/a-report-on-the-harbour-at-dawn",
    )


def assert_sendable(messages: list[str]) -> None:
    assert messages
    for message in messages:
        assert message_size.size(message) <= message_size.MESSAGE_LIMIT
        assert html_problem(message) is None, message


def test_about_with_sixty_articles_is_sent_in_messages_of_whole_entries() -> None:
    articles = [article(n) for n in range(60)]
    messages = replies.about_messages(articles)
    assert len(messages) > 1
    assert_sendable(messages)
    for a in articles:
        assert sum(f"{a.title}</i>" in m for m in messages) == 1, (
            "each entry whole, in one message"
        )


def test_start_with_a_hundred_articles_names_ten_and_points_to_about() -> None:
    messages = replies.start_messages([article(n) for n in range(100)], "Who docks?")
    assert len(messages) == 1
    assert_sendable(messages)
    assert "part 9<" in messages[0]
    assert "part 10<" not in messages[0]
    assert "90 more: /about" in messages[0]
    assert "Ask me anything about these articles" in messages[0]
    [one] = replies.start_messages([article(1)], "Who docks?")
    assert "Ask me anything about this article" in one


def test_five_thousand_character_title_is_shortened_everywhere() -> None:
    long = article(1, title="Harbour " * 625)
    passage = Passage(long, 1, long.paragraphs[0])
    built = [
        *replies.start_messages([long], "Who docks?"),
        *replies.about_messages([long]),
        *admin.articles_html([long]),
        replies.answer_html(Match(passage, 0.9)),
    ]
    assert_sendable(built)
    assert all(m.count("Harbour") <= 2 * TITLE_CHARS // 8 for m in built)


def test_long_text_is_never_cut_inside_an_entity() -> None:
    budget = message_size.MESSAGE_LIMIT - 64
    for offset in range(1, 6):
        text = "a" * (budget - offset) + "&amp;" * 2000
        parts = message_size.split_html(text)
        assert_sendable(parts)
        assert "".join(parts) == text


# Property: whatever the articles and matches, every message is sendable.

TEXT = st.text(max_size=300) | st.text(alphabet="&<>\"' ab\n😀", max_size=6000)


@st.composite
def articles(draw: st.DrawFn) -> Article:
    return Article(
        name=draw(st.text(min_size=1, max_size=300)),
        title=draw(TEXT),
        paragraphs=tuple(draw(st.lists(TEXT.filter(str.strip), min_size=1, max_size=3))),
        date=draw(st.none() | st.text(max_size=40)),
        source=draw(st.none() | TEXT),
        url=draw(st.none() | TEXT),
    )


@st.composite
def matches(draw: st.DrawFn) -> Match:
    source = draw(articles())
    text = source.paragraphs[0]
    cuts = sorted(draw(st.sets(st.integers(0, len(text)), max_size=20)))
    spans = tuple((a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=False) if a < b)
    return Match(Passage(source, 1, text), 0.5, spans)


@given(found=st.lists(articles(), min_size=1, max_size=30), example=TEXT, match=matches())
def test_every_message_built_fits_and_is_valid_html(
    found: list[Article], example: str, match: Match
) -> None:
    assert_sendable(replies.about_messages(found))
    assert_sendable(replies.start_messages(found, example))
    assert_sendable(admin.articles_html(found))
    assert_sendable([adding.added_html(found[0], example or None)])
    assert_sendable(message_size.split_html(replies.answer_html(match)))


@given(text=TEXT, limit=st.integers(200, message_size.MESSAGE_LIMIT))
def test_split_html_keeps_every_piece_of_any_text(text: str, limit: int) -> None:
    html = f"<blockquote>{replies.escape(text)}</blockquote>"
    parts = message_size.split_html(html, limit)
    for part in parts:
        assert message_size.size(part) <= limit
        assert html_problem(part) is None, part
    shown = "".join(message_size._TAG.sub("", part) for part in parts)
    assert "".join(shown.split()) == "".join(replies.escape(text).split()), "nothing lost"


async def test_about_and_start_with_sixty_articles_reach_the_user(
    start_bot: StartBot, stub: BotApiStub, tmp_path: Path
) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(60):
        (folder / f"report_{n:02d}.md").write_text(
            f"---\ntitle: The harbour report number {n}\nsource: The Harbour Gazette\n"
            f"url: https://example.com/news/{n}/the-harbour-report-at-dawn-and-dusk\n---\n\n"
            f"Ships dock at pier {n} each morning, and the ferry {n} leaves at noon.\n",
            encoding="utf-8",
        )
    await start_bot(folder)
    about = stub.user_message(private_chat(31), 31, "/about")
    stub.push(message=about)

    def all_listed() -> list[str] | None:
        texts = [m["text"] for m in stub.replies_to(about)]
        return texts if "report number 59</i>" in "".join(texts) else None

    shown = await stub.until(all_listed)
    for n in range(60):
        assert sum(f"report number {n}</i>" in text for text in shown) == 1
    assert len(shown) > 1
    [greeting] = await stub.ask(private_chat(32), 32, "/start")
    assert "50 more: /about" in greeting["text"]
