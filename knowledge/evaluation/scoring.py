"""Scoring the engine on question sets: how often the top answer is the right paragraph.

Two formats are read (see shared/eval/README.md), told apart by their first line:
- a question set about a knowledge folder: ``{"q": ..., "expect": [substrings] | null}``;
- SQuAD-style articles: ``{"title": ..., "passages": [...], "questions": [{"q", "gold"}]}``,
  each written as a knowledge file and asked its own questions.
Each question is replied to as the bot and `ask` reply (`reply.reply_to`), so a question taken
for small talk or for one about the article counts against the score. The conversation format
is scored by `conversation`.
"""

from __future__ import annotations

import random
import tempfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.dialogue.reply import reply_to
from knowledge.evaluation.question_sets import format_of, read_rows
from knowledge.knowledge_base import KnowledgeBase
from knowledge.loading import load_knowledge
from knowledge.models import Match
from knowledge.search.tuning import Tuning

RANKS = 10
"""How deep the ranking is read for MRR."""
SPLITS = ("all", "tune", "test")
"""SQuAD articles alternate between a tuning half and a held-out test half, by position."""


@dataclass(frozen=True)
class Question:
    """A question and how to tell a right answer: expected substrings, or the gold paragraph
    text (SQuAD). ``expect is None and gold is None`` means the article does not answer it."""

    text: str
    expect: tuple[str, ...] | None = None
    gold: str | None = None
    article: str | None = None

    @property
    def answerable(self) -> bool:
        return self.expect is not None or self.gold is not None

    def is_answered_by(self, match: Match) -> bool:
        if self.article is not None and match.passage.article.name != self.article:
            return False
        if self.gold is not None:
            return match.passage.text in self.gold
        return any(expected in match.passage.text for expected in self.expect or ())


@dataclass(frozen=True)
class SquadArticle:
    title: str
    passages: tuple[str, ...]
    questions: tuple[tuple[str, int], ...]
    """(question, index of its gold passage)."""

    number: int = 0
    """Its position in the question set."""

    @property
    def file_name(self) -> str:
        """A name made from its position: a title never becomes a path."""
        return f"article_{self.number:05d}.md"

    def knowledge_file(self) -> str:
        """The article as a knowledge file: a `# ` title, paragraphs between blank lines."""
        title = " ".join(self.title.replace("_", " ").split())
        return "\n\n".join([f"# {title}", *self.passages]) + "\n"


@dataclass
class Report:
    """What an evaluation found."""

    asked: int = 0
    answerable: int = 0
    right: int = 0
    reciprocal_ranks: float = 0.0
    off_topic: int = 0
    refused_off_topic: int = 0
    refused_answerable: int = 0
    misses: list[tuple[Question, Match | None]] = field(default_factory=list)

    @property
    def top1(self) -> float:
        return self.right / self.answerable if self.answerable else 0.0

    @property
    def mrr(self) -> float:
        return self.reciprocal_ranks / self.answerable if self.answerable else 0.0

    @property
    def refusal_rate(self) -> float | None:
        return self.refused_off_topic / self.off_topic if self.off_topic else None

    def add(self, question: Question, matches: Sequence[Match]) -> None:
        self.asked += 1
        if not question.answerable:
            self.off_topic += 1
            if matches:
                self.misses.append((question, matches[0]))
            else:
                self.refused_off_topic += 1
            return
        self.answerable += 1
        if not matches:
            self.refused_answerable += 1
        for rank, match in enumerate(matches, start=1):
            if question.is_answered_by(match):
                self.reciprocal_ranks += 1 / rank
                self.right += rank == 1
                break
        if not matches or not question.is_answered_by(matches[0]):
            self.misses.append((question, matches[0] if matches else None))


def read_lines(path: Path) -> list[dict[str, object]]:
    """The rows of a question set, checked first (`question_sets.read_rows`)."""
    return read_rows(path)


def read_questions(rows: Iterable[dict[str, object]]) -> list[Question]:
    """Questions of the `{"q", "expect"}` format."""
    questions = []
    for row in rows:
        expect = row.get("expect")
        questions.append(
            Question(
                text=str(row["q"]),
                expect=tuple(str(e) for e in expect) if isinstance(expect, list) else None,
            )
        )
    return questions


def read_squad(rows: Iterable[dict[str, object]], split: str = "all") -> list[SquadArticle]:
    """Articles of the SQuAD format, optionally only the tuning or the held-out half."""
    articles = []
    for position, row in enumerate(rows):
        if split != "all" and position % 2 != (split == "test"):
            continue
        passages = tuple(str(p) for p in row["passages"])  # type: ignore[attr-defined]
        questions = tuple(
            (str(q["q"]), int(q["gold"]))
            for q in row["questions"]  # type: ignore[attr-defined]
        )
        articles.append(SquadArticle(str(row["title"]), passages, questions, position))
    return articles


