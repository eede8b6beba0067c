"""Unsure in Telegram: one button per offered paragraph, each labelled by its opening words;
a press quotes that paragraph."""

from __future__ import annotations

from support.botapi import BotApiStub, group_chat, private_chat
from support.running import start_polling, stop_polling
from test_bot_e2e import ask, button_press, callback_answer, plain, wait_for

from knowledge import Tuning, load_knowledge, reply_to
from knowledge.dialogue import offer_label

NEAR_MISS = "What is Hamas insisting on?"


async def test_unsure_reply_offers_buttons_and_a_press_quotes_the_paragraph(
    stub: BotApiStub,
) -> None:
    knowledge = load_knowledge(tuning=Tuning(min_unsure=0.01))
    offered = reply_to(knowledge, NEAR_MISS).offered
    assert offered
    bot = await start_polling(stub, knowledge)
    try:
        [reply] = await ask(stub, private_chat(21), NEAR_MISS)
        assert "not sure" in plain(reply["text"])
        rows = reply["sent"]["reply_markup"]["inline_keyboard"]
        assert [row[0]["text"] for row in rows] == [offer_label(m.passage) for m in offered]
        pressed = rows[-1][0]["callback_data"]
        before = len(stub.sent("sendMessage"))
        stub.push(callback_query=button_press("pick1", reply["sent"], pressed))
        await wait_for(stub, lambda: callback_answer(stub, "pick1"))
        sent = await wait_for(stub, lambda: stub.sent("sendMessage")[before:])
        assert offered[-1].passage.text in plain(sent[0]["text"]).replace("\n", " ")
    finally:
        await stop_polling(bot)


async def test_a_press_on_a_paragraph_no_longer_there_says_so(stub: BotApiStub) -> None:
    knowledge = load_knowledge(tuning=Tuning(min_unsure=0.01))
    bot = await start_polling(stub, knowledge)
    try:
        [reply] = await ask(stub, private_chat(22), NEAR_MISS)
        stub.push(callback_query=button_press("pick2", reply["sent"], "pick:0000000000000000"))
        answered = await wait_for(stub, lambda: callback_answer(stub, "pick2"))
        assert "no longer" in answered["text"]
    finally:
        await stop_polling(bot)


async def test_a_reply_to_an_unsure_message_is_read_with_its_question(stub: BotApiStub) -> None:
    knowledge = load_knowledge(tuning=Tuning(min_unsure=0.01))
    bot = await start_polling(stub, knowledge)
    try:
        group = group_chat(-2300)
        [unsure] = await stub.ask(group, 23, f"/ask {NEAR_MISS}")
        assert "not sure" in plain(unsure["text"])
        [reply] = await stub.ask(group, 23, "who said that?", reply_to_message=unsure["sent"])
        assert "Hamas officials said" in plain(reply["text"])  # read with the question
        [alone] = await stub.ask(group, 24, "/ask who said that?")  # not a reply: no context
        assert "Hamas officials said" not in plain(alone["text"])
    finally:
        await stop_polling(bot)


async def test_more_after_an_unsure_reply_quotes_its_offers_in_turn(stub: BotApiStub) -> None:
    knowledge = load_knowledge(tuning=Tuning(min_unsure=0.01))
    offered = reply_to(knowledge, NEAR_MISS).offered
    assert len(offered) >= 2
    bot = await start_polling(stub, knowledge)
    try:
        chat = private_chat(25)
        [unsure] = await stub.ask(chat, 25, NEAR_MISS)
        assert "not sure" in plain(unsure["text"])
        [more] = await stub.ask(chat, 25, "tell me more")
        assert more["text"].startswith(f"<i>Read as: {NEAR_MISS}</i>")
        assert offered[0].passage.text in plain(more["text"]).replace("\n", " ")
        [again] = await stub.ask(chat, 25, "more")
        assert offered[1].passage.text in plain(again["text"]).replace("\n", " ")
        sent = again["sent"]
        [back] = [b for row in sent["reply_markup"]["inline_keyboard"] for b in row][:1]
        assert back["text"] == "◀ Previous"
        stub.push(callback_query=button_press("u1", sent, back["callback_data"]))
        [edit] = await wait_for(stub, lambda: stub.sent("editMessageText"))
        assert offered[0].passage.text in plain(edit["text"]).replace("\n", " ")
    finally:
        await stop_polling(bot)
