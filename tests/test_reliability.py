"""Hostile and careless input: what used to crash or hang, and what a user sees instead."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot import cli
from knowledge import BUNDLED_DIR, KnowledgeBase, load_knowledge
from knowledge.ingest import parsing as loading
from knowledge.ingest.parsing import MAX_PASSAGE_CHARS, cut_long, parse_article

SEED_FILE = "000_915978b0620ce548.txt"


def seed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / SEED_FILE).write_bytes((BUNDLED_DIR / SEED_FILE).read_bytes())
    return folder


def test_kaomoji_question_is_answered_not_crashed() -> None:
    matches = load_knowledge().search("(ﾟ∀ﾟ) who mediates? ﾞ")
    assert matches, "the question is still answered"
    assert "mediat" in matches[0].passage.text


def test_article_with_kaomoji_loads_and_answers(tmp_path: Path) -> None:
    (tmp_path / "cats.md").write_text(
        "# Cats\n\nThe cat (ﾟ∀ﾟ) sleeps all day on the warm windowsill ﾞ.\n", encoding="utf-8"
    )
    matches = load_knowledge(tmp_path, cache_dir=tmp_path / "cache").search(
        "where does the cat sleep?"
    )
    assert matches
    assert "windowsill" in matches[0].passage.text


def test_duplicate_articles_give_another_match_a_different_paragraph(tmp_path: Path) -> None:
    seed = parse_article("a.md", (BUNDLED_DIR / SEED_FILE).read_text(encoding="utf-8"))
    assert seed is not None
    copy = parse_article("b.md", (BUNDLED_DIR / SEED_FILE).read_text(encoding="utf-8"))
    assert copy is not None
    matches = KnowledgeBase([seed, copy]).search("Who is mediating the talks?", limit=3)
    texts = [m.passage.text for m in matches]
    assert len(texts) >= 2
    assert len(set(texts)) == len(texts), "each match is a different paragraph"


def test_file_name_that_is_not_utf8_is_skipped_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = seed_folder(tmp_path)
    bad = os.path.join(os.fsencode(folder), b"caf\xe9.md")
    with open(bad, "wb") as file:
        file.write(b"# Cafe\n\nThe cafe opens at nine.\n")

    knowledge = load_knowledge(folder, cache_dir=tmp_path / "cache")
    assert [a.name for a in knowledge.articles] == [SEED_FILE]
    assert "caf\ufffd.md" in caplog.text
    assert "not UTF-8" in caplog.text


def test_unreadable_file_is_skipped_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = seed_folder(tmp_path)
    locked = folder / "locked.md"
    locked.write_text("# Locked\n\nNobody may read this.\n", encoding="utf-8")
    real_open = Path.open

    def open_denied(self: Path, *args: object, **kwargs: object) -> object:
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", open_denied)
    knowledge = load_knowledge(folder, cache_dir=tmp_path / "cache")
    assert [a.name for a in knowledge.articles] == [SEED_FILE]
    assert "locked.md" in caplog.text
    assert "Permission denied" in caplog.text


def test_file_too_large_to_be_an_article_is_skipped_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loading, "MAX_FILE_BYTES", 10_000)
    folder = seed_folder(tmp_path)
    (folder / "dump.txt").write_text("word " * 3000, encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        knowledge = load_knowledge(folder, cache_dir=tmp_path / "cache")
    assert [a.name for a in knowledge.articles] == [SEED_FILE]
    assert "dump.txt" in caplog.text
    assert "too large" in caplog.text


def test_paragraph_without_sentence_ends_is_cut_into_quotable_pieces() -> None:
    paragraph = " ".join(f"word{n}" for n in range(100_000)) + " " + "x" * 7000
    pieces = cut_long(paragraph)
    assert all(0 < len(piece) <= MAX_PASSAGE_CHARS for piece in pieces)
    assert " ".join(pieces).replace(" ", "") == paragraph.replace(" ", ""), "nothing lost"


# ask: bytes in, one JSON line out per input line

ROOT = Path(__file__).resolve().parents[1]


def run_ask(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "KNOWLEDGE"))}
    env.update(PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "bot", "ask", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        timeout=60,
        check=False,
    )


def test_ask_with_a_kaomoji_quotes_the_answer() -> None:
    result = run_ask("(ﾟ∀ﾟ) who mediates?")
    assert result.returncode == 0, result.stderr.decode()
    assert "mediat" in result.stdout.decode("utf-8")
    assert not result.stderr


def test_ask_json_answers_every_line_after_invalid_utf8_and_blank_lines() -> None:
    result = run_ask("--json", stdin=b"who mediates?\n\xff\xfe caf\xe9\n\nqatar role\n")
    assert result.returncode == 0, result.stderr.decode()
    records = [json.loads(line) for line in result.stdout.decode("utf-8").split("\n")[:-1]]
    assert [r["question"] for r in records] == [
        "who mediates?",
        "\ufffd\ufffd caf\ufffd",
        "",
        "qatar role",
    ]
    assert records[0]["answer"]
    assert records[2]["answer"] is None
    assert records[3]["answer"]


def test_ask_json_never_prints_a_raw_line_separator() -> None:
    result = run_ask("--json", "who\u2028mediates\u2029the talks\x85?")
    assert result.returncode == 0, result.stderr.decode()
    text = result.stdout.decode("utf-8")
    assert len(text.splitlines()) == 1
    assert json.loads(text)["question"] == "who\u2028mediates\u2029the talks\x85?"


# eval: the question set is checked before anything is written or asked

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
