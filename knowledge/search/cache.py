"""An on-disk copy of a built index, so that a restart on a large archive is near-instant.

One copy a folder, named by a digest of the folder's path, the tuning and the source of the
search code (so a new version never reads an old copy). The copy lists each article it holds
with the digest of its file's bytes as they were indexed. On a restart the files are read
again and each one's digest compared: the articles whose file is unchanged are taken from the
copy, the others taken out of it and indexed anew (`edit.changed`), so a stale copy never
answers from old text, and a restart after one file changed indexes that file only. When
more than a tenth of the index would change, it is built afresh instead. Only indexes of
`MIN_PARAGRAPHS` or more are written: smaller ones build faster than they load. Writing a new
copy for a folder removes that folder's older copies.

A copy holds no pickle and no article text: one JSON header with everything but the arrays
and the digest the copy was built from, then the index's arrays as plain numbers (`stored`),
which a restart maps from the file rather than reads into memory. The paragraphs always come
from the files themselves, so a copy can at worst rank real paragraphs oddly, never quote a
sentence that is in no file. A copy is used only if its checksums hold, its digest is the
expected one, every field has the type and shape a freshly built index has, and every stored
position is in range (`checks`); otherwise it is rebuilt.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import os
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from knowledge.models import Article
from knowledge.search import edit, stored
from knowledge.search.checks import Unusable, check, check_spans
from knowledge.search.index import Index
from knowledge.search.postings import Postings
from knowledge.search.tuning import Tuning
from knowledge.search.typos import TypoCorrector

logger = logging.getLogger(__name__)

FORMAT = "article-bot index 4"
CODE = sorted(Path(__file__).parent.glob("*.py"))
"""The search code, this folder (the tokenizer, the index, the tuning): any change to it gives
every copy another name. Nothing outside it is read: rewording a reply, or changing how
articles are fetched or how a question set is scored, never rebuilds an index."""
MIN_PARAGRAPHS = 5000
RESAVE_SHARE = 100
"""The copy is written again once one paragraph in this many changed since it was written."""
MAX_CHANGED_SHARE = 0.1
"""A copy of which more than this share would change is not used: the index is built anew."""
SUFFIX = ".index"
OLD_SUFFIXES = (".npz",)
"""What copies of earlier versions were named: removed with the folder's other copies."""
FROM_ARTICLES = frozenset({"texts"})
"""`Index` fields never stored: they are taken from the articles as loaded from the files."""
CLASSES: dict[str, type] = {c.__name__: c for c in (Index, Postings, TypoCorrector, Tuning)}
"""The only objects a copy may hold; each is stored as its fields (`vars`), so a field added
to one of them is stored and checked without a change here."""
PROBE = Article(
    "probe.md",
    "Probe",
    (
        "The cease-fire talks in Doha resumed on 3 March 2024, and mediators met again.",
        "A second paragraph: the harbour master said ships dock at Pier Nine.",
    ),
)
"""A small article whose fresh index has something in every field: what a stored index is
checked against, field by field."""
UNRELATED = dict.fromkeys(
    ["synonym_weight", "derived_weight", "hyponym_weight", "hypernym_weight", "far_weight"], 0.0
)
"""The probe's index is built without the related words, so that checking a copy does not
read the WordNet table (`related` reads it at the first unsure question after a restart)."""


class Source(Protocol):
    """A file as it was read (`ingest.files.Source`): its name in the folder and its bytes."""

    @property
    def name(self) -> str: ...

    @property
    def data(self) -> bytes: ...


def default_dir() -> Path:
    """`$XDG_CACHE_HOME/article-bot`, or `~/.cache/article-bot`."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "article-bot"


def name_of(folder: Path, tuning: Tuning) -> str:
    """The name of a folder's copy: a digest of its path, then of the tuning and the code."""
    where = hashlib.blake2b(os.fsencode(folder.resolve()), digest_size=6).hexdigest()
    h = hashlib.blake2b(f"{FORMAT}\n{tuning!r}\n".encode(), digest_size=20)
    for code in CODE:
        h.update(code.read_bytes())
    return f"{where}-{h.hexdigest()}"


