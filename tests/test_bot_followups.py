"""Follow-ups in Telegram: in a private chat, and as a reply to one of the bot's answers."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from conftest import StartBot
from support.botapi import BotApiStub, group_chat, private_chat
from support.running import ROOT, Bot, start_polling, stop_polling

from knowledge import KnowledgeBase

FOLLOWUPS_DEV = ROOT.parent / "shared" / "eval" / "followups_dev.jsonl"


@pytest.fixture
async def bot(stub: BotApiStub, knowledge: KnowledgeBase) -> AsyncIterator[Bot]:
    application = await start_polling(stub, knowledge)
    yield application
    await stop_polling(application)


def quote(reply: dict[str, Any]) -> str | None:
    """The quoted paragraph of a reply as the user reads it, or None when it quotes none."""
    found = re.search(r"<blockquote>(.*?)</blockquote>", reply["text"], re.S)
    return re.sub(r"<[^>]+>", "", found.group(1)) if found else None


async def play(stub: BotApiStub, case: dict[str, Any], number: int) -> dict[str, Any]:
    """Send a case's turns as a user would; the bot's reply to the last one."""
    user = 500 + number
    turns = case["turns"]
    if case["how"] == "private":
        for turn in turns:
            [reply] = await stub.ask(private_chat(user), user, turn)
        return reply
    group = group_chat(-1000 - number)
    [answer] = await stub.ask(group, user, f"/ask {turns[-2]}")
    [reply] = await stub.ask(group, user, turns[-1], reply_to_message=answer["sent"])
    return reply


@pytest.mark.skipif(not FOLLOWUPS_DEV.is_file(), reason="follow-up set not found")
async def test_every_follow_up_case_is_right_in_telegram(bot: Bot, stub: BotApiStub) -> None:
    cases = [json.loads(line) for line in FOLLOWUPS_DEV.read_text("utf-8").splitlines() if line]
    wrong = []
    for number, case in enumerate(cases):
        text = quote(await play(stub, case, number))
        if case["expect"] is None:
            right = text is None
        else:
            right = text is not None and any(e in text for e in case["expect"])
            right = right and not any(e in text for e in case.get("not_expect", []))
        if not right:
            wrong.append((case["turns"], text))
    assert wrong == []


async def test_by_when_is_read_with_the_question_before_and_says_so(
    bot: Bot, stub: BotApiStub
) -> None:
    await stub.ask(private_chat(601), 601, "What did Trump threaten?")
    [reply] = await stub.ask(private_chat(601), 601, "by when?")
    assert "by his inauguration on Jan. 20" in (quote(reply) or "")
    assert reply["text"].startswith("<i>Read as: What did Trump threaten? by when?</i>")
    [other] = await stub.ask(private_chat(602), 602, "by when?")  # another chat: no context
    assert quote(other) is None


async def test_a_reply_to_the_hostages_answer_is_read_with_it(bot: Bot, stub: BotApiStub) -> None:
    group = group_chat(-700)
    [answer] = await stub.ask(group, 7, "/ask How many hostages were taken on Oct. 7?")
    [reply] = await stub.ask(group, 7, "are they alive?", reply_to_message=answer["sent"])
    assert "dozens of whom Israeli authorities believe to be dead" in (quote(reply) or "")


async def test_next_steps_from_a_follow_up_keep_its_reading(bot: Bot, stub: BotApiStub) -> None:
    chat = private_chat(603)
    await stub.ask(chat, 603, "Who is mediating the talks?")
    [second] = await stub.ask(chat, 603, "next")
    assert "Qatar and Egypt have led" not in (quote(second) or "")
    assert "Read as: Who is mediating the talks?" in second["text"]
    sent = second["sent"]
    [back] = [
        b["callback_data"]
        for row in sent["reply_markup"]["inline_keyboard"]
        for b in row
        if b["text"] == "◀ Previous"
    ]
    press = {"id": "b1", "from": sent["reply_to_message"]["from"], "chat_instance": "c"}
    stub.push(callback_query={**press, "message": sent, "data": back})
    [edit] = await stub.until(lambda: stub.sent("editMessageText"))
    assert "Qatar and Egypt have led" in re.sub(r"<[^>]+>", "", edit["text"])


@pytest.mark.parametrize(
    ("user", "turns"),
    [
        (621, ["What happened to the hostages?", "why?"]),
        (622, ["how many hostages are left?", "who else?"]),
        (623, ["Who is mediating?", "are they succeeding?", "more"]),
    ],
)
async def test_next_under_a_chained_follow_up_steps_through_its_reading(
    bot: Bot, stub: BotApiStub, user: int, turns: list[str]
) -> None:
    for turn in turns:
        [reply] = await stub.ask(private_chat(user), user, turn)
    read_as = re.match(r"<i>(Read as: .*?\?)</i>", reply["text"])
    assert read_as is not None
    assert "? " in read_as.group(1)  # read with the question before: a "?" inside
    first = quote_of(reply["sent"])
    said, after = await stub.press(reply["sent"], "Next ▶", user)
    assert said == ""  # not "No further match"
    assert after["text"].startswith(read_as.group(1))  # still the same reading
    assert quote_of(after) not in (first, None)  # a paragraph not shown before
    said, back = await stub.press(after, "◀ Previous", user)
    assert said == ""
    assert quote_of(back) == first  # and Previous leads back to it


async def test_a_follow_up_shows_next_only_where_its_reading_has_a_further_match(
    bot: Bot, stub: BotApiStub
) -> None:
    chat = private_chat(624)
    await stub.ask(chat, 624, "What does Hamas want?")
    [reply] = await stub.ask(chat, 624, "who else?")  # found through the words asked before
    assert reply["text"].startswith("<i>Read as: What does Hamas want? who else?</i>")
    rows = reply.get("reply_markup", {"inline_keyboard": []})["inline_keyboard"]
    # its reading has no other match: a ▶ would only say "No further match"
    assert "Next ▶" not in [b["text"] for row in rows for b in row]


def quote_of(message: dict[str, Any]) -> str | None:
    """The quoted paragraph of a message as Telegram keeps it (text and entities)."""
    quotes = [e for e in message.get("entities", []) if e["type"] == "blockquote"]
    if not quotes:
        return None
    raw = message["text"].encode("utf-16-le")
    start, length = quotes[0]["offset"], quotes[0]["length"]
    return raw[2 * start : 2 * (start + length)].decode("utf-16-le")


async def test_who_else_after_and_egypt_quotes_the_mediators_and_next_moves_on(
    bot: Bot, stub: BotApiStub
) -> None:
    chat = private_chat(604)
    await stub.ask(chat, 604, "Who is mediating the talks?")
    await stub.ask(chat, 604, "and Egypt?")
    [other] = await stub.ask(chat, 604, "who else?")
    shown = quote(other) or ""
    assert "Mediators have been conducting" in shown  # not a paragraph that only says "talks"
    [after] = await stub.ask(chat, 604, "next")
    assert quote(after) != shown  # another paragraph, not the same one again


async def test_who_else_when_the_article_names_no_one_else_says_so(
    bot: Bot, stub: BotApiStub
) -> None:
    chat = private_chat(605)
    await stub.ask(chat, 605, "What did Trump threaten?")
    [reply] = await stub.ask(chat, 605, "who else?")
    assert reply["text"] == "The article names no one else for that."


async def test_a_follow_up_nothing_answers_for_sure_offers_the_closest_paragraphs(
    bot: Bot, stub: BotApiStub
) -> None:
    chat = private_chat(606)
    await stub.ask(chat, 606, "Who is mediating?")
    [reply] = await stub.ask(chat, 606, "are they succeeding?")
    assert "I am not sure the article answers" in reply["text"]
    assert "are they succeeding?" in reply["text"]
    labels = [b["text"] for row in reply["reply_markup"]["inline_keyboard"] for b in row]
    assert any(label.startswith("Negotiations have stalled") for label in labels)


async def test_tell_me_more_and_more_show_the_next_matches_of_the_question_before(
    bot: Bot, stub: BotApiStub
) -> None:
    chat = private_chat(607)
    [first] = await stub.ask(chat, 607, "What happened to the hostages?")
    [second] = await stub.ask(chat, 607, "tell me more")
    [third] = await stub.ask(chat, 607, "more")
    shown = [quote(first), quote(second), quote(third)]
    assert all(text and "hostages" in text for text in shown)
    assert len(set(shown)) == 3  # each a paragraph not shown before
    assert second["text"].startswith("<i>Read as: What happened to the hostages?</i>")
    assert third["text"].startswith("<i>Read as: What happened to the hostages?</i>")


async def test_next_with_no_question_before_quotes_nothing(bot: Bot, stub: BotApiStub) -> None:
    for number, message in enumerate(("next", "more", "tell me more")):
        [reply] = await stub.ask(private_chat(610 + number), 610 + number, message)
        assert quote(reply) is None  # not a paragraph that happens to say "next year"
        assert "question" in reply["text"].lower()


async def test_are_they_alive_under_how_many_are_left_quotes_who_is_believed_dead(
    bot: Bot, stub: BotApiStub
) -> None:
    chat = private_chat(607)
    [first] = await stub.ask(chat, 607, "how many hostages are left?")
    assert "roughly 100" in first["text"]  # "roughly 100 <b>hostages</b> <b>remain</b>"
    [reply] = await stub.ask(chat, 607, "are they alive?")
    assert "dozens of whom Israeli authorities believe to be dead" in reply["text"]


HARBOUR = """# Port Avalen council meets on the new ferry

