"""The on-disk index cache: reused while files are unchanged, never answering from old text."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge import cache, load_knowledge


@pytest.fixture(autouse=True)
def cache_every_index(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "MIN_PARAGRAPHS", 1)


def write_article(folder: Path, harbour: str) -> None:
    (folder / "port.md").write_text(
        f"# The port\n\nThe harbour master said ships dock at {harbour} each morning.\n\n"
        "Fishermen sell their catch at the market by the lighthouse.\n",
        encoding="utf-8",
    )


def test_unchanged_folder_is_answered_from_the_cache(tmp_path: Path) -> None:
    articles, caches = tmp_path / "articles", tmp_path / "cache"
    articles.mkdir()
    write_article(articles, "Pier Nine")
    first = load_knowledge(articles, cache_dir=caches)
    assert len(list(caches.glob("*.pickle"))) == 1

    second = load_knowledge(articles, cache_dir=caches)
    answer = second.search("where do ships dock?")
    assert answer[0].passage.text == first.search("where do ships dock?")[0].passage.text
    assert "Pier Nine" in answer[0].passage.text


def test_edited_file_is_never_answered_from_stale_cache(tmp_path: Path) -> None:
    articles, caches = tmp_path / "articles", tmp_path / "cache"
    articles.mkdir()
    write_article(articles, "Pier Nine")
    load_knowledge(articles, cache_dir=caches)

    write_article(articles, "Pier Five")  # same size, new text
    answer = load_knowledge(articles, cache_dir=caches).search("where do ships dock?")
    assert "Pier Five" in answer[0].passage.text
    assert len(list(caches.glob("*.pickle"))) == 1, "the stale copy is removed"


def test_damaged_cache_is_rebuilt_not_trusted(tmp_path: Path) -> None:
    articles, caches = tmp_path / "articles", tmp_path / "cache"
    articles.mkdir()
    write_article(articles, "Pier Nine")
    load_knowledge(articles, cache_dir=caches)
    for copy in caches.glob("*.pickle"):
        copy.write_bytes(b"not a pickle")

    answer = load_knowledge(articles, cache_dir=caches).search("where do ships dock?")
    assert "Pier Nine" in answer[0].passage.text
