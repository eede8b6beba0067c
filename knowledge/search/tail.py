"""An index changed for the articles added and taken out, in time that grows with them only.

`changed(index, kept, articles)` (the arguments of `edit.changed`) makes an index whose postings
are `segments.Segmented`: the arrays of the index as built (`main`) are shared, never copied or
written; the paragraphs of the articles taken out are marked dead; the articles added are cut
into terms and make a small tail of postings after the built ones (their paragraphs, sentences
and new phrases numbered after the built ones). A later change rebuilds the tail from the
articles it holds, as they were read (`Read`), and marks more paragraphs dead. What a change
costs is reading the new articles, reading the removed ones again (to count what their terms
lose) and a few passes over arrays of one entry a term or a paragraph.

Inside the index the tail's paragraphs come after the built ones, whatever their article's
place: `order` gives each paragraph's number in the articles' order (what `KnowledgeBase`
quotes), and the pool breaks ties by it, so answers are those of one index of the same
articles. Every term's IDF is worked out from the live paragraphs (`segments`); what stays as
built is the mean unit length the weights are normalised by. `merged` puts the segments
back into one index (`edit.changed`, copying every array), which is done off the answering path.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from knowledge.models import Article
from knowledge.search import edit
from knowledge.search.index import Index
from knowledge.search.occurrences import Occurrences, Read, joined, used_by
from knowledge.search.segments import Counted, Segmented, idf_of
from knowledge.search.terms import title_stems
from knowledge.search.text import is_stop_word, stem, term_word

Ints = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]


class TailIndex(Index):
    """An `Index` made by `changed`: the built `main`, minus its dead articles, plus a tail."""

    main: Index
    alive: npt.NDArray[np.bool_]
    """Which of the built index's articles are still in."""
    dead_used: tuple[Ints, Ints, Ints]
    """How many of the dead paragraphs, sentences and paragraphs use each built term / phrase."""
    reads: tuple[Read, ...]
    """The articles of the tail, as read, in the articles' order."""
    tail_stems: tuple[list[str], ...]
    tail_keys: Ints
    """The phrases only the tail has, in order; numbered after the built ones."""
    article_ids: list[int]
    """Each article's number in the index (the tail's after the built ones)."""
    live: int

    def __len__(self) -> int:
        return self.live

    def phrase_ids(self, ordered_terms: Sequence[int]) -> list[int]:
        keys = np.asarray([a << 32 | b for a, b in pairwise(ordered_terms)], dtype=np.int64)
        found = []
        for table, first in ((self.pair_keys, 0), (self.tail_keys, len(self.pair_keys))):
            at = np.searchsorted(table, keys)
            there = at < len(table)
            there[there] = table[at[there]] == keys[there]
            found += [first + int(i) for i in at[there]]
        return found


