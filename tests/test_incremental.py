"""Changing the index for the articles that changed, instead of building it again."""

from __future__ import annotations

import logging
import random
from pathlib import Path

import pytest

from bot.watch import Watcher
from knowledge import Article, KnowledgeBase, load_knowledge, loading, reply_to
from knowledge.dialogue import reply as reply_module
from knowledge.search import cache, edit
from knowledge.search.index import Index

TOPICS = """
harbour ferry market council budget school river bridge station museum garden library tower
festival hospital airport factory stadium theatre parliament election minister treaty border
village mountain valley forest island coast storm flood harvest winter summer railway engine
tunnel canal lighthouse castle cathedral orchestra painter poet novel archive court judge
lawyer verdict strike union wages prices tariff export import vaccine doctor nurse patient
research laboratory telescope comet planet satellite rocket
"""
WORDS = tuple(TOPICS.split())
PLACES = "Amberwick Birchmoor Cedarholt Dunmarrow Elmsgate Fernclough Galloway Hartwell"
NAMES = tuple(PLACES.split())


def made_up_articles(count: int, seed: int = 7) -> list[Article]:
    """`count` articles of six paragraphs of real words, each naming a place of its own."""
    rng = random.Random(seed)
    articles = []
    for n in range(count):
        place = f"{NAMES[n % len(NAMES)]}{n}"
        paragraphs = []
        for p in range(6):
            sentences = []
            for s in range(rng.randint(2, 4)):
                chosen = rng.sample(WORDS, rng.randint(6, 12))
                chosen[0] = chosen[0].capitalize()
                if s == 0 and p == 0:
                    chosen.insert(2, place)
                sentences.append(" ".join(chosen) + f" in {1990 + p + n}.")
            paragraphs.append(" ".join(sentences))
        articles.append(Article(f"{n:03d}.md", f"News of {place}", tuple(paragraphs)))
    return articles


def questions_for(articles: list[Article], seed: int = 3) -> list[str]:
    """A question from some words of each paragraph, as a reader might half remember it."""
    rng = random.Random(seed)
    asked = []
    for article in articles:
        for paragraph in article.paragraphs:
            words = paragraph.rstrip(".").split()
            asked.append("What about " + " ".join(rng.sample(words, 4)) + "?")
    return asked


def tops(index: Index, questions: list[str]) -> list[str | None]:
    found = []
    for question in questions:
        hits, _ = index.ranked(question, 1)
        found.append(index.texts[hits[0].paragraph] if hits else None)
    return found


@pytest.mark.parametrize("position", [0, 17, 39])
def test_an_index_changed_for_one_new_article_answers_as_a_fresh_build(position: int) -> None:
    articles = made_up_articles(40)
    without = articles[:position] + articles[position + 1 :]
    kept = [n if n < position else n - 1 for n in range(len(articles))]
    kept[position] = -1
    changed = edit.changed(Index(without), kept, articles)
    fresh = Index(articles)
    questions = questions_for(articles)

    assert tops(changed, questions) == tops(fresh, questions)
    assert changed.texts == fresh.texts
    place = f"{NAMES[position % len(NAMES)]}{position}"
    hits, _ = changed.ranked(f"What happened in {place}?", 1)
    assert place in changed.texts[hits[0].paragraph]


def test_an_index_with_one_article_taken_out_never_quotes_it_and_answers_as_a_fresh_build() -> (
    None
):
    articles = made_up_articles(40)
    gone = articles[12]
    rest = [a for a in articles if a is not gone]
    changed = edit.changed(Index(articles), [n for n in range(40) if n != 12], rest)
    questions = questions_for(articles)

    found = tops(changed, questions)
    assert not set(gone.paragraphs) & set(found)
    assert found == tops(Index(rest), questions)
    assert changed.term_of(NAMES[12 % len(NAMES)] + "12") is None, "its own words are forgotten"