def asked_elsewhere(rows: Sequence[dict[str, object]], split: str = "all") -> list[SquadArticle]:
    """The off-topic check: each article (of the split) with the questions of the article half
    the set away (with 16 articles, article k gets those of article k + 8), a different topic.
    With an even count of articles that partner is in the same split."""
    every = read_squad(rows)
    kept = {a.title for a in read_squad(rows, split)}
    return [
        SquadArticle(a.title, a.passages, every[(k + len(every) // 2) % len(every)].questions)
        for k, a in enumerate(every)
        if a.title in kept
    ]


KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def with_typo(question: str) -> str:
    """The question with one slip in its longest word: a letter dropped, swapped with the next,
    doubled, or replaced by a neighbouring key. Deterministic for a given question."""
    words = question.split()
    if not words:
        return question
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    if len(word) < 3:
        return question
    rng = random.Random(zlib.crc32(question.encode()))
    at = rng.randrange(1, len(word) - 1)
    slip = rng.choice(("drop", "swap", "double", "replace"))
    if slip == "drop":
        word = word[:at] + word[at + 1 :]
    elif slip == "swap":
        word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    elif slip == "double":
        word = word[:at] + word[at] + word[at:]
    else:
        word = word[:at] + neighbour_key(word[at], rng) + word[at + 1 :]
    words[longest] = word
    return " ".join(words)


def neighbour_key(letter: str, rng: random.Random) -> str:
    for row in KEYBOARD_ROWS:
        position = row.find(letter.lower())
        if position >= 0:
            near = [row[i] for i in (position - 1, position + 1) if 0 <= i < len(row)]
            return rng.choice(near)
    return letter


def replied(knowledge: KnowledgeBase, question: str) -> tuple[Match, ...]:
    """What the bot quotes for `question`, as it replies to every message (`reply_to`)."""
    return reply_to(knowledge, question, limit=RANKS, suggest=False).matches


def evaluate(
    path: Path,
    knowledge_dir: Path | None = None,
    *,
    typos: bool = False,
    combined: bool = False,
    split: str = "all",
    offtopic: bool = False,
    tuning: Tuning | None = None,
) -> Report:
    """Ask every question of a set and score the answers. With `offtopic`, each SQuAD article
    is asked another article's questions (`asked_elsewhere`): the right reply is no paragraph."""
    rows = read_lines(path)
    report = Report()
    if format_of(rows) != "squad":
        knowledge = load_knowledge(knowledge_dir, tuning)
        for question in read_questions(rows):
            text = with_typo(question.text) if typos else question.text
            report.add(question, replied(knowledge, text))
        return report
    articles = asked_elsewhere(rows, split) if offtopic else read_squad(rows, split)
    with tempfile.TemporaryDirectory(prefix="article-bot-eval-") as tmp:
        groups = [articles] if combined else [[article] for article in articles]
        for number, group in enumerate(groups):
            folder = Path(tmp) / str(number)
            folder.mkdir()
            for article in group:
                (folder / article.file_name).write_text(article.knowledge_file(), "utf-8")
            knowledge = load_knowledge(folder, tuning)
            for article in group:
                golds = [" ".join(p.split()) for p in article.passages]
                for text, gold in article.questions:
                    question = (
                        Question(text)
                        if offtopic
                        else Question(text, gold=golds[gold], article=article.file_name)
                    )
                    asked = with_typo(text) if typos else text
                    report.add(question, replied(knowledge, asked))
    return report


def format_report(report: Report, misses: int = 5) -> str:
    """A short human summary: accuracy, MRR, refusals and the first misses."""
    lines = [
        f"questions: {report.asked}"
        f" ({report.answerable} answerable, {report.off_topic} off-topic)",
    ]
    if report.answerable:
        lines.append(
            f"top-1: {report.top1:.3f}   MRR@{RANKS}: {report.mrr:.3f}   "
            f"answerable refused: {report.refused_answerable}"
        )
    if report.refusal_rate is not None:
        lines.append(
            f"off-topic refused: {report.refused_off_topic}/{report.off_topic}"
            f" ({report.refusal_rate:.3f})"
        )
    for question, match in report.misses[:misses]:
        got = (
            f"paragraph {match.passage.number} of {match.passage.article.name}"
            if match
            else "no answer"
        )
        lines.append(f"  miss: {question.text!r} -> {got}")
    return "\n".join(lines)
