"""The searchable index of every paragraph of every article, and how a question is scored.

Ranking happens in two steps.
1. Every paragraph gets three BM25 signals over the question's terms: the paragraph as a whole;
   its best sentence, so that terms found together count more than terms scattered; and pairs
   of adjacent terms ("white house"), so that phrases count more than loose words.
2. The best `RERANK_DEPTH` paragraphs are compared with the question once more, by RapidFuzz,
   on the surface text of their best sentence (`token_set_ratio` and `partial_ratio`): this
   sees what stems cannot, such as word order and stop words.

Question words the articles never use are matched to their nearest article words (see
`typos`), at a discount. How sure the engine is of a paragraph (its confidence) is the share of
the question's informative terms (weighted by IDF) that the paragraph contains; whether the
best paragraph answers at all, or "the article does not say", is decided by `refusal`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import compress, pairwise

import numpy as np
import numpy.typing as npt

from knowledge.models import Article
from knowledge.search import refusal, related, signals
from knowledge.search.answer_type import Asked, asked, counts_focus
from knowledge.search.articles import evidence, topic
from knowledge.search.focus import focus_in
from knowledge.search.inflections import remaining
from knowledge.search.pool import best as best_pooled
from knowledge.search.pool import scores as pool_scores
from knowledge.search.postings import Postings
from knowledge.search.query import Hit, QueryTerm, Searched
from knowledge.search.rerank import best_sentences, rerank
from knowledge.search.signals import Signals
from knowledge.search.terms import distinct, phrase_keys, title_stems, tokenized
from knowledge.search.text import around, is_stop_word, stem, term_word, tokens
from knowledge.search.tuning import Tuning
from knowledge.search.typos import TypoCorrector, as_read

URL_RE = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
"""A link in a question ("who mediates? https://...") holds no words a paragraph would."""
MAX_QUESTION_TERMS = 48
MAX_TYPO_LOOKUPS = 6
POOL_DEPTH = 100
"""How many of the best paragraphs by whole-paragraph and phrase BM25 get their best sentence
scored too."""
MAX_OFFERED = 3
"""How many paragraphs an unsure search offers at most."""
RERANK_DEPTH = 15
"""How many of the best paragraphs are compared with the question again by RapidFuzz; it is
also the most matches one search returns."""


class Index:
    """Every paragraph of the given articles, indexed for `search`."""

    order: npt.NDArray[np.int64] | None = None
    """Each paragraph's number in the articles' order, where it is not its own (`tail`)."""
    dead_articles = 0
    """Articles whose paragraphs are still in the arrays but never found (`tail`)."""

    def __init__(self, articles: Sequence[Article], tuning: Tuning | None = None) -> None:
        self.tuning = tuning or Tuning()
        self.vocabulary: dict[str, int] = {}
        self.texts = [text for article in articles for text in article.paragraphs]
        self.paragraph_article = np.repeat(
            np.arange(len(articles), dtype=np.int32), [len(a.paragraphs) for a in articles]
        )
        self.title_stems = [title_stems(article) for article in articles]
        """Each article's title as stems: what every paragraph of it is about."""

        # Every word of every sentence, as a term id (-1 for a stop word), in one flat array.
        term_of: dict[str, int] = {}  # each word as written -> its term id, -1 if a stop word
        flat, sentence_lengths, sentence_paragraph, sentence_spans = tokenized(
            self.texts, term_of, self._add_term
        )

        n_paragraphs, n_terms = len(self.texts), len(self.vocabulary)
        lengths = np.frombuffer(sentence_lengths, dtype=np.int32)
        sentence_of = np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)
        kept = np.frombuffer(flat, dtype=np.int32) >= 0
        terms = np.frombuffer(flat, dtype=np.int32)[kept]
        sentence_of = sentence_of[kept]
        del flat, kept  # the flat arrays are the largest thing built here: free them early
        paragraph_of = np.frombuffer(sentence_paragraph, dtype=np.int32)[sentence_of]

        # Adjacent terms of one sentence make a phrase, keyed `first << 32 | second`.
        together = sentence_of[:-1] == sentence_of[1:]
        pair_keys = phrase_keys(terms[:-1][together], terms[1:][together])
        self.pair_keys = distinct(pair_keys)
        pair_terms = np.searchsorted(self.pair_keys, pair_keys).astype(np.int32)
        pair_units = paragraph_of[:-1][together]
        del pair_keys, together

        k1, b = self.tuning.k1, self.tuning.b
        self.paragraphs = Postings(paragraph_of, terms, n_paragraphs, n_terms, k1=k1, b=b)
        self.sentences = Postings(sentence_of, terms, len(sentence_lengths), n_terms, k1=k1, b=b)
        self.phrases = Postings(
            pair_units, pair_terms, n_paragraphs, len(self.pair_keys), k1=k1, b=b
        )
        self.sentence_spans = np.frombuffer(sentence_spans, dtype=np.int32).reshape(-1, 2)
        self.first_sentence = np.searchsorted(
            np.frombuffer(sentence_paragraph, dtype=np.int32), np.arange(n_paragraphs + 1)
        )
        # A word no article uses is taken to be as telling as the rarest word they do use.
        self.unknown_idf = float(np.log1p((n_paragraphs - 0.5) / 1.5))
        self.forms: dict[int, list[str]] = {}
        """Each term id -> the words as written in the articles that stand for it."""
        for word, term_id in term_of.items():
            if term_id >= 0:
                self.forms.setdefault(term_id, []).append(word)
        used = np.diff(self.paragraphs.starts)  # how many paragraphs use each term
        spelt = {term_word(word): int(used[t]) for word, t in term_of.items() if t >= 0}
        self.spelling = TypoCorrector(spelt.items())
        if any(self.tuning.related_weights.values()):
            related.load()  # read the table now, not at the first unsure question
        self.edited = 0
        """Paragraphs added or taken out by `edit.changed` since this index was built."""

    def _add_term(self, word: str) -> int:
        """The id of a word's term, added to the vocabulary if new; -1 for a stop word."""
        norm = term_word(word)
        if is_stop_word(norm):
            return -1
        return self.vocabulary.setdefault(stem(norm), len(self.vocabulary))

    def term_of(self, token: str) -> int | None:
        """The index term a token of `text.tokens` stands for; None for a stop word or a word
        no article uses."""
        word = term_word(token)
        return None if is_stop_word(word) else self.vocabulary.get(stem(word))

    def phrase_ids(self, ordered_terms: Sequence[int]) -> list[int]:
        """Ids of the indexed phrases among adjacent pairs of the given terms."""
        keys = np.asarray([a << 32 | b for a, b in pairwise(ordered_terms)], dtype=np.int64)
        at = np.searchsorted(self.pair_keys, keys)
        found = at < len(self.pair_keys)
        found[found] = self.pair_keys[at[found]] == keys[found]
        return [int(i) for i in at[found]]

    def __len__(self) -> int:
        return self.paragraphs.n_units

    def query_terms(
        self, question: str, wanted: Asked | None = None, meaning: bool = False
    ) -> list[QueryTerm]:
        """The informative words of a question, each resolved to an index term if possible.

        With what the question asks for (`wanted`), the words that only say its answer type
        ("many" of "how many") are left out, and a focus word no article uses is read as the
        article word that says it otherwise ("intentions" as "vowed"), at a discount. With
        `meaning`, the other words no article uses are read through `related` too."""
        wanted = wanted or Asked()
        consumed = wanted.consumed
        found: dict[str, QueryTerm] = {}
        typo_lookups = 0
        written = tokens(question)
        for position, token in enumerate(written):
            word = term_word(token)
            if is_stop_word(word) or word in found or word in consumed:
                continue
            if len(found) >= MAX_QUESTION_TERMS:
                break
            term_id = self.vocabulary.get(stem(word))
            boost, meant = 1.0, word
            if remaining(word, *around(written, position)):
                remain = self.vocabulary.get(stem("remain"))
                if term_id is None:
                    term_id, boost, meant = remain, self.tuning.meaning_discount, "remain"
                elif remain is not None and "remain" not in found:
                    # the articles use "left", perhaps only as "left the embassy": what
                    # remains weighs as the question's word, "left" at the discount
                    found["remain"] = QueryTerm("remain", remain, 1.0, "remain")
                    boost = self.tuning.meaning_discount
            if term_id is None and typo_lookups < MAX_TYPO_LOOKUPS:
                typo_lookups += 1
                meant = self.spelling.read_as(word)
                if is_stop_word(meant):
                    continue  # "againat": a slip for a word that says nothing
                term_id = self.vocabulary.get(stem(meant))
                if term_id is not None:
                    boost = self.tuning.typo_discount
            name = position > 0 and token[0].isupper()
            found[word] = QueryTerm(word, term_id, boost, meant, name)
        focus = found.get(wanted.focus or "")
        if focus is not None and focus.term is None:
            others = [q.term for q in found.values() if q.term is not None]
            said = focus_in(self.vocabulary, wanted).said_as(self.paragraphs, others)
            if said is not None:
                meant = self.forms[said][0]
                found[focus.word] = QueryTerm(
                    focus.word, said, self.tuning.meaning_discount, meant, focus.name
                )
        if meaning:
            related.expand(found, self.vocabulary, self.paragraphs, self.tuning)
        return list(found.values())

    def search(self, question: str, limit: int) -> list[Hit]:
        """The best paragraphs for a question, best first; empty when the refusal model
        (`refusal`) judges that the best one does not answer it."""
        return self.find(question, limit, offer=0).hits

    def find(self, question: str, limit: int, offer: int = MAX_OFFERED) -> Searched:
        """The paragraphs that answer a question, as `search` finds them; when none does but
        the refusal model is unsure (`Tuning.min_unsure`), up to `offer` closest ones."""
        tuning = self.tuning
        hits, measured = self.ranked(question, limit)
        if measured is not None and refusal.probability(measured) >= tuning.min_probability:
            return Searched(hits)
        if offer < 1:
            return Searched([])
        near, measured = self.ranked(question, offer, tuning.unsure_confidence, meaning=True)
        if measured is None:
            return Searched([])
        probability = refusal.probability(measured)
        held = [word for term in near[0].terms for word in self.forms[term]]
        counted = counts_focus(asked(question), self.texts[near[0].paragraph], held)
        if probability < (tuning.min_counted if counted else tuning.min_unsure):
            return Searched([])
        return Searched([], near)

    def ranked(
        self, question: str, limit: int, floor: float | None = None, meaning: bool = False
    ) -> tuple[list[Hit], Signals | None]:
        """The best paragraphs above the confidence cutoff (`floor`, by default
        `Tuning.min_confidence`), best first, and the signals of the first one for the refusal
        decision (None when there is no such paragraph); with `meaning`, the question's words
        that no article uses are read as the article words related to them (`related`)."""
        if ":" in question or "." in question:  # a link has one or the other
            question = URL_RE.sub(" ", question)
        wanted = asked(question)
        query = self.query_terms(question, wanted, meaning)
        known: dict[int, float] = {}
        for q in query:
            if q.term is not None:
                known[q.term] = max(q.boost, known.get(q.term, 0.0))
        if not known or len(self) == 0:
            return [], None
        term_ids = list(known)
        boosts = [known[t] for t in term_ids]
        tuning = self.tuning

        pair_ids = self.phrase_ids([q.term for q in query if q.term is not None])
        scores = pool_scores(
            self.paragraphs, self.phrases, term_ids, boosts, pair_ids, tuning.bigram_weight
        )
        pool = best_pooled(scores, POOL_DEPTH, self.paragraphs, term_ids, boosts, self.order)
        best, best_scores = best_sentences(
            self.sentences, self.first_sentence, pool, term_ids, boosts
        )
        scores[pool] += tuning.sentence_weight * best_scores
        best_sentence = dict(zip(pool.tolist(), best.tolist(), strict=True))

        candidates = pool[np.argsort(-scores[pool], kind="stable")][:RERANK_DEPTH]
        read = as_read(question, ((q.word, q.meant) for q in query))
        focus = focus_in(self.vocabulary, wanted)
        n_articles = len(self.title_stems) - self.dead_articles
        about = evidence(
            self.paragraphs, self.paragraph_article, n_articles, query, known, candidates
        )
        spans = self.sentence_spans[[best_sentence[p] for p in candidates.tolist()]]
        texts = [self.texts[paragraph] for paragraph in candidates.tolist()]
        ranked = rerank(
            read, candidates, scores, texts, spans, self.paragraphs, focus, about, self.tuning
        )
        idf = self.paragraphs.idf
        total = sum(float(idf[q.term]) if q.term is not None else self.unknown_idf for q in query)
        hits: list[Hit] = []
        quoted: set[str] = set()  # the same paragraph in two articles is one answer, not two
        measured = None
        held = self.paragraphs.contains(term_ids, candidates)
        present_in = {
            paragraph: frozenset(compress(term_ids, column))
            for paragraph, column in zip(candidates.tolist(), held.T.tolist(), strict=True)
        }
        for position, candidate in enumerate(ranked):
            paragraph, rank = candidate.paragraph, candidate.rank
            if self.texts[paragraph] in quoted:
                continue
            quoted.add(self.texts[paragraph])
            if wanted.strict and not focus.answered_by(
                self.paragraphs, paragraph, self.texts[paragraph]
            ):
                continue  # it holds neither what is asked for nor its answer type
            present = present_in[paragraph]
            confidence = sum(float(idf[t]) * known[t] for t in present) / total
            if confidence >= (tuning.min_confidence if floor is None else floor):
                hit = Hit(paragraph, rank, confidence, present)
                if not hits:
                    runner_up = ranked[position + 1].rank if position + 1 < len(ranked) else 0.0
                    measured = self.signals(
                        query,
                        hit,
                        best_sentence[paragraph],
                        pair_ids,
                        candidate.set_ratio,
                        rank - runner_up,
                    )
                hits.append(hit)
                if len(hits) == limit:
                    break
        return hits, measured

    def signals(
        self,
        query: Sequence[QueryTerm],
        hit: Hit,
        sentence: int,
        pairs: Sequence[int],
        set_ratio: float,
        margin: float,
    ) -> Signals:
        """The refusal signals of a question and its best paragraph (`signals.measure`), given
        the paragraph's best sentence, the question's phrases (`phrase_ids`), that sentence's
        `token_set_ratio` and the rank margin."""
        known = [q.term for q in query if q.term is not None]
        in_sentence = self.sentences.contains(known, np.array([sentence]))[:, 0].tolist()
        return signals.measure(
            query,
            hit,
            topic=topic(self.paragraphs, self.paragraph_article, hit.paragraph, hit.terms),
            title=self.title_stems[int(self.paragraph_article[hit.paragraph])],
            sentence_terms={t for t, has in zip(known, in_sentence, strict=True) if has},
            phrases=int(self.phrases.contains(pairs, np.array([hit.paragraph])).sum()),
            idf=self.paragraphs.idf,
            unknown_idf=self.unknown_idf,
            set_ratio=set_ratio,
            margin=margin,
        )
