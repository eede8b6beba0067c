"""Adding articles: from links served on 127.0.0.1, saved pages and text files."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from support.web import SOLAR_PARAGRAPHS, SOLAR_TITLE, Route, WebStub, news_page

from bot.cli.add import as_text
from knowledge import load_knowledge
from knowledge.ingest import Added, NotAdded
from knowledge.ingest.adding import Limits, add_source
from knowledge.ingest.extract import Page, knowledge_text
from knowledge.ingest.parsing import parse_article, split_front_matter


def front_matter(path: Path) -> dict[str, str]:
    return split_front_matter(path.read_text("utf-8"))[0]


# A news page


def test_link_to_a_news_page_becomes_one_clean_markdown_file(web: WebStub, tmp_path: Path) -> None:
    link = web.page("/news/solar", news_page())
    added = add_source(link, tmp_path)

    assert isinstance(added, Added), added
    assert added.file is not None
    assert added.file.parent == tmp_path
    assert added.file.suffix == ".md"
    assert added.file.name == "port-avalen-switches-on-a-floating-solar-farm.md"
    assert added.title == SOLAR_TITLE
    assert added.paragraphs == len(SOLAR_PARAGRAPHS)
    assert added.article is not None
    assert added.article.paragraphs == SOLAR_PARAGRAPHS
    assert added.article.date == "2024-05-13"
    assert added.article.author == "Mara Lindqvist"
    assert added.article.source == "The Avalen Courier"
    assert added.article.url == "https://courier.example/news/2024/05/floating-solar-farm"
    assert front_matter(added.file) == {
        "title": SOLAR_TITLE,
        "date": "2024-05-13",
        "source": "The Avalen Courier",
        "url": "https://courier.example/news/2024/05/floating-solar-farm",
        "author": "Mara Lindqvist",
    }
    assert web.user_agents[0].startswith("article-bot/")


def test_page_noise_is_never_a_paragraph(web: WebStub, tmp_path: Path) -> None:
    added = add_source(web.page("/news/solar", news_page()), tmp_path)
    assert added.article is not None
    text = " ".join(added.article.paragraphs).lower()
    for noise in ("cookies", "subscribe", "most read", "privacy policy", "ferry", "opinion"):
        assert noise not in text


def test_added_link_is_answered_from_the_folder(web: WebStub, tmp_path: Path) -> None:
    add_source(web.page("/news/solar", news_page()), tmp_path)
    [best, *_] = load_knowledge(tmp_path).search(
        "How many homes will the farm supply with electricity?"
    )
    assert "4,000 homes" in best.passage.text


def test_same_link_again_updates_its_file(web: WebStub, tmp_path: Path) -> None:
    link = web.page("/news/solar", news_page())
    first = add_source(link, tmp_path)
    web.page("/news/solar", news_page(paragraphs=(*SOLAR_PARAGRAPHS, "A correction was made.")))
    second = add_source(link, tmp_path)

    assert second.file == first.file
    assert list(tmp_path.iterdir()) == [first.file]
    assert second.paragraphs == len(SOLAR_PARAGRAPHS) + 1
    assert (first.updated, second.updated) == (False, True)
    assert as_text(second).startswith(f"updated {first.file}")


def test_two_articles_with_one_title_never_overwrite_each_other(
    web: WebStub, tmp_path: Path
) -> None:
    one = add_source(web.page("/one", news_page(canonical="https://a.example/one")), tmp_path)
    other_text = (
        "A different article that happens to carry the very same headline as the first one, "
        "published on another site on the same morning.",
        "It is about another city and another reservoir, and it was written by someone else, "
        "with other figures: 9,000 panels and power for 2,500 homes.",
        "The two cities are not related, and neither are the two projects, their engineers or "
        "the banks that lent them the money to build them.",
    )
    two = add_source(
        web.page("/two", news_page(paragraphs=other_text, canonical="https://a.example/two")),
        tmp_path,
    )
    assert one.file is not None
    assert two.file is not None
    assert one.file != two.file
    assert two.file.name == "port-avalen-switches-on-a-floating-solar-farm-2.md"
    assert len(load_knowledge(tmp_path).articles) == 2


def test_redirect_is_followed_and_final_page_added(web: WebStub, tmp_path: Path) -> None:
    web.page("/final", news_page())
    link = web.serve("/moved", Route(status=301, location="/final"))
    added = add_source(link, tmp_path)
    assert isinstance(added, Added), added
    assert added.paragraphs == len(SOLAR_PARAGRAPHS)


# Failures: one clear reason each, nothing written


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        (Route(b"gone", status=404, content_type="text/plain"), "HTTP 404"),
        (Route(b"%PDF-1.7 ...", content_type="application/pdf"), "application/pdf"),
        (Route(b"x" * 6_000_000), "larger than 5 MB"),
        (Route(b"<html><body><nav><a href='/'>Home</a></nav></body></html>"), "no article text"),
    ],
    ids=["404", "pdf", "oversized", "no-text"],
)
def test_bad_page_is_refused_with_its_reason(
    web: WebStub, tmp_path: Path, route: Route, reason: str
) -> None:
    added = add_source(web.serve("/bad", route), tmp_path)
    assert isinstance(added, NotAdded), added
    assert reason in added.error
    assert "\n" not in added.error
    assert not list(tmp_path.iterdir())  # nothing was written
    assert not any(tmp_path.iterdir())


def test_slow_page_times_out(web: WebStub, tmp_path: Path) -> None:
    link = web.serve("/slow", Route(news_page().encode(), delay=3))
    added = add_source(link, tmp_path, Limits(fetch_seconds=0.5))
    assert isinstance(added, NotAdded), added
    assert added.error == "timed out after 0.5 s"
    assert not list(tmp_path.iterdir())  # nothing was written


def test_endless_redirects_are_refused(web: WebStub, tmp_path: Path) -> None:
    link = web.serve("/loop", Route(status=302, location="/loop"))
    added = add_source(link, tmp_path)
    assert added.error == "more than 5 redirects"


@pytest.mark.parametrize("source", ["file:///etc/passwd", "ftp://example.com/page.html"])
def test_links_other_than_http_are_refused(source: str, tmp_path: Path) -> None:
    added = add_source(source, tmp_path)
    assert isinstance(added, NotAdded), added
    assert "only http and https" in added.error
    assert not tmp_path.exists() or not any(tmp_path.iterdir())


def test_unreachable_server_is_a_reason_not_an_exception(web: WebStub, tmp_path: Path) -> None:
    link = web.url("/page")
    web.stop()
    added = add_source(link, tmp_path)
    assert isinstance(added, NotAdded), added
    assert added.error.startswith("cannot fetch it")


# Saved pages and text files


def test_saved_page_is_added_like_a_link(tmp_path: Path) -> None:
    saved = tmp_path / "download" / "solar.html"
    saved.parent.mkdir()
    saved.write_text(news_page(), "utf-8")
    added = add_source(str(saved), tmp_path / "knowledge")
    assert isinstance(added, Added), added
    assert (
        added.file == tmp_path / "knowledge" / "port-avalen-switches-on-a-floating-solar-farm.md"
    )
    assert added.article is not None
    assert added.article.paragraphs == SOLAR_PARAGRAPHS


def test_markdown_file_is_checked_and_copied_as_it_is(tmp_path: Path) -> None:
    text = "# Night trains return\n\nThe night train to the coast runs again from June.\n"
    source = tmp_path / "notes.md"
    source.write_text(text, "utf-8")
    added = add_source(str(source), tmp_path / "knowledge")
    assert isinstance(added, Added), added
    assert added.file == tmp_path / "knowledge" / "night-trains-return.md"
    assert added.file.read_text("utf-8") == text
    assert added.title == "Night trains return"
    assert added.paragraphs == 1

    again = add_source(str(source), tmp_path / "knowledge")
    assert again.file == added.file
    assert len(list((tmp_path / "knowledge").iterdir())) == 1


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("latin1.txt", "Caf\xe9 society".encode("latin-1"), "not UTF-8"),
        ("empty.md", b"---\ntitle: Nothing\n---\n\n", "no article text"),
        ("scan.pdf", b"%PDF-1.7", "not a link, a saved page"),
        ("blank.html", b"<html><body></body></html>", "no article text"),
    ],
)
def test_bad_file_is_refused_with_its_reason(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    added = add_source(str(source), tmp_path / "knowledge")
    assert isinstance(added, NotAdded), added
    assert reason in added.error
    assert not list(tmp_path.glob("knowledge/*"))  # nothing was written


def test_missing_file_is_refused(tmp_path: Path) -> None:
    added = add_source(str(tmp_path / "nowhere.md"), tmp_path / "knowledge")
    assert added.error == "no such file"


# Saved pages dropped into the knowledge folder


def test_html_page_in_the_folder_is_loaded_through_the_extractor(tmp_path: Path) -> None:
    (tmp_path / "solar.html").write_text(news_page(), "utf-8")
    knowledge = load_knowledge(tmp_path)
    [article] = knowledge.articles
    assert article.name == "solar.html"
    assert article.title == SOLAR_TITLE
    assert article.paragraphs == SOLAR_PARAGRAPHS


def test_page_without_article_text_is_skipped_with_a_warning_naming_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "solar.html").write_text(news_page(), "utf-8")
    (tmp_path / "menu.html").write_text("<html><body><nav>Home</nav></body></html>", "utf-8")
    assert len(load_knowledge(tmp_path).articles) == 1
    assert any("menu.html" in r.message and "no article text" in r.message for r in caplog.records)


def test_section_heading_and_list_are_kept_with_their_text(tmp_path: Path) -> None:
    page = tmp_path / "hike.html"
    page.write_text(
        """<html><head><title>Winter hiking on the Orvel ridge</title></head><body>
