"""What the question log says: the figures `/stats` and `python -m bot report` show.

Unanswered questions are grouped so that case, spacing, punctuation and small typos do not
split one question into several: wordings are compared by RapidFuzz's optimal-string-alignment
distance after `rapidfuzz.utils.default_process` (one dropped, added, replaced or swapped letter
is one edit; one edit allowed from 5 characters, two from 12).
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rapidfuzz import utils

from bot.grouping import Forms
from bot.questionrows import DAY, VOTES, Row, database_path, read_rows

if TYPE_CHECKING:
    from bot.storage.shared import Shared


@dataclass(frozen=True)
class Group:
    """Near-identical wordings of one question, and how often it was asked in all.

    `question` is the most frequent wording of the most frequent form (case, punctuation and
    spacing aside); of equally frequent wordings, the one asked last.
    """

    question: str
    count: int


@dataclass(frozen=True)
class Figures:
    """The log over the last `days` days."""

    days: int
    questions: int
    answered: int
    """Questions the articles answered: a quoted paragraph, or facts about an article."""
    small_talk: int
    last_day: int
    """Questions in the last 24 hours."""
    by_kind: dict[str, int] = field(default_factory=dict)
    unanswered: list[Group] = field(default_factory=list)
    """Every unanswered question, grouped, most frequent first."""
    articles: list[tuple[str, int]] = field(default_factory=list)
    """(title, times quoted), most quoted first."""
    up: int = 0
    down: int = 0
    """👍 and 👎 pressed under answers."""
    unhelpful: list[tuple[str, str, int]] = field(default_factory=list)
    """(question, paragraph quoted, times marked unhelpful), most often first."""

    @property
    def share_helpful(self) -> float | None:
        """👍 over 👍 and 👎; None when nobody pressed either."""
        return self.up / (self.up + self.down) if self.up + self.down else None

    @property
    def share_answered(self) -> float | None:
        """Answered over questions that were not small talk; None when there were none."""
        asked = self.questions - self.small_talk
        return self.answered / asked if asked else None


def key(question: str) -> str:
    """The wording with case, punctuation and spacing gone."""
    return " ".join(utils.default_process(question).split())


def allowed_edits(text: str) -> int:
    return 0 if len(text) < 5 else 1 if len(text) < 12 else 2


def group_questions(questions: Iterable[str]) -> list[Group]:
    """Near-identical questions counted together, most frequent first; oldest question first.

    Each form is compared only with the groups' forms that share a piece of it
    (`bot.grouping`): near-linear time, whatever people send.
    """
    wordings: dict[str, Counter[str]] = {}
    for question in questions:
        wordings.setdefault(key(question), Counter())[question.strip()] += 1
    by_count = sorted(wordings, key=lambda k: (-sum(wordings[k].values()), k))
    groups: dict[str, Counter[str]] = {}
    forms = Forms()
    for text in by_count:
        edits = allowed_edits(text)
        near = forms.nearest(text, edits) if edits else None
        if near is None:
            forms.add(text)
        groups.setdefault(near or text, Counter()).update(wordings[text])
    found = [Group(shown(wordings[k]), sum(c.values())) for k, c in groups.items()]
    return sorted(found, key=lambda g: -g.count)


def shown(wordings: Counter[str]) -> str:
    """The most frequent wording; of equally frequent ones, the one seen last."""
    return max(reversed(wordings), key=lambda w: wordings[w])


def figures(rows: Sequence[Row], days: int, now: float) -> Figures:
    """The figures of `rows` asked in the `days` days before `now`."""
    rows = [row for row in rows if row.asked_at >= now - days * DAY]
    votes = [row for row in rows if row.kind in VOTES]
    rows = [row for row in rows if row.kind not in VOTES]
    kinds = Counter(row.kind for row in rows)
    quoted = Counter(row.title or row.article or "" for row in rows if row.kind == "answer")
    return Figures(
        days=days,
        questions=len(rows),
        answered=sum(1 for row in rows if row.answered),
        small_talk=kinds["chat"],
        last_day=sum(1 for row in rows if row.asked_at >= now - DAY),
        by_kind=dict(kinds.most_common()),
        unanswered=group_questions(row.question for row in rows if row.kind in ("none", "unsure")),
        articles=quoted.most_common(),
        up=sum(1 for vote in votes if vote.kind == VOTES[0]),
        down=sum(1 for vote in votes if vote.kind == VOTES[1]),
        unhelpful=unhelpful(rows, votes),
    )


def unhelpful(rows: Sequence[Row], votes: Sequence[Row]) -> list[tuple[str, str, int]]:
    """The answers marked 👎: the question (from the answer's row), the paragraph shown when
    it was pressed, and how many times, most often first."""
    asked = {row.ref: row for row in rows if row.ref}
    found: Counter[tuple[str, str]] = Counter()
    for vote in votes:
        if vote.kind != VOTES[1]:
            continue
        answer = asked.get(vote.ref or "")
        question = answer.question if answer else "(asked before these days)"
        title = vote.title or (answer.title if answer else None) or vote.article or "?"
        paragraph = vote.paragraph or (answer.paragraph if answer else None)
        found[(question, f"{title}, paragraph {paragraph}" if paragraph else title)] += 1
    return [(question, quoted, n) for (question, quoted), n in found.most_common()]


class LogUnreadable(Exception):
    """The question log is there but cannot be read; the message says why, in one line."""


def read_figures(
    data_dir: Path, days: int, now: float | None = None, shared: Shared | None = None
) -> Figures:
    """The figures of the log in `data_dir` (or, with `shared`, in PostgreSQL): all zeros when
    there is no log yet. Raises `LogUnreadable` when the file is there but cannot be read (a
    damaged file, a folder)."""
    now = time.time() if now is None else now
    since = now - days * DAY
    if shared is not None:
        return figures(shared.read_rows(since, now), days, now)
    path = database_path(data_dir)
    if path.exists() and not path.is_file():
        raise LogUnreadable(f"{path} is not a file")
    try:
        rows = read_rows(data_dir, since)
    except (sqlite3.Error, OSError) as error:
        raise LogUnreadable(f"{path}: {error}") from None
    return figures(rows, days, now)


def as_json(found: Figures) -> str:
    """The `report --json` contract: exactly one object."""
    return json.dumps(
        {
            "days": found.days,
            "questions": found.questions,
            "answered": found.answered,
            "by_kind": found.by_kind,
            "unanswered": [{"question": g.question, "count": g.count} for g in found.unanswered],
            "articles": [{"title": title, "quoted": n} for title, n in found.articles],
            "feedback": {"up": found.up, "down": found.down},
            "unhelpful": [
                {"question": question, "quoted": quoted, "count": n}
                for question, quoted, n in found.unhelpful
            ],
        },
        ensure_ascii=False,
    )


def share_line(found: Figures) -> str:
    share = found.share_answered
    if share is None:
        return "Answered: nothing asked yet"
    asked = found.questions - found.small_talk
    talk = f" (besides {found.small_talk} small talk)" if found.small_talk else ""
    return f"Answered: {found.answered} of {asked} questions{talk}, {share:.0%}"


def as_text(found: Figures) -> str:
    """The plain report: the figures, then every unanswered question grouped, with counts."""
    span = "day" if found.days == 1 else f"{found.days} days"
    lines = [f"Questions in the last {span}: {found.questions}"]
    if found.days != 1:
        lines.append(f"In the last 24 hours: {found.last_day}")
    lines.append(share_line(found))
    if found.by_kind:
        lines.append("By kind: " + ", ".join(f"{k} {n}" for k, n in found.by_kind.items()))
    if found.articles:
        lines += ["", "Most quoted articles:"]
        lines += [f"{n:6}  {title}" for title, n in found.articles]
    lines += ["", helpful_line(found), f"Marked unhelpful ({found.down}):"]
    lines += [f"{n:6}  {q}  ->  {quoted}" for q, quoted, n in found.unhelpful] or ["     (none)"]
    lines += ["", f"Not answered ({sum(g.count for g in found.unanswered)}):"]
    lines += [f"{g.count:6}  {g.question}" for g in found.unanswered] or ["     (none)"]
    return "\n".join(lines) + "\n"


def helpful_line(found: Figures) -> str:
    share = found.share_helpful
    if share is None:
        return "Helpful: no answer marked yet"
    return f"Helpful: {found.up} of {found.up + found.down} answers marked, {share:.0%}"
