"""An index changed in segments (`search.tail`): the built arrays shared, a tail, dead ones."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from test_incremental import NAMES, made_up_articles, questions_for

from bot.watch import Watcher
from knowledge import Article, KnowledgeBase, load_knowledge
from knowledge.search import cache, edit, tail
from knowledge.search.index import Index


def steps(articles: list[Article]) -> list[list[Article]]:
    """The folder after each of a run of changes: articles added where they sort, first and
    last, taken out of the built part and of the tail, one edited, several at once."""
    extra = made_up_articles(6, seed=11)
    renamed = [Article(f"{n:03d}b.md", a.title, a.paragraphs) for n, a in enumerate(extra)]
    first = Article("0.md", extra[0].title, extra[0].paragraphs)
    middle, last = renamed[1], Article("zzz.md", extra[2].title, extra[2].paragraphs)
    edited = Article(
        articles[5].name,
        articles[5].title,
        (*articles[5].paragraphs[:-1], "A new harbour ferry market opened."),
    )
    at = list(articles)
    folders = [[first, *at], [first, *at[:20], middle, *at[20:], last]]
    folders.append([a for a in folders[-1] if a not in (at[3], at[30], first)])
    folders.append([edited if a is at[5] else a for a in folders[-1]])
    folders.append([a for a in folders[-1] if a is not middle] + renamed[3:5])
    return [sorted(f, key=lambda a: a.name) for f in folders]


def changed_along(articles: list[Article], folders: list[list[Article]]) -> list[Index]:
    """The index changed by `tail.changed` through every folder of `folders`, one after another."""
    index, before, made = Index(articles), articles, []
    for after in folders:
        position = {id(a): n for n, a in enumerate(before)}
        index = tail.changed(index, [position.get(id(a), -1) for a in after], after)
        made.append(index)
        before = after
    return made


def read(index: Index, paragraph: int) -> int:
    """The paragraph's number in the articles' order."""
    return paragraph if index.order is None else int(index.order[paragraph])


def by_word(index: Index) -> dict[str, tuple[list[int], list[float], list[int]]]:
    """Each term's paragraphs (in the articles' order), its weights there, and its sentences
    (as the paragraph and place in it of each)."""
    found = {}
    first = index.first_sentence
    for word, term in index.vocabulary.items():
        units = index.paragraphs.units_of(term)
        weights = index.paragraphs.weights_of(term)
        at = np.argsort([read(index, int(u)) for u in units])
        sentences = index.sentences.units_of(term)
        owner = np.searchsorted(first, sentences, side="right") - 1
        places = sorted(
            (read(index, int(p)), int(s - first[p])) for p, s in zip(owner, sentences, strict=True)
        )
        found[word] = (
            [read(index, int(units[i])) for i in at],
            [round(float(weights[i]), 5) for i in at],
            [p * 100 + s for p, s in places],
        )
    return found


def test_an_index_changed_by_segments_holds_what_a_fresh_build_holds_at_every_step() -> None:
    articles = made_up_articles(40)
    folders = steps(articles)
    for index, folder in zip(changed_along(articles, folders), folders, strict=True):
        fresh = Index(folder)
        assert len(index) == len(fresh)
        assert [index.texts[p] for p in np.argsort(index.order)[-len(fresh) :]] == fresh.texts
        mine, theirs = by_word(index), by_word(fresh)
        assert mine.keys() == theirs.keys(), "the same words: those of removed ones forgotten"
        for word in theirs:
            assert mine[word][0] == theirs[word][0], word
            assert mine[word][2] == theirs[word][2], word
            # The weights differ only by the mean paragraph length they are normalised by.
            assert np.allclose(mine[word][1], theirs[word][1], rtol=0.05), word
        idf = {w: float(index.paragraphs.idf[t]) for w, t in index.vocabulary.items()}
        assert idf == {w: float(fresh.paragraphs.idf[t]) for w, t in fresh.vocabulary.items()}


def test_an_index_changed_by_segments_answers_as_a_fresh_build() -> None:
    articles = made_up_articles(40)
    folders = steps(articles)
    for index, folder in zip(changed_along(articles, folders), folders, strict=True):
        fresh = Index(folder)
        questions = questions_for(folder)
        same = 0
        for question in questions:
            mine, _ = index.ranked(question, 3)
            theirs, _ = fresh.ranked(question, 3)
            assert read(index, mine[0].paragraph) == theirs[0].paragraph
            assert round(mine[0].confidence, 6) == round(theirs[0].confidence, 6)
            same += [read(index, h.paragraph) for h in mine] == [h.paragraph for h in theirs]
        assert same >= 0.99 * len(questions)  # the third may move: mean lengths drift a little


def test_of_two_equal_paragraphs_the_one_of_the_earlier_article_is_quoted() -> None:
    articles = made_up_articles(12)
    copy = Article("000a.md", "A copy", articles[4].paragraphs)  # sorts before every other
    after = [articles[0], copy, *articles[1:]]
    index = tail.changed(Index(articles), [0, -1, *range(1, 12)], after)
    knowledge = KnowledgeBase(after, index=index)
    fresh = KnowledgeBase(after)
    question = questions_for([articles[4]])[0]

    [mine] = knowledge.search(question, 1)
    [theirs] = fresh.search(question, 1)
    assert mine.passage.article.name == theirs.passage.article.name == "000a.md"


def test_the_built_arrays_are_shared_not_copied_and_left_as_they_were() -> None:
    articles = made_up_articles(30)
    built = Index(articles)
    before = built.paragraphs.weights.copy()
    extra = Article("zzz.md", "Tram news", ("The Quillfeather tram line opened today.",))
    index = tail.changed(
        built, [*range(5), *range(6, 30), -1], [*articles[:5], *articles[6:], extra]
    )

    assert index.paragraphs.main is built.paragraphs  # type: ignore[attr-defined]
    assert np.array_equal(built.paragraphs.weights, before)
    hits, _ = index.ranked("When did the Quillfeather tram line open?", 1)
    assert "Quillfeather" in index.texts[hits[0].paragraph]
    hits, _ = built.ranked("When did the Quillfeather tram line open?", 1)
    assert not hits or "Quillfeather" not in built.texts[hits[0].paragraph]


def test_merging_the_segments_gives_the_postings_of_one_index() -> None:
    articles = made_up_articles(40)
    folders = steps(articles)
    index = changed_along(articles, folders)[-1]
    merged = tail.merged(index, folders[-1])
    fresh = Index(folders[-1])

    assert merged.order is None
    assert merged.texts == fresh.texts
    assert {w: v[0] for w, v in by_word(merged).items()} == {
        w: v[0] for w, v in by_word(fresh).items()
    }


@pytest.mark.parametrize("position", [0, 39])
def test_a_word_only_a_removed_article_used_is_read_as_a_slip(position: int) -> None:
    articles = made_up_articles(40)
    index = tail.changed(Index(articles), [n for n in range(40) if n != position],
                         [a for n, a in enumerate(articles) if n != position])  # fmt: skip
    assert index.term_of(f"{NAMES[position % len(NAMES)]}{position}") is None


def write(folder: Path, article: Article) -> None:
    text = f"# {article.title}\n\n" + "\n\n".join(article.paragraphs) + "\n"
    (folder / article.name).write_text(text, encoding="utf-8")


TRAM = Article("zz.md", "Tram news", ("The Quillfeather tram line opened today.",))
FERRY = Article("000a.md", "Ferry news", ("The Larkspur ferry sailed at dawn.",))


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of 30 articles, changed in segments, and put in one piece after any change."""
    monkeypatch.setattr(cache, "MIN_PARAGRAPHS", 1)
    monkeypatch.setattr(cache, "RESAVE_SHARE", 1000)
    where = tmp_path / "articles"
    where.mkdir()
    for article in made_up_articles(30):
        write(where, article)
    return where


