"""`python -m benchmarks.candidates`: would tantivy do as the candidate generator?

Our engine ranks in stages: BM25 over paragraphs and phrases picks a pool of `POOL_DEPTH` (100)
paragraphs, then sentences, RapidFuzz and the refusal model work on that pool. Issue 18 asks
whether tantivy (a Rust search engine) could pick that pool instead, with our stages on its top
candidates. This measures the cheap half of the answer, in one run, on SQuAD (all 16 articles in
one folder, gold paragraph known) and on the synthetic archive (a paragraph is right when it
holds a sentence of the gold SQuAD paragraph that holds the answer):

- recall@100: the share of questions whose right paragraph is in the pool (ours: our pool;
  tantivy: its top 100, its English stemming tokenizer, the question parsed leniently);
- "ours in pool": the share of questions whose answer today (our top paragraph, when we answer
  and it is right) is in tantivy's top 100, so our later stages could still choose it;
- both as written and with one typo per question.

It does not run our later stages on tantivy's pool, so it bounds what tantivy as generator
would lose; it does not measure what it would gain.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchmarks import archive
from knowledge import load_knowledge
from knowledge.evaluation.scoring import read_lines, with_typo
from knowledge.search import pool
from knowledge.search.answer_type import asked
from knowledge.search.index import POOL_DEPTH, URL_RE, Index

REPO = Path(__file__).resolve().parent.parent
Right = Callable[[str], bool]


def our_pool(index: Index, question: str) -> list[int]:
    """The paragraphs our first stage pools for a question, as `Index.ranked` pools them."""
    question = URL_RE.sub(" ", question)
    query = index.query_terms(question, asked(question))
    known: dict[int, float] = {}
    for q in query:
        if q.term is not None:
            known[q.term] = max(q.boost, known.get(q.term, 0.0))
    if not known:
        return []
    terms, boosts = list(known), list(known.values())
    pairs = index.phrase_ids([q.term for q in query if q.term is not None])
    scores = pool.scores(
        index.paragraphs, index.phrases, terms, boosts, pairs, index.tuning.bigram_weight
    )
    return [int(p) for p in pool.best(scores, POOL_DEPTH, index.paragraphs, terms, boosts)]


class TantivyPool:
    """tantivy over the same paragraphs, one document each, its position kept."""

    def __init__(self, texts: Sequence[str], where: Path) -> None:
        import tantivy

        builder = tantivy.SchemaBuilder()
        builder.add_text_field("body", stored=False, tokenizer_name="en_stem")
        builder.add_integer_field("at", stored=True)
        self.index = tantivy.Index(builder.build(), path=str(where))
        writer = self.index.writer()
        for at, text in enumerate(texts):
            writer.add_document(tantivy.Document(body=text, at=at))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()

    def pool(self, question: str) -> list[int]:
        query, _ = self.index.parse_query_lenient(question, ["body"])
        hits = self.searcher.search(query, POOL_DEPTH).hits
        return [int(self.searcher.doc(address)["at"][0]) for _, address in hits]


def measure(folder: Path, questions: list[str], right: list[Right]) -> dict[str, Any]:
    knowledge = load_knowledge(folder, cache_dir=folder.parent / "candidates-cache")
    texts = [p.text for p in knowledge.passages]
    figures: dict[str, Any] = {"paragraphs": len(texts), "questions": len(questions)}
    with tempfile.TemporaryDirectory() as where:
        tantivy = TantivyPool(texts, Path(where))
        for variant, asked_as in (
            ("plain", questions),
            ("typo", [with_typo(q) for q in questions]),
        ):
            ours_hit = tantivy_hit = answered = kept = 0
            for question, is_right in zip(asked_as, right, strict=True):
                ours = our_pool(knowledge.index, question)
                theirs = tantivy.pool(question)
                ours_hit += any(is_right(texts[p]) for p in ours)
                tantivy_hit += any(is_right(texts[p]) for p in theirs)
                top = knowledge.search(question, limit=1)
                if top and is_right(top[0].passage.text):
                    answered += 1
                    kept += any(texts[p] == top[0].passage.text for p in theirs)
            n = len(questions)
            figures[variant] = {
                "ours_recall": ours_hit / n,
                "tantivy_recall": tantivy_hit / n,
                "our_top1": answered / n,
                "our_right_answer_in_tantivy_pool": kept / max(answered, 1),
            }
    return figures


def squad(path: Path, cache: Path) -> tuple[Path, list[str], list[Right]]:
    rows = read_lines(path)
    folder = cache / "candidates-squad" / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    questions: list[str] = []
    right: list[Right] = []
    for n, row in enumerate(rows):
        passages: list[str] = row["passages"]  # type: ignore[assignment]
        text = f"# {row['title']}\n\n" + "\n\n".join(passages) + "\n"
        (folder / f"{n:02d}.md").write_text(text, "utf-8")
        for q in row["questions"]:  # type: ignore[attr-defined]
            gold = " ".join(passages[q["gold"]].split())
            questions.append(q["q"])
            right.append(lambda text, gold=gold: " ".join(text.split()) == gold)
    return folder, questions, right


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.candidates", description=__doc__)
    parser.add_argument("--data", type=Path, default=REPO / ".." / "shared" / "eval")
    parser.add_argument("--cache", type=Path, default=REPO / "benchmarks" / "data")
    parser.add_argument("--size", type=int, default=50_000, help="archive paragraphs")
    args = parser.parse_args(argv)
    source = args.data / "squad_dev_visible.jsonl"
    results = {"SQuAD, 16 articles in one folder": measure(*squad(source, args.cache))}
    folder, questions_file = archive.build(source, args.cache / f"scale-{args.size}", args.size)
    spec = json.loads(questions_file.read_text("utf-8"))
    right = [
        (lambda text, held=tuple(held): any(s in " ".join(text.split()) for s in held))
        for held in spec["answers"]
    ]
    results[f"archive, {args.size:,} paragraphs"] = measure(folder, spec["plain"], right)
    lines = [
        "| data | questions | ours recall@100 | tantivy recall@100 | our top-1 | our right "
        "answer in tantivy's 100 |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for label, figures in results.items():
        for variant in ("plain", "typo"):
            f = figures[variant]
            lines.append(
                f"| {label}{', one typo' if variant == 'typo' else ''} | {figures['questions']} "
                f"| {f['ours_recall']:.3f} | {f['tantivy_recall']:.3f} | {f['our_top1']:.3f} "
                f"| {f['our_right_answer_in_tantivy_pool']:.3f} |"
            )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
