"""An on-disk copy of a built index, so that a restart on a large archive is near-instant.

The copy is named by a digest of everything the index is built from: each file's path and
bytes, the tuning, and the source of this library (so a new version never reads an old copy).
Any change to any file gives another name, so a stale copy
can never answer from old text; it is simply not found, and the index is built afresh.
Only indexes of `MIN_PARAGRAPHS` or more are written: smaller ones build faster than they load.
Writing a new copy for a folder removes that folder's older copies.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from knowledge.index import Index, Tuning
    from knowledge.models import Article

logger = logging.getLogger(__name__)

FORMAT = "article-bot index 1"
CODE = sorted(Path(__file__).parent.glob("*.py"))
"""The library's own source: any change to it gives every copy another name."""
MIN_PARAGRAPHS = 5000


def default_dir() -> Path:
    """`$XDG_CACHE_HOME/article-bot`, or `~/.cache/article-bot`."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "article-bot"


def digest(folder: Path, files: list[Path], tuning: Tuning) -> str:
    """A name for the index of these files, as they are now, built with this tuning.

    It starts with a digest of the folder's path, so that the copies of one folder can be
    told apart from those of another.
    """
    where = hashlib.blake2b(str(folder.resolve()).encode(), digest_size=6).hexdigest()
    h = hashlib.blake2b(f"{FORMAT}\n{tuning!r}\n".encode(), digest_size=20)
    for source in CODE:
        h.update(source.read_bytes())
    for path in files:
        h.update(path.relative_to(folder).as_posix().encode() + b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return f"{where}-{h.hexdigest()}"


def read(directory: Path, name: str) -> tuple[list[Article], Index] | None:
    """The cached articles and index under `name`, or None when there is no usable copy."""
    path = directory / f"{name}.pickle"
    try:
        with path.open("rb") as file:
            articles, index = pickle.load(file)
    except FileNotFoundError:
        return None
    except Exception as error:  # a damaged or foreign file is rebuilt, never trusted
        logger.warning("ignoring index cache %s: %s", path, error)
        return None
    logger.info("loaded the index from %s", path)
    return articles, index


def write(directory: Path, name: str, articles: list[Article], index: Index) -> None:
    """Keep a copy of the index; a cache that cannot be written is only a warning."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=directory, delete=False) as file:
            pickle.dump((articles, index), file, protocol=pickle.HIGHEST_PROTOCOL)
        Path(file.name).replace(directory / f"{name}.pickle")
        folder_prefix = name.split("-")[0]
        for old in directory.glob(f"{folder_prefix}-*.pickle"):
            if old.stem != name:
                old.unlink(missing_ok=True)
    except OSError as error:
        logger.warning("cannot write the index cache in %s: %s", directory, error)
