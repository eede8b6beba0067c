"""`KnowledgeBase`: the articles of a folder, indexed, answering `search(question)`."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from pathlib import Path

from knowledge.ingest.files import Stamp
from knowledge.models import Article, Found, Match, Passage
from knowledge.search import cache, edit, tail
from knowledge.search.highlight import marked
from knowledge.search.index import Index
from knowledge.search.query import Hit
from knowledge.search.text import is_stop_word, term_word
from knowledge.search.tuning import Tuning


class KnowledgeBase:
    """Articles and their index. Build one with `load_knowledge` (`knowledge.loading`) or from
    `Article` values."""

    def __init__(
        self,
        articles: Sequence[Article],
        folder: Path | None = None,
        tuning: Tuning | None = None,
        index: Index | None = None,
        passages: Sequence[Passage] | None = None,
        by_text: dict[str, Passage] | None = None,
    ) -> None:
        self.folder = folder
        self.articles = tuple(articles)
        self.passages = tuple(
            passages
            if passages is not None
            else (
                Passage(article, number, text)
                for article in self.articles
                for number, text in enumerate(article.paragraphs, start=1)
            )
        )
        self.index = index if index is not None else Index(self.articles, tuning)
        self.by_text = (
            by_text
            if by_text is not None
            else {spaced(p.text): p for p in reversed(self.passages)}
        )
        """Each paragraph by its text, one space apart (the first of identical ones)."""
        self.unsure_texts: frozenset[str] = frozenset()
        """Texts whose first paragraph was taken out by `changed`: another may hold them."""
        self.files: dict[str, tuple[Stamp, str]] = {}
        """Each article's file as it was read (`load_knowledge`): its stamp and digest."""
        self.unsaved = 0
        """Paragraphs added or taken out since the index was last kept in the cache."""
        self.suggested: tuple[str, ...] | None = None
        """The questions suggested with a refusal (`dialogue.reply.suggestions_for`)."""
        self.suggested_before: tuple[str, ...] = ()
        """Those of the knowledge this one was changed from, to check before working out new."""
        self.suggested_in: dict[str, tuple[str, ...]] = {}
        """Suggestions from one article each, by its file name, for a refusal in a
        conversation about it (`dialogue.reply.suggestions_for`)."""
        self.cache_dir: Path | None = None
        """Where `keep_index` keeps the index (`load_knowledge`'s `cache_dir`)."""

    def passage_with(self, text: str) -> Passage | None:
        """The paragraph whose text is exactly `text` (as a quote shows it), if any."""
        key = " ".join(text.split())
        found = self.by_text.get(key)
        if found is None and key in self.unsure_texts:
            found = next((p for p in self.passages if " ".join(p.text.split()) == key), None)
        return found

    def changed(self, articles: Sequence[Article], index: Index | None = None) -> KnowledgeBase:
        """The knowledge of `articles` when those of them that are the same objects as in this
        one are unchanged: their paragraphs are kept, only the others are read and indexed
        (`search.tail`: in segments), unless `index` is given. This one is left as it was."""
        position = {id(article): n for n, article in enumerate(self.articles)}
        kept = [position.get(id(article), -1) for article in articles]
        if index is None:
            index = tail.changed(self.index, kept, articles)
        first = [0]
        for article in self.articles:
            first.append(first[-1] + len(article.paragraphs))
        passages: list[Passage] = []
        new: list[list[Passage]] = []
        for article, old in zip(articles, kept, strict=True):
            if old >= 0:
                passages.extend(self.passages[first[old] : first[old + 1]])
            else:
                new.append(passages_of(article))
                passages.extend(new[-1])
        order = {article.name: n for n, article in enumerate(articles)}
        by_text = dict(self.by_text)
        kept_set = {old for old in kept if old >= 0}
        gone = [a for n, a in enumerate(self.articles) if n not in kept_set]
        unsure = set(self.unsure_texts)
        for article in gone:
            for text in article.paragraphs:
                key = spaced(text)
                if by_text.get(key) is not None and by_text[key].article is article:
                    del by_text[key]
                    unsure.add(key)
        for added in new:
            for passage in added:
                key = spaced(passage.text)
                there = by_text.get(key)
                if there is None or order[there.article.name] > order[passage.article.name]:
                    by_text[key] = passage
        made = KnowledgeBase(
            articles, self.folder, index=index, passages=passages, by_text=by_text
        )
        made.cache_dir = self.cache_dir
        made.unsure_texts = frozenset(unsure)
        made.suggested_before = self.suggested or self.suggested_before
        made.unsaved = (
            self.unsaved
            + sum(len(a.paragraphs) for a in gone)
            + sum(len(a.paragraphs) for a, old in zip(articles, kept, strict=True) if old < 0)
        )
        return made

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
        return self.index.paragraphs.used_by(term)

    def segmented(self) -> bool:
        """Whether the index was changed in segments (`search.tail`) since it was in one piece."""
        return self.index.order is not None

    def due(self) -> bool:
        """Whether a paragraph in `cache.RESAVE_SHARE` changed since the index was in one piece:
        it is then put back in one piece (`settled`) without waiting for the folder to be quiet."""
        return tail.due(self.index, cache.RESAVE_SHARE)

    def settled(self) -> KnowledgeBase:
        """This knowledge with its index in one piece: its segments merged (`tail.merged`), or,
        when a tenth changed since it was built, built afresh (`edit.drifted`). Slow (a second
        at 500,000 paragraphs, minutes to build anew): done off the answering path."""
        if edit.drifted(self.index, len(self.passages)):
            index = Index(self.articles, self.index.tuning)
        else:
            index = tail.merged(self.index, self.articles)
        made = KnowledgeBase(
            self.articles, self.folder, index=index, passages=self.passages, by_text=self.by_text
        )
        made.__dict__.update({k: v for k, v in vars(self).items() if k != "index"})
        return made

    def caught_up(self, now: KnowledgeBase) -> KnowledgeBase:
        """This knowledge changed to hold the articles of `now` (made from the knowledge this
        one was settled from, with changes since), with `now`'s files and suggestions."""
        same = len(now.articles) == len(self.articles) and all(
            a is b for a, b in zip(now.articles, self.articles, strict=True)
        )
        made = self if same else self.changed(now.articles)
        made.files, made.suggested, made.unsaved = now.files, now.suggested, now.unsaved
        return made

    def keep_index(self) -> None:
        """Keep the index in the cache when enough of it changed since the copy there: at
        least one paragraph in `cache.RESAVE_SHARE` (a restart then indexes only the files
        that changed since); an index in segments is kept once merged (`settled`)."""
        size = len(self.passages)
        if (
            self.cache_dir is None
            or self.folder is None
            or size < cache.MIN_PARAGRAPHS
            or self.unsaved * cache.RESAVE_SHARE < size
            or self.segmented()
        ):
            return
        files = [(article.name, self.files[article.name][1]) for article in self.articles]
        name = cache.name_of(self.folder, self.index.tuning)
        cache.write(self.cache_dir, name, self.index, files)
        self.unsaved = 0

    def matches(self, hits: Sequence[Hit]) -> list[Match]:
        """Index hits as matches, with the question's words marked in each paragraph."""
        terms = {term for hit in hits for term in hit.terms}
        forms = frozenset(chain.from_iterable(self.index.forms.get(term, ()) for term in terms))
        matches = []
        order = self.index.order  # the index's numbers are not the articles' order (`tail`)
        for hit in hits:
            passage = self.passages[hit.paragraph if order is None else int(order[hit.paragraph])]
            spans = marked(passage.text, forms)
            matches.append(Match(passage, round(hit.confidence, 4), spans))
        return matches


def spaced(text: str) -> str:
    """The text one space apart, as a quote shows it; the text itself when it already is
    (a paragraph's key then costs no second copy of it)."""
    key = " ".join(text.split())
    return text if key == text else key


def passages_of(article: Article) -> list[Passage]:
    return [Passage(article, n, text) for n, text in enumerate(article.paragraphs, start=1)]
