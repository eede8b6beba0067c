"""Live knowledge: a running bot answers from files dropped into its folder, without a restart."""

from __future__ import annotations

import asyncio
import logging
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import StartBot
from support.botapi import BotApiStub, private_chat

from knowledge import BUNDLED_DIR

TRAMS = """---
title: Tram line to the airport opens in Tallinn
date: 2025-03-03
---

# Tram line to the airport opens in Tallinn

The new tram line from the old town to Tallinn airport opened on Monday, carrying
commuters between the harbour and the terminal in eighteen minutes.

Passengers can pay with a contactless bank card at the validators on board, the city's
transport department said.

Night services will run every thirty minutes on Fridays and Saturdays until the end of summer.
"""
TRAM_QUESTION = "When did the tram line to the airport open?"
WAIT = 30.0
"""Generous: the bot is expected to pick a change up within a few seconds."""


async def answer_when_it_comes(stub: BotApiStub, question: str, words: str) -> str:
    """Ask `question` again until the reply contains `words`; the reply. Fails after `WAIT`."""
    deadline = time.monotonic() + WAIT
    while True:
        [reply] = await stub.ask(private_chat(21), 21, question)
        if words in reply["text"] or time.monotonic() > deadline:
            return str(reply["text"])
        await asyncio.sleep(0.5)


async def logged(caplog: pytest.LogCaptureFixture, words: str) -> str:
    """Wait until a log line contains `words`; that line."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        for record in caplog.records:
            if words in record.getMessage():
                return record.getMessage()
        await asyncio.sleep(0.2)
    raise AssertionError(f"no log line with {words!r}")


def remove_all(folder: Path) -> None:
    for file in folder.iterdir():
        file.unlink()


async def test_file_dropped_into_the_folder_is_answered_without_restart(
    start_bot: StartBot, stub: BotApiStub, articles: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.watch")
    await start_bot(articles)
    [before] = await stub.ask(private_chat(21), 21, TRAM_QUESTION)
    assert before["text"].startswith("The article does not say")

    (articles / "trams.md").write_text(TRAMS, encoding="utf-8")

    reply = await answer_when_it_comes(stub, TRAM_QUESTION, "eighteen minutes")
    assert reply.startswith("<blockquote>")
    assert "eighteen minutes" in reply
    assert "Tram line to the airport opens in Tallinn" in reply
    line = await logged(caplog, "Reloaded")
    assert "2 article(s)" in line
    [old] = await stub.ask(private_chat(21), 21, "Who is mediating the talks?")
    assert "Qatar and Egypt" in old["text"]


async def test_removed_file_is_no_longer_answered(
    start_bot: StartBot, stub: BotApiStub, articles: Path
) -> None:
    (articles / "trams.md").write_text(TRAMS, encoding="utf-8")
    await start_bot(articles)
    [before] = await stub.ask(private_chat(21), 21, TRAM_QUESTION)
    assert "eighteen minutes" in before["text"]

    (articles / "trams.md").unlink()

    reply = await answer_when_it_comes(stub, TRAM_QUESTION, "does not say")
    assert reply.startswith("The article does not say")


async def test_broken_file_is_skipped_and_the_bot_keeps_answering(
    start_bot: StartBot, stub: BotApiStub, articles: Path, caplog: pytest.LogCaptureFixture
) -> None:
    await start_bot(articles)
    (articles / "broken.md").write_bytes(b"\xff\xfe\x00 not text \xc3\x28" * 50)
    (articles / "half-written.md").write_text("---\ntitle: Unfinished\n---\n", encoding="utf-8")
    (articles / "trams.md").write_text(TRAMS, encoding="utf-8")

    reply = await answer_when_it_comes(stub, TRAM_QUESTION, "eighteen minutes")
    assert "eighteen minutes" in reply
    assert "broken.md" in await logged(caplog, "broken.md: it is not UTF-8 text")
    assert "half-written.md" in await logged(caplog, "half-written.md")
    [old] = await stub.ask(private_chat(21), 21, "Who is mediating the talks?")
    assert "Qatar and Egypt" in old["text"]


async def test_emptied_folder_keeps_the_last_index_and_logs_an_error(
    start_bot: StartBot, stub: BotApiStub, articles: Path, caplog: pytest.LogCaptureFixture
) -> None:
    await start_bot(articles)
    remove_all(articles)

    line = await logged(caplog, "Keeping the last good index")
    assert "no .md or .txt files" in line or "no usable article" in line
    assert any(r.levelno == logging.ERROR for r in caplog.records if r.name == "bot.watch")
    [reply] = await stub.ask(private_chat(22), 22, "Who is mediating the talks?")
    assert "Qatar and Egypt" in reply["text"]


def folder_with_trams(path: Path) -> Path:
    """A knowledge folder at `path`: the bundled article and the tram article."""
    shutil.copytree(BUNDLED_DIR, path)
    (path / "trams.md").write_text(TRAMS, encoding="utf-8")
    return path


def remove_and_make_again(articles: Path) -> None:
    shutil.rmtree(articles)
    folder_with_trams(articles)


def rename_over(articles: Path) -> None:
    articles.rename(articles.with_name("articles-before"))
    folder_with_trams(articles.with_name("articles-new")).rename(articles)


def switch_symlink(link: Path) -> None:
    """`ln -sfn NEW LINK`: the link names another folder, in one step."""
    new = folder_with_trams(link.with_name("articles-new"))
    link.with_name("link.tmp").symlink_to(new, target_is_directory=True)
    link.with_name("link.tmp").replace(link)


@pytest.mark.parametrize(
    "replace", [remove_and_make_again, rename_over, switch_symlink], ids=lambda f: f.__name__
)
async def test_a_folder_replaced_under_the_bot_is_watched_again(
    start_bot: StartBot,
    stub: BotApiStub,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    replace: Callable[[Path], None],
) -> None:
    caplog.set_level(logging.INFO, logger="bot.watch")
    folder = tmp_path / "articles"
    shutil.copytree(BUNDLED_DIR, folder)
    if replace is switch_symlink:
        folder = folder.rename(tmp_path / "articles-first")
        (tmp_path / "link").symlink_to(folder, target_is_directory=True)
        folder = tmp_path / "link"
    await start_bot(folder)

    replace(folder)

    assert "eighteen minutes" in await answer_when_it_comes(stub, TRAM_QUESTION, "eighteen")
    # ...and the folder it names now is the one watched: a change there is seen too
    (folder / "trams.md").unlink()
    assert "does not say" in await answer_when_it_comes(stub, TRAM_QUESTION, "does not say")
    assert await logged(caplog, str(folder))


def move_in_dotted_folder(articles: Path) -> None:
    made = articles.with_name("2024.05")
    made.mkdir()
    (made / "trams.md").write_text(TRAMS, encoding="utf-8")
    made.rename(articles / "2024.05")


async def test_a_folder_with_a_dot_in_its_name_is_picked_up_and_dropped(
    start_bot: StartBot, stub: BotApiStub, articles: Path
) -> None:
    await start_bot(articles)
    move_in_dotted_folder(articles)
    assert "eighteen minutes" in await answer_when_it_comes(stub, TRAM_QUESTION, "eighteen")
    shutil.rmtree(articles / "2024.05")
    assert "does not say" in await answer_when_it_comes(stub, TRAM_QUESTION, "does not say")
