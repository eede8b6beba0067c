"""How the bot's replies look in Telegram: the library's `Reply` rendered as HTML, split to fit.

Nothing here touches Telegram objects or decides what to answer (`knowledge.reply_to` does);
every function takes and returns plain values, and every piece of text taken from an article
or a user is HTML-escaped before it goes into a reply.
"""

from __future__ import annotations

import hashlib
import html
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from knowledge import MAX_QUESTION_CHARS, Article, Match, Passage, Reply, readable_date
from knowledge.reply import SUGGESTIONS_LEAD

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
    pieces = [title_html(article.title)]
    if article.date:
        pieces.append(escape(readable_date(article.date)))
    pieces.append(f"paragraph {passage.number} of {passage.total}")
    return "— " + ", ".join(pieces)


def answer_html(match: Match) -> str:
    """The full reply to an answered question: the quote, then where it comes from."""
    return f"{quote_html(match)}\n{source_line(match.passage)}"


def reply_html(reply: Reply, username: str | None) -> str:
    """The whole reply: the bot's words, the quote with its source, the suggestions.

    Help and the hint for an empty message name the bot, so that they can show how to ask
    in a group and inline.
    """
    if reply.kind == "chat" and reply.topic == "help":
        return help_html(username)
    if reply.kind == "chat" and reply.topic == "empty":
        return hint_html(username)
    blocks = [escape(reply.said)] if reply.said else []
    if reply.quoted:
        blocks.append(answer_html(reply.quoted))
    if reply.suggestions:
        blocks.append(
            "\n".join([SUGGESTIONS_LEAD, *(f"• {escape(s)}" for s in reply.suggestions)])
        )
    return "\n\n".join(blocks)


def help_html(username: str | None) -> str:
    """How to ask privately, in groups and inline, and what else the bot understands."""
    name = escape(username or "this_bot")
    return (
        "<b>Private chat:</b> just send me a question.\n"
        f"<b>Groups:</b> mention me (@{name} your question), reply to one of my messages, "
        "or use /ask your question.\n"
        f"<b>Any chat:</b> type @{name} and a question, then pick a paragraph to send.\n"
        "Under each answer, <i>Another match</i> shows the next best paragraph.\n"
        "You can also ask what the article is about, when it was published and who wrote it; "
        "/about lists what I know."
    )


def hint_html(username: str | None) -> str:
    """For a message with no question in it, such as a bare mention."""
    name = escape(username or "this_bot")
    return (
        "Ask me a question about the article, for example <i>what is it about?</i> "
        f"In a group, put it after the mention: @{name} what is it about?"
    )


def question_from_text(text: str, username: str | None) -> str:
    """The question in a message: without `/ask` or @mentions of the bot, cut to a sane size."""
    text = re.sub(r"^/ask(@\w+)?\b", "", text.strip(), flags=re.IGNORECASE)
    if username:
        text = re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.IGNORECASE)
    return " ".join(text.split())[:MAX_QUESTION_CHARS]


def mentions(text: str, username: str | None) -> bool:
    """Whether `text` mentions @username (Telegram usernames are case-insensitive)."""
    return bool(username) and re.search(rf"@{re.escape(username or '')}\b", text, re.I) is not None


# --- building messages that fit Telegram's limit ---------------------------------------------

MESSAGE_LIMIT = 4096
"""Telegram's limit, counted here in UTF-16 code units of the HTML itself: stricter than
Telegram, which counts the text left after parsing, so a message built to it always fits."""
TITLE_CHARS = 200
"""Titles, sources and links are shortened to this in every message."""
START_TITLES = 10
"""/start names this many articles; /about lists them all."""
_TAG = re.compile(r"<(/?)([a-z-]+)[^>]*>")
_ATOM = re.compile(r"<[^<>]*>?|&[#\w]*;?")
"""Tags and entities: a message is never cut inside one."""
_RESERVE = 64
"""Room kept at each cut for the tags closed there."""


def size(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji may count two)."""
    return len(text.encode("utf-16-le")) // 2


def short(text: str, chars: int = TITLE_CHARS) -> str:
    """`text` on one line, cut at a word to at most `chars` characters ("…" when cut)."""
    text = " ".join(text.split())
    if len(text) <= chars:
        return text
    cut = text.rfind(" ", chars // 2, chars)
    return text[: cut if cut > 0 else chars - 1].rstrip() + "…"


def title_html(title: str) -> str:
    """An article's title as the bot shows it: shortened, escaped, in italics."""
    return f"<i>{escape(short(title))}</i>"


