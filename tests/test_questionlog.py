"""The question log on its own: rows written off the caller's thread, pruned, never in the way."""

from __future__ import annotations

import logging
import sqlite3
import tempfile
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import questionlog
from bot.questionlog import QuestionLog, open_log
from bot.questionrows import DAY, SCHEMA_VERSION, database_path, read_rows
from knowledge import load_knowledge, reply_to


def test_rows_are_written_with_what_was_answered(data_dir: Path) -> None:
    log = QuestionLog(database_path(data_dir), keep_days=90)
    knowledge = load_knowledge()
    question = "Who is mediating the talks?"
    log.record_reply("private", reply_to(knowledge, question), started=0.0)
    log.record_reply("group", reply_to(knowledge, "What is the capital of France?"), started=0.0)
    log.record("cli", "hello", "chat", ms=0.4)
    log.close()
    answered, refused, chat = read_rows(data_dir, since=0)
    assert (answered.origin, answered.question, answered.kind) == ("private", question, "answer")
    assert answered.title is not None
    assert answered.title.startswith("Despite a recent Biden administration push")
    assert answered.paragraph == 4
    assert answered.confidence is not None
    assert 0 < answered.confidence <= 1
    assert (refused.origin, refused.kind, refused.article, refused.paragraph) == (
        "group",
        "none",
        None,
        None,
    )
    assert (chat.kind, chat.ms) == ("chat", 0.4)


def test_database_uses_wal_and_a_schema_version(data_dir: Path) -> None:
    log = QuestionLog(database_path(data_dir), keep_days=90)
    log.record("cli", "q", "none")
    log.close()
    connection = sqlite3.connect(database_path(data_dir))
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert connection.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    connection.close()


def test_log_off_writes_nothing(data_dir: Path) -> None:
    assert open_log(data_dir, 90, enabled=False) is None
    assert not data_dir.exists()


def test_rows_older_than_log_days_are_deleted(data_dir: Path) -> None:
    now = 1_800_000_000.0
    clock = [now - 40 * DAY]
    log = QuestionLog(database_path(data_dir), keep_days=30, clock=lambda: clock[0])
    log.record("private", "asked forty days ago", "none")
    clock[0] = now - 10 * DAY
    log.record("private", "asked ten days ago", "none")
    log.close()
    assert len(read_rows(data_dir, since=0)) == 2
    clock[0] = now  # a restart forty days after the first question
    QuestionLog(database_path(data_dir), keep_days=30, clock=lambda: clock[0]).close()
    assert [row.question for row in read_rows(data_dir, since=0)] == ["asked ten days ago"]


def test_unwritable_data_dir_gives_one_warning_and_recording_goes_on(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    log = QuestionLog(database_path(blocker / "data"), keep_days=90)
    for number in range(5):
        log.record("private", f"question {number}", "none")
    log.flush()
    log.close()
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "question log" in warnings[0].getMessage()


def test_rows_recorded_from_many_threads_at_once_are_all_kept(data_dir: Path) -> None:
    log = QuestionLog(database_path(data_dir), keep_days=90)
    start = threading.Barrier(60)

    def person(number: int) -> None:
        start.wait()
        log.record("private", f"question from person {number}", "none")

    threads = [threading.Thread(target=person, args=(n,)) for n in range(60)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    log.close()
    questions = {row.question for row in read_rows(data_dir, since=0)}
    assert questions == {f"question from person {n}" for n in range(60)}


def test_missing_log_reads_as_no_rows_and_creates_nothing(data_dir: Path) -> None:
    assert read_rows(data_dir, since=0) == []
    assert not data_dir.exists()


def test_rows_grow_old_and_are_deleted_while_the_bot_runs(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(questionlog, "PRUNE_EVERY", 0.0)
    clock = [1_800_000_000.0]
    log = QuestionLog(database_path(data_dir), keep_days=1, clock=lambda: clock[0])
    log.record("private", "asked on the first day", "none")
    log.flush()
    clock[0] += 2 * DAY
    log.record("private", "asked two days later", "none")
    log.flush()
    assert [row.question for row in read_rows(data_dir, since=0)] == ["asked two days later"]
    log.close()


def test_failed_writes_give_one_warning_and_recording_goes_on(
    data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    log = QuestionLog(database_path(data_dir), keep_days=90)
    log.record("private", "written", "none")
    log.flush()
    spoiler = sqlite3.connect(database_path(data_dir))
    spoiler.execute("DROP TABLE questions")
    spoiler.close()
    for number in range(3):
        log.record("private", f"lost {number}", "none")
        log.flush()
    log.close()
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "cannot write to the question log" in warnings[0].getMessage()


ANY_TEXT = st.one_of(
    st.sampled_from(["\ud800", "who \udfff?", "\x00", ""]),
    st.text(st.characters(codec=None, exclude_categories=()), max_size=20),
)
"""Any text a Telegram update's JSON can carry, lone surrogates ("\\ud800") included."""
ANY_NUMBER = st.one_of(st.none(), st.sampled_from([2**63, -(2**70)]), st.integers(), st.floats())


@settings(max_examples=25, deadline=None)
@given(
    question=ANY_TEXT,
    title=st.one_of(st.none(), ANY_TEXT),
    paragraph=ANY_NUMBER,
    confidence=ANY_NUMBER,
)
def test_the_question_log_keeps_writing_after_any_row(
    question: str, title: str | None, paragraph: int | None, confidence: float | None
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        log = QuestionLog(database_path(Path(folder)), keep_days=90)
        log.record("private", "asked before", "none")
        log.record(
            "private", question, "answer", title=title, paragraph=paragraph, confidence=confidence
        )  # type: ignore[arg-type]
        log.record("private", "asked after", "none")
        log.close()
        kept = [row.question for row in read_rows(Path(folder), since=0)]
    assert kept[0] == "asked before"
    assert kept[-1] == "asked after"


def test_a_question_with_a_lone_surrogate_is_dropped_with_one_warning(
    data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    log = QuestionLog(database_path(data_dir), keep_days=90)
    log.record("private", "written before", "none")
    log.record("private", "who \ud800 mediates?", "none")
    log.flush()
    log.record("private", "written after", "none")
    log.close()
    assert [row.question for row in read_rows(data_dir, since=0)] == [
        "written before",
        "written after",
    ]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "UnicodeEncodeError" in warnings[0].getMessage()
