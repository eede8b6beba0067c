"""The question log and /stats in the running bot, against the Bot API stand-in."""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from support.botapi import BOT_USER, BotApiStub, private_chat
from support.running import Bot, start_polling, stop_polling
from test_report import break_log

from bot.questionlog import QuestionLog, open_log
from bot.questionrows import database_path, read_rows
from bot.report import Figures, Group, as_json, read_figures
from bot.telegram.message_size import size
from bot.telegram.stats import stats_html
from knowledge import KnowledgeBase

ADMIN = 555001
READER = {"id": 918273645, "is_bot": False, "first_name": "Zelda", "last_name": "Quill"}
READER["username"] = "zelda_reads_news"
GROUP = {"id": -100998877, "type": "supergroup", "title": "Readers"}


class Running:
    """The bot polling the stand-in, with its question log in `data_dir`."""

    def __init__(self, stub: BotApiStub, data_dir: Path, questions: QuestionLog | None) -> None:
        self.stub, self.data_dir, self.questions = stub, data_dir, questions
        self.application: Bot | None = None

    async def start(self, knowledge: KnowledgeBase) -> None:
        self.application = await start_polling(
            self.stub,
            knowledge,
            self.questions,
            admin_ids=frozenset({ADMIN}),
            data_dir=self.data_dir,
        )

    async def stop(self) -> None:
        """A clean stop, as `run_polling` does it: the log is written and closed."""
        if self.application is not None and self.application.running:
            await stop_polling(self.application)

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 20) -> Any:
        return await asyncio.to_thread(self.stub.wait_for, predicate, timeout)

    async def ask(self, chat: dict[str, Any], text: str, user: dict[str, Any] = READER) -> str:
        message = self.stub.user_message(chat, user["id"], text)
        message["from"] = user
        self.stub.push(message=message)
        replies = await self.wait_for(lambda: self.stub.replies_to(message))
        return str(replies[0]["text"])

    async def inline(self, query_id: str, text: str, user: dict[str, Any] = READER) -> None:
        self.stub.push(inline_query={"id": query_id, "from": user, "query": text, "offset": ""})
        await self.wait_for(
            lambda: any(
                a["inline_query_id"] == query_id for a in self.stub.sent("answerInlineQuery")
            )
        )


def stored_bytes(data_dir: Path) -> bytes | None:
    """Every byte the log left in `data_dir` (database, WAL...); None when there is no folder."""
    if not data_dir.exists():
        return None
    return b"".join(path.read_bytes() for path in sorted(data_dir.iterdir()))


@pytest.fixture
async def bot(
    stub: BotApiStub, data_dir: Path, knowledge: KnowledgeBase
) -> AsyncIterator[Running]:
    running = Running(stub, data_dir, QuestionLog(database_path(data_dir), keep_days=90))
    await running.start(knowledge)
    yield running
    await running.stop()


def rows_of(data_dir: Path) -> list[tuple[str, str, str]]:
    return [(r.origin, r.kind, r.question) for r in read_rows(data_dir, since=0)]


async def test_every_way_of_asking_adds_its_row(bot: Running) -> None:
    mention = f"@{BOT_USER['username']}"
    chatter = bot.stub.user_message(GROUP, READER["id"], "just chatting about Qatar")
    bot.stub.push(message=chatter)  # not addressed to the bot: no reply, no row
    await bot.ask(private_chat(READER["id"]), "Who is mediating the talks?")
    await bot.ask(private_chat(READER["id"]), "What is the capital of France?")
    await bot.ask(private_chat(READER["id"]), "Thanks!")
    await bot.ask(private_chat(READER["id"]), "What is the article about?")
    await bot.ask(GROUP, f"{mention} who mediates the talks?")
    await bot.ask(GROUP, f"/ask{mention} qatars role")
    await bot.ask(private_chat(READER["id"]), "/about")  # no question: no row
    # Inline queries arrive as people type; only the question they stopped at is logged.
    for number, typed in enumerate(["hostag", "hostages taken", "hostages taken to gaza"]):
        await bot.inline(f"q{number}", typed)
    await bot.stop()
    assert sorted(rows_of(bot.data_dir)) == sorted(
        [
            ("private", "answer", "Who is mediating the talks?"),
            ("private", "none", "What is the capital of France?"),
            ("private", "chat", "Thanks!"),
            ("private", "about", "What is the article about?"),
            ("group", "answer", "who mediates the talks?"),
            ("group", "answer", "qatars role"),
            ("inline", "answer", "hostages taken to gaza"),
        ]
    )
    answered = [r for r in read_rows(bot.data_dir, since=0) if r.kind == "answer"]
    assert len(answered) == 4
    assert all(r.paragraph and r.title and r.confidence for r in answered)
    assert all(r.ms > 0 for r in answered)


