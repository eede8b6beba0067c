"""`ask`: answer questions from the terminal, one reply per question, as text or as JSON.

The JSON is the `ask --json` contract (docs/operating.md, "The command line"); the text is
laid out for a terminal, with the same wording as every other front end (`knowledge.dialogue`).
"""

from __future__ import annotations

import json
import secrets
import sys
import textwrap
import time
from collections.abc import Iterator, Sequence
from typing import Any, BinaryIO, TextIO

from bot.conversations import Conversations, MemoryStore
from bot.questionlog import QuestionLog, open_log
from bot.settings import read_settings
from knowledge import KnowledgeBase, Match, Reply, reply_to, turn_of
from knowledge.dialogue import READ_AS, SUGGESTIONS_LEAD, offer_label, short, source_text


def question_log() -> QuestionLog | None:
    """`ask --log`: the bot's question log, as `DATA_DIR`, `LOG_QUESTIONS`, `LOG_DAYS` say."""
    settings = read_settings(need_token=False)
    return open_log(settings.data_dir, settings.log_days, settings.log_questions)


def ask(
    knowledge: KnowledgeBase,
    questions: Sequence[str],
    as_json: bool,
    limit: int,
    out: TextIO | None = None,
    stdin: BinaryIO | None = None,
    log: QuestionLog | None = None,
    chat: bool = False,
) -> int:
    """Answer each question (or each line of stdin), printing and flushing each answer.

    Every input line gets exactly one answer, a blank one too, and with `as_json` each answer
    is exactly one line of UTF-8 JSON. With `log`, each question is added to the question
    log (origin `cli`). With `chat`, the lines are the messages of one private chat: a
    follow-up is read with the question before it, as the bot reads it (10 minutes).
    """
    conversation = Conversations(MemoryStore(), secrets.token_bytes(32)) if chat else None
    if out is None:
        if as_json:
            sys.stdout.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[union-attr]
        out = sys.stdout
    lines = map(readable, questions) if questions else input_lines(stdin or sys.stdin.buffer)
    for question in lines:
        started = time.perf_counter()
        after = conversation.before(0) if conversation else None
        reply = reply_to(knowledge, question, limit=limit, after=after)
        if conversation is not None:
            conversation.remember(0, turn_of(reply))
        out.write(one_line(as_json_line(reply)) if as_json else as_text(reply))
        out.flush()
        if log is not None and question.strip():
            log.record_reply("cli", reply, started)
    return 0


def input_lines(stream: BinaryIO) -> Iterator[str]:
    """Each line of a byte stream as it arrives, bytes that are not UTF-8 replaced by "\ufffd"."""
    for raw in stream:
        yield raw.rstrip(b"\n").rstrip(b"\r").decode("utf-8", "replace")


def readable(argument: str) -> str:
    """A command-line argument with bytes that were not UTF-8 replaced by "\ufffd"."""
    return argument.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


LINE_BREAKS = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}
"""Characters that JSON allows raw in a string but line readers (str.splitlines, JavaScript)
take as line ends; escaped, a JSON answer is always exactly one line."""


def one_line(json_line: str) -> str:
    """A JSON line with every character that some readers take as a line end escaped."""
    return json_line.rstrip("\n").translate(LINE_BREAKS) + "\n"


def source_of(match: Match) -> dict[str, Any]:
    passage, article = match.passage, match.passage.article
    return {
        "article": article.name,
        "paragraph": passage.number,
        "paragraphs": passage.total,
        "title": article.title,
        "date": article.date,
        "url": article.url,
        "source": article.source,
        "author": article.author,
    }


def as_json_line(reply: Reply) -> str:
    """The `--json` contract: one object per question; `answer` is the quoted paragraph, if
    any, and `score` the engine's confidence in it (answers only). `alternatives` are the
    further answers, or for `unsure` the paragraphs offered to choose from."""
    quoted = reply.quoted
    answered = reply.kind == "answer"
    record = {
        "question": reply.message,
        "kind": reply.kind,
        "reply": reply.text,
        "answer": quoted.passage.text if quoted else None,
        "score": quoted.confidence if quoted and answered else None,
        "source": source_of(quoted) if quoted else {},
        "alternatives": [
            {"answer": m.passage.text, "score": m.confidence, "source": source_of(m)}
            for m in (reply.offered if reply.kind == "unsure" else reply.matches[1:])
        ],
    }
    return json.dumps(record, ensure_ascii=False) + "\n"


def as_text(reply: Reply) -> str:
    """The reply as a person reads it in a terminal: the bot's words, the quoted paragraph with
    its source (and score, for an answer), the suggested questions."""
    if reply.parts:  # several questions: each part laid out as a reply of its own
        return f"Q: {reply.message}\n" + "".join(
            as_text(part).replace("Q: ", "   Q: ", 1) for part in reply.parts
        )
    lines = [f"Q: {reply.message}"]
    if reply.read_as:
        lines.append(f"   ({READ_AS}{reply.read_as})")
    lines += [
        textwrap.fill(line, width=91, initial_indent="   ", subsequent_indent="   ")
        for line in reply.said.splitlines()
        if line.strip()
    ]
    if reply.quoted:
        passage = reply.quoted.passage
        lines.append(
            textwrap.fill(
                passage.text, width=88, initial_indent="   > ", subsequent_indent="   > "
            )
        )
        scored = f"; score {reply.quoted.confidence:.2f}" if reply.kind == "answer" else ""
        lines.append(f"   — {source_text(passage)} ({passage.article.name}{scored})")
    for offered in reply.offered:
        where = f"{short(offered.passage.article.title, 40)}, paragraph {offered.passage.number}"
        lines.append(f"   • {offer_label(offered.passage)} ({where})")
    if reply.suggestions:
        lines.append(f"   {SUGGESTIONS_LEAD}")
        lines += [f"   • {suggestion}" for suggestion in reply.suggestions]
    return "\n".join(lines) + "\n\n"