def changed(index: Index, kept: Sequence[int], articles: Sequence[Article]) -> TailIndex:
    """The index of `articles` where `kept[i]` is the position in `index`'s articles of one
    identical to `articles[i]`, or -1 for one to read (as `edit.changed`); `index` is left as
    it was, and shares its arrays with the result."""
    was = index if isinstance(index, TailIndex) else None
    main = was.main if was is not None else index
    n_main = len(main.title_stems)
    ids = was.article_ids if was is not None else list(range(n_main))
    reads = was.reads if was is not None else ()
    stems = was.tail_stems if was is not None else ()
    if len(kept) != len(articles):
        raise ValueError("one kept position is needed for each article")
    if any(b <= a for a, b in pairwise(k for k in kept if k >= 0)) or any(
        k >= len(ids) for k in kept
    ):
        raise ValueError("kept positions must rise and name articles of the index")
    main_first = np.searchsorted(main.paragraph_article, np.arange(n_main + 1))
    main_counts = np.diff(main_first)

    internal = [ids[k] if k >= 0 else -1 for k in kept]
    for article, at in zip(articles, internal, strict=True):
        if at < 0:
            continue
        had = int(main_counts[at]) if at < n_main else len(reads[at - n_main].texts)
        if had != len(article.paragraphs):
            raise ValueError("a kept article does not have the paragraphs it had")
    alive = np.zeros(n_main, dtype=bool)
    alive[[at for at in internal if 0 <= at < n_main]] = True
    before = was.alive if was is not None else np.ones(n_main, dtype=bool)
    newly_dead = np.flatnonzero(before & ~alive).tolist()

    made: TailIndex = object.__new__(TailIndex)
    made.__dict__.update(vars(main))
    vocabulary = made.vocabulary = dict(index.vocabulary)
    next_term = [len(index.paragraphs.idf)]

    def add_term(word: str) -> int:
        norm = term_word(word)
        if is_stop_word(norm):
            return -1
        found = vocabulary.setdefault(stem(norm), next_term[0])
        if found == next_term[0]:
            next_term[0] += 1
        return found

    term_of: dict[str, int] = {}
    tail: list[Read] = []
    tail_stems: list[list[str]] = []
    article_ids = []
    for article, at in zip(articles, internal, strict=True):
        if 0 <= at < n_main:
            article_ids.append(at)
            continue
        article_ids.append(n_main + len(tail))
        if at >= 0:
            tail.append(reads[at - n_main])
            tail_stems.append(stems[at - n_main])
        else:
            tail.append(Read.of(article.paragraphs, term_of, add_term))
            tail_stems.append(title_stems(article))
    n_rows = next_term[0]

    # What the dead paragraphs held, read again from their texts.
    dead_used = was.dead_used if was is not None else _nothing(main)
    if newly_dead:
        known: dict[str, int] = {}
        texts = [
            text for a in newly_dead for text in main.texts[main_first[a] : main_first[a + 1]]
        ]
        gone = Occurrences.of(Read.of(texts, known, lambda word: _term(vocabulary, word)))
        dead_used = (
            dead_used[0] + used_by(gone.terms, gone.paragraphs, len(dead_used[0])),
            dead_used[1] + used_by(gone.terms, gone.sentences, len(dead_used[1])),
            dead_used[2]
            + used_by(
                np.searchsorted(main.pair_keys, gone.keys), gone.key_paragraphs, len(dead_used[2])
            ),
        )

    # The tail: its postings counted, then weighed at the IDF of the live paragraphs.
    none = np.zeros(0, np.int32)
    new = joined(tail) if tail else Read([], none, none, none, none.reshape(0, 2))
    found = Occurrences.of(new)
    n_keys = len(main.pair_keys)
    key_at = np.searchsorted(main.pair_keys, found.keys)
    in_main = key_at < n_keys
    in_main[in_main] = main.pair_keys[key_at[in_main]] == found.keys[in_main]
    tail_keys = np.unique(found.keys[~in_main])
    rows = np.where(in_main, key_at, n_keys + np.searchsorted(tail_keys, found.keys))
    rows = rows.astype(np.int32)
    n_paragraphs, n_sentences = len(new.texts), len(new.lengths)
    counted = (
        Counted(found.paragraphs, found.terms, n_paragraphs, n_rows),
        Counted(found.sentences, found.terms, n_sentences, n_rows),
        Counted(found.key_paragraphs, rows, n_paragraphs, n_keys + len(tail_keys)),
    )
    dead = None if alive.all() else np.repeat(~alive, main_counts)
    main_sentences = np.diff(main.first_sentence)
    dead_sentences = None if dead is None else np.repeat(dead, main_sentences)
    live_paragraphs = int(main_counts[alive].sum()) + n_paragraphs
    live_sentences = int(main_sentences.sum()) + n_sentences
    if dead_sentences is not None:
        live_sentences -= int(np.count_nonzero(dead_sentences))
    for name, postings, count, gone_used, units, dead_units in (
        ("paragraphs", main.paragraphs, counted[0], dead_used[0], live_paragraphs, dead),
        ("sentences", main.sentences, counted[1], dead_used[1], live_sentences, dead_sentences),
        ("phrases", main.phrases, counted[2], dead_used[2], live_paragraphs, dead),
    ):
        used = count.used()
        used[: len(gone_used)] += postings.used() - gone_used
        weighed = count.weighed(postings, idf_of(used, units))
        setattr(made, name, Segmented(postings, dead_units, weighed, used))

    n_tail_articles = len(tail)
    made.texts = [*main.texts, *new.texts]
    made.title_stems = [*main.title_stems, *tail_stems]
    made.paragraph_article = np.concatenate(
        [
            main.paragraph_article,
            np.repeat(
                np.arange(n_main, n_main + n_tail_articles, dtype=np.int32),
                [len(r.texts) for r in tail],
            ),
        ]
    )
    n_main_sentences = int(main.first_sentence[-1])
    tail_first = np.searchsorted(new.paragraph, np.arange(n_paragraphs + 1))
    made.first_sentence = np.concatenate(
        [main.first_sentence[:-1], tail_first + n_main_sentences]
    ).astype(main.first_sentence.dtype)
    made.sentence_spans = np.concatenate([main.sentence_spans, new.spans]).astype(
        main.sentence_spans.dtype
    )
    made.unknown_idf = float(np.log1p((live_paragraphs - 0.5) / 1.5))
    counts = np.array([len(a.paragraphs) for a in articles], dtype=np.int64)
    tail_firsts = np.cumsum([0, *(len(r.texts) for r in tail)])[:-1]
    firsts = np.concatenate([main_first[:-1], main.paragraphs.n_units + tail_firsts])
    inside = np.asarray(article_ids, dtype=np.int64)
    order = np.full(main.paragraphs.n_units + n_paragraphs, -1, dtype=np.int64)
    order[edit.ranges(firsts[inside], counts)] = np.arange(int(counts.sum()))
    made.order = order
    made.dead_articles = n_main - int(alive.sum())
    made.main, made.alive, made.dead_used = main, alive, dead_used
    made.reads, made.tail_stems, made.tail_keys = tuple(tail), tuple(tail_stems), tail_keys
    made.article_ids, made.live = article_ids, live_paragraphs
    added = sum(len(a.paragraphs) for a, k in zip(articles, kept, strict=True) if k < 0)
    made.edited = index.edited + added + (len(index) + added - live_paragraphs)
    edit.forget_and_learn(made, index, term_of)
    return made


