"""Which files are articles, and reading them from a folder once.

A knowledge file is `.md`, `.txt` or a saved page (`.html`/`.htm`); hidden files and files in
hidden folders (an editor's or a download's temporary copy) are never articles. The loader, the
`add` command and the live folder watcher all ask `is_knowledge_file`.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "BUNDLED_DIR",
    "PAGE_SUFFIXES",
    "SUFFIXES",
    "TEXT_SUFFIXES",
    "KnowledgeError",
    "Source",
    "Stamp",
    "is_knowledge_file",
    "knowledge_files",
    "knowledge_names",
    "read_sources",
    "stamp",
    "stamped_names",
]

logger = logging.getLogger(__name__)

BUNDLED_DIR = Path(__file__).parent.parent / "articles"
PAGE_SUFFIXES = (".html", ".htm")
TEXT_SUFFIXES = (".md", ".txt")
SUFFIXES = (*TEXT_SUFFIXES, *PAGE_SUFFIXES)
MAX_FILE_BYTES = 20_000_000
"""A larger file is no article (a dump, a log, a mistake): it is skipped with a warning."""


def is_knowledge_file(path: Path, folder: Path, suffixes: tuple[str, ...] = SUFFIXES) -> bool:
    """Whether `path`, inside `folder`, is a knowledge file by its name: one of `suffixes`, and
    neither it nor a folder on the way to it hidden. It does not look at the disk."""
    if path.suffix.lower() not in suffixes:
        return False
    try:
        parts = path.relative_to(folder).parts
    except ValueError:
        return False
    return not any(part.startswith(".") for part in parts)


class KnowledgeError(Exception):
    """The knowledge cannot be loaded; the message names the folder or file and the fault."""


def knowledge_files(folder: Path) -> list[Path]:
    """The knowledge files (`SUFFIXES`) under `folder`, hidden ones left out, in name order.

    Raises `KnowledgeError` for a missing folder or one with no such file.
    """
    return [folder / name for name in knowledge_names(folder)]


def knowledge_names(folder: Path) -> list[str]:
    """`knowledge_files` as names inside the folder ("2024/a.md"), in the same order; symlinked
    folders are not entered (as `Path.rglob` does not), symlinked files are read."""
    return list(stamped_names(folder, stamped=False))


def stamped_names(folder: Path, stamped: bool = True) -> dict[str, Stamp]:
    """`knowledge_names`, each with its file's `stamp` (None without `stamped`), looked at
    while the folder is listed (no path is made for it: a folder of 5,000 files is a few
    milliseconds)."""
    if not folder.is_dir():
        raise KnowledgeError(f"knowledge folder {folder} does not exist or is not a folder")
    names: dict[str, Stamp] = {}
    pending = [("", os.fspath(folder))]
    while pending:
        prefix, directory = pending.pop()
        with os.scandir(directory) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir() and not entry.is_symlink():
                    pending.append((f"{prefix}{entry.name}/", entry.path))
                elif _suffix(entry.name).lower() in SUFFIXES and entry.is_file():
                    names[prefix + entry.name] = _stamp_of(entry) if stamped else None
    if not names:
        raise KnowledgeError(
            f"knowledge folder {folder} has no .md or .txt files, nor saved pages (.html, .htm)"
        )
    order = sorted(names, key=lambda name: name.split("/"))  # as paths sort: part by part
    return {name: names[name] for name in order}


def _stamp_of(entry: os.DirEntry[str]) -> Stamp:
    """`stamp` of a listed file (through a symlink, as `Path.stat` goes)."""
    try:
        found = entry.stat()
    except OSError:
        return None
    return (found.st_size, found.st_mtime_ns)


def _suffix(name: str) -> str:
    """`Path(name).suffix`, without making a path."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


Stamp = tuple[int, int] | None
"""A file's size and modification time in nanoseconds; None when it cannot be looked at."""


def stamp(path: Path) -> Stamp:
    """What tells a file changed since it was read without reading it: size and mtime."""
    try:
        found = path.stat()
    except OSError:
        return None
    return (found.st_size, found.st_mtime_ns)


@dataclass(frozen=True)
class Source:
    """A knowledge file as read from disk, once: its name in the folder and its bytes."""

    name: str
    data: bytes


def read_sources(folder: Path, files: list[Path]) -> list[Source]:
    """Each file read once. A file that cannot be read, whose name is not UTF-8 or that is
    larger than `MAX_FILE_BYTES` is skipped with a warning naming it."""
    sources = []
    for path in files:
        name = path.relative_to(folder).as_posix()
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            logger.warning("skipping %s: its file name is not UTF-8", shown(path))
            continue
        try:
            with path.open("rb") as file:
                data = file.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            logger.warning("skipping %s: cannot read it (%s)", path, error.strerror or error)
            continue
        if len(data) > MAX_FILE_BYTES:
            logger.warning(
                "skipping %s: larger than %d MB, too large to be an article",
                path,
                MAX_FILE_BYTES // 1_000_000,
            )
            continue
        sources.append(Source(name, data))
    return sources


def shown(path: Path) -> str:
    """A path as it can be printed, bytes that are not UTF-8 shown as "\ufffd"."""
    return os.fsencode(path).decode("utf-8", "replace")
