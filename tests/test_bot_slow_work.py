"""Admins' slow links never hold up readers, and never hold up stopping the bot."""

from __future__ import annotations

import asyncio
import logging
import shutil
import signal
import subprocess
from pathlib import Path

import pytest
from support.botapi import BotApiStub, private_chat
from support.hostile import HostileWeb, wait_until
from support.running import BOT_COMMAND, cli_environment, start_polling, stop_polling

from knowledge import BUNDLED_DIR, load_knowledge

ADMIN = 900
READER = 901


def copy_of_bundled(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(BUNDLED_DIR, folder)
    return folder


async def test_readers_are_answered_while_six_admin_links_hang(
    stub: BotApiStub, hostile: HostileWeb, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = copy_of_bundled(tmp_path)
    application = await start_polling(
        stub, load_knowledge(folder), knowledge_dir=folder, admin_ids=frozenset({ADMIN})
    )
    try:
        links = [
            stub.user_message(private_chat(ADMIN), ADMIN, hostile.url(f"/hang/{n}"))
            for n in range(6)
        ]
        for link in links:
            stub.push(message=link)
        await asyncio.to_thread(wait_until, lambda: hostile.requests)
        for _ in range(3):
            [answer] = await stub.ask(private_chat(READER), READER, "Who is mediating the talks?")
            assert answer["text"].startswith("<blockquote>")
        assert not [reply for link in links for reply in stub.replies_to(link)]
    finally:
        with caplog.at_level(logging.INFO):
            await asyncio.wait_for(stop_polling(application), timeout=30)  # a guard, not a limit
    assert "Error while handling an update" not in caplog.text
    assert not [m for m in stub.sent() if "went wrong" in str(m["text"])]


def test_sigterm_stops_the_bot_at_once_with_admin_fetches_pending(
    stub: BotApiStub, hostile: HostileWeb, tmp_path: Path
) -> None:
    env = cli_environment(
        TELEGRAM_BOT_TOKEN="1:T",
        TELEGRAM_BASE_URL=stub.base_url,
        KNOWLEDGE_DIR=str(copy_of_bundled(tmp_path)),
        ADMIN_IDS=str(ADMIN),
    )
    with subprocess.Popen(BOT_COMMAND, cwd=tmp_path, env=env, stderr=subprocess.PIPE) as process:
        try:
            stub.wait_for(lambda: stub.sent("setMyCommands"), timeout=30)
            for n in range(3):
                link = hostile.url(f"/hang/{n}")
                stub.push(message=stub.user_message(private_chat(ADMIN), ADMIN, link))
            wait_until(lambda: len(hostile.requests) >= 2)
        finally:
            process.send_signal(signal.SIGTERM)
            # The fetches would hang for their whole deadline (20 s); stopping must not wait.
            _, errors = process.communicate(timeout=10)
    assert process.returncode == 0, errors.decode()
    assert b"Traceback" not in errors


async def test_an_admin_link_to_a_compression_bomb_gets_one_reason(
    stub: BotApiStub, hostile: HostileWeb, tmp_path: Path
) -> None:
    folder = copy_of_bundled(tmp_path)
    application = await start_polling(
        stub, load_knowledge(folder), knowledge_dir=folder, admin_ids=frozenset({ADMIN})
    )
    try:
        for coding, reason in [
            ("gzip-gzip", "the page is compressed 2 times (gzip, gzip): I undo one"),
            ("gzip", "the page is larger than 5 MB"),
        ]:
            link = hostile.url(f"/bomb/{coding}")
            [reply] = await stub.ask(private_chat(ADMIN), ADMIN, link)
            assert reply["text"] == f"Not added: {reason}"
    finally:
        await asyncio.wait_for(stop_polling(application), timeout=30)
    assert [path.name for path in folder.iterdir()] == [
        path.name for path in BUNDLED_DIR.iterdir()
    ]