def due(index: Index, share: int) -> bool:
    """Whether `index` is in segments with at least one paragraph in `share` changed since
    it was in one piece (the tail's paragraphs and the dead ones)."""
    if not isinstance(index, TailIndex):
        return False
    added = len(index.texts) - len(index.main.texts)
    dead = len(index.main) - (index.live - added)
    return (added + dead) * share >= len(index)


def merged(index: Index, articles: Sequence[Article]) -> Index:
    """`index` (made by `changed` for `articles`) as one index: every array copied once, the
    tail's postings merged in at their places (`edit.changed` from the built index)."""
    if not isinstance(index, TailIndex):
        return index
    n_main = len(index.main.title_stems)
    return edit.changed(index.main, [a if a < n_main else -1 for a in index.article_ids], articles)


def _term(vocabulary: dict[str, int], word: str) -> int:
    """A word's term in an index whose articles use it (-1 for a stop word)."""
    norm = term_word(word)
    return -1 if is_stop_word(norm) else vocabulary[stem(norm)]


def _nothing(main: Index) -> tuple[Ints, Ints, Ints]:
    return tuple(  # type: ignore[return-value]
        np.zeros(len(p.starts) - 1, dtype=np.int64)
        for p in (main.paragraphs, main.sentences, main.phrases)
    )
