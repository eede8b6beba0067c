"""Loading a folder of articles into a `KnowledgeBase`: `load_knowledge` reads every file once,
takes the index from the cache when it holds those files as they are, and with the knowledge
of the same folder at hand reads only the files that changed (`reloaded`)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from knowledge.ingest.files import (
    BUNDLED_DIR,
    KnowledgeError,
    Stamp,
    read_sources,
    stamped_names,
)
from knowledge.ingest.parsing import parse_source
from knowledge.knowledge_base import KnowledgeBase
from knowledge.models import Article
from knowledge.search import cache
from knowledge.search.tuning import Tuning


def read_articles(folder: Path, names: list[str]) -> tuple[list[Article], dict[str, str]]:
    """The usable articles of these files and each file's digest, read one file at a time
    (so that the bytes of every file are never held at once)."""
    articles: list[Article] = []
    digests: dict[str, str] = {}
    for name in names:
        for source in read_sources(folder, [folder / name]):
            digests[source.name] = file_digest(source.data)
            article = parse_source(source)
            if article is not None:
                articles.append(article)
    if not articles:
        raise KnowledgeError(f"knowledge folder {folder} has no usable article (see warnings)")
    return articles, digests


def file_digest(data: bytes) -> str:
    """What a file's bytes are, for telling whether the index holds it as it is now."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def load_knowledge(
    folder: Path | str | None = None,
    tuning: Tuning | None = None,
    cache_dir: Path | None = None,
    previous: KnowledgeBase | None = None,
) -> KnowledgeBase:
    """Load and index every article in `folder` (default: the bundled article).

    A large index is kept in `cache_dir` (default: see `cache.default_dir`) with the digest of
    each file it holds, so that a restart reads every file but indexes only those that
    changed. With the `previous` knowledge of the same folder, only the files whose size or
    modification time changed are read at all, and the index is changed rather than built
    again (`KnowledgeBase.changed`). Raises `KnowledgeError` with a one-line message when the
    folder cannot be used.
    """
    path = Path(folder) if folder is not None else BUNDLED_DIR
    tuning = tuning or Tuning()
    directory = cache_dir or (previous and previous.cache_dir) or cache.default_dir()
    stamps = stamped_names(path)
    names = list(stamps)
    if previous is not None and previous.folder == path and previous.index.tuning == tuning:
        return reloaded(previous, path, names, stamps, directory)
    articles, digests = read_articles(path, names)
    name = cache.name_of(path, tuning)
    read = cache.read(directory, name, articles, [digests[a.name] for a in articles], tuning)
    index, unsaved = read if read is not None else (None, 0)
    knowledge = KnowledgeBase(articles, folder=path, tuning=tuning, index=index)
    knowledge.files = {a.name: (stamps[a.name], digests[a.name]) for a in articles}
    knowledge.unsaved = len(knowledge.passages) if index is None else unsaved
    knowledge.cache_dir = directory
    knowledge.keep_index()
    return knowledge


def reloaded(
    previous: KnowledgeBase,
    folder: Path,
    names: list[str],
    stamps: dict[str, Stamp],
    directory: Path,
) -> KnowledgeBase:
    """`load_knowledge` of a folder whose `previous` knowledge is at hand: the files whose
    stamps are unchanged are not read again, and the index is not kept in the cache here
    (`KnowledgeBase.keep_index`, once the new knowledge answers)."""
    known = {article.name: article for article in previous.articles}
    articles: list[Article] = []
    digests: dict[str, str] = {}
    before = previous.files
    tried = {
        name
        for name in names
        if (here := stamps[name]) is None or before.get(name, (None, ""))[0] != here
    }
    fresh = {}
    for source in read_sources(folder, [folder / name for name in names if name in tried]):
        digests[source.name] = file_digest(source.data)
        fresh[source.name] = parse_source(source)
    for name in names:
        if name in tried and name not in fresh:
            continue  # it could not be read now: left out, as a fresh load leaves it out
        if name in fresh:
            article = fresh[name]
            if article is not None:
                old = known.get(name)
                same = old is not None and before.get(name, (None, ""))[1] == digests[name]
                articles.append(old if same and old is not None else article)
        elif name in known:
            articles.append(known[name])
            digests[name] = before[name][1]
    if not articles:
        raise KnowledgeError(f"knowledge folder {folder} has no usable article (see warnings)")
    paragraphs = sum(len(article.paragraphs) for article in articles)
    if paragraphs < cache.MIN_PARAGRAPHS:
        knowledge = KnowledgeBase(articles, folder, previous.index.tuning)
        knowledge.unsaved = paragraphs
    else:
        knowledge = previous.changed(articles)
    knowledge.files = {a.name: (stamps[a.name], digests[a.name]) for a in articles}
    knowledge.cache_dir = directory
    return knowledge
