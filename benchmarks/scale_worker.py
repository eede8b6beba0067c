"""One method on one archive, in a process of its own: ``python -m benchmarks.scale_worker
METHOD PHASE FOLDER QUESTIONS.json STATE_DIR`` prints one JSON object.

PHASE `questions` is `serve` without adding and removing an article.

PHASE `build` indexes the folder from nothing and keeps what a restart needs in STATE_DIR (ours:
its index cache; bm25s: `BM25.save`; tantivy: its index directory). PHASE `serve` restarts from
STATE_DIR, times the questions, then adds one article to the folder and times until a question
about it is answered from it, then removes it again and times until it is no longer quoted.
Memory is the process's peak resident memory (VmHWM) at each point: after loading, after the
questions, after the change. Resident memory counts the pages of a memory-mapped file that the
process has read (ours maps its index cache); `load_resident` splits what is resident right
after loading into the process's own memory and such file pages.
"""

from __future__ import annotations

import inspect
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")  # as the bot runs (bot/__main__.py)

from benchmarks.archive import read_paragraphs
from benchmarks.timing import peak_mb, percentile, resident_mb, time_calls

ADDED_NAME = "zz_added_article.md"
ADDED = """# The Amberwick tram line opens

The new Amberwick tram line from the old town to the airport opened on Monday, carrying
commuters between the harbour and the terminal in eighteen minutes.

Night services on the Amberwick line will run every thirty minutes on Fridays and Saturdays.
"""
ADDED_QUESTION = "When did the Amberwick tram line open?"
ADDED_WORDS = "Amberwick tram line"

TopText = Callable[[str], str]


class Ours:
    def __init__(self, folder: Path, state: Path) -> None:
        from knowledge import load_knowledge

        self.folder, self.state, self.load = folder, state, load_knowledge
        self.knowledge = load_knowledge(folder, cache_dir=state)

    def top(self, question: str) -> str:
        matches = self.knowledge.search(question, limit=10)
        return " ".join(matches[0].passage.text.split()) if matches else ""

    def changed(self) -> None:
        """What the bot's watcher does after a change: load the folder again from the
        knowledge answering now (which answers meanwhile, so both are alive until the swap),
        then keep the index in the cache if enough changed."""
        if "previous" not in inspect.signature(self.load).parameters:  # an engine before it
            self.knowledge = self.load(self.folder, cache_dir=self.state)
            return
        self.knowledge = self.load(self.folder, cache_dir=self.state, previous=self.knowledge)
        self.knowledge.keep_index()


class Bm25s:
    def __init__(self, folder: Path, state: Path, build: bool) -> None:
        import bm25s
        import Stemmer

        from benchmarks.baselines import NLTK_STOP_WORDS

        self.bm25s, self.stop_words = bm25s, NLTK_STOP_WORDS
        self.stemmer = Stemmer.Stemmer("english")
        self.texts = read_paragraphs(folder)
        if build:
            self.retriever = bm25s.BM25()
            tokens = bm25s.tokenize(
                self.texts, stopwords=NLTK_STOP_WORDS, stemmer=self.stemmer, show_progress=False
            )
            self.retriever.index(tokens, show_progress=False)
        else:
            self.retriever = bm25s.BM25.load(state, show_progress=False)

    def save(self, state: Path) -> None:
        self.retriever.save(state, show_progress=False)

    def top(self, question: str) -> str:
        tokens = self.bm25s.tokenize(
            [question],
            stopwords=self.stop_words,
            stemmer=self.stemmer,
            return_ids=False,
            show_progress=False,
        )
        documents, _ = self.retriever.retrieve(tokens, k=10, show_progress=False)
        return self.texts[int(documents[0][0])]