async def test_stored_bytes_hold_no_name_username_or_id(bot: Running) -> None:
    await bot.ask(private_chat(READER["id"]), "Who is mediating the talks?")
    await bot.ask(GROUP, f"@{BOT_USER['username']} what is the capital of France?")
    await bot.inline("q1", "hostages")
    await bot.stop()
    stored = stored_bytes(bot.data_dir)
    assert stored is not None
    assert b"Who is mediating the talks?" in stored  # the right bytes are being read
    for personal in (
        READER["first_name"],
        READER["last_name"],
        READER["username"],
        str(READER["id"]),
        str(GROUP["id"]),
        GROUP["title"],
    ):
        assert str(personal).encode() not in stored
        assert str(personal).lower().encode() not in stored.lower()


async def test_sixty_people_asking_at_once_give_sixty_rows(bot: Running) -> None:
    messages = []
    for number in range(60):
        message = bot.stub.user_message(
            private_chat(1000 + number), 1000 + number, f"qatars role {number}"
        )
        messages.append(message)
    for message in messages:
        bot.stub.push(message=message)
    await bot.wait_for(lambda: all(bot.stub.replies_to(m) for m in messages), timeout=60)
    await bot.stop()
    questions = {question for _, _, question in rows_of(bot.data_dir)}
    assert questions == {f"qatars role {number}" for number in range(60)}


async def test_stats_shows_an_admin_the_figures(bot: Running) -> None:
    for question in (
        "What is the capital of France?",
        "what is the capital of  france",
        "What is the capital of France?",
        "What is the capital of Frnace?",
        "Who painted the Mona Lisa?",
        "Who is mediating the talks?",
    ):
        await bot.ask(private_chat(READER["id"]), question)
    admin = {"id": ADMIN, "is_bot": False, "first_name": "Operator"}
    text = await bot.ask(private_chat(ADMIN), "/stats", user=admin)
    plain = re.sub(r"<[^>]+>", "", text)
    assert "Last 24 hours: 6" in plain
    assert "Answered: 1 of 6 questions, 17%" in plain
    assert "4: What is the capital of France?" in plain
    assert "1: Who painted the Mona Lisa?" in plain
    assert "Most quoted: Despite a recent Biden administration push" in plain


async def test_stats_tells_anyone_else_nothing(bot: Running) -> None:
    await bot.ask(private_chat(READER["id"]), "What is the capital of France?")
    text = await bot.ask(private_chat(READER["id"]), "/stats")
    assert "operators" in text
    assert "France" not in text
    assert not re.search(r"\d", text)


async def test_log_off_writes_nothing(
    stub: BotApiStub, data_dir: Path, knowledge: KnowledgeBase
) -> None:
    running = Running(stub, data_dir, open_log(data_dir, 90, enabled=False))
    await running.start(knowledge)
    try:
        assert "Qatar" in await running.ask(private_chat(READER["id"]), "qatars role")
        await running.inline("q1", "hostages")
    finally:
        await running.stop()
    assert stored_bytes(data_dir) is None


async def test_unwritable_data_dir_still_answers_with_one_warning(
    stub: BotApiStub, tmp_path: Path, knowledge: KnowledgeBase, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("a file where the data folder should be")
    data_dir = blocker / "data"
    running = Running(stub, data_dir, QuestionLog(database_path(data_dir), keep_days=90))
    await running.start(knowledge)
    try:
        assert "Qatar" in await running.ask(private_chat(READER["id"]), "qatars role")
        assert "Qatar" in await running.ask(private_chat(READER["id"]), "qatars role again")
    finally:
        await running.stop()
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.name for r in warnings] == ["bot.questionlog"]