def test_an_index_changed_for_many_articles_at_once_answers_as_a_fresh_build() -> None:
    articles = made_up_articles(60)
    before = [a for n, a in enumerate(articles) if n % 5 != 2]  # 12 articles to add
    extra = made_up_articles(8, seed=11)
    old = Index([*before, *extra])  # and 8 to take out
    position = {id(a): n for n, a in enumerate([*before, *extra])}
    changed = edit.changed(old, [position.get(id(a), -1) for a in articles], articles)
    fresh = Index(articles)

    assert changed.texts == fresh.texts
    questions = questions_for(articles)
    pairs = zip(tops(changed, questions), tops(fresh, questions), strict=True)
    agree = sum(a == b for a, b in pairs)
    assert agree >= 0.99 * len(questions)  # the lengths it normalises by drifted a little


def postings_by_word(index: Index) -> dict[str, tuple[list[int], list[int]]]:
    """Each term's paragraphs and sentences, by its stem: what a question reads."""
    return {
        word: (
            index.paragraphs.units_of(term).tolist(),
            index.sentences.units_of(term).tolist(),
        )
        for word, term in index.vocabulary.items()
    }


def phrases_by_words(index: Index) -> dict[tuple[str, str], list[int]]:
    word_of = {term: word for word, term in index.vocabulary.items()}
    found = {}
    for at, key in enumerate(index.pair_keys.tolist()):
        units = index.phrases.units_of(at).tolist()
        if units:
            found[(word_of[key >> 32], word_of[key & 0xFFFFFFFF])] = units
    return found


@pytest.mark.parametrize(
    "gone", [(5,), (3, 9), (0, 1, 2), (4, 8, 12, 16, 20, 24, 28, 32, 36)], ids=str
)
def test_a_changed_index_holds_exactly_the_postings_of_a_fresh_build(gone: tuple[int]) -> None:
    articles = made_up_articles(40)
    rest = [a for n, a in enumerate(articles) if n not in gone]
    extra = Article("021b.md", "Tram news", ("The Quillfeather tram line opened today.",))
    after = [*rest[:20], extra, *rest[20:]]
    removed = edit.changed(Index(articles), [n for n in range(40) if n not in gone], rest)
    added = edit.changed(removed, [*range(20), -1, *range(20, len(rest))], after)
    for changed, fresh in ((removed, Index(rest)), (added, Index(after))):
        assert postings_by_word(changed) == postings_by_word(fresh)
        assert phrases_by_words(changed) == phrases_by_words(fresh)
        assert changed.sentence_spans.tolist() == fresh.sentence_spans.tolist()
        assert changed.first_sentence.tolist() == fresh.first_sentence.tolist()


def test_a_changed_index_reads_a_word_only_a_removed_article_used_as_a_slip() -> None:
    articles = made_up_articles(20)
    extra = Article("zzz.md", "Extra", ("The Quillfeather observatory opened in 1999.",))
    with_extra = edit.changed(Index(articles), [*range(20), -1], [*articles, extra])
    back = edit.changed(with_extra, list(range(20)), articles)

    assert with_extra.spelling.read_as("quilfeather") == "quillfeather"
    assert back.spelling.read_as("quilfeather") != "quillfeather"