def texts(knowledge: KnowledgeBase, questions: list[str]) -> list[list[str]]:
    return [[m.passage.text for m in knowledge.search(q, 3)] for q in questions]


async def test_the_watcher_puts_the_index_back_in_one_piece_and_keeps_it_in_the_cache(
    folder: Path, tmp_path: Path
) -> None:
    caches = tmp_path / "cache"
    answering = load_knowledge(folder, cache_dir=caches)
    written = {p.name: p.stat().st_mtime_ns for p in caches.iterdir()}
    handed: list[KnowledgeBase] = []

    def swap(knowledge: KnowledgeBase) -> None:
        nonlocal answering
        handed.append(knowledge)
        answering = knowledge

    watcher = Watcher(folder, on_reload=swap, current=lambda: answering)
    write(folder, TRAM)
    reloaded = await watcher.reload()
    assert reloaded is not None
    assert reloaded.index.order is not None, "changed in segments"
    assert watcher.settling is not None
    await watcher.settling

    assert handed[0] is reloaded
    assert len(handed) == 2
    merged = handed[1]
    assert merged.index.order is None, "in one piece"
    questions = [
        "When did the Quillfeather tram line open?",
        *questions_for(list(merged.articles)),
    ]
    assert texts(merged, questions) == texts(KnowledgeBase(merged.articles), questions)
    assert {p.name: p.stat().st_mtime_ns for p in caches.iterdir()} != written
    restarted = load_knowledge(folder, cache_dir=caches)
    assert texts(restarted, questions[:1]) == texts(merged, questions[:1])


