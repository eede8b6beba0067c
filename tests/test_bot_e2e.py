"""End to end: the real Application and HTTP client, polling a Bot API stand-in on 127.0.0.1."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from support.botapi import BOT_USER, BotApiStub, group_chat, html_problem, private_chat
from support.running import Bot, start_polling, stop_polling

from knowledge import KnowledgeBase


@pytest.fixture
async def bot(stub: BotApiStub, knowledge: KnowledgeBase) -> AsyncIterator[Bot]:
    application = await start_polling(stub, knowledge)
    yield application
    if application.running:
        await stop_polling(application)


async def wait_for(stub: BotApiStub, predicate: Callable[[], Any], timeout: float = 10) -> Any:
    """Wait, without blocking the bot's event loop, until `predicate()` holds at the stand-in."""
    return await asyncio.to_thread(stub.wait_for, predicate, timeout)


async def ask(stub: BotApiStub, chat: dict[str, Any], text: str, user: int = 1) -> list[dict]:
    """Send `text` as user `user` in `chat` and return the bot's replies to it."""
    message = stub.user_message(chat, user, text)
    stub.push(message=message)
    return await wait_for(stub, lambda: stub.replies_to(message))  # type: ignore[no-any-return]


def button_press(query_id: str, message: dict[str, Any], data: str) -> dict[str, Any]:
    user = message["reply_to_message"]["from"]
    return {"id": query_id, "from": user, "chat_instance": "ci", "message": message, "data": data}


def callback_answer(stub: BotApiStub, query_id: str) -> dict[str, Any] | None:
    answers = stub.sent("answerCallbackQuery")
    return next((a for a in answers if a["callback_query_id"] == query_id), None)


def plain(html_text: str) -> str:
    return re.sub(r"<[^>]+>", "", html_text)


async def test_start_registers_commands_and_greets_with_an_example(
    bot: Bot, stub: BotApiStub
) -> None:
    commands = stub.sent("setMyCommands")[0]["commands"]
    assert {c["command"] for c in commands} == {"start", "help", "about", "ask"}
    [greeting] = await ask(stub, private_chat(1), "/start")
    assert "Ask me anything" in greeting["text"]
    assert "Biden administration push" in greeting["text"]
    example = re.search(r"For example: (.+\?)", greeting["text"])
    assert example is not None
    assert example[1].startswith(("Who ", "What did ", "How many "))  # as a person asks
    [answer] = await ask(stub, private_chat(1), example[1])
    assert answer["text"].startswith("<blockquote>")


async def test_question_is_answered_with_quoted_paragraph_and_source(
    bot: Bot, stub: BotApiStub
) -> None:
    [reply] = await ask(stub, private_chat(2), "Who is mediating the talks?")
    text = reply["text"]
    assert text.startswith("<blockquote>")
    assert "Qatar and Egypt" in plain(text)
    assert "<b>" in text
    assert "paragraph 4 of 7" in text
    assert "2 January 2025" in text
    buttons = reply["reply_markup"]["inline_keyboard"][0]
    assert [b["text"] for b in buttons] == ["Next ▶"]


async def test_off_topic_question_gets_honest_refusal_with_answerable_suggestions(
    bot: Bot, stub: BotApiStub
) -> None:
    [reply] = await ask(stub, private_chat(3), "What is the capital of France?")
    assert reply["text"].startswith("The article does not say")
    suggestions = re.findall(r"• (.+)", reply["text"])
    assert 2 <= len(suggestions) <= 3
    for suggestion in suggestions:
        assert not suggestion.startswith("What about")  # read as a follow-up in a chat
        [answer] = await ask(stub, private_chat(3), suggestion)
        assert answer["text"].startswith("<blockquote>")


async def test_small_talk_and_questions_about_the_article_get_what_a_person_expects(
    bot: Bot, stub: BotApiStub
) -> None:
    chat = private_chat(15)
    [hello] = await ask(stub, chat, "hi")
    assert "Hello" in hello["text"]
    assert "<blockquote>" not in hello["text"]
    assert "does not say" not in hello["text"]
    assert "reply_markup" not in hello
    [date] = await ask(stub, chat, "When was the article published?")
    assert "2 January 2025" in date["text"]
    assert "<blockquote>" not in date["text"]
    [summary] = await ask(stub, chat, "summary please")
    assert "<blockquote>Despite a recent Biden administration push" in summary["text"]
    [author] = await ask(stub, chat, "who is the author?")
    assert "does not name its author" in author["text"]
    assert "<blockquote>" not in author["text"]
    [mixed] = await ask(stub, chat, "hi, who is mediating the talks?")
    assert mixed["text"].startswith("<blockquote>")
    assert "Qatar and Egypt" in plain(mixed["text"])
    assert mixed["reply_markup"]["inline_keyboard"][0][0]["text"] == "Next ▶"


