"""Admins in Telegram: their command menu, /articles, /remove with a confirm button."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import StartBot
from support.botapi import BotApiStub, private_chat
from test_bot_live import TRAM_QUESTION, TRAMS

ADMIN = 900
READER = 901


def knowledge_files(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def press(stub: BotApiStub, user_id: int, message: dict[str, Any], button: str) -> str:
    """Press the button labelled `button` under `message` as `user_id`; the query id."""
    [data] = [
        b["callback_data"]
        for row in message["reply_markup"]["inline_keyboard"]
        for b in row
        if b["text"] == button
    ]
    query_id = f"press-{len(stub.calls)}"
    user = {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}
    stub.push(
        callback_query={
            "id": query_id,
            "from": user,
            "chat_instance": "ci",
            "message": message,
            "data": data,
        }
    )
    return query_id


async def edited(stub: BotApiStub, message: dict[str, Any]) -> str:
    """The text `message` was edited to."""
    edits = await stub.until(
        lambda: [
            e
            for e in stub.sent("editMessageText")
            if e["message_id"] == str(message["message_id"])
        ]
    )
    return str(edits[-1]["text"])


async def test_admin_commands_are_only_in_the_admins_menus(
    start_bot: StartBot, stub: BotApiStub, articles: Path
) -> None:
    await start_bot(articles, admin_ids=frozenset({ADMIN, ADMIN + 2}))
    menus = {
        m.get("scope", {}).get("chat_id"): {c["command"] for c in m["commands"]}
        for m in stub.sent("setMyCommands")
        if m.get("scope", {"type": "chat"})["type"] == "chat"
    }
    everyone = menus.pop(None)
    assert "articles" not in everyone
    assert "remove" not in everyone
    assert set(menus) == {ADMIN, ADMIN + 2}
    for commands in menus.values():
        assert {"articles", "remove"} | everyone <= commands


async def test_admin_lists_articles_and_removes_one_after_confirming(
    start_bot: StartBot, stub: BotApiStub, articles: Path
) -> None:
    (articles / "trams.md").write_text(TRAMS, encoding="utf-8")
    await start_bot(articles, admin_ids=frozenset({ADMIN}))
    admin = private_chat(ADMIN)
    [listing] = await stub.ask(admin, ADMIN, "/articles")
    assert "1. <i>Despite a recent Biden administration push" in listing["text"]
    assert "2. <i>Tram line to the airport opens in Tallinn</i>" in listing["text"]
    assert "3 March 2025, 3 paragraphs, trams.md" in listing["text"]

    [question] = await stub.ask(admin, ADMIN, "/remove 2")
    assert "Remove <i>Tram line to the airport opens in Tallinn</i>" in question["text"]
    assert (articles / "trams.md").exists()  # nothing happens before the button
    press(stub, ADMIN, question["sent"], "Remove")
    assert "Removed <i>Tram line" in await edited(stub, question["sent"])

    assert not (articles / "trams.md").exists()
    [reply] = await stub.ask(admin, ADMIN, TRAM_QUESTION)
    assert reply["text"].startswith("The article does not say")
    [listing] = await stub.ask(admin, ADMIN, "/articles")
    assert "Tram line" not in listing["text"]


async def test_keep_button_removes_nothing(
    start_bot: StartBot, stub: BotApiStub, articles: Path
) -> None:
    (articles / "trams.md").write_text(TRAMS, encoding="utf-8")
    await start_bot(articles, admin_ids=frozenset({ADMIN}))
    [question] = await stub.ask(private_chat(ADMIN), ADMIN, "/remove 2")
    press(stub, ADMIN, question["sent"], "Keep")
    assert "nothing was removed" in await edited(stub, question["sent"])
    assert (articles / "trams.md").exists()
    [reply] = await stub.ask(private_chat(ADMIN), ADMIN, TRAM_QUESTION)
    assert "eighteen minutes" in reply["text"]


async def test_remove_needs_a_listed_number_and_keeps_the_last_article(
    start_bot: StartBot, stub: BotApiStub, articles: Path
) -> None:
    await start_bot(articles, admin_ids=frozenset({ADMIN}))
    for command in ("/remove", "/remove two", "/remove 0", "/remove 2"):
        [reply] = await stub.ask(private_chat(ADMIN), ADMIN, command)
        assert "Send /remove N" in reply["text"]
        assert "(1 to 1)" in reply["text"]
    [reply] = await stub.ask(private_chat(ADMIN), ADMIN, "/remove 1")
    assert "only article" in reply["text"]
    assert "reply_markup" not in reply
    [reply] = await stub.ask(private_chat(ADMIN), ADMIN, "Who is mediating the talks?")
    assert "Qatar and Egypt" in reply["text"]


async def test_readers_cannot_list_or_remove_articles(
    start_bot: StartBot, stub: BotApiStub, articles: Path
) -> None:
    (articles / "trams.md").write_text(TRAMS, encoding="utf-8")
    await start_bot(articles, admin_ids=frozenset({ADMIN}))
    reader = private_chat(READER)
    [listing] = await stub.ask(reader, READER, "/articles")
    assert "Only the bot's operators" in listing["text"]
    [removal] = await stub.ask(reader, READER, "/remove 2")
    assert "Only the bot's operators" in removal["text"]
    # A reader pressing the button of an admin's confirmation removes nothing either.
    [question] = await stub.ask(private_chat(ADMIN), ADMIN, "/remove 2")
    query_id = press(stub, READER, question["sent"], "Remove")
    [answer] = await stub.until(
        lambda: [a for a in stub.sent("answerCallbackQuery") if a["callback_query_id"] == query_id]
    )
    assert "Only the bot's operators" in answer["text"]
    assert (articles / "trams.md").exists()


async def test_the_last_article_stays_when_two_removals_are_confirmed_at_once(
    start_bot: StartBot, stub: BotApiStub, articles: Path
) -> None:
    (articles / "trams.md").write_text(TRAMS, encoding="utf-8")
    await start_bot(articles, admin_ids=frozenset({ADMIN}))
    admin = private_chat(ADMIN)
    [first] = await stub.ask(admin, ADMIN, "/remove 1")
    [second] = await stub.ask(admin, ADMIN, "/remove 2")
    press(stub, ADMIN, first["sent"], "Remove")
    press(stub, ADMIN, second["sent"], "Remove")
    outcomes = sorted([await edited(stub, first["sent"]), await edited(stub, second["sent"])])
    assert outcomes[0].startswith("Not removed: it is the only article left")
    assert outcomes[1].startswith("Removed <i>")
    assert outcomes[1].endswith("1 article(s) left.")
    [left] = knowledge_files(articles)
    kept = "eighteen minutes" if left == "trams.md" else "Qatar and Egypt"
    question = TRAM_QUESTION if kept == "eighteen minutes" else "Who is mediating the talks?"
    [reply] = await stub.ask(admin, ADMIN, question)
    assert kept in reply["text"]


async def test_remove_with_any_unicode_digit_asks_for_a_listed_number(
    start_bot: StartBot, stub: BotApiStub, articles: Path
) -> None:
    (articles / "trams.md").write_text(TRAMS, encoding="utf-8")
    await start_bot(articles, admin_ids=frozenset({ADMIN}))
    # superscript two, Arabic-Indic three, circled one, mathematical one: digits to isdigit()
    for number in ("\u00b2", "\u0663", "\u2460", "\U0001d7d9", "1.0", "+1"):
        command = f"/remove {number}"
        [reply] = await stub.ask(private_chat(ADMIN), ADMIN, command)
        assert "Send /remove N" in reply["text"], command
