"""Hostile and careless input: what used to crash or hang, and what a user sees instead."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from knowledge import BUNDLED_DIR, KnowledgeBase, load_knowledge
from knowledge.ingest import files
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
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 10_000)
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