@pytest.mark.parametrize(
    "question",
    ["Who won the World Cup in 2018?", "What's the price of gold?", "tell me something funny"],
)
async def test_everyday_question_gets_a_refusal_not_a_paragraph(
    bot: Bot, stub: BotApiStub, question: str
) -> None:
    [reply] = await ask(stub, private_chat(17), question)
    assert reply["text"].startswith("The article does not say")
    assert "<blockquote>" not in reply["text"]
    assert "reply_markup" not in reply


async def test_bare_mention_in_a_group_gets_a_hint_on_how_to_ask(
    bot: Bot, stub: BotApiStub
) -> None:
    [hint] = await ask(stub, group_chat(-101), f"@{BOT_USER['username']}", user=16)
    assert f"@{BOT_USER['username']} what is it about?" in hint["text"]
    assert "does not say" not in hint["text"]
    assert "“”" not in hint["text"]


async def test_html_hostile_question_comes_back_as_valid_html(bot: Bot, stub: BotApiStub) -> None:
    # The stand-in refuses invalid HTML with 400, as Telegram does, so a reply proves validity.
    [reply] = await ask(stub, private_chat(4), "<b>x</b> & <script>")
    assert html_problem(reply["text"]) is None
    assert "&lt;b&gt;x&lt;/b&gt; &amp; &lt;script&gt;" in reply["text"]
    [reply] = await ask(stub, private_chat(4), "<i>Qatar</i> & <script>Egypt")
    assert "<b>Qatar</b> and <b>Egypt</b>" in reply["text"]


async def test_sticker_gets_told_the_bot_reads_text(bot: Bot, stub: BotApiStub) -> None:
    sticker = {"file_id": "s1", "file_unique_id": "u1", "width": 512, "height": 512}
    message = stub.user_message(
        private_chat(5),
        5,
        sticker={**sticker, "is_animated": False, "is_video": False, "type": "regular"},
    )
    stub.push(message=message)
    [reply] = await wait_for(stub, lambda: stub.replies_to(message))
    assert "I read text questions" in reply["text"]


async def test_very_long_question_is_answered(bot: Bot, stub: BotApiStub) -> None:
    [reply] = await ask(stub, private_chat(6), "Qatar mediation " + "blah " * 2000)
    assert len(plain(reply["text"])) <= 4096


async def test_edited_question_is_answered_again(bot: Bot, stub: BotApiStub) -> None:
    message = stub.user_message(private_chat(7), 7, "hostges")
    stub.push(message=message)
    await wait_for(stub, lambda: stub.replies_to(message))
    message["text"] = "qatars role"
    stub.push(edited_message={**message, "edit_date": message["date"] + 5})
    replies = await wait_for(
        stub, lambda: len(stub.replies_to(message)) == 2 and stub.replies_to(message)
    )
    assert "Qatar" in replies[1]["text"]


async def test_group_answers_mentions_and_replies_and_ignores_chatter(
    bot: Bot, stub: BotApiStub
) -> None:
    group = group_chat(-100)
    chatter = stub.user_message(group, 8, "anyone seen the Qatar news?")
    stub.push(message=chatter)
    [reply] = await ask(stub, group, f"@{BOT_USER['username']} who mediates the talks?", user=8)
    assert "Qatar and Egypt" in plain(reply["text"])
    [by_command] = await ask(stub, group, f"/ask@{BOT_USER['username']} qatars role", user=9)
    assert "Qatar" in by_command["text"]
    follow_up = stub.user_message(group, 8, "and the hostages?", reply_to_message=reply["sent"])
    stub.push(message=follow_up)
    [answer] = await wait_for(stub, lambda: stub.replies_to(follow_up))
    assert "hostage" in answer["text"]
    assert stub.replies_to(chatter) == []


async def test_inline_query_offers_up_to_three_paragraphs(bot: Bot, stub: BotApiStub) -> None:
    user = {"id": 10, "is_bot": False, "first_name": "Ten"}
    stub.push(inline_query={"id": "q1", "from": user, "query": "hostages", "offset": ""})
    stub.push(inline_query={"id": "q2", "from": user, "query": "capital of France", "offset": ""})
    stub.push(inline_query={"id": "q3", "from": user, "query": "hi", "offset": ""})
    stub.push(
        inline_query={"id": "q4", "from": user, "query": "when was it published", "offset": ""}
    )
    answers = await wait_for(
        stub, lambda: len(stub.sent("answerInlineQuery")) == 4 and stub.sent("answerInlineQuery")
    )
    by_id = {a["inline_query_id"]: a["results"] for a in answers}
    assert 1 <= len(by_id["q1"]) <= 3
    first = by_id["q1"][0]
    assert "hostage" in first["description"]
    assert first["input_message_content"]["message_text"].startswith("<blockquote>")
    [no_match] = by_id["q2"]
    assert no_match["title"] == "No match in the articles"
    assert by_id["q3"] == []
    [dated] = by_id["q4"]
    assert "2 January 2025" in dated["input_message_content"]["message_text"]


