"""`KnowledgeBase`: the articles of a folder, indexed, answering `search(question)`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from knowledge.ingest.files import BUNDLED_DIR, knowledge_files, read_sources
from knowledge.ingest.parsing import parse_sources
from knowledge.models import Article, Found, Match, Passage
from knowledge.search import cache
from knowledge.search.highlight import marked
from knowledge.search.index import Index
from knowledge.search.query import Hit
from knowledge.search.text import is_stop_word, term_word
from knowledge.search.tuning import Tuning


class KnowledgeBase:
    """Articles and their index. Build one with `load_knowledge` or from `Article` values."""

    def __init__(
        self,
        articles: Sequence[Article],
        folder: Path | None = None,
        tuning: Tuning | None = None,
        index: Index | None = None,
    ) -> None:
        self.folder = folder
        self.articles = tuple(articles)
        self.passages = tuple(
            Passage(article, number, text)
            for article in self.articles
            for number, text in enumerate(article.paragraphs, start=1)
        )
        self.index = index if index is not None else Index(self.articles, tuning)
        self.by_text = {" ".join(p.text.split()): p for p in reversed(self.passages)}
        """Each paragraph by its text, one space apart (the first of identical ones)."""

    def passage_with(self, text: str) -> Passage | None:
        """The paragraph whose text is exactly `text` (as a quote shows it), if any."""
        return self.by_text.get(" ".join(text.split()))

    def search(self, question: str, limit: int = 3) -> list[Match]:
        """The paragraphs that answer `question`, best first; empty when none does."""
        if limit < 1:
            return []
        return self.matches(self.index.search(question, limit))

    def find(self, question: str, limit: int = 3) -> Found:
        """The paragraphs that answer `question`, as `search` finds them; when the engine is
        not sure any does, the closest few to offer instead (`Found.offered`)."""
        if limit < 1:
            return Found()
        searched = self.index.find(question, limit)
        return Found(tuple(self.matches(searched.hits)), tuple(self.matches(searched.offered)))

    def paragraphs_using(self, word: str) -> int:
        """How many paragraphs use the term a word stands for: every one for a stop word,
        one for a word the index does not know."""
        term = self.index.term_of(word)
        if term is None:
            return len(self.passages) if is_stop_word(term_word(word)) else 1
        starts = self.index.paragraphs.starts
        return int(starts[term + 1] - starts[term])

    def matches(self, hits: Sequence[Hit]) -> list[Match]:
        """Index hits as matches, with the question's words marked in each paragraph."""
        terms = {term for hit in hits for term in hit.terms}
        forms = frozenset(form for term in terms for form in self.index.forms.get(term, ()))
        matches = []
        for hit in hits:
            passage = self.passages[hit.paragraph]
            spans = marked(passage.text, forms)
            matches.append(Match(passage, round(hit.confidence, 4), spans))
        return matches


def load_knowledge(
    folder: Path | str | None = None,
    tuning: Tuning | None = None,
    cache_dir: Path | None = None,
) -> KnowledgeBase:
    """Load and index every article in `folder` (default: the bundled article).

    A large index is kept in `cache_dir` (default: see `cache.default_dir`) and reused while
    the files are unchanged. Raises `KnowledgeError` with a one-line message when the folder
    cannot be used.
    """
    path = Path(folder) if folder is not None else BUNDLED_DIR
    tuning = tuning or Tuning()
    sources = read_sources(path, knowledge_files(path))
    articles = parse_sources(path, sources)
    directory = cache_dir or cache.default_dir()
    name = cache.digest(path, sources, tuning)
    index = cache.read(directory, name, articles, tuning)
    knowledge = KnowledgeBase(articles, folder=path, tuning=tuning, index=index)
    if index is None and len(knowledge.passages) >= cache.MIN_PARAGRAPHS:
        cache.write(directory, name, knowledge.index)
    return knowledge
