"""`eval` with hostile and careless question sets: checked before anything is asked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot import cli

SQUAD_ROW = {
    "title": "Harbour",
    "passages": [
        "Ships dock at Pier Nine each morning.",
        "Fishermen sell fish by the lighthouse.",
    ],
    "questions": [{"q": "Where do ships dock?", "gold": 0}],
}


def write_set(path: Path, *rows: object) -> Path:
    lines = [row if isinstance(row, str) else json.dumps(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("title", ["../../escaped", "/tmp/escaped", "a/b", "two\nlines"])
def test_eval_squad_title_is_only_a_title_never_a_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], title: str
) -> None:
    work = tmp_path / "deep" / "er"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    questions = write_set(tmp_path / "set.jsonl", {**SQUAD_ROW, "title": title})
    assert cli.main(["eval", str(questions)]) == 0
    assert "top-1: 1.000" in capsys.readouterr().out
    assert not list(tmp_path.rglob("escaped*"))
    assert not Path("/tmp/escaped.md").exists()


@pytest.mark.parametrize(
    ("rows", "named"),
    [
        ([SQUAD_ROW, ["not", "an", "object"]], "line 2 is a JSON list"),
        ([SQUAD_ROW, "{not json"], "line 2 is not JSON"),
        ([{**SQUAD_ROW, "questions": [{"q": "Where?", "gold": 7}]}], "line 1, question 1"),
        ([{**SQUAD_ROW, "questions": [{"q": "Where?", "gold": -1}]}], "'gold' is -1"),
        ([SQUAD_ROW, {**SQUAD_ROW, "passages": "text"}], "line 2: 'passages'"),
        ([{"q": "who?", "expect": ["x"]}, {"q": 3}], "line 2 needs the question"),
        ([{"q": "who?", "expect": "x"}], "line 1: 'expect'"),
        ([{"q": "hi", "kind": "chat"}, "", {"q": "x", "kind": "oops"}], "line 3 needs a text 'q'"),
        ([{"q": "hi", "kind": "about", "reply_has": "May"}], "line 1: 'reply_has'"),
    ],
)
def test_eval_bad_question_set_exits_2_with_one_line_naming_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], rows: list[object], named: str
) -> None:
    questions = write_set(tmp_path / "set.jsonl", *rows)
    assert cli.main(["eval", str(questions)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert named in error
    assert "Traceback" not in error
