"""Getting articles in: which files are articles, reading and cleaning them, and adding new
ones from links, saved pages and text files.

- `files`: what counts as a knowledge file, and reading a folder's files once.
- `parsing`: a file's text into an `Article` (front matter, title, paragraphs).
- `cleaning`: what is not article text (paywall notices, datelines, markup) set aside.
- `extract`: a web page's article text, through trafilatura; `fetch`: a bounded HTTP fetch.
- `adding`: `add_source`, what `python -m bot add` and the admins' links and documents call.
"""

from __future__ import annotations

from knowledge.ingest.adding import Added, NotAdded, add_source
from knowledge.ingest.files import (
    BUNDLED_DIR,
    SUFFIXES,
    KnowledgeError,
    is_knowledge_file,
    knowledge_files,
)
from knowledge.ingest.parsing import load_articles, parse_article

__all__ = [
    "BUNDLED_DIR",
    "SUFFIXES",
    "Added",
    "KnowledgeError",
    "NotAdded",
    "add_source",
    "is_knowledge_file",
    "knowledge_files",
    "load_articles",
    "parse_article",
]
