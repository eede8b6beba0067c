"""Scoring follow-ups: short conversations, each played as one chat (the follow-up format).

One JSON object per line (see shared/eval/README.md):
``{"how": "private" | "reply", "turns": [str, ...], "expect": [str, ...] | null}``, with
``not_expect`` when the quoted paragraph must hold none of some texts. Only the reply to the
last turn is scored. `private`: every turn follows the one before in one private chat, read
with what the chat keeps (`reply.turn_of`). `reply`: the last turn is a Telegram reply to the
bot's reply to the turn before it, read with only what that reply shows (`reply.replied_turn`),
as the bot reads it back from the message.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from knowledge.dialogue import Reply, Turn, replied_turn, reply_to, turn_of
from knowledge.knowledge_base import KnowledgeBase


@dataclass(frozen=True)
class Case:
    """One conversation and what the reply to its last turn must quote."""

    how: str
    turns: tuple[str, ...]
    expect: tuple[str, ...] | None
    not_expect: tuple[str, ...] = ()

    def is_right(self, reply: Reply) -> bool:
        quoted = reply.quoted.passage.text if reply.quoted and reply.kind == "answer" else None
        if self.expect is None:
            return quoted is None
        if quoted is None or any(text in quoted for text in self.not_expect):
            return False
        return any(text in quoted for text in self.expect)


def read_cases(rows: Sequence[Mapping[str, object]]) -> list[Case]:
    """The cases of a follow-up set, from rows checked by `question_sets.read_rows`."""
    return [
        Case(
            how=str(row["how"]),
            turns=tuple(str(t) for t in row["turns"]),  # type: ignore[attr-defined]
            expect=None if row.get("expect") is None else tuple(_texts(row["expect"])),
            not_expect=tuple(_texts(row.get("not_expect"))),
        )
        for row in rows
    ]


def _texts(value: object) -> list[str]:
    return [str(text) for text in value] if isinstance(value, list) else []


def play(knowledge: KnowledgeBase, case: Case) -> Reply:
    """The bot's reply to the case's last turn, every turn before it played first."""
    before: Turn | None = None
    reply = None
    for number, turn in enumerate(case.turns):
        last = number == len(case.turns) - 1
        if last and case.how == "reply" and reply is not None:
            before = replied_turn(reply)
        reply = reply_to(knowledge, turn, after=before)
        before = turn_of(reply) or before
    assert reply is not None, "a case has at least one turn"
    return reply


@dataclass
class FollowupReport:
    """Cases right, and the wrong ones with what the bot quoted."""

    right: int = 0
    total: int = 0
    misses: list[tuple[Case, Reply]] = field(default_factory=list)

    @property
    def top1(self) -> float:
        """The share of cases right (what `--min-top1` checks)."""
        return self.right / self.total if self.total else 0.0

    def format(self, misses: int = 5) -> str:
        lines = [f"conversations: {self.total}   right: {self.right}/{self.total}"]
        for case, reply in self.misses[:misses]:
            got = f"{reply.kind}"
            if reply.quoted:
                got += f", paragraph {reply.quoted.passage.number}"
            lines.append(f"  miss ({case.how}): {' / '.join(case.turns)!r} got {got}")
        return "\n".join(lines)


def evaluate_followups(
    knowledge: KnowledgeBase, rows: Sequence[Mapping[str, object]]
) -> FollowupReport:
    """Play every case as the bot would, and score the reply to each last turn."""
    report = FollowupReport()
    for case in read_cases(rows):
        reply = play(knowledge, case)
        report.total += 1
        if case.is_right(reply):
            report.right += 1
        else:
            report.misses.append((case, reply))
    return report