def pack(entries: Sequence[str], limit: int = MESSAGE_LIMIT, separator: str = "\n\n") -> list[str]:
    """Whole entries (HTML) joined into as few messages as fit; an entry too long for one
    message is split by `split_html`. Entries are never cut when they fit."""
    messages: list[str] = []
    current = ""
    for entry in entries:
        joined = f"{current}{separator}{entry}" if current else entry
        if size(joined) <= limit:
            current = joined
            continue
        if current:
            messages.append(current)
        parts = split_html(entry, limit)
        messages += parts[:-1]
        current = parts[-1] if parts else ""
    if current:
        messages.append(current)
    return messages


def split_html(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """`text` cut into messages of at most `limit` (see `size`), never inside a tag or entity.

    Cuts prefer a blank line, then a line break, then a sentence end, then a space. Tags open at
    a cut are closed at the end of one part and opened again at the start of the next.
    """
    parts: list[str] = []
    while size(text) > limit:
        cut = _cut_point(text, _chars_within(text, limit - _RESERVE))
        head, tail = text[:cut].rstrip(), text[cut:].lstrip()
        open_tags = _open_tags(head)
        closing = "".join(f"</{name}>" for name, _ in reversed(open_tags))
        parts.append(head + closing)
        prefix = "".join(tag for _, tag in open_tags)
        text = prefix + tail
        if len(prefix) >= limit // 2:  # pathological nesting: give up on structure, keep limits
            text = _TAG.sub("", text)
    parts.append(text)
    return [p for p in parts if _TAG.sub("", p).strip()]


def _chars_within(text: str, units: int) -> int:
    """The most leading characters of `text` whose `size` is at most `units`."""
    count = min(len(text), units)
    while size(text[:count]) > units:
        count -= max(1, (size(text[:count]) - units) // 2)
    return count


def _cut_point(text: str, budget: int) -> int:
    """Where to cut `text` within its first `budget` characters: never inside a tag or an
    entity, even one that runs past the budget."""
    unsafe = bytearray(budget + 1)
    for atom in _ATOM.finditer(text):
        if atom.start() >= budget:
            break
        unsafe[atom.start() + 1 : min(atom.end(), budget + 1)] = b"\1" * (
            min(atom.end(), budget + 1) - atom.start() - 1
        )
    window = text[:budget]
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


# --- what /start and /about say --------------------------------------------------------------


def start_messages(articles: Sequence[Article], example: str) -> list[str]:
    """/start: a greeting naming the articles (the first `START_TITLES`) and a question to try."""
    titles = [f"• {title_html(article.title)}" for article in articles[:START_TITLES]]
    if len(articles) > START_TITLES:
        titles.append(f"…and {len(articles) - START_TITLES} more: /about lists them all.")
    greeting = (
        "Hello! Ask me anything about this article and I will quote the paragraph that "
        "answers it:\n" + "\n".join(titles)
    )
    return pack([greeting, f"For example: {escape(short(example, ECHO_CHARS * 2))}"])


def about_messages(articles: Sequence[Article]) -> list[str]:
    """/about: title, date, source, size and link of every article, whole entries per message."""
    entries = []
    for article in articles:
        facts = [readable_date(article.date) if article.date else "undated"]
        facts.append(short(article.source) if article.source else "source not given")
        facts.append(f"{len(article.paragraphs)} paragraphs")
        entry = f"{title_html(article.title)}\n{escape(', '.join(facts))}"
        if article.url:
            entry += f"\n{escape(short(article.url, TITLE_CHARS * 2))}"
        entries.append(entry)
    return pack(entries)


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


def inline_answers(reply: Reply, username: str | None) -> list[InlineAnswer]:
    """Inline results, within the Bot API's limits (ids of at most 64 bytes): the paragraphs of
    an answer, or the one reply about the article; nothing for small talk or a refusal."""
    if reply.kind == "about":
        description = reply.said if not reply.quoted else snippet(reply.quoted)
        return [
            InlineAnswer(
                id=f"about-{reply.topic}",
                title="About the article" if reply.quoted else reply.said[:80],
                description=description[: SNIPPET_CHARS + 2],
                html=split_html(reply_html(reply, username))[0],
            )
        ]
    if reply.kind != "answer":
        return []
    answers = []
    for match in reply.matches:
        passage = match.passage
        name = hashlib.sha1(passage.article.name.encode()).hexdigest()[:12]
        answers.append(
            InlineAnswer(
                id=f"{name}-{passage.number}",
                title=f"{short(passage.article.title, 80)} (paragraph {passage.number})",
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
