"""What the bot says, as plain functions: quoted answers, refusals, suggestions, inline results.

Nothing here touches Telegram objects; every function takes and returns plain values, and every
piece of text taken from an article or a user is HTML-escaped before it goes into a reply.
"""

from __future__ import annotations

import calendar
import datetime as dtm
import hashlib
import html
import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from knowledge import MAX_QUESTION_CHARS, KnowledgeBase, Match, Passage

logger = logging.getLogger(__name__)

MORE_PREFIX = "more:"
SNIPPET_CHARS = 120
ECHO_CHARS = 80


def escape(text: str) -> str:
    """Text made safe for Telegram HTML (only &, < and > need it)."""
    return html.escape(text, quote=False)


def quote_html(match: Match) -> str:
    """The paragraph as a Telegram quote, the words that matched the question in bold."""
    text, parts, at = match.passage.text, [], 0
    for start, end in match.spans:
        parts.append(escape(text[at:start]))
        parts.append(f"<b>{escape(text[start:end])}</b>")
        at = end
    parts.append(escape(text[at:]))
    return f"<blockquote>{''.join(parts)}</blockquote>"


def source_line(passage: Passage) -> str:
    """'— Title, 2 January 2025, paragraph 3 of 7' (the date only when the article has one)."""
    article = passage.article
    pieces = [f"<i>{escape(article.title)}</i>"]
    if article.date:
        pieces.append(escape(readable_date(article.date)))
    pieces.append(f"paragraph {passage.number} of {passage.total}")
    return "— " + ", ".join(pieces)


def readable_date(iso: str) -> str:
    """'2025-01-02' as '2 January 2025'; anything unparsable is shown as it is."""
    try:
        day = dtm.date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{day.day} {day:%B %Y}"


def answer_html(match: Match) -> str:
    """The full reply to an answered question: the quote, then where it comes from."""
    return f"{quote_html(match)}\n{source_line(match.passage)}"


def no_answer_html(question: str, suggestions: Sequence[str]) -> str:
    """The honest refusal, with questions the article does answer."""
    shown = " ".join(question.split())
    if len(shown) > ECHO_CHARS:
        shown = shown[: ECHO_CHARS - 1].rstrip() + "…"
    lines = [f"The article does not say anything I can quote about “{escape(shown)}”."]
    if suggestions:
        lines += ["", "It does answer questions like these:"]
        lines += [f"• {escape(s)}" for s in suggestions]
    return "\n".join(lines)


def question_from_text(text: str, username: str | None) -> str:
    """The question in a message: without `/ask` or @mentions of the bot, cut to a sane size."""
    text = re.sub(r"^/ask(@\w+)?\b", "", text.strip(), flags=re.IGNORECASE)
    if username:
        text = re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.IGNORECASE)
    return " ".join(text.split())[:MAX_QUESTION_CHARS]


def mentions(text: str, username: str | None) -> bool:
    """Whether `text` mentions @username (Telegram usernames are case-insensitive)."""
    return bool(username) and re.search(rf"@{re.escape(username or '')}\b", text, re.I) is not None


# --- suggestions -----------------------------------------------------------------------------

_NAME = re.compile(r"[A-Z][\w\u2019'-]+(?:\s+(?:[A-Z]\.(?=\s+[A-Z])|[A-Z][\w\u2019'-]+))*")
_CALENDAR = frozenset(n.lower() for n in [*calendar.month_name[1:], *calendar.day_name])
_WORD = re.compile(r"[^\W\d_][\w\u2019'-]*")


def suggested_questions(knowledge: KnowledgeBase, count: int = 3) -> tuple[str, ...]:
    """Up to `count` questions, each built from a term distinctive of one paragraph.

    Every suggestion is asked of `knowledge` first and kept only if that paragraph answers it,
    so a suggestion never leads to a refusal.
    """
    spread = Counter(w for p in knowledge.passages for w in set(_words(p.text)))
    found: list[str] = []
    for names_only in (True, False):  # names ("White House") make better questions than words
        for passage in knowledge.passages:
            if len(found) == count:
                return tuple(found)
            terms = _distinctive_terms(passage.text, spread)
            for term in [t for t in terms if t[0].isupper() or not names_only][:3]:
                question = f"What about {term}?"
                matches = knowledge.search(question, limit=1)
                if matches and matches[0].passage == passage and question not in found:
                    if not any(passage == knowledge.search(q, limit=1)[0].passage for q in found):
                        found.append(question)
                    break
    return tuple(found)


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _distinctive_terms(text: str, spread: Counter[str]) -> list[str]:
    """Names, then long words, found in this paragraph and few others; rarest first."""
    terms: dict[str, float] = {}
    for match in _NAME.finditer(text):
        name = match.group().strip()
        words = _words(name)
        sentence_start = match.start() == 0 or text[: match.start()].rstrip().endswith(".")
        if not words or (len(words) == 1 and (sentence_start or len(name) < 4)):
            continue
        if words[0] in _CALENDAR:
            continue
        terms[name] = max(spread[w] for w in words) - (1.5 if len(words) > 1 else 0)
    for word in _WORD.findall(text):
        if word.islower() and len(word) >= 7:
            terms.setdefault(word, spread[word.lower()] + 1)
    return sorted(terms, key=lambda t: (terms[t], -len(t)))


