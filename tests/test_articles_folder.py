"""Where articles live: KNOWLEDGE_DIR, else DATA_DIR/articles seeded with the bundled article."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import Settings, SettingsError, knowledge_folder
from knowledge import BUNDLED_DIR, load_knowledge

BUNDLED = "000_915978b0620ce548.txt"


def test_default_folder_is_in_data_dir_with_a_copy_of_the_bundled_article(tmp_path: Path) -> None:
    folder = knowledge_folder(Settings("", data_dir=tmp_path / "data"))
    assert folder == tmp_path / "data" / "articles"
    assert [p.name for p in folder.iterdir()] == [BUNDLED]
    assert (folder / BUNDLED).read_bytes() == (BUNDLED_DIR / BUNDLED).read_bytes()
    assert BUNDLED_DIR not in folder.parents
    assert len(load_knowledge(folder).articles) == 1


def test_a_removed_bundled_article_stays_removed(tmp_path: Path) -> None:
    settings = Settings("", data_dir=tmp_path)
    folder = knowledge_folder(settings)
    (folder / BUNDLED).unlink()
    (folder / "mine.md").write_text("# Mine\n\nMy own article, the only one.\n", "utf-8")
    assert knowledge_folder(settings) == folder
    assert [p.name for p in folder.iterdir()] == ["mine.md"]


def test_knowledge_dir_wins_and_is_left_as_it_is(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    settings = Settings("", knowledge_dir=mine, data_dir=tmp_path / "data")
    assert knowledge_folder(settings) == mine
    assert not mine.exists()
    assert not (tmp_path / "data").exists()


def test_folder_that_cannot_be_made_is_a_settings_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the data folder should be", "utf-8")
    with pytest.raises(SettingsError, match="cannot create the articles folder"):
        knowledge_folder(Settings("", data_dir=blocker / "data"))