class Tantivy:
    """tantivy with its English stemming tokenizer; the question parsed leniently, so that a
    "?" or a quote in it is read as text."""

    def __init__(self, folder: Path, state: Path, build: bool) -> None:
        import tantivy

        self.tantivy = tantivy
        if build:
            builder = tantivy.SchemaBuilder()
            builder.add_text_field("body", stored=True, tokenizer_name="en_stem")
            builder.add_text_field("file", stored=False, tokenizer_name="raw")
            state.mkdir(parents=True, exist_ok=True)
            self.index = tantivy.Index(builder.build(), path=str(state))
            writer = self.index.writer()
            for path in sorted(folder.glob("*.md")):
                self.add_file(writer, path)
            writer.commit()
            writer.wait_merging_threads()
        else:
            self.index = tantivy.Index.open(str(state))
        self.index.reload()
        self.searcher = self.index.searcher()

    def add_file(self, writer: Any, path: Path) -> None:
        for block in path.read_text("utf-8").split("\n\n"):
            if block.strip() and not block.startswith("# "):
                text = " ".join(block.split())
                writer.add_document(self.tantivy.Document(body=text, file=path.name))

    def top(self, question: str) -> str:
        query, _ = self.index.parse_query_lenient(question, ["body"])
        hits = self.searcher.search(query, 10).hits
        if not hits:
            return ""
        return str(self.searcher.doc(hits[0][1])["body"][0])

    def added(self, path: Path) -> None:
        writer = self.index.writer()
        self.add_file(writer, path)
        writer.commit()
        self.index.reload()
        self.searcher = self.index.searcher()

    def removed(self, path: Path) -> None:
        writer = self.index.writer()
        writer.delete_documents_by_term("file", path.name)
        writer.commit()
        self.index.reload()
        self.searcher = self.index.searcher()


def questions_figures(top: TopText, spec: dict[str, Any]) -> dict[str, Any]:
    top(spec["warmup"])
    figures: dict[str, Any] = {}
    for variant in ("plain", "typo"):
        times, answers = time_calls(top, spec[variant])
        right = sum(
            any(sentence in answer for sentence in sentences)
            for answer, sentences in zip(answers, spec["answers"], strict=False)
        )
        figures[variant] = {
            "p50_ms": percentile(times, 50),
            "p95_ms": percentile(times, 95),
            "top1": right / len(times),
        }
    return figures


def change_figures(method: Any, folder: Path) -> dict[str, float]:
    """Seconds from one article written into the folder to its answer, and from its removal
    to no longer quoting it; peak memory meanwhile."""
    path = folder / ADDED_NAME
    try:
        start = time.perf_counter()
        path.write_text(ADDED, "utf-8")
        method.added(path) if hasattr(method, "added") else method.changed()
        found = ADDED_WORDS in method.top(ADDED_QUESTION)
        added_s = time.perf_counter() - start
        start = time.perf_counter()
        path.unlink()
        method.removed(path) if hasattr(method, "removed") else method.changed()
        gone = ADDED_WORDS not in method.top(ADDED_QUESTION)
        removed_s = time.perf_counter() - start
    finally:
        path.unlink(missing_ok=True)
    if not (found and gone):
        raise RuntimeError(f"the added article was found={found}, then gone={gone}")
    return {"added_s": added_s, "removed_s": removed_s, "reload_peak_mb": peak_mb()}


def worker(method: str, phase: str, folder: Path, questions: Path, state: Path) -> dict[str, Any]:
    spec = json.loads(questions.read_text("utf-8"))
    before = peak_mb()
    start = time.perf_counter()
    build = phase == "build"
    if method == "ours":
        engine: Any = Ours(folder, state)
    elif method == "bm25s":
        engine = Bm25s(folder, state, build)
    elif method == "tantivy":
        engine = Tantivy(folder, state, build)
    else:
        raise ValueError(f"unknown method {method!r}")
    result: dict[str, Any] = {
        "method": method,
        "phase": phase,
        "before_mb": before,
        "load_s": time.perf_counter() - start,
        "load_mb": peak_mb(),
        "load_resident": resident_mb(),
    }
    if build:
        if method == "bm25s":
            engine.save(state)
        return result
    result |= questions_figures(engine.top, spec)
    result["questions_peak_mb"] = peak_mb()
    if (
        method != "bm25s" and phase == "serve"
    ):  # bm25s has no way to add or remove a document but a rebuild
        result |= change_figures(engine, folder)
    return result


if __name__ == "__main__":
    name, phase_arg, folder_arg, questions_arg, state_arg = sys.argv[1:]
    print(
        json.dumps(worker(name, phase_arg, Path(folder_arg), Path(questions_arg), Path(state_arg)))
    )