async def test_next_and_previous_step_through_matches_and_work_after_restart(
    bot: Bot, stub: BotApiStub, knowledge: KnowledgeBase
) -> None:
    [reply] = await ask(stub, private_chat(11), "hostages")
    sent = reply["sent"]
    await stop_polling(bot)  # the buttons must still work with a fresh process's bot
    restarted = await start_polling(stub, knowledge)
    try:
        shown = [reply["text"]]
        while "Next ▶" in labels(sent):
            edits = len(stub.sent("editMessageText"))
            stub.push(callback_query=button_press(f"n{len(shown)}", sent, data(sent, "Next ▶")))
            [edit] = await wait_for(stub, lambda e=edits: stub.sent("editMessageText")[e:])
            assert edit["text"] not in shown
            assert "hostage" in plain(edit["text"])
            shown.append(edit["text"])
            sent = stub.messages[(sent["chat"]["id"], sent["message_id"])]
            assert labels(sent)[0] == "◀ Previous"
        assert 2 <= len(shown) <= 15  # the last match has no Next: the button is gone
        while "◀ Previous" in labels(sent):  # back to the first answer, which is not lost
            edits = len(stub.sent("editMessageText"))
            stub.push(callback_query=button_press(f"p{edits}", sent, data(sent, "◀ Previous")))
            [edit] = await wait_for(stub, lambda e=edits: stub.sent("editMessageText")[e:])
            sent = stub.messages[(sent["chat"]["id"], sent["message_id"])]
        assert edit["text"] == shown[0]
        assert labels(sent) == ["Next ▶"]
    finally:
        await stop_polling(restarted)


def labels(message: dict[str, Any]) -> list[str]:
    markup = message.get("reply_markup") or {"inline_keyboard": []}
    return [b["text"] for row in markup["inline_keyboard"] for b in row]


def data(message: dict[str, Any], label: str) -> str:
    rows = message["reply_markup"]["inline_keyboard"]
    [found] = [b["callback_data"] for row in rows for b in row if b["text"] == label]
    return str(found)


async def test_fifty_users_asking_at_once_all_get_answers(bot: Bot, stub: BotApiStub) -> None:
    questions = [
        stub.user_message(private_chat(100 + n), 100 + n, "qatars role") for n in range(50)
    ]
    for message in questions:
        stub.push(message=message)
    await wait_for(stub, lambda: all(stub.replies_to(m) for m in questions), timeout=30)
    assert all("Qatar" in stub.replies_to(m)[0]["text"] for m in questions)


# PTB itself warns, inside RetryAfter, that `retry_after` will become a timedelta in v23.
@pytest.mark.filterwarnings("ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning")
async def test_polling_survives_a_502_and_a_429_is_retried(bot: Bot, stub: BotApiStub) -> None:
    stub.fail_next("getUpdates", 502)
    stub.fail_next("sendMessage", 429, {"parameters": {"retry_after": 1}})
    [reply] = await ask(stub, private_chat(12), "qatars role")
    assert "Qatar" in reply["text"]


async def test_clean_stop_confirms_updates_so_none_are_handled_twice(
    bot: Bot, stub: BotApiStub, knowledge: KnowledgeBase
) -> None:
    await ask(stub, private_chat(13), "/help")
    await stop_polling(bot)
    assert not bot.running
    again = await start_polling(stub, knowledge)
    try:
        [reply] = await ask(stub, private_chat(13), "/about")
        assert "7 paragraphs" in reply["text"]
        assert len([m for m in stub.sent() if "Private chat:" in m["text"]]) == 1
    finally:
        await stop_polling(again)


async def test_failure_while_answering_tells_the_user_something_true(
    bot: Bot, stub: BotApiStub
) -> None:
    stub.fail_next("sendMessage", 400, {"description": "Bad Request: stand-in refused"})
    message = stub.user_message(private_chat(14), 14, "qatars role")
    stub.push(message=message)
    [apology] = await wait_for(stub, lambda: [m for m in stub.sent() if m["chat_id"] == "14"])
    assert "went wrong on my side" in apology["text"]


async def test_an_empty_inline_query_gets_how_to_ask_and_a_private_chat_button(
    bot: Bot, stub: BotApiStub
) -> None:
    user = {"id": 15, "is_bot": False, "first_name": "Fifteen"}
    stub.push(inline_query={"id": "e1", "from": user, "query": "", "offset": ""})
    [answer] = await wait_for(stub, lambda: stub.sent("answerInlineQuery"))
    [result] = answer["results"]
    assert result["title"] == "How to ask"
    [[button]] = result["reply_markup"]["inline_keyboard"]
    assert button["url"] == f"https://t.me/{BOT_USER['username']}"
    assert html_problem(result["input_message_content"]["message_text"]) is None
