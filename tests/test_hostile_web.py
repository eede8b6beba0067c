"""`add` against a hostile web server: every link ends within its limits with one reason."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from support.hostile import HostileWeb
from support.running import run_cli
from support.web import SOLAR_PARAGRAPHS

from knowledge.ingest import Added, NotAdded
from knowledge.ingest.adding import Limits, add_source

QUICK = Limits(fetch_seconds=0.5)
"""A deadline short enough for a test; the tricks below last for ever without one."""


def nothing_written(folder: Path) -> bool:
    return not folder.exists() or not any(folder.iterdir())


@pytest.mark.parametrize("coding", ["gzip", "deflate", "raw-deflate", "gzip-gzip"])
def test_a_compression_bomb_is_refused_without_the_memory_it_would_take(
    hostile: HostileWeb, tmp_path: Path, coding: str
) -> None:
    tracemalloc.start()
    try:
        added = add_source(hostile.url(f"/bomb/{coding}"), tmp_path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(added, NotAdded), added
    assert added.error in (
        "the page is larger than 5 MB",
        "the page is compressed 2 times (gzip, gzip): I undo one",
    )
    assert peak < 25_000_000  # the bomb unpacks to 50 MB; the cap is 5 MB sent and decoded
    assert nothing_written(tmp_path)


@pytest.mark.parametrize(
    "path", ["/drip-headers", "/drip-body", "/empty-gzip", "/slow-redirect/0", "/hang"]
)
def test_a_slow_server_is_cut_off_at_the_deadline(
    hostile: HostileWeb, tmp_path: Path, path: str
) -> None:
    added = add_source(hostile.url(path), tmp_path, QUICK)
    assert isinstance(added, NotAdded), added
    assert added.error == "timed out after 0.5 s"
    assert nothing_written(tmp_path)


@pytest.mark.parametrize("charset", ["undefined", "idna", "no-such-charset", "rot13"])
def test_a_page_in_a_charset_python_cannot_decode_is_still_added(
    hostile: HostileWeb, tmp_path: Path, charset: str
) -> None:
    added = add_source(hostile.url(f"/charset/{charset}"), tmp_path)
    assert isinstance(added, Added), added
    assert added.article.paragraphs == SOLAR_PARAGRAPHS


@pytest.mark.parametrize(
    ("link", "reason"),
    [
        ("/javascript", "redirected to a link I cannot follow"),
        ("http://[::1", "not a link I can read: Invalid IPv6 URL"),
        ("https://", "not a link I can read: it names no server"),
        ("http://a\x00b/", "not a link I can read"),
    ],
)
def test_a_link_that_cannot_be_followed_fails_with_its_reason(
    hostile: HostileWeb, tmp_path: Path, link: str, reason: str
) -> None:
    added = add_source(hostile.url(link) if link.startswith("/") else link, tmp_path)
    assert isinstance(added, NotAdded), added
    assert added.error.startswith(reason)
    assert "\n" not in added.error
    assert nothing_written(tmp_path)


def test_a_page_that_takes_too_long_to_read_fails_with_a_reason(
    hostile: HostileWeb, tmp_path: Path
) -> None:
    added = add_source(hostile.url("/huge/20000"), tmp_path, Limits(read_seconds=0.2))
    assert isinstance(added, NotAdded), added
    assert added.error == "reading the page took longer than 0.2 s"
    assert nothing_written(tmp_path)


def test_add_reports_each_bad_link_and_still_adds_the_good_one(
    hostile: HostileWeb, tmp_path: Path
) -> None:
    bad = ["http://[::1", hostile.url("/javascript"), hostile.url("/bomb/gzip-gzip")]
    good = hostile.url("/charset/undefined")
    done = run_cli("add", "--knowledge", str(tmp_path), *bad, good)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stdout.splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == ["failed", "failed", "failed", "added"]
    assert len(list(tmp_path.iterdir())) == 1
