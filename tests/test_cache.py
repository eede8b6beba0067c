"""The on-disk index cache: reused while files are unchanged, never trusted when it is not ours."""

from __future__ import annotations

import errno
import json
import logging
import pickle
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from knowledge import load_knowledge
from knowledge.search import cache, stored

ROOT = Path(__file__).resolve().parents[1]
DIGEST = """
import sys
from pathlib import Path
from knowledge.search import Tuning, cache
print(cache.name_of(Path(sys.argv[1]), Tuning()))
"""

QUESTIONS = [
    "where do ships dock?",
    "who sells fish?",
    "what is by the lighthouse?",
    "harbour master",
    "when do the ferries leave for the island?",
]


@pytest.fixture(autouse=True)
def cache_every_index(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "MIN_PARAGRAPHS", 1)


def write_article(folder: Path, harbour: str, name: str = "port.md") -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(
        f"# The port\n\nThe harbour master said ships dock at {harbour} each morning.\n\n"
        "Fishermen sell their catch at the market by the lighthouse.\n\n"
        "Ferries leave for the island at noon, and come back before dark.\n",
        encoding="utf-8",
    )


def answers(folder: Path, caches: Path) -> list[list[tuple[str, float]]]:
    knowledge = load_knowledge(folder, cache_dir=caches)
    return [
        [(m.passage.text, m.confidence) for m in knowledge.search(q, limit=3)] for q in QUESTIONS
    ]


def copy_of(caches: Path) -> Path:
    (copy,) = caches.glob(f"*{cache.SUFFIX}")
    return copy


def read_copy(path: Path) -> tuple[Any, dict[str, np.ndarray]]:
    """A copy's header and arrays, the arrays copied out of the file."""
    header, arrays, _ = stored.read(path)
    return header, {key: np.array(array) for key, array in arrays.items()}


def write_copy(path: Path, header: Any, arrays: dict[str, np.ndarray]) -> None:
    """Replace a copy as the cache does: a new file renamed over it."""
    new = path.with_suffix(".new")
    with new.open("wb") as file:
        stored.write(file, header, arrays)
    new.replace(path)


