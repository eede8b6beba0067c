"""Admins add articles in Telegram: a link or a document; nobody else makes the bot fetch."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from conftest import StartBot
from support.botapi import BotApiStub, private_chat
from support.web import SOLAR_TITLE, WebStub, news_page

ADMIN = 900
READER = 901
SOLAR_QUESTION = "How many panels are on the pontoons?"


def plain(html_text: str) -> str:
    return re.sub(r"<[^>]+>", "", html_text)


def knowledge_files(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir()}


async def send_document(
    stub: BotApiStub, user_id: int, document: dict[str, Any]
) -> list[dict[str, Any]]:
    return await stub.ask(private_chat(user_id), user_id, document=document)


async def assert_added_and_answered(stub: BotApiStub, reply: dict[str, Any]) -> None:
    """The reply to an added solar article names it, and its example question is answered
    from it for any reader."""
    text = reply["text"]
    assert text.startswith(f"Added <i>{SOLAR_TITLE}</i>")
    assert "13 May 2024, 6 paragraphs" in text
    [example] = re.findall(r"Ask me, for example: (.+)", plain(text))
    [answer] = await stub.ask(private_chat(READER), READER, example)
    assert answer["text"].startswith("<blockquote>")
    assert SOLAR_TITLE in answer["text"]


async def test_admin_link_is_added_and_answered_at_once(
    start_bot: StartBot, stub: BotApiStub, web: WebStub, articles: Path
) -> None:
    link = web.page("/news/solar", news_page())
    await start_bot(articles, admin_ids=frozenset({ADMIN}))
    [before] = await stub.ask(private_chat(READER), READER, SOLAR_QUESTION)
    assert before["text"].startswith("The article does not say")

    [reply] = await stub.ask(private_chat(ADMIN), ADMIN, link)

    await assert_added_and_answered(stub, reply)
    [answer] = await stub.ask(private_chat(READER), READER, SOLAR_QUESTION)
    assert "12,400 panels" in plain(answer["text"])
    assert len(knowledge_files(articles)) == 2
    [listing] = await stub.ask(private_chat(ADMIN), ADMIN, "/articles")
    assert f"2. <i>{SOLAR_TITLE}</i>" in listing["text"]


async def test_admin_link_that_fails_gets_its_reason_in_one_line(
    start_bot: StartBot, stub: BotApiStub, web: WebStub, articles: Path
) -> None:
    await start_bot(articles, admin_ids=frozenset({ADMIN}))
    [reply] = await stub.ask(private_chat(ADMIN), ADMIN, web.url("/gone"))
    assert reply["text"].startswith("Not added: ")
    assert "404" in reply["text"]
    assert "\n" not in reply["text"]
    assert len(knowledge_files(articles)) == 1


async def test_admin_documents_are_downloaded_and_added(
    start_bot: StartBot, stub: BotApiStub, articles: Path
) -> None:
    await start_bot(articles, admin_ids=frozenset({ADMIN}))
    page = stub.document("solar.html", news_page().encode(), "text/html")
    [reply] = await send_document(stub, ADMIN, page)
    await assert_added_and_answered(stub, reply)

    notes = "# Harbour ferry timetable\n\nThe harbour ferry to Skerry Island now leaves hourly.\n"
    [reply] = await send_document(
        stub, ADMIN, stub.document("ferry.md", notes.encode(), "text/markdown")
    )
    assert reply["text"].startswith("Added <i>Harbour ferry timetable</i>")
    assert "undated, 1 paragraph, saved as" in reply["text"]
    [answer] = await stub.ask(
        private_chat(READER), READER, "How often does the ferry to Skerry Island leave?"
    )
    assert "leaves hourly" in plain(answer["text"])
    assert len(stub.downloads) == 2
    assert len(knowledge_files(articles)) == 3


async def test_admin_document_of_another_kind_or_too_big_is_refused_unread(
    start_bot: StartBot, stub: BotApiStub, articles: Path
) -> None:
    await start_bot(articles, admin_ids=frozenset({ADMIN}))
    pdf = stub.document("report.pdf", b"%PDF-1.7 ...", "application/pdf")
    [reply] = await send_document(stub, ADMIN, pdf)
    assert reply["text"].startswith("Not added: ")
    assert "report.pdf" in reply["text"]

    big = stub.document("archive.html", b"<html></html>", "text/html")
    big["file_size"] = 40_000_000
    [reply] = await send_document(stub, ADMIN, big)
    assert reply["text"].startswith("Not added: archive.html is 40.0 MB")

    broken = stub.document("broken.txt", b"\xff\xfe\x00\xc3\x28 not text", "text/plain")
    [reply] = await send_document(stub, ADMIN, broken)
    assert reply["text"].startswith("Not added: ")
    assert "\n" not in reply["text"]
    assert stub.downloads == ["documents/file_3.txt"]
    assert len(knowledge_files(articles)) == 1


async def test_readers_link_is_a_question_and_fetches_nothing(
    start_bot: StartBot, stub: BotApiStub, web: WebStub, articles: Path
) -> None:
    link = web.page("/news/solar", news_page())
    await start_bot(articles, admin_ids=frozenset({ADMIN}))
    [reply] = await stub.ask(private_chat(READER), READER, link)
    assert not reply["text"].startswith("Added")
    assert "not say" in reply["text"]
    page = stub.document("solar.html", news_page().encode(), "text/html")
    [reply] = await send_document(stub, READER, page)
    assert not reply["text"].startswith("Added")
    assert web.user_agents == []
    assert stub.downloads == []
    assert len(knowledge_files(articles)) == 1


async def test_admins_question_with_a_link_in_it_is_still_a_question(
    start_bot: StartBot, stub: BotApiStub, web: WebStub, articles: Path
) -> None:
    link = web.page("/news/solar", news_page())
    await start_bot(articles, admin_ids=frozenset({ADMIN}))
    [reply] = await stub.ask(private_chat(ADMIN), ADMIN, f"Who is mediating the talks? {link}")
    assert "Qatar and Egypt" in plain(reply["text"])
    assert web.user_agents == []