async def test_a_small_change_is_put_in_one_piece_once_the_folder_is_quiet(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "RESAVE_SHARE", 1)  # one article is not enough to hurry
    answering = load_knowledge(folder)
    handed: list[KnowledgeBase] = []

    def swap(knowledge: KnowledgeBase) -> None:
        nonlocal answering
        handed.append(knowledge)
        answering = knowledge

    watcher = Watcher(folder, on_reload=swap, current=lambda: answering, settle_after=0.2)
    write(folder, TRAM)
    first = await watcher.reload()
    waiting = watcher.settling
    write(folder, FERRY)
    second = await watcher.reload()  # within the wait: it starts again
    assert waiting is not None
    assert waiting.cancelled() or waiting.cancelling()
    assert handed == [first, second]
    assert watcher.settling is not None
    await watcher.settling

    assert len(handed) == 3
    assert handed[2].index.order is None
    assert "Larkspur" in handed[2].search("Larkspur ferry")[0].passage.text
    assert "Quillfeather" in handed[2].search("Quillfeather tram line")[0].passage.text


def test_changes_made_while_the_index_was_put_in_one_piece_are_kept(folder: Path) -> None:
    first = load_knowledge(folder)
    write(folder, TRAM)
    second = load_knowledge(folder, previous=first)
    settled = second.settled()  # what the watcher works out meanwhile...
    write(folder, FERRY)
    (folder / "004.md").unlink()
    third = load_knowledge(folder, previous=second)  # ...while this answers

    caught = settled.caught_up(third)
    assert [a.name for a in caught.articles] == [a.name for a in third.articles]
    questions = ["Quillfeather tram line", "Larkspur ferry", *questions_for(list(third.articles))]
    assert texts(caught, questions) == texts(KnowledgeBase(third.articles), questions)
    assert caught.files == third.files


def test_after_a_tenth_changed_the_index_is_built_afresh_when_put_in_one_piece(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_knowledge(folder)
    monkeypatch.setattr(edit, "MAX_EDITED_SHARE", 0.001)
    write(folder, TRAM)
    second = load_knowledge(folder, previous=first)
    assert second.index.order is not None, "a change is quick, however much changed before"

    settled = second.settled()
    assert settled.index.edited == 0
    assert settled.passages is second.passages