def test_unchanged_folder_is_answered_from_the_cache(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    articles, caches = tmp_path / "articles", tmp_path / "cache"
    write_article(articles, "Pier Nine")
    fresh = answers(articles, caches)
    copy_of(caches)

    with caplog.at_level(logging.INFO, logger="knowledge.search.cache"):
        cached = answers(articles, caches)
    assert "loaded the index" in caplog.text
    assert cached == fresh, "a cached index answers exactly as a fresh build"
    assert "Pier Nine" in cached[0][0][0]


def test_index_cache_holds_no_pickle(tmp_path: Path) -> None:
    articles, caches = tmp_path / "articles", tmp_path / "cache"
    write_article(articles, "Pier Nine")
    load_knowledge(articles, cache_dir=caches)
    assert copy_of(caches).read_bytes().startswith(stored.MAGIC)
    header, arrays = read_copy(copy_of(caches))
    assert header["format"] == cache.FORMAT
    assert arrays
    assert all(array.dtype.kind in "biuf" for array in arrays.values())


def test_planted_pickle_in_the_cache_never_runs(tmp_path: Path) -> None:
    articles, caches = tmp_path / "articles", tmp_path / "cache"
    write_article(articles, "Pier Nine")
    load_knowledge(articles, cache_dir=caches)
    proof = tmp_path / "ran"

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (Path.touch, (str(proof),))  # type: ignore[return-value]

    for name in [copy_of(caches), copy_of(caches).with_suffix(".pickle")]:
        name.write_bytes(pickle.dumps(Payload()))

    answer = load_knowledge(articles, cache_dir=caches).search("where do ships dock?")
    assert not proof.exists()
    assert "Pier Nine" in answer[0].passage.text


def test_edited_file_is_never_answered_from_stale_cache(tmp_path: Path) -> None:
    articles, caches = tmp_path / "articles", tmp_path / "cache"
    write_article(articles, "Pier Nine")
    load_knowledge(articles, cache_dir=caches)

    write_article(articles, "Pier Five")  # same size, new text
    answer = load_knowledge(articles, cache_dir=caches).search("where do ships dock?")
    assert "Pier Five" in answer[0].passage.text
    copy_of(caches)  # the stale copy is removed


def test_swapped_cache_copies_never_answer_from_the_other_folder(tmp_path: Path) -> None:
    one, other, caches = tmp_path / "one", tmp_path / "other", tmp_path / "cache"
    write_article(one, "Pier Nine")
    write_article(other, "the Old Quay")
    load_knowledge(one, cache_dir=caches)
    first = set(caches.iterdir())
    load_knowledge(other, cache_dir=caches)
    (second,) = set(caches.iterdir()) - first
    (first_copy,) = first
    first_copy.write_bytes(second.read_bytes())

    answer = load_knowledge(one, cache_dir=caches).search("where do ships dock?")
    assert "Pier Nine" in answer[0].passage.text


def test_damaged_cache_is_rebuilt_not_trusted(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    articles, caches = tmp_path / "articles", tmp_path / "cache"
    write_article(articles, "Pier Nine")
    fresh = answers(articles, caches)
    data = bytearray(copy_of(caches).read_bytes())
    _, arrays = read_copy(copy_of(caches))
    largest = max(arrays.values(), key=lambda array: array.nbytes).tobytes()
    at = data.find(largest)
    assert at > 0
    data[at + len(largest) // 2] ^= 0xFF  # in the middle of what the largest array stores
    copy_of(caches).write_bytes(bytes(data))

    assert answers(articles, caches) == fresh
    assert "ignoring index cache" in caplog.text


@pytest.mark.parametrize(
    "field", ["index.paragraphs.units", "index.paragraph_article", "index.spelling.entries"]
)
def test_tampered_positions_in_the_cache_are_rebuilt_not_trusted(
    tmp_path: Path, field: str
) -> None:
    articles, caches = tmp_path / "articles", tmp_path / "cache"
    write_article(articles, "Pier Nine")
    fresh = answers(articles, caches)
    path = copy_of(caches)
    header, arrays = read_copy(path)
    arrays[field] = arrays[field] + 1000
    write_copy(path, header, arrays)  # its checksums hold: only its positions are wrong

    assert answers(articles, caches) == fresh


def test_failed_cache_write_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles, caches = tmp_path / "articles", tmp_path / "cache"
    write_article(articles, "Pier Nine")
    caches.mkdir()
    (caches / f"{cache.name_of(articles, cache.Tuning()).split('-')[0]}-x.tmp").touch()

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(stored, "write", disk_full)
    answer = load_knowledge(articles, cache_dir=caches).search("where do ships dock?")
    assert "Pier Nine" in answer[0].passage.text
    assert list(caches.iterdir()) == [], "no partial file, and the one left before is gone"


def cache_name_with(tmp_path: Path, articles: Path, edit: tuple[str, str, str] | None) -> str:
    """The cache name of `articles` by a copy of this library, with one edit to its source:
    (file under knowledge/, text, replacement)."""
    copy = tmp_path / f"copy-{len(list(tmp_path.glob('copy-*')))}"
    shutil.copytree(
        ROOT / "knowledge", copy / "knowledge", ignore=shutil.ignore_patterns("__pycache__")
    )
    if edit is not None:
        source = copy / "knowledge" / edit[0]
        text = source.read_text(encoding="utf-8")
        assert edit[1] in text
        source.write_text(text.replace(edit[1], edit[2]), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", DIGEST, str(articles)],
        cwd=copy,  # `-c` puts the working folder first on the path
        env={"PYTHONPATH": str(copy), "PATH": ""},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.strip()


def test_rewording_a_reply_keeps_the_index_cache_but_changing_the_search_code_does_not(
    tmp_path: Path,
) -> None:
    articles = tmp_path / "articles"
    write_article(articles, "Pier Nine")
    before = cache_name_with(tmp_path, articles, None)
    reworded = ("dialogue/wording.py", '"Hello! Ask me anything', '"Hi there! Ask me anything')
    assert cache_name_with(tmp_path, articles, reworded) == before
    retuned = ("search/tuning.py", "class Tuning", "# a change to the search code\nclass Tuning")
    assert cache_name_with(tmp_path, articles, retuned) != before


@pytest.mark.parametrize(
    "header",
    [
        [],
        "index",
        7,
        {"format": "{format}", "digest": "{digest}", "index": []},
        {"format": "{format}", "digest": "{digest}", "index": {"object": "Index", "fields": []}},
        {"format": "{format}", "digest": "{digest}", "index": {"dict": [1, 2]}},
        {"format": "{format}", "digest": "{digest}", "index": {"array": ["x"]}},
        {"format": "{format}", "digest": "{digest}", "index": {"object": "os", "fields": {}}},
    ],
    ids=["list", "string", "number", "index-list", "fields-list", "pairs", "array-key", "class"],
)
def test_a_cache_header_of_any_shape_is_ignored_and_rebuilt(
    tmp_path: Path, header: Any, caplog: pytest.LogCaptureFixture
) -> None:
    articles, caches = tmp_path / "articles", tmp_path / "cache"
    write_article(articles, "Pier Nine")
    fresh = answers(articles, caches)
    path = copy_of(caches)
    real, arrays = read_copy(path)
    text = json.dumps(header).replace("{format}", str(real["format"]))
    write_copy(path, json.loads(text.replace("{digest}", real["digest"])), arrays)

    assert answers(articles, caches) == fresh
    assert "ignoring index cache" in caplog.text


def test_a_copy_cut_short_is_rebuilt_not_trusted(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    articles, caches = tmp_path / "articles", tmp_path / "cache"
    write_article(articles, "Pier Nine")
    fresh = answers(articles, caches)
    data = copy_of(caches).read_bytes()
    copy_of(caches).write_bytes(data[: len(data) - 100])

    assert answers(articles, caches) == fresh
    assert "ignoring index cache" in caplog.text


def test_an_index_read_from_its_copy_answers_after_the_copy_is_replaced_and_removed(
    tmp_path: Path,
) -> None:
    articles, caches = tmp_path / "articles", tmp_path / "cache"
    write_article(articles, "Pier Nine")
    fresh = answers(articles, caches)
    restarted = load_knowledge(articles, cache_dir=caches)  # its arrays are the copy's bytes
    path = copy_of(caches)
    header, arrays = read_copy(path)
    write_copy(path, header, {key: np.zeros_like(array) for key, array in arrays.items()})
    path.unlink()

    assert [
        [(m.passage.text, m.confidence) for m in restarted.search(q, limit=3)] for q in QUESTIONS
    ] == fresh