# --- splitting to Telegram's limit -----------------------------------------------------------

MESSAGE_LIMIT = 4096
_TAG = re.compile(r"<(/?)([a-z-]+)[^>]*>")


def split_html(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """`text` cut into messages of at most `limit` characters, never inside a tag or entity.

    Cuts prefer a blank line, then a line break, then a sentence end, then a space. Tags open at
    a cut are closed at the end of one part and opened again at the start of the next.
    """
    parts: list[str] = []
    while len(text) > limit:
        reopened = 0
        cut = _cut_point(text, limit - 64)
        head, tail = text[:cut].rstrip(), text[cut:].lstrip()
        open_tags = _open_tags(head)
        closing = "".join(f"</{name}>" for name, _ in reversed(open_tags))
        parts.append(head + closing)
        prefix = "".join(tag for _, tag in open_tags)
        reopened = len(prefix)
        text = prefix + tail
        if reopened >= limit - 64:  # pathological nesting: give up on structure, keep limits
            text = _TAG.sub("", text)
    parts.append(text)
    return [p for p in parts if _TAG.sub("", p).strip()]


def _cut_point(text: str, budget: int) -> int:
    window = text[:budget]
    unsafe = [False] * (len(window) + 1)
    for pattern in (r"<[^>]*>?", r"&[#\w]*;?"):
        for m in re.finditer(pattern, window):
            for i in range(m.start() + 1, m.end()):
                unsafe[i] = True
    for pattern in (r"\n\n", r"\n", r"[.!?…][»”\"')]?\s", r"\s"):
        ends = [m.end() for m in re.finditer(pattern, window) if not unsafe[m.end()]]
        ends = [e for e in ends if e > budget // 4]
        if ends:
            return ends[-1]
    cut = budget
    while cut > 1 and unsafe[cut]:
        cut -= 1
    return cut


def _open_tags(html_text: str) -> list[tuple[str, str]]:
    stack: list[tuple[str, str]] = []
    for m in _TAG.finditer(html_text):
        closing, name = m.group(1), m.group(2)
        if not closing:
            stack.append((name, m.group()))
        elif stack and stack[-1][0] == name:
            stack.pop()
    return stack


# --- buttons and inline results --------------------------------------------------------------


def more_data(rank: int) -> str:
    """callback_data of "Another match": the rank (0 = best) of the match to show next.

    The question is not in it (it would not fit in 64 bytes): the button sits on the bot's reply
    to the question, so the question is read back from the replied-to message, even after a
    restart.
    """
    return f"{MORE_PREFIX}{rank}"


def parse_more(data: str | None) -> int | None:
    """The rank in "Another match" callback data, or None when the data is not ours."""
    if not data or not data.startswith(MORE_PREFIX):
        return None
    rank = data[len(MORE_PREFIX) :]
    return int(rank) if rank.isdigit() and int(rank) < 100 else None


@dataclass(frozen=True)
class InlineAnswer:
    """One inline result: what the chooser lists, and the message sent when it is picked."""

    id: str
    title: str
    description: str
    html: str


def inline_answers(matches: Sequence[Match]) -> list[InlineAnswer]:
    """Inline results for `matches`, within the Bot API's limits (ids of at most 64 bytes)."""
    answers = []
    for match in matches:
        passage = match.passage
        name = hashlib.sha1(passage.article.name.encode()).hexdigest()[:12]
        answers.append(
            InlineAnswer(
                id=f"{name}-{passage.number}",
                title=f"{passage.article.title[:80]} (paragraph {passage.number})",
                description=snippet(match),
                html=split_html(answer_html(match))[0],
            )
        )
    return answers


def snippet(match: Match, size: int = SNIPPET_CHARS) -> str:
    """A short plain-text piece of the paragraph, starting near its first matching word."""
    text = match.passage.text
    start = match.spans[0][0] if match.spans else 0
    start = max(0, text.rfind(" ", 0, max(0, start - size // 4)) + 1) if start > size // 2 else 0
    piece = text[start : start + size]
    if start + size < len(text):
        piece = piece.rsplit(" ", 1)[0] + "…"
    return ("…" if start else "") + piece