def write(folder: Path, article: Article) -> None:
    text = f"# {article.title}\n\n" + "\n\n".join(article.paragraphs) + "\n"
    (folder / article.name).write_text(text, encoding="utf-8")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of 30 articles, large enough to be changed rather than rebuilt."""
    monkeypatch.setattr(cache, "MIN_PARAGRAPHS", 1)
    where = tmp_path / "articles"
    where.mkdir()
    for article in made_up_articles(30):
        write(where, article)
    return where


def test_reloading_reads_only_the_new_file_and_keeps_every_other_paragraph(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = load_knowledge(folder, cache_dir=tmp_path / "cache")
    read: list[str] = []
    real = loading.read_sources

    def spy(where: Path, files: list[Path]) -> list[object]:
        read.extend(f.name for f in files)
        return real(where, files)  # type: ignore[return-value]

    monkeypatch.setattr(loading, "read_sources", spy)
    write(folder, Article("015b.md", "Tram news", ("The Quillfeather tram line opened today.",)))
    after = load_knowledge(folder, cache_dir=tmp_path / "cache", previous=before)

    assert read == ["015b.md"]
    assert (
        "Quillfeather" in after.search("When did the Quillfeather tram line open?")[0].passage.text
    )
    assert after.passages[0] is before.passages[0], "unchanged paragraphs are shared"
    assert before.search("Quillfeather tram line") == [], "the old knowledge is left as it was"
    assert [a.name for a in after.articles] == sorted(a.name for a in after.articles)


def test_reloading_after_a_file_is_edited_or_removed_never_answers_from_the_old_text(
    folder: Path, tmp_path: Path
) -> None:
    first = load_knowledge(folder, cache_dir=tmp_path / "cache")
    write(folder, Article("005.md", "Tram news", ("The Quillfeather tram line opened today.",)))
    edited = load_knowledge(folder, cache_dir=tmp_path / "cache", previous=first)
    assert "Quillfeather" in edited.search("Quillfeather tram line")[0].passage.text
    assert edited.search(f"What happened in {NAMES[5]}5?") == []

    (folder / "005.md").unlink()
    removed = load_knowledge(folder, cache_dir=tmp_path / "cache", previous=edited)
    assert removed.search("Quillfeather tram line") == []
    assert len(removed.articles) == 29
    assert removed.passage_with("The Quillfeather tram line opened today.") is None


def test_a_restart_indexes_only_the_files_that_changed_since_the_cached_copy(
    folder: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caches = tmp_path / "cache"
    load_knowledge(folder, cache_dir=caches)
    write(folder, Article("007.md", "Tram news", ("The Quillfeather tram line opened today.",)))

    with caplog.at_level(logging.INFO, logger="knowledge.search.cache"):
        restarted = load_knowledge(folder, cache_dir=caches)
    assert "(7 paragraphs indexed anew)" in caplog.text  # six taken out, one put in
    fresh = KnowledgeBase(restarted.articles)
    for question in ["Quillfeather tram line", *questions_for(list(restarted.articles))]:
        assert [m.passage.text for m in restarted.search(question, 1)] == [
            m.passage.text for m in fresh.search(question, 1)
        ]


def test_suggestions_are_kept_across_a_reload_while_they_still_answer(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_knowledge(folder, cache_dir=tmp_path / "cache")
    suggested = reply_to(first, "What is the capital of Peru?").suggestions
    assert suggested
    write(folder, Article("zz.md", "Tram news", ("The Quillfeather tram line opened today.",)))
    second = load_knowledge(folder, cache_dir=tmp_path / "cache", previous=first)

    def never(*args: object, **kwargs: object) -> tuple[str, ...]:
        raise AssertionError("worked out again")

    monkeypatch.setattr(reply_module, "suggested_questions", never)
    assert reply_to(second, "What is the capital of Peru?").suggestions == suggested


def test_suggestions_about_a_removed_article_are_worked_out_again(
    folder: Path, tmp_path: Path
) -> None:
    first = load_knowledge(folder, cache_dir=tmp_path / "cache")
    suggested = reply_to(first, "What is the capital of Peru?").suggestions
    quoted = {reply_to(first, q).quoted.passage.article.name for q in suggested}  # type: ignore[union-attr]
    for name in quoted:
        (folder / name).unlink()
    second = load_knowledge(folder, cache_dir=tmp_path / "cache", previous=first)

    again = reply_to(second, "What is the capital of Peru?").suggestions
    assert again
    for question in again:
        reply = reply_to(second, question)
        assert reply.quoted is not None
        assert reply.quoted.passage.article.name not in quoted


async def test_the_watcher_changes_the_knowledge_answering_now(folder: Path) -> None:
    answering = load_knowledge(folder)
    handed: list[KnowledgeBase] = []
    watcher = Watcher(folder, on_reload=handed.append, current=lambda: answering)
    write(folder, Article("zz.md", "Tram news", ("The Quillfeather tram line opened today.",)))

    reloaded = await watcher.reload()
    assert reloaded is not None
    assert handed == [reloaded]
    assert "Quillfeather" in reloaded.search("Quillfeather tram line")[0].passage.text
    assert reloaded.passages[0] is answering.passages[0], "changed, not built again"
