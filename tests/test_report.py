"""`python -m bot report` and the figures it shares with /stats."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from bot import cli
from bot.questionlog import QuestionLog
from bot.questionrows import DAY, database_path, read_rows
from bot.report import Group, group_questions

NOW = 1_800_000_000.0


@pytest.fixture
def settings_env(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`DATA_DIR` set as an operator would, run from a folder without `.env`."""
    monkeypatch.setenv("DATA_DIR", str(data_dir))
    monkeypatch.chdir(tmp_path)
    return data_dir


def write_log(data_dir: Path, rows: list[tuple[float, str, str]]) -> None:
    """Rows of (days ago, kind, question) as the bot would have logged them."""
    clock = [NOW]
    log = QuestionLog(database_path(data_dir), keep_days=90, clock=lambda: clock[0])
    for days_ago, kind, question in rows:
        clock[0] = NOW - days_ago * DAY
        quoted = {"article": "a.md", "title": "Talks stall", "paragraph": 4, "confidence": 0.8}
        log.record("private", question, kind, **(quoted if kind == "answer" else {}))
    log.close()


def report(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = cli.main(["report", *args])
    return code, capsys.readouterr().out


def test_near_identical_wordings_are_counted_together() -> None:
    groups = group_questions(
        [
            "What is the capital of France?",
            "what is the capital of  france",
            "What is the capital of France?",
            "What is the capital of Frnace?",
            "WHAT IS THE CAPITAL OF FRANCE",
            "What is the capital of Spain?",
            "who is the president of france",
            "who is the president of spain",
            "hi",
            "ho",
        ]
    )
    assert groups[0] == Group("What is the capital of France?", 5)
    assert {g.question for g in groups[1:]} == {
        "What is the capital of Spain?",
        "who is the president of france",
        "who is the president of spain",
        "hi",
        "ho",
    }
    assert all(g.count == 1 for g in groups[1:])


LOG = [
    (0.1, "answer", "Who is mediating the talks?"),
    (0.2, "answer", "qatars role"),
    (0.3, "none", "What is the capital of France?"),
    (0.4, "none", "what is the capital of  france"),
    (2.0, "none", "What is the capital of Frnace?"),
    (3.0, "none", "Who painted the Mona Lisa?"),
    (1.0, "chat", "hello"),
    (20.0, "none", "Who won the 1998 World Cup?"),  # outside the last 7 days
]


def test_report_lists_every_unanswered_question_grouped(
    settings_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_log(settings_env, LOG)
    monkeypatch.setattr("time.time", lambda: NOW)
    code, out = report(capsys=capsys)
    assert code == 0
    assert "Questions in the last 7 days: 7" in out
    assert "In the last 24 hours: 5" in out
    assert "Answered: 2 of 6 questions (besides 1 small talk), 33%" in out
    unanswered = out[out.index("Not answered (4):") :].splitlines()[1:]
    assert [line.split(None, 1) for line in unanswered] == [
        ["3", "What is the capital of France?"],
        ["1", "Who painted the Mona Lisa?"],
    ]
    assert "World Cup" not in out


def test_report_json_is_the_contract_object(
    settings_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_log(settings_env, LOG)
    monkeypatch.setattr("time.time", lambda: NOW)
    code, out = report("--json", "--days", "30", capsys=capsys)
    assert code == 0
    assert out.count("\n") == 1
    assert json.loads(out) == {
        "days": 30,
        "questions": 8,
        "answered": 2,
        "by_kind": {"none": 5, "answer": 2, "chat": 1},
        "unanswered": [
            {"question": "What is the capital of France?", "count": 3},
            {"question": "Who painted the Mona Lisa?", "count": 1},
            {"question": "Who won the 1998 World Cup?", "count": 1},
        ],
        "articles": [{"title": "Talks stall", "quoted": 2}],
        "feedback": {"up": 0, "down": 0},
        "unhelpful": [],
    }


def test_missing_log_reports_zeros(settings_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = report("--json", capsys=capsys)
    assert code == 0
    assert json.loads(out) == {
        "days": 7,
        "questions": 0,
        "answered": 0,
        "by_kind": {},
        "unanswered": [],
        "articles": [],
        "feedback": {"up": 0, "down": 0},
        "unhelpful": [],
    }
    code, out = report(capsys=capsys)
    assert code == 0
    assert "Questions in the last 7 days: 0" in out
    assert not settings_env.exists()


def test_ask_logs_only_with_log(settings_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["ask", "qatars role", "Who painted the Mona Lisa?"]) == 0
    assert read_rows(settings_env, since=0) == []
    assert cli.main(["ask", "--log", "qatars role", "Who painted the Mona Lisa?"]) == 0
    rows = read_rows(settings_env, since=0)
    assert [(r.origin, r.kind, r.question) for r in rows] == [
        ("cli", "answer", "qatars role"),
        ("cli", "none", "Who painted the Mona Lisa?"),
    ]


def test_ask_log_respects_log_questions_off(
    settings_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOG_QUESTIONS", "off")
    assert cli.main(["ask", "--log", "qatars role"]) == 0
    assert not list(settings_env.glob("questions*"))  # DATA_DIR holds the articles folder


def break_log(data_dir: Path, how: str) -> None:
    """A damaged log file, or a folder where the log file should be."""
    data_dir.mkdir(parents=True, exist_ok=True)
    if how == "damaged":
        database_path(data_dir).write_bytes(b"SQLite format 3\x00" + b"\xde\xad" * 2000)
    else:
        database_path(data_dir).mkdir()


@pytest.mark.parametrize("how", ["damaged", "a folder"])
def test_report_on_a_log_it_cannot_read_says_why_in_one_line(
    settings_env: Path, capsys: pytest.CaptureFixture[str], how: str
) -> None:
    break_log(settings_env, how)
    code = cli.main(["report"])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    [line] = captured.err.splitlines()
    assert line.startswith("article-bot: cannot read the question log: ")
    assert str(database_path(settings_env)) in line


def test_grouping_stays_near_linear_for_many_distinct_questions() -> None:
    """20,000 different questions of one length took 95 s to group; near copies still merge.
    (The time is in benchmarks/grouping.py; this checks the groups.)"""
    rng = random.Random(5)
    forms = ["".join(rng.choice("abcdefgh ") for _ in range(40)) for _ in range(2000)]
    copies = [form[:10] + "x" + form[11:] for form in forms]  # one letter replaced
    groups = group_questions(forms + copies)
    assert len(groups) == len(set(forms))
    assert {group.count for group in groups} == {2}
