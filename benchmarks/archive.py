"""The generated archive: 50,000 paragraphs of SQuAD sentences reshuffled, 100 per file.

It is written once under a cache folder (rebuilt when its recipe changes) with the questions
asked of it. A question is answered right when the top paragraph contains one of the sentences
of its gold SQuAD paragraph that hold the answer; each such sentence sits in many archive
paragraphs, so this measures finding an answer, not one particular paragraph.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from knowledge.evaluation.scoring import read_lines, with_typo

PARAGRAPHS = 50_000
PER_FILE = 100
SEED = 20240501
SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[\"(]?[A-Z0-9])")
ARCHIVE_METHODS = ("ours", "ours_cached", "bm25s", "rapidfuzz")
"""`ours` starts with an empty index cache, `ours_cached` restarts from what `ours` left."""
INDEX_CACHE = "index-cache"
QUESTIONS = 300
SLOW_SAMPLE = 30
"""The naive rapidfuzz scan reads every paragraph for every question: time a few only."""

TopText = Callable[[str], str]
"""A question in, the top paragraph's text out (whitespace normalised; empty when refused)."""


def split_sentences(paragraph: str) -> list[str]:
    return [" ".join(s.split()) for s in SENTENCE_END_RE.split(paragraph) if s.strip()]


def build(squad: Path, cache: Path, paragraphs: int = PARAGRAPHS) -> tuple[Path, Path]:
    """The archive folder and its questions file, made if missing or made from another recipe."""
    recipe = f"v2 paragraphs={paragraphs} per_file={PER_FILE} seed={SEED} source={squad.name}"
    folder, questions_file, stamp = cache / "archive", cache / "questions.json", cache / "recipe"
    if stamp.exists() and stamp.read_text("utf-8") == recipe:
        return folder, questions_file
    rows = read_lines(squad)
    rng = random.Random(SEED)
    pool = [s for row in rows for p in row["passages"] for s in split_sentences(p)]  # type: ignore[attr-defined]
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    deck: list[str] = []
    for part in range(paragraphs // PER_FILE):
        blocks = [f"# Archive part {part + 1:04d}"]
        for _ in range(PER_FILE):
            size = rng.randint(3, 6)
            if len(deck) < size:
                fresh = pool[:]
                rng.shuffle(fresh)
                deck = fresh + deck
            blocks.append(" ".join(deck.pop() for _ in range(size)))
        (folder / f"part_{part + 1:04d}.md").write_text("\n\n".join(blocks) + "\n", "utf-8")
    questions_file.write_text(json.dumps(pick_questions(rows, rng)), "utf-8")
    stamp.write_text(recipe, "utf-8")
    return folder, questions_file


def pick_questions(rows: list[dict[str, object]], rng: random.Random) -> dict[str, object]:
    """SQuAD questions whose answer lies inside one sentence of the gold paragraph."""
    candidates: list[tuple[str, list[str]]] = []
    for row in rows:
        passages: list[str] = row["passages"]  # type: ignore[assignment]
        for q in row["questions"]:  # type: ignore[attr-defined]
            sentences = split_sentences(passages[q["gold"]])
            holding = [s for s in sentences if any(a in s for a in q.get("answers", []))]
            if holding:
                candidates.append((q["q"], holding))
    chosen = rng.sample(candidates, QUESTIONS + 1)
    warmup, chosen = chosen[0], chosen[1:]
    return {
        "warmup": warmup[0],
        "plain": [q for q, _ in chosen],
        "typo": [with_typo(q) for q, _ in chosen],
        "answers": [sentences for _, sentences in chosen],
        "sample": {
            "ours": QUESTIONS,
            "ours_cached": QUESTIONS,
            "bm25s": QUESTIONS,
            "rapidfuzz": SLOW_SAMPLE,
        },
    }


def clear_index_cache(folder: Path) -> None:
    """Start ours from nothing: the engine's on-disk copy of the archive index is removed."""
    shutil.rmtree(folder.parent / INDEX_CACHE, ignore_errors=True)


def read_paragraphs(folder: Path) -> list[str]:
    """The baselines' loader: every file's blank-line separated blocks, titles left out."""
    paragraphs = []
    for path in sorted(folder.glob("*.md")):
        for block in path.read_text("utf-8").split("\n\n"):
            if block.strip() and not block.startswith("# "):
                paragraphs.append(" ".join(block.split()))
    return paragraphs


def load_method(method: str, folder: Path, index_cache: Path | None = None) -> TopText:
    """Load and index the archive with one method (imports included in what it costs).
    Ours keeps its index cache in `index_cache` (default: next to the archive)."""
    if method in ("ours", "ours_cached"):
        from knowledge import load_knowledge

        knowledge = load_knowledge(folder, cache_dir=index_cache or folder.parent / INDEX_CACHE)

        def ours(question: str) -> str:
            matches = knowledge.search(question, limit=10)
            return " ".join(matches[0].passage.text.split()) if matches else ""

        return ours
    if method == "bm25s":
        import bm25s
        import Stemmer

        from benchmarks.baselines import NLTK_STOP_WORDS

        texts = read_paragraphs(folder)
        stemmer = Stemmer.Stemmer("english")
        retriever = bm25s.BM25()
        retriever.index(
            bm25s.tokenize(texts, stopwords=NLTK_STOP_WORDS, stemmer=stemmer, show_progress=False),
            show_progress=False,
        )

        def bm25(question: str) -> str:
            tokens = bm25s.tokenize(
                [question],
                stopwords=NLTK_STOP_WORDS,
                stemmer=stemmer,
                return_ids=False,
                show_progress=False,
            )
            documents, _ = retriever.retrieve(tokens, k=10, show_progress=False)
            return texts[int(documents[0][0])]

        return bm25
    if method == "rapidfuzz":
        from rapidfuzz import process

        texts = read_paragraphs(folder)

        def scan(question: str) -> str:
            best = process.extractOne(question, texts)
            return str(best[0]) if best else ""

        return scan
    raise ValueError(f"unknown method {method!r}")
