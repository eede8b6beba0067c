"""`python -m bot add [--json] [--knowledge DIR] SOURCE...`: add articles from the terminal.

Each SOURCE (an http(s) link, a saved page `.html`/`.htm`, or a `.md`/`.txt` file) becomes one
knowledge file in the articles folder (`add_source` of `knowledge.ingest`). One line per source is
printed as it is done; with `--json`, one object per source:

    {"source": str, "file": str | null, "title": str | null, "paragraphs": int,
     "error": str | null}

The exit code is 1 if any source failed; the others are still added.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from knowledge.ingest import Added, NotAdded, add_source

EXIT_FAILED = 1


def add(
    sources: Sequence[str],
    folder: Path,
    as_json: bool,
    out: TextIO | None = None,
    saved: Callable[[Path], object] | None = None,
) -> int:
    """Add each source to `folder`, printing and flushing one line per source; `saved` is
    called with each file written."""
    out = out or sys.stdout
    failed = False
    for source in sources:
        added = add_source(source, folder)
        failed = failed or isinstance(added, NotAdded)
        if saved is not None and not isinstance(added, NotAdded):
            saved(added.file)
        out.write(as_json_line(added) if as_json else as_text(added))
        out.flush()
    return EXIT_FAILED if failed else 0


def as_json_line(added: Added | NotAdded) -> str:
    """The `--json` contract: one object per source."""
    record: dict[str, object] = {"source": added.source}
    if isinstance(added, NotAdded):
        record |= {"file": None, "title": None, "paragraphs": 0, "error": added.error}
    else:
        record |= {
            "file": str(added.file),
            "title": added.title,
            "paragraphs": added.paragraphs,
            "error": None,
        }
    return json.dumps(record, ensure_ascii=False) + "\n"


def as_text(added: Added | NotAdded) -> str:
    """`added FILE: "TITLE", N paragraphs (from SOURCE)` (`updated` when it was added
    before), or `failed SOURCE: REASON`."""
    if isinstance(added, NotAdded):
        return f"failed {added.source}: {added.error}\n"
    dated = f", {added.article.date}" if added.article.date else ""
    return (
        f'{"updated" if added.updated else "added"} {added.file}: "{added.title}"{dated}, '
        f"{added.paragraphs} paragraph"
        f"{'' if added.paragraphs == 1 else 's'} (from {added.source})\n"
    )