<nav><a href="/">Home</a> <a href="/travel">Travel</a></nav>
<article><h1>Winter hiking on the Orvel ridge</h1>
<p>The ridge path above Lake Orvel stays open all winter, but the rangers ask walkers to
come prepared: the weather turns quickly and the last hut closes at four in the afternoon.</p>
<h2>What to bring</h2>
<ul><li>A warm coat</li><li>Sturdy boots with a good grip</li><li>A flask of tea</li></ul>
<h2>Getting there</h2>
<p>The first bus from the station leaves at seven and stops at the foot of the ridge, where
the path starts behind the old chapel.</p>
</article></body></html>""",
        "utf-8",
    )
    added = add_source(str(page), tmp_path / "knowledge")
    assert added.article is not None
    assert added.article.paragraphs[1:] == (
        "What to bring: A warm coat; Sturdy boots with a good grip; A flask of tea",
        "Getting there: The first bus from the station leaves at seven and stops at the foot "
        "of the ridge, where the path starts behind the old chapel.",
    )


def test_paragraph_opening_with_a_hashtag_is_kept(web: WebStub, tmp_path: Path) -> None:
    tagged = "#FloatingSolar was trending in the region within an hour of the switch-on."
    added = add_source(
        web.page("/solar", news_page(paragraphs=(*SOLAR_PARAGRAPHS, tagged))), tmp_path
    )
    assert added.article is not None
    assert added.article.paragraphs[-1] == tagged


def test_title_with_quotes_and_a_colon_survives_the_knowledge_file() -> None:
    title = '"Hell to pay": what a deadline means, and for whom'
    page = Page(text="A first paragraph of the article.", title=title, author="A. O'Brien")
    article = parse_article("quoted.md", knowledge_text(page))
    assert article is not None
    assert article.title == title
    assert article.author == "A. O'Brien"


def test_two_saved_pages_whose_canonical_link_is_the_home_page_are_two_articles(
    tmp_path: Path,
) -> None:
    other = (
        "The harbour ferry to Skerry Island will leave every hour from June, the port said, "
        "after a summer of queues at the quay and complaints from the island's shops.",
        "A second boat joins the route in July; the fare stays at four euros each way.",
    )
    pages = {
        "solar.html": news_page(canonical="https://courier.example/"),
        "ferry.html": news_page(
            "Hourly ferry to Skerry Island", other, "https://courier.example/"
        ),
    }
    added = []
    for name, html in pages.items():
        (tmp_path / name).write_text(html, "utf-8")
        one = add_source(str(tmp_path / name), tmp_path / "knowledge")
        assert isinstance(one, Added), one
        added.append(one)
    assert [a.updated for a in added] == [False, False]
    assert len({a.file for a in added}) == 2
    titles = {a.title for a in load_knowledge(tmp_path / "knowledge").articles}
    assert titles == {SOLAR_TITLE, "Hourly ferry to Skerry Island"}


def test_a_page_that_gives_no_date_is_undated_even_when_its_text_names_a_year(
    web: WebStub, tmp_path: Path
) -> None:
    html = news_page().replace('"datePublished": "2024-05-13T08:00:00Z", ', "")
    html = html.replace("officials said.", "officials said, as planned in 2019.")
    added = add_source(web.page("/undated", html), tmp_path)
    assert isinstance(added, Added), added
    assert added.article.date is None
    assert "date" not in split_front_matter(added.file.read_text("utf-8"))[0]


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_added_files_have_the_mode_the_umask_gives(tmp_path: Path, umask: int, mode: int) -> None:
    source = tmp_path / "notes.md"
    source.write_text("# Night trains return\n\nThe night train runs again from June.\n")
    before = os.umask(umask)
    try:
        added = add_source(str(source), tmp_path / "knowledge")
    finally:
        os.umask(before)
    assert isinstance(added, Added), added
    assert stat.S_IMODE(added.file.stat().st_mode) == mode
