"""Loading knowledge folders: what becomes a quotable paragraph, what is set aside, what fails."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from knowledge import Article, KnowledgeBase, KnowledgeError, load_knowledge

SEED_FILE = "000_915978b0620ce548.txt"


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def only_article(folder: Path) -> Article:
    articles = load_knowledge(folder).articles
    assert len(articles) == 1
    return articles[0]


@pytest.fixture(scope="module")
def seed(knowledge: KnowledgeBase) -> Article:
    assert [article.name for article in knowledge.articles] == [SEED_FILE]
    return knowledge.articles[0]


# The bundled article, exactly as it was received


def test_seed_article_has_exactly_its_seven_paragraphs(seed: Article) -> None:
    assert len(seed.paragraphs) == 7


def test_seed_summary_line_is_paragraph_one(seed: Article) -> None:
    assert seed.paragraphs[0].startswith("Despite a recent Biden administration push")
    assert seed.paragraphs[1].startswith("Talks between Israel and Hamas to end the war in Gaza")
    assert seed.paragraphs[-1].startswith("Hamas has said it would not release")


def test_seed_paywall_notice_is_never_a_paragraph(seed: Article) -> None:
    assert not any("preview view of this article" in p for p in seed.paragraphs)
    assert not any("checking your access" in p for p in seed.paragraphs)


def test_seed_image_line_is_kept_as_caption_not_paragraph(seed: Article) -> None:
    assert not any("![" in p or "static01.nyt.com" in p for p in seed.paragraphs)
    assert len(seed.captions) == 1
    assert seed.captions[0].startswith("People lean over a collection of candles")


def test_seed_dateline_becomes_the_date_not_a_paragraph(seed: Article) -> None:
    assert seed.date == "2025-01-02"
    assert not any("8:16 a.m." in p for p in seed.paragraphs)


def test_seed_gets_a_readable_title_from_its_text(seed: Article) -> None:
    assert seed.title.startswith("Despite a recent Biden administration push")


# File formats


def test_front_matter_gives_title_date_source_url_and_author(tmp_path: Path) -> None:
    write(
        tmp_path,
        "story.md",
        "---\n"
        "title: Bees Return to the Valley\n"
        "date: 2024-05-06\n"
        "source: Valley Gazette\n"
        'url: "https://example.org/bees"\n'
        "author: Ada Honeywell\n"
        "---\n\n"
        "Beekeepers counted twice as many hives this spring.\n\n"
        "The mild winter helped the colonies survive.\n",
    )
    article = only_article(tmp_path)
    assert article.title == "Bees Return to the Valley"
    assert article.date == "2024-05-06"
    assert article.source == "Valley Gazette"
    assert article.url == "https://example.org/bees"
    assert article.author == "Ada Honeywell"
    assert article.paragraphs == (
        "Beekeepers counted twice as many hives this spring.",
        "The mild winter helped the colonies survive.",
    )


def test_heading_becomes_title_and_is_not_a_paragraph(tmp_path: Path) -> None:
    write(
        tmp_path,
        "harbour.md",
        "# The Harbour Reopens\n\nShips docked again on Monday.\n\nThe port had been shut.\n",
    )
    article = only_article(tmp_path)
    assert article.title == "The Harbour Reopens"
    assert article.paragraphs == ("Ships docked again on Monday.", "The port had been shut.")


def test_blank_line_separated_paragraphs_join_their_lines(tmp_path: Path) -> None:
    write(
        tmp_path,
        "wrapped.md",
        "The council voted on the new\nbudget late on Tuesday night.\n\n"
        "Residents had asked for more\nmoney for the library.\n",
    )
    article = only_article(tmp_path)
    assert article.paragraphs == (
        "The council voted on the new budget late on Tuesday night.",
        "Residents had asked for more money for the library.",
    )


def test_file_without_blank_lines_has_one_paragraph_per_line(tmp_path: Path) -> None:
    write(
        tmp_path,
        "lines.txt",
        "The first line is one paragraph.\nThe second line is another.\nA third one.\n",
    )
    article = only_article(tmp_path)
    assert article.paragraphs == (
        "The first line is one paragraph.",
        "The second line is another.",
        "A third one.",
    )


def test_repeated_paragraph_is_kept_once(tmp_path: Path) -> None:
    write(
        tmp_path,
        "repeat.txt",
        "The mayor opened the bridge.\nCrowds lined the river.\nThe mayor opened the bridge.\n",
    )
    article = only_article(tmp_path)
    assert article.paragraphs == ("The mayor opened the bridge.", "Crowds lined the river.")


def test_huge_paragraph_is_cut_at_sentence_ends_without_losing_text(tmp_path: Path) -> None:
    sentences = [
        f"Sentence number {n} tells part of a very long story about the river town."
        for n in range(200)
    ]
    huge = " ".join(sentences)
    assert len(huge) > 3 * 3000
    write(tmp_path, "long.md", f"# Long\n\n{huge}\n\nA short closing paragraph.\n")
    article = only_article(tmp_path)

    pieces = article.paragraphs[:-1]
    assert len(pieces) >= 4
    assert all(len(piece) <= 3000 for piece in pieces)
    assert all(piece.endswith("river town.") for piece in pieces)
    assert all(piece.startswith("Sentence number ") for piece in pieces)
    assert " ".join(pieces) == huge
    assert article.paragraphs[-1] == "A short closing paragraph."


def test_markup_only_blocks_are_dropped(tmp_path: Path) -> None:
    write(
        tmp_path,
        "markup.md",
        "# Garden Show\n\n---\n\nRoses won first prize.\n\n* * *\n\n***\n\n## Results\n\n"
        "Tulips came second.\n\n|---|---|\n",
    )
    article = only_article(tmp_path)
    assert article.paragraphs == ("Roses won first prize.", "Tulips came second.")


# Bad files are skipped, naming the file


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("latin1.txt", "Caf\xe9 cr\xe8me and na\xefve r\xe9sum\xe9s.\n".encode("latin-1")),
        ("empty.md", b""),
        ("markup.md", b"---\n\n* * *\n\n![](https://example.org/x.png)\n\n###\n"),
    ],
    ids=["not-utf8", "empty", "markup-only"],
)
def test_unusable_file_is_skipped_with_warning_and_good_file_still_loads(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, name: str, content: bytes
) -> None:
    write(tmp_path, "good.md", "# Good\n\nThe ferry runs every hour.\n")
    (tmp_path / name).write_bytes(content)
    with caplog.at_level(logging.WARNING, logger="knowledge"):
        knowledge = load_knowledge(tmp_path)

    assert [article.name for article in knowledge.articles] == ["good.md"]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert name in warnings[0]
    assert knowledge.search("ferry every hour")[0].passage.article.name == "good.md"


# Folders that cannot be used


def test_missing_folder_raises_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    with pytest.raises(KnowledgeError, match="no-such-folder"):
        load_knowledge(missing)


def test_folder_without_md_or_txt_files_raises_error_naming_it(tmp_path: Path) -> None:
    folder = tmp_path / "only-pdfs"
    folder.mkdir()
    (folder / "report.pdf").write_bytes(b"%PDF-1.4")
    (folder / "notes.docx").write_bytes(b"PK")
    with pytest.raises(KnowledgeError, match="only-pdfs"):
        load_knowledge(folder)


def test_folder_with_only_bad_files_raises_error_naming_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "all-bad"
    folder.mkdir()
    (folder / "empty.md").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\xff\xfe\xfa\x80 not text")
    with caplog.at_level(logging.WARNING), pytest.raises(KnowledgeError, match="all-bad"):
        load_knowledge(folder)
    assert "empty.md" in caplog.text
    assert "binary.txt" in caplog.text