async def test_stats_is_only_in_the_admins_menu(bot: Running) -> None:
    menus = {
        m.get("scope", {}).get("chat_id"): {c["command"] for c in m["commands"]}
        for m in bot.stub.sent("setMyCommands")
    }
    assert "stats" not in menus[None]
    assert "stats" in menus[ADMIN]


async def test_stats_in_a_group_shows_no_figures_even_to_an_admin(bot: Running) -> None:
    await bot.ask(private_chat(READER["id"]), "What is the capital of France?")
    admin = {"id": ADMIN, "is_bot": False, "first_name": "Operator"}
    text = await bot.ask(GROUP, f"/stats@{BOT_USER['username']}", user=admin)
    assert "private chat" in text
    assert "France" not in text
    assert not re.search(r"\d", text)


def test_stats_of_very_long_questions_fit_one_message() -> None:
    long = [Group("🙂 " * 3000 + str(n), 9 - n) for n in range(6)]
    found = Figures(7, 60, 0, 0, 60, {"none": 60}, long, [("🙂" * 5000, 3)])
    text = stats_html(found)
    assert size(re.sub(r"<[^>]+>", "", text)) <= 4096
    shown = re.findall(r"^(\d+): 🙂.*…$", text, re.MULTILINE)
    assert shown == ["9", "8", "7", "6", "5"]  # the five most asked, each shortened


@pytest.mark.parametrize("how", ["damaged", "a folder"])
async def test_stats_on_a_log_it_cannot_read_says_so_in_one_line(
    stub: BotApiStub, data_dir: Path, knowledge: KnowledgeBase, how: str
) -> None:
    break_log(data_dir, how)
    running = Running(stub, data_dir, QuestionLog(database_path(data_dir), keep_days=90))
    await running.start(knowledge)
    try:
        admin = {"id": ADMIN, "is_bot": False, "first_name": "Operator"}
        text = await running.ask(private_chat(ADMIN), "/stats", user=admin)
    finally:
        await running.stop()
    assert text.startswith("The question log cannot be read: ")
    assert "\n" not in text
    assert "went wrong" not in text


async def test_thumbs_under_an_answer_are_logged_against_it_and_reported(
    bot: Running, data_dir: Path
) -> None:
    stub = bot.stub
    message = stub.user_message(private_chat(READER["id"]), READER["id"], "Who is mediating?")
    message["from"] = READER
    stub.push(message=message)
    [reply] = await bot.wait_for(lambda: stub.replies_to(message))
    sent = reply["sent"]
    rows = sent["reply_markup"]["inline_keyboard"]
    votes = {b["text"]: b["callback_data"] for row in rows for b in row if b["text"] in "👍👎"}
    assert set(votes) == {"👍", "👎"}
    for number, (label, user) in enumerate([("👎", READER), ("👎", READER), ("👍", GROUP)]):
        presser = user if label == "👎" else {"id": 5, "is_bot": False, "first_name": "Five"}
        query = {"id": f"v{number}", "from": presser, "chat_instance": "c", "message": sent}
        stub.push(callback_query={**query, "data": votes[label]})
        await bot.wait_for(
            lambda n=number: [
                a for a in stub.sent("answerCallbackQuery") if a["callback_query_id"] == f"v{n}"
            ]
        )
    toasts = [a.get("text", "") for a in stub.sent("answerCallbackQuery")]
    assert "not helpful" in toasts[0]
    assert "already" in toasts[1]  # the same person counts once
    await bot.stop()
    found = read_figures(data_dir, 7)
    assert (found.up, found.down) == (1, 1)
    assert found.questions == 1  # a press is no question
    [(question, quoted, count)] = found.unhelpful
    assert (question, count) == ("Who is mediating?", 1)
    assert "paragraph 4" in quoted
    data = json.loads(as_json(found))
    assert data["feedback"] == {"up": 1, "down": 1}
    assert data["unhelpful"] == [{"question": "Who is mediating?", "quoted": quoted, "count": 1}]
    assert str(READER["id"]).encode() not in (stored_bytes(data_dir) or b"")