The council of Port Avalen met on Monday under its mayor, Ines Marlow, to settle the budget.

Marlow tweeted that the new ferry timetable would start in June, a month later than planned.

Marlow also visited the fish market after the meeting and spoke to the traders there.

Council members asked Marlow why the harbour budget had grown by a fifth since last year.

The ferry timetable starts with two crossings a day and grows to five in the summer.
"""


async def test_more_goes_on_only_to_paragraphs_that_answer_as_well(
    start_bot: StartBot, stub: BotApiStub, tmp_path: Path
) -> None:
    (tmp_path / "harbour.md").write_text(HARBOUR, "utf-8")
    await start_bot(tmp_path)
    chat = private_chat(630)
    [tweet] = await stub.ask(chat, 630, "What did Marlow tweet?")
    assert "Marlow tweeted" in (quote(tweet) or "")
    assert "reply_markup" not in tweet  # no ▶ to the paragraphs that only name Marlow
    [more] = await stub.ask(chat, 630, "more")
    assert quote(more) is None
    assert more["text"] == "I have nothing further on “What did Marlow tweet?”."
    [first] = await stub.ask(chat, 630, "When does the ferry timetable start?")
    [second] = await stub.ask(chat, 630, "more")  # two paragraphs say when it starts
    shown = [quote(first) or "", quote(second) or ""]
    assert "Marlow tweeted" in shown[0]
    assert "two crossings a day" in shown[1]


async def test_more_typed_after_next_goes_on_from_the_paragraph_next_showed(
    bot: Bot, stub: BotApiStub
) -> None:
    chat = private_chat(631)
    [first] = await stub.ask(chat, 631, "What happened to the hostages?")
    answered = quote_of(first["sent"])
    _, pressed = await stub.press(first["sent"], "Next ▶", 631)  # edited in place
    [more] = await stub.ask(chat, 631, "more")
    shown = [answered, quote_of(pressed), quote_of(more["sent"])]
    assert all(shown)
    assert len(set(shown)) == 3  # a third paragraph, not the one ▶ already showed
