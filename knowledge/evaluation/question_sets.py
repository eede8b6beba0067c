"""Reading a question set (`.jsonl`) and checking it before anything is evaluated.

Every line is checked first, so that a bad file stops with one message naming the line, and
evaluation never runs on input it does not understand. The formats are those of
`shared/eval/README.md`: `{"q", "expect"}` questions about a knowledge folder, SQuAD-style
articles `{"title", "passages", "questions": [{"q", "gold"}]}`, conversation lines
`{"q", "kind", ...}` and follow-up cases `{"how", "turns", "expect"}`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal

Row = dict[str, object]
Format = Literal["squad", "conversation", "followups", "questions"]
KINDS = ("answer", "none", "chat", "about")
"""The kinds of reply a conversation line may want."""
HOWS = ("private", "reply")
"""How the last turn of a follow-up case is sent."""


class QuestionSetError(ValueError):
    """A question set that cannot be used; the message names the line and the fault."""


def read_rows(path: Path) -> list[Row]:
    """The JSON objects of a question set, one per non-blank line, each checked for its format.

    Raises `QuestionSetError` naming the first line that is not usable.
    """
    numbered: list[tuple[int, Row]] = []
    try:
        with path.open("rb") as file:
            for number, raw in enumerate(file, start=1):
                row = parse_line(number, raw)
                if row is not None:
                    numbered.append((number, row))
    except OSError as error:
        raise QuestionSetError(f"cannot read it ({error.strerror or error})") from error
    if not numbered:
        raise QuestionSetError("it has no questions")
    check = CHECKS[format_of([numbered[0][1]])]
    for number, row in numbered:
        check(number, row)
    return [row for _, row in numbered]


def format_of(rows: Sequence[Mapping[str, object]]) -> Format:
    """The format of a question set, told by its first row: the one place that tells them."""
    first = rows[0] if rows else {}
    if "passages" in first:
        return "squad"
    if "kind" in first and "q" in first:
        return "conversation"
    if "turns" in first:
        return "followups"
    return "questions"


def parse_line(number: int, raw: bytes) -> Row | None:
    """One line as a JSON object, or None for a blank line."""
    try:
        text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError:
        raise QuestionSetError(f"line {number} is not UTF-8 text") from None
    if not text.strip():
        return None
    try:
        row = json.loads(text)
    except json.JSONDecodeError as error:
        raise QuestionSetError(f"line {number} is not JSON ({error.msg})") from None
    if not isinstance(row, dict):
        raise QuestionSetError(f"line {number} is a JSON {type(row).__name__}, not an object")
    return row


def check_question(number: int, row: Row) -> None:
    """A `{"q": str, "expect": [str, ...] | null}` line."""
    if not isinstance(row.get("q"), str):
        raise QuestionSetError(f"line {number} needs the question as text in 'q'")
    expect = row.get("expect")
    if expect is not None and not (
        isinstance(expect, list) and all(isinstance(e, str) for e in expect)
    ):
        raise QuestionSetError(f"line {number}: 'expect' must be a list of texts or null")


def check_conversation(number: int, row: Row) -> None:
    """A `{"q": str, "kind": ..., "expect" | "answer_has" | "reply_has": [str, ...]}` line."""
    if not isinstance(row.get("q"), str) or row.get("kind") not in KINDS:
        raise QuestionSetError(f"line {number} needs a text 'q' and a 'kind' among {KINDS}")
    for key in ("expect", "answer_has", "reply_has"):
        texts = row.get(key)
        if texts is not None and not (
            isinstance(texts, list) and all(isinstance(t, str) for t in texts)
        ):
            raise QuestionSetError(f"line {number}: '{key}' must be a list of texts")


def check_followup(number: int, row: Row) -> None:
    """A `{"how": "private" | "reply", "turns": [str, ...], "expect": [str, ...] | null}` line."""
    turns = row.get("turns")
    if not (isinstance(turns, list) and turns and all(isinstance(t, str) for t in turns)):
        raise QuestionSetError(f"line {number}: 'turns' must be a list of texts")
    if row.get("how") not in HOWS:
        raise QuestionSetError(f"line {number}: 'how' must be one of {HOWS}")
    if row["how"] == "reply" and len(turns) < 2:
        raise QuestionSetError(f"line {number}: a reply needs a turn before it")
    for key in ("expect", "not_expect"):
        texts = row.get(key)
        if texts is not None and not (
            isinstance(texts, list) and all(isinstance(t, str) for t in texts)
        ):
            raise QuestionSetError(f"line {number}: '{key}' must be a list of texts or null")


def check_squad(number: int, row: Row) -> None:
    """A `{"title": str, "passages": [str, ...], "questions": [{"q", "gold"}, ...]}` line."""
    title, passages, questions = row.get("title"), row.get("passages"), row.get("questions")
    if not isinstance(title, str) or not title.strip():
        raise QuestionSetError(f"line {number} needs the article's title as text in 'title'")
    if not (
        isinstance(passages, list)
        and passages
        and all(isinstance(p, str) and p.strip() for p in passages)
    ):
        raise QuestionSetError(f"line {number}: 'passages' must be a list of texts")
    if not isinstance(questions, list):
        raise QuestionSetError(f"line {number}: 'questions' must be a list")
    for position, question in enumerate(questions, start=1):
        where = f"line {number}, question {position}"
        if not isinstance(question, dict) or not isinstance(question.get("q"), str):
            raise QuestionSetError(f"{where} needs the question as text in 'q'")
        gold = question.get("gold")
        if not isinstance(gold, int) or isinstance(gold, bool):
            raise QuestionSetError(f"{where}: 'gold' must be the number of a passage")
        if not 0 <= gold < len(passages):
            raise QuestionSetError(
                f"{where}: 'gold' is {gold}, but the article has passages 0 to {len(passages) - 1}"
            )


CHECKS = {
    "squad": check_squad,
    "conversation": check_conversation,
    "followups": check_followup,
    "questions": check_question,
}
"""How each line of a set of each format is checked."""
