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
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from knowledge.ingest.adding import Added, add_source

EXIT_FAILED = 1


def add(sources: Sequence[str], folder: Path, as_json: bool, out: TextIO | None = None) -> int:
    """Add each source to `folder`, printing and flushing one line per source."""
    out = out or sys.stdout
    failed = False
    for source in sources:
        added = add_source(source, folder)
        failed = failed or added.error is not None
        out.write(as_json_line(added) if as_json else as_text(added))
        out.flush()
    return EXIT_FAILED if failed else 0


def as_json_line(added: Added) -> str:
    """The `--json` contract: one object per source."""
    record = {
        "source": added.source,
        "file": str(added.file) if added.file else None,
        "title": added.title,
        "paragraphs": added.paragraphs,
        "error": added.error,
    }
    return json.dumps(record, ensure_ascii=False) + "\n"


def as_text(added: Added) -> str:
    """`added FILE: "TITLE", N paragraphs (from SOURCE)` (`updated` when it was added
    before), or `failed SOURCE: REASON`."""
    if added.error is not None or added.file is None:
        return f"failed {added.source}: {added.error}\n"
    article = added.article
    dated = f", {article.date}" if article and article.date else ""
    return (
        f'{"updated" if added.updated else "added"} {added.file}: "{added.title}"{dated}, '
        f"{added.paragraphs} paragraph"
        f"{'' if added.paragraphs == 1 else 's'} (from {added.source})\n"
    )
