"""Article extraction on real news pages: what `add` writes beside plain `trafilatura.extract`.

    python -m benchmarks.extraction [--data ../shared/eval/web]

The data is half of scrapinghub's article-extraction-benchmark (`html/KEY.html.gz` and
`ground-truth.json`, see ../shared/eval/README.md), scored with its metric: tokens are `\\w+`
runs, each text becomes the multiset of its 4-token shingles; per page, true positives, false
positives and false negatives are counted and normalised to sum to 1; precision and recall are
averaged over pages, and F1 is the harmonic mean of the two averages.

"ours" is what `python -m bot add PAGE.html` writes, read back as the bot reads its folder:
every page is added to one folder with `add_source`, the folder is loaded with
`load_knowledge`, and each article's paragraphs are the text scored. "trafilatura" is
`trafilatura.extract(html)` with its defaults, in the same run.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from knowledge import load_knowledge
from knowledge.ingest.adding import add_source

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "eval" / "web"
TOKEN_RE = re.compile(r"\w+")
SHINGLE = 4


@dataclass(frozen=True)
class Scores:
    """One method over all pages."""

    name: str
    precision: float
    recall: float
    pages: int
    """Pages that gave any text."""
    seconds: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = TOKEN_RE.findall(text)
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1))


def page_scores(predicted: str, truth: str) -> tuple[float, float]:
    """Precision and recall of one page: shingle counts normalised to sum to 1."""
    found, wanted = shingles(predicted), shingles(truth)
    tp = sum((found & wanted).values())
    fp = sum((found - wanted).values())
    fn = sum((wanted - found).values())
    if tp + fp + fn == 0:
        return 1.0, 1.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall


def score(name: str, texts: dict[str, str], truth: dict[str, str], seconds: float) -> Scores:
    pairs = [page_scores(texts.get(key, ""), body) for key, body in truth.items()]
    return Scores(
        name,
        sum(p for p, _ in pairs) / len(pairs),
        sum(r for _, r in pairs) / len(pairs),
        sum(1 for key in truth if texts.get(key)),
        seconds,
    )


def read_pages(data: Path) -> tuple[dict[str, bytes], dict[str, str]]:
    """The pages (HTML bytes) and the true article text of each, by key."""
    truth = json.loads((data / "ground-truth.json").read_text("utf-8"))
    folder = data / "html"
    pages = {key: gzip.decompress((folder / f"{key}.html.gz").read_bytes()) for key in truth}
    return pages, {key: value["articleBody"] for key, value in truth.items()}


def ours(pages: dict[str, bytes], work: Path) -> tuple[dict[str, str], int]:
    """Each page added with `add_source` into one folder, then the folder loaded as the bot
    loads it. Returns the text of each page's article and how many files were written."""
    saved, folder = work / "pages", work / "articles"
    saved.mkdir()
    files: dict[str, str] = {}
    for key, html in pages.items():
        page = saved / f"{key}.html"
        page.write_bytes(html)
        added = add_source(str(page), folder)
        if added.file is not None:
            files[key] = added.file.relative_to(folder).as_posix()
    articles = {article.name: article for article in load_knowledge(folder).articles}
    texts = {
        key: "\n\n".join(articles[name].paragraphs)
        for key, name in files.items()
        if name in articles
    }
    return texts, len(set(files.values()))


def run(data: Path = DATA) -> tuple[list[Scores], int, int]:
    """Both methods on every page of `data`: their scores, the page count and how many
    distinct files `add` wrote."""
    pages, truth = read_pages(data)
    started = time.perf_counter()
    plain = {key: trafilatura.extract(html) or "" for key, html in pages.items()}
    plain_seconds = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as work:
        started = time.perf_counter()
        texts, files = ours(pages, Path(work))
        ours_seconds = time.perf_counter() - started
    results = [
        score("ours (`add`, read back by the loader)", texts, truth, ours_seconds),
        score("plain `trafilatura.extract`", plain, truth, plain_seconds),
    ]
    return results, len(pages), files


def table(results: list[Scores], pages: int, files: int) -> str:
    lines = [
        f"Article extraction, {pages} pages of ../shared/eval/web "
        f"(`add` wrote {files} files for {pages} pages):",
        "",
        "| method | precision | recall | F1 | pages with text | ms per page |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    lines += [
        f"| {s.name} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | {s.pages}/{pages} | "
        f"{1000 * s.seconds / pages:.0f} |"
        for s in results
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.extraction", description=__doc__)
    parser.add_argument("--data", type=Path, default=DATA, help="default ../shared/eval/web")
    args = parser.parse_args(argv)
    print(table(*run(args.data)))


if __name__ == "__main__":
    main()
