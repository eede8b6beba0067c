"""An index of changed articles in one piece, made from the index before the change.

`changed(index, kept, articles)` gives the index of `articles` when those that are unchanged
are already in `index`: only the new articles are read and cut into terms; every other
article's postings, sentences and phrases are kept as they were, renumbered (`splice`), and
those of the articles taken out are dropped. What it costs is reading the new articles plus a
few passes over every array of the index (about a second at 500,000 paragraphs; building
anew costs minutes there): a restart uses it for the files that changed since the cached copy,
and the watcher to put an index changed in segments (`tail`) back in one piece, off the
answering path. The old index is left as it was; the two share every paragraph's text and
the vocabulary's words.

The result answers as a fresh build of `articles` does, but for what `splice` says (the mean
paragraph and sentence lengths stay as built) and for ties between term ids, which are
numbered in the order they were met. A word's written forms (`Index.forms`) are only added
to, never taken back: a form left by a removed article highlights nothing that is not there.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from knowledge.models import Article
from knowledge.search.index import Index
from knowledge.search.splice import spliced
from knowledge.search.terms import phrase_keys, title_stems, tokenized
from knowledge.search.text import is_stop_word, stem, term_word

Ints = npt.NDArray[np.int64]
MAX_EDITED_SHARE = 0.1
"""Once the paragraphs added or taken out since a build are this share of the index, it is
built afresh: the lengths its weights are normalised by have drifted (`splice`)."""


def drifted(index: Index, paragraphs: int) -> bool:
    """Whether an index changed to hold `paragraphs` should rather be built afresh."""
    change = index.edited + abs(paragraphs - len(index))
    return change > MAX_EDITED_SHARE * max(paragraphs, 1)


def ranges(starts: Ints, lengths: Ints) -> Ints:
    """`arange(starts[i], starts[i] + lengths[i])` for every `i`, one after the other."""
    lengths = np.asarray(lengths, dtype=np.int64)
    ends = np.cumsum(lengths)
    offsets = np.repeat(np.asarray(starts, dtype=np.int64) - ends + lengths, lengths)
    return np.arange(int(ends[-1]) if len(ends) else 0, dtype=np.int64) + offsets


def changed(index: Index, kept: Sequence[int], articles: Sequence[Article]) -> Index:
    """The index of `articles`, where `kept[i]` is the position in `index` of an article
    identical to `articles[i]`, or -1 for an article to read; kept positions rise. Articles
    of `index` that no position names are taken out."""
    kept_at = np.asarray(kept, dtype=np.int64)
    if len(kept_at) != len(articles):
        raise ValueError("one kept position is needed for each article")
    old_of = kept_at[kept_at >= 0]
    if np.any(np.diff(old_of) <= 0) or (len(old_of) and old_of[-1] >= len(index.title_stems)):
        raise ValueError("kept positions must rise and name articles of the index")
    old_counts = np.bincount(index.paragraph_article, minlength=len(index.title_stems))
    counts = np.array([len(article.paragraphs) for article in articles], dtype=np.int64)
    kept_new = np.flatnonzero(kept_at >= 0)
    if np.any(old_counts[old_of] != counts[kept_new]):
        raise ValueError("a kept article does not have the paragraphs it had")
    old_first = np.concatenate([[0], np.cumsum(old_counts)])
    first = np.concatenate([[0], np.cumsum(counts)])
    n_paragraphs = int(first[-1])

    # Paragraphs: the kept ones renumbered, the others dropped; the new ones read.
    paragraph_of_old = np.full(index.paragraphs.n_units, -1, dtype=np.int64)
    moved = ranges(old_first[old_of], old_counts[old_of])
    paragraph_of_old[moved] = ranges(first[kept_new], counts[kept_new])
    added = np.flatnonzero(kept_at < 0)
    added_paragraphs = ranges(first[added], counts[added])
    texts = kept_texts(index.texts, old_first, kept_at, articles)
    made: Index = object.__new__(Index)
    made.__dict__.update(vars(index))
    made.vocabulary = dict(index.vocabulary)
    n_terms_before = len(index.paragraphs.idf)
    next_term = [n_terms_before]

    def add_term(word: str) -> int:
        norm = term_word(word)
        if is_stop_word(norm):
            return -1
        found = made.vocabulary.setdefault(stem(norm), next_term[0])
        if found == next_term[0]:
            next_term[0] += 1
        return found

    term_of: dict[str, int] = {}
    flat, lengths, of_paragraph, spans = tokenized(
        [texts[p] for p in added_paragraphs.tolist()], term_of, add_term
    )
    n_terms = next_term[0]

    # Sentences: each kept paragraph keeps its own, the new ones come from reading.
    sentence_lengths = np.frombuffer(lengths, dtype=np.int32)
    added_of_sentence = np.frombuffer(of_paragraph, dtype=np.int32)
    sentence_counts = np.zeros(n_paragraphs, dtype=np.int64)
    old_sentence_counts = np.diff(index.first_sentence)
    sentence_counts[paragraph_of_old[moved]] = old_sentence_counts[moved]
    sentence_counts[added_paragraphs] = np.bincount(
        added_of_sentence, minlength=len(added_paragraphs)
    )
    first_sentence = np.concatenate([[0], np.cumsum(sentence_counts)]).astype(
        index.first_sentence.dtype
    )
    n_sentences = int(first_sentence[-1])
    sentence_of_old = np.full(index.sentences.n_units, -1, dtype=np.int64)
    old_sentences = ranges(index.first_sentence[moved], old_sentence_counts[moved])
    sentence_of_old[old_sentences] = ranges(
        first_sentence[paragraph_of_old[moved]], old_sentence_counts[moved]
    )
    added_sentences = ranges(first_sentence[added_paragraphs], sentence_counts[added_paragraphs])
    made.sentence_spans = np.zeros((n_sentences, 2), dtype=index.sentence_spans.dtype)
    made.sentence_spans[sentence_of_old[old_sentences]] = index.sentence_spans[old_sentences]
    made.sentence_spans[added_sentences] = np.frombuffer(spans, dtype=np.int32).reshape(-1, 2)
    made.first_sentence = first_sentence

    # The new occurrences, in the new numbering.
    local_sentence = np.repeat(np.arange(len(sentence_lengths), dtype=np.int32), sentence_lengths)
    all_terms = np.frombuffer(flat, dtype=np.int32)
    held = all_terms >= 0
    terms, local_sentence = all_terms[held], local_sentence[held]
    sentence_units = added_sentences[local_sentence].astype(np.int32)
    paragraph_units = added_paragraphs[added_of_sentence[local_sentence]].astype(np.int32)
    same_terms = np.arange(n_terms_before, dtype=np.int64)
    made.paragraphs = spliced(
        index.paragraphs, paragraph_of_old, n_paragraphs, same_terms, n_terms,
        paragraph_units, terms,
    )  # fmt: skip
    made.sentences = spliced(
        index.sentences, sentence_of_old, n_sentences, same_terms, n_terms,
        sentence_units, terms,
    )  # fmt: skip

    # Phrases: new pairs take their place among the sorted keys.
    together = local_sentence[:-1] == local_sentence[1:]
    keys = phrase_keys(terms[:-1][together], terms[1:][together])
    old_keys = index.pair_keys
    distinct = np.unique(keys)
    at = np.searchsorted(old_keys, distinct)
    known = at < len(old_keys)
    known[known] = old_keys[at[known]] == distinct[known]
    fresh = distinct[~known]
    made.pair_keys = np.insert(old_keys, np.searchsorted(old_keys, fresh), fresh)
    pair_of_old = np.arange(len(old_keys), dtype=np.int64) + np.searchsorted(fresh, old_keys)
    made.phrases = spliced(
        index.phrases, paragraph_of_old, n_paragraphs, pair_of_old, len(made.pair_keys),
        paragraph_units[:-1][together],
        np.searchsorted(made.pair_keys, keys).astype(np.int32),
    )  # fmt: skip

    made.texts = texts
    made.title_stems = [
        index.title_stems[int(kept_at[n])] if kept_at[n] >= 0 else title_stems(article)
        for n, article in enumerate(articles)
    ]
    made.paragraph_article = np.repeat(np.arange(len(articles), dtype=np.int32), counts)
    made.unknown_idf = float(np.log1p((n_paragraphs - 0.5) / 1.5))
    removed = index.paragraphs.n_units - len(moved)
    made.edited = index.edited + removed + len(added_paragraphs)
    forget_and_learn(made, index, term_of)
    return made


def kept_texts(
    old: list[str], old_first: Ints, kept_at: Ints, articles: Sequence[Article]
) -> list[str]:
    """Every paragraph of `articles`, the kept ones' taken from `old` a run at a time."""
    if not old:  # an index read from the cache holds no text: it comes from the articles
        return [text for article in articles for text in article.paragraphs]
    texts: list[str] = []
    run_start = -1
    for n, at in enumerate(kept_at.tolist()):
        if run_start >= 0 and (at < 0 or at != kept_at[n - 1] + 1):
            texts.extend(old[old_first[run_start] : old_first[int(kept_at[n - 1]) + 1]])
            run_start = -1
        if at >= 0 and run_start < 0:
            run_start = at
        if at < 0:
            texts.extend(articles[n].paragraphs)
    if run_start >= 0:
        texts.extend(old[old_first[run_start] : old_first[int(kept_at[-1]) + 1]])
    return texts


def forget_and_learn(made: Index, index: Index, term_of: dict[str, int]) -> None:
    """The vocabulary, written forms and spelling of `made` brought in step with its postings:
    the new words learnt, the terms no paragraph uses any more forgotten (a question word
    for them is then read as a slip, as in a fresh build), and the counts of every term whose
    paragraphs changed set again."""
    forms = made.forms = dict(index.forms)
    for word, term in term_of.items():
        if term >= 0:
            written = forms.get(term)
            if written is None:
                forms[term] = [word]
            elif word not in written:
                forms[term] = [*written, word]
    used = made.paragraphs.used()
    before = index.paragraphs.used()
    n_before = len(before)
    touched = np.flatnonzero(used[:n_before] != before).tolist()
    touched += range(n_before, len(used))
    spelt: dict[str, int] = {}
    for term in touched:
        count = int(used[term])
        written = forms.get(term, [])
        for word in written:
            spelt[term_word(word)] = count
        if count == 0 and written:
            made.vocabulary.pop(stem(term_word(written[0])), None)
            del forms[term]
    made.spelling = index.spelling.updated(spelt.items())
