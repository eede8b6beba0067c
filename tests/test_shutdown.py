"""Stopping the bot while replies wait behind Telegram's rate limits."""

from __future__ import annotations

import asyncio
import logging

import pytest
from support.botapi import BotApiStub, group_chat
from test_bot_e2e import start_polling, stop_polling, wait_for

from knowledge import load_knowledge

GROUP = group_chat(-100777)


async def test_stopping_with_sixty_replies_queued_for_a_group_drops_them_and_logs_how_many(
    stub: BotApiStub, caplog: pytest.LogCaptureFixture
) -> None:
    application = await start_polling(stub, load_knowledge())

    def to_group() -> list[dict[str, object]]:
        return [m for m in stub.sent() if m["chat_id"] == str(GROUP["id"])]

    for user in range(60):
        stub.push(message=stub.user_message(GROUP, 500 + user, "/ask what is qatars role?"))
    await wait_for(stub, lambda: len(to_group()) >= 20)  # the group's burst; the rest must wait

    with caplog.at_level(logging.INFO):
        await asyncio.wait_for(stop_polling(application), timeout=60)  # a guard against a hang
    sent = len(to_group())
    assert 20 <= sent < 60, "the replies Telegram's limits held back were not sent"
    assert f"Stopped without sending {60 - sent} queued message(s)" in caplog.text
    assert not [m for m in to_group() if "went wrong" in str(m["text"])]
    assert "Error while handling an update" not in caplog.text