def read(
    directory: Path,
    name: str,
    articles: Sequence[Article],
    digests: Sequence[str],
    tuning: Tuning,
) -> tuple[Index, int] | None:
    """The index of these articles (`digests[i]` that of the file of `articles[i]`) made
    from the copy under `name`, and how many paragraphs were added or taken out to make it;
    None when there is no usable copy or too much changed."""
    path = directory / f"{name}{SUFFIX}"
    try:
        header, arrays, extents = stored.read(path)
        if not isinstance(header, dict):
            raise Unusable("its header is not a JSON object")
        if header.get("format") != FORMAT or header.get("digest") != name:
            raise Unusable("it was built from other files")
        held = header.get("files")
        if not isinstance(held, list) or not all(
            isinstance(f, list) and len(f) == 2 and all(isinstance(x, str) for x in f)
            for f in held
        ):
            raise Unusable("its list of files is not one")
        index = decode(header.get("index"), arrays)
        if not isinstance(index, Index):
            raise Unusable("it holds no index")
        index.texts = []
        probe = Index([PROBE], replace(tuning, **UNRELATED))
        check(index, probe, {id(arrays[k]): e for k, e in extents.items()})
        if index.tuning != tuning:
            raise Unusable("it was built with another tuning")
        if len(held) != len(index.title_stems):
            raise Unusable("its list of files does not fit its index")
        position = {(name, digest): n for n, (name, digest) in enumerate(held)}
        kept = [position.get((a.name, d), -1) for a, d in zip(articles, digests, strict=True)]
        rising = [k for k in kept if k >= 0]
        if any(b <= a for a, b in itertools.pairwise(rising)):
            raise Unusable("its files are in another order")
        old_counts = np.bincount(index.paragraph_article, minlength=len(held))
        kept_paragraphs = int(old_counts[rising].sum()) if rising else 0
        total = sum(len(article.paragraphs) for article in articles)
        changed = (index.paragraphs.n_units - kept_paragraphs) + (total - kept_paragraphs)
        if changed > MAX_CHANGED_SHARE * max(total, 1):
            logger.info("%d of %d paragraphs changed: building the index anew", changed, total)
            return None
        if changed:
            index = edit.changed(index, kept, articles)
        index.texts = [text for article in articles for text in article.paragraphs]
        check_spans(index)
    except FileNotFoundError:
        return None
    except (
        Unusable,
        stored.Damaged,
        OSError,
        ValueError,
        LookupError,
        TypeError,
        AttributeError,  # a tampered header of any shape: a list, fields that are not objects
        RecursionError,
    ) as error:
        logger.warning("ignoring index cache %s and rebuilding it: %s", path, error or repr(error))
        return None
    logger.info("loaded the index from %s (%d paragraphs indexed anew)", path, changed)
    return index, changed


def write(directory: Path, name: str, index: Index, files: Sequence[tuple[str, str]]) -> None:
    """Keep a copy of the index, with each article's file name and the digest of its bytes
    (in the index's order); a cache that cannot be written is only a warning."""
    arrays: dict[str, np.ndarray] = {}
    header = {
        "format": FORMAT,
        "digest": name,
        "files": [list(file) for file in files],
        "index": encode(index, "index", arrays),
    }
    folder_prefix = name.split("-")[0]
    temporary: Path | None = None
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        for partial in directory.glob(f"{folder_prefix}-*.tmp"):
            partial.unlink(missing_ok=True)  # left by a write that was killed
        with tempfile.NamedTemporaryFile(
            "wb", dir=directory, prefix=f"{folder_prefix}-", suffix=".tmp", delete=False
        ) as file:
            temporary = Path(file.name)
            stored.write(file, header, arrays)
        temporary.replace(directory / f"{name}{SUFFIX}")
        temporary = None
        for suffix in (SUFFIX, *OLD_SUFFIXES):
            for old in directory.glob(f"{folder_prefix}-*{suffix}"):
                if old.name != f"{name}{SUFFIX}":
                    old.unlink(missing_ok=True)
    except OSError as error:
        logger.warning("cannot write the index cache in %s: %s", directory, error)
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)


def encode(value: Any, key: str, arrays: dict[str, np.ndarray]) -> Any:
    """`value` as JSON, its arrays moved into `arrays` under names made from `key`."""
    if isinstance(value, np.ndarray):
        arrays[key] = value
        return {"array": key}
    if value is None or isinstance(value, (str, int, float)):
        return value
    if isinstance(value, list):
        return [encode(item, f"{key}.{n}", arrays) for n, item in enumerate(value)]
    if isinstance(value, dict):
        return {"dict": [[k, encode(v, f"{key}.{k}", arrays)] for k, v in value.items()]}
    if CLASSES.get(type(value).__name__) is type(value):
        fields = {
            field: encode(item, f"{key}.{field}", arrays)
            for field, item in vars(value).items()
            if not (isinstance(value, Index) and field in FROM_ARTICLES)
        }
        return {"object": type(value).__name__, "fields": fields}
    raise TypeError(f"cannot store {type(value).__name__} in the index cache ({key})")


def decode(value: Any, arrays: dict[str, np.ndarray]) -> Any:
    """The inverse of `encode`: only JSON values, arrays and the classes of `CLASSES`."""
    if isinstance(value, list):
        return [decode(item, arrays) for item in value]
    if not isinstance(value, dict):
        return value
    if "array" in value:
        return arrays[value["array"]]
    if "dict" in value:
        return {k: decode(v, arrays) for k, v in value["dict"]}
    cls = CLASSES[value["object"]]
    made: Any = object.__new__(cls)
    made.__dict__.update({k: decode(v, arrays) for k, v in value["fields"].items()})
    return made
