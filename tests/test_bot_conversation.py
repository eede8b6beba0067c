"""A conversation as people hold one, in Telegram: several questions at once, the collection,
the link, and the small talk that is not a question."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import StartBot
from support.botapi import BotApiStub, private_chat

FERRY = """---
title: Harbour ferry to Skerry Island runs every hour
date: 2025-04-02
url: https://news.example/ferry?a=1&b=2
---

The harbour ferry to Skerry Island now leaves every hour from the north pier, the port
authority said on Tuesday.

Tickets cost four euros and can be bought on board with a bank card.
"""


def plain(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text)


async def test_several_questions_get_one_reply_with_a_quote_each(
    start_bot: StartBot, stub: BotApiStub
) -> None:
    await start_bot()
    [reply] = await stub.ask(
        private_chat(801), 801, "Who is mediating the talks? What did Trump threaten?"
    )
    text = reply["text"]
    assert text.count("<blockquote>") == 2
    assert text.count("paragraph ") == 2  # each quote with its own source line
    assert "Qatar and Egypt have led" in plain(text)
    assert "HELL TO PAY" in plain(text)
    assert "<b>What did Trump threaten?</b>" in text
    [three] = await stub.ask(
        private_chat(801),
        801,
        "who are the mediators and what did Trump say and how many hostages remain",
    )
    assert three["text"].count("<blockquote>") == 3
    assert "roughly 100 hostages remain" in plain(three["text"])


async def test_which_articles_names_the_one_article(start_bot: StartBot, stub: BotApiStub) -> None:
    await start_bot()
    [reply] = await stub.ask(private_chat(802), 802, "which articles do you have?")
    assert "I know one article" in reply["text"]
    assert "Despite a recent Biden administration push" in reply["text"]
    assert "does not say" not in reply["text"]
    [link] = await stub.ask(private_chat(802), 802, "can you send me the link to the article?")
    assert "has no link" in link["text"]


async def test_the_collection_and_the_link_with_several_articles(
    start_bot: StartBot, stub: BotApiStub, articles: Path
) -> None:
    (articles / "ferry.md").write_text(FERRY, encoding="utf-8")
    await start_bot(articles)
    chat = private_chat(803)
    [listing] = await stub.ask(chat, 803, "which articles do you have?")
    assert "I know 2 articles" in listing["text"]
    assert "Harbour ferry to Skerry Island" in listing["text"]
    [latest] = await stub.ask(chat, 803, "what's the latest article?")
    assert "The latest is “Harbour ferry" in plain(latest["text"])
    [answer] = await stub.ask(chat, 803, "How much do ferry tickets cost?")
    assert '<a href="https://news.example/ferry?a=1&amp;b=2"><i>Harbour ferry' in answer["text"]
    [link] = await stub.ask(chat, 803, "send me the link")  # the article just quoted
    assert "https://news.example/ferry?a=1&amp;b=2" in link["text"]
    assert "Despite" not in link["text"]
    [summary] = await stub.ask(chat, 803, "summary of the ferry article")
    assert "leaves every hour from the north pier" in plain(summary["text"])
    [about] = await stub.ask(chat, 803, "what is the ferry article about?")
    assert "opens with what it is about" in plain(about["text"])
    assert "leaves every hour from the north pier" in plain(about["text"])


async def test_small_talk_gets_a_kind_line_never_a_refusal(
    start_bot: StartBot, stub: BotApiStub
) -> None:
    await start_bot()
    for number, message in enumerate(
        ["are you a bot or a human", "👍", "good bot", "you're useless", "this is stupid"]
    ):
        [reply] = await stub.ask(private_chat(810 + number), 810 + number, message)
        assert "does not say" not in reply["text"], message
        assert "<blockquote>" not in reply["text"], message
        assert len(plain(reply["text"])) < 200, message


async def test_a_message_in_another_language_gets_one_line_in_that_language(
    start_bot: StartBot, stub: BotApiStub
) -> None:
    await start_bot()
    sent = [
        ("Что сказал Трамп?", "ru", "только на английском"),
        ("Wer vermittelt?", "de", "nur Fragen auf Englisch"),
        ("¿Quién es el mediador?", "es", "Solo entiendo preguntas en inglés"),
        ("Trump ne dedi?", None, "I read questions in English only"),
    ]
    for number, (text, code, line) in enumerate(sent):
        user = {"id": 820 + number, "is_bot": False, "first_name": "U", "language_code": code}
        [reply] = await stub.ask(private_chat(820 + number), 820 + number, text, **{"from": user})
        assert line in reply["text"], text
        assert "does not say" not in reply["text"]
        assert "questions like these" not in reply["text"]  # no English suggestions
    [english] = await stub.ask(private_chat(830), 830, "What did Recep Tayyip Erdoğan say?")
    assert "English only" not in english["text"]  # a foreign name is not a foreign language
