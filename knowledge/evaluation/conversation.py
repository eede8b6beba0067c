"""Scoring whole replies on what people really send a bot (the conversation format).

One JSON object per line (see shared/eval/README.md):
``{"q": ..., "kind": "answer" | "none" | "chat" | "about"}``, with, as the line needs,
``expect`` (the quoted paragraph holds one of these), ``answer_has`` (likewise, for an
about-reply that quotes the lead), ``reply_has`` (the reply text holds one of these) and
``no_paragraph`` (nothing is quoted). Each message goes through `reply.reply_to`, exactly as
the bot and `ask` send it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from knowledge.dialogue.reply import reply_to
from knowledge.dialogue.turns import Reply
from knowledge.evaluation.question_sets import KINDS
from knowledge.knowledge_base import KnowledgeBase


@dataclass(frozen=True)
class Line:
    """One message and what a right reply to it looks like."""

    text: str
    kind: str
    expect: tuple[str, ...] = ()
    reply_has: tuple[str, ...] = ()
    no_paragraph: bool = False

    def is_right(self, reply: Reply) -> bool:
        if reply.kind != self.kind:
            return False
        quoted = reply.quoted.passage.text if reply.quoted else None
        if self.kind in ("none", "chat") or self.no_paragraph:
            return quoted is None
        if self.expect and not (quoted and any(e in quoted for e in self.expect)):
            return False
        return not self.reply_has or any(r in reply.text for r in self.reply_has)

    def is_offered(self, reply: Reply) -> bool:
        """Whether an unsure reply to an `answer` line offers a paragraph that answers it."""
        return (
            self.kind == "answer"
            and reply.kind == "unsure"
            and any(e in m.passage.text for m in reply.offered for e in self.expect)
        )


def read_conversation(rows: Sequence[Mapping[str, object]]) -> list[Line]:
    """The lines of a conversation set, from rows checked by `question_sets.read_rows`."""
    return [
        Line(
            text=str(row["q"]),
            kind=str(row["kind"]),
            expect=tuple(_texts(row.get("expect") or row.get("answer_has"))),
            reply_has=tuple(_texts(row.get("reply_has"))),
            no_paragraph=bool(row.get("no_paragraph")),
        )
        for row in rows
    ]


def _texts(value: object) -> list[str]:
    return [str(text) for text in value] if isinstance(value, list) else []


OFFERED = ("offered choices", "offering the right paragraph")


@dataclass
class ConversationReport:
    """Right replies per kind, and the wrong ones."""

    right: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    misses: list[tuple[Line, Reply]] = field(default_factory=list)
    offered: Counter[str] = field(default_factory=Counter)
    """Lines of each kind given an unsure reply; for `answer` lines, only those offered the
    paragraph that answers them."""

    @property
    def top1(self) -> float:
        """The share of lines replied to rightly (what `--min-top1` checks)."""
        asked = sum(self.total.values())
        return sum(self.right.values()) / asked if asked else 0.0

    def add(self, line: Line, reply: Reply) -> None:
        self.total[line.kind] += 1
        if line.is_right(reply):
            self.right[line.kind] += 1
        else:
            if line.is_offered(reply) or (line.kind != "answer" and reply.kind == "unsure"):
                self.offered[line.kind] += 1
            self.misses.append((line, reply))

    def format(self, misses: int = 5) -> str:
        asked = sum(self.total.values())
        lines = [f"messages: {asked}   right: {sum(self.right.values())}/{asked}"]
        lines += [
            f"  {kind}: {self.right[kind]}/{self.total[kind]}"
            + (
                f"   unsure, {self.offered[kind]} {OFFERED[kind == 'answer']}"
                if kind in self.offered
                else ""
            )
            for kind in KINDS
            if self.total[kind]
        ]
        for line, reply in self.misses[:misses]:
            got: str = reply.kind
            if reply.quoted:
                got += f", paragraph {reply.quoted.passage.number}"
            if reply.offered:
                got += ", offering " + ", ".join(str(m.passage.number) for m in reply.offered)
            lines.append(f"  miss: {line.text!r} wants {line.kind}, got {got}")
        return "\n".join(lines)


def evaluate_conversation(
    knowledge: KnowledgeBase, rows: Sequence[Mapping[str, object]]
) -> ConversationReport:
    """Reply to every line as the bot would, and score the replies."""
    report = ConversationReport()
    for line in read_conversation(rows):
        report.add(line, reply_to(knowledge, line.text))
    return report
