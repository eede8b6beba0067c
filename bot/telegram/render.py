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

from bot.telegram.message_size import pack, split_html
from knowledge import Article, Match, Passage, Reply
from knowledge.dialogue import (
    ECHO_CHARS,
    READ_AS,
    SUGGESTIONS_LEAD,
    TITLE_CHARS,
    readable_date,
    short,
    source_pieces,
)

logger = logging.getLogger(__name__)

SNIPPET_CHARS = 120


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
    """'— <i>Title</i>, 2 January 2025, paragraph 3 of 7' (see `source_pieces`); the title
    links to the article when it has a web address."""
    title, *rest = source_pieces(passage)
    named = f"<i>{escape(title)}</i>"
    url = passage.article.url
    if url and url.startswith(("http://", "https://")):
        named = f'<a href="{html.escape(url, quote=True)}">{named}</a>'
    return "— " + ", ".join([named, *map(escape, rest)])


def answer_html(match: Match) -> str:
    """The full reply to an answered question: the quote, then where it comes from."""
    return f"{quote_html(match)}\n{source_line(match.passage)}"


def read_as_html(read_as: str) -> str:
    """The line that opens a reply to a follow-up: the question as the bot read it. Kept
    on one line, whole: the buttons read it back from the message."""
    return f"<i>{escape(READ_AS)}{escape(' '.join(read_as.split()))}</i>"


def step_html(match: Match, read_as: str) -> str:
    """The message a button steps to: a match, under the question it was read as, if any."""
    html = answer_html(match)
    return f"{read_as_html(read_as)}\n\n{html}" if read_as else html


def reply_html(reply: Reply, username: str | None) -> str:
    """The whole reply: the bot's words, the quote with its source, the suggestions.

    Help and the hint for an empty message name the bot, so that they can show how to ask
    in a group and inline.
    """
    if reply.parts:
        return "\n\n".join(
            f"<b>{escape(part.message)}</b>\n{reply_html(part, username)}" for part in reply.parts
        )
    if reply.kind == "chat" and reply.topic == "help":
        return help_html(username)
    if reply.kind == "chat" and reply.topic == "empty":
        return hint_html(username)
    blocks = [read_as_html(reply.read_as)] if reply.read_as else []
    if reply.said:
        blocks.append(escape(reply.said))
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
        "Under each answer, <i>Next ▶</i> shows the next best paragraph (or send “more”).\n"
        "You can also ask what an article is about, when it was published and who wrote it; "
        "/about lists what I know."
    )


def hint_html(username: str | None) -> str:
    """For a message with no question in it, such as a bare mention."""
    name = escape(username or "this_bot")
    return (
        "Ask me a question, for example <i>what is it about?</i> "
        f"In a group, put it after the mention: @{name} what is it about?"
    )


def question_from_text(text: str, username: str | None) -> str:
    """The question in a message: without `/ask` or @mentions of the bot, on one line."""
    text = re.sub(r"^/ask(@\w+)?\b", "", text.strip(), flags=re.IGNORECASE)
    if username:
        text = re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.IGNORECASE)
    return " ".join(text.split())


def mentions(text: str, username: str | None) -> bool:
    """Whether `text` mentions @username (Telegram usernames are case-insensitive)."""
    return bool(username) and re.search(rf"@{re.escape(username or '')}\b", text, re.I) is not None


# --- titles ---------------------------------------------------------------------------------

START_TITLES = 10
"""/start names this many articles; /about lists them all."""


def title_html(title: str) -> str:
    """An article's title as the bot shows it: shortened, escaped, in italics."""
    return f"<i>{escape(short(title))}</i>"


# --- what /start and /about say --------------------------------------------------------------


def start_messages(articles: Sequence[Article], example: str) -> list[str]:
    """/start: a greeting naming the articles (the first `START_TITLES`) and a question to try."""
    titles = [f"• {title_html(article.title)}" for article in articles[:START_TITLES]]
    if len(articles) > START_TITLES:
        titles.append(f"…and {len(articles) - START_TITLES} more: /about lists them all.")
    these = "this article" if len(articles) == 1 else "these articles"
    greeting = (
        f"Hello! Ask me anything about {these} and I will quote the paragraph that "
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


@dataclass(frozen=True)
class InlineAnswer:
    """One inline result: what the chooser lists, and the message sent when it is picked."""

    id: str
    title: str
    description: str
    html: str


def inline_answers(reply: Reply, username: str | None) -> list[InlineAnswer]:
    """Inline results, within the Bot API's limits (ids of at most 64 bytes): the paragraphs of
    an answer, the one reply about the article, one "No match in the articles" for a refusal;
    nothing for small talk."""
    if reply.kind == "none":
        return [
            InlineAnswer(
                id="no-match",
                title=NO_MATCH,
                description=reply.said[: SNIPPET_CHARS + 2],
                html=escape(reply.said),
            )
        ]
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


NO_MATCH = "No match in the articles"


def inline_help(username: str | None) -> InlineAnswer:
    """The one result for an empty inline query: how to ask."""
    name = escape(username or "this_bot")
    return InlineAnswer(
        id="help",
        title="How to ask",
        description=f"Type a question after @{username or 'this_bot'}, e.g. who is mediating?",
        html=(
            f"Ask @{name} about the news it knows: type <code>@{name} your question</code> "
            "in any chat and pick a paragraph to send, or ask in a private chat."
        ),
    )


def snippet(match: Match, size: int = SNIPPET_CHARS) -> str:
    """A short plain-text piece of the paragraph, starting near its first matching word."""
    text = match.passage.text
    start = match.spans[0][0] if match.spans else 0
    start = max(0, text.rfind(" ", 0, max(0, start - size // 4)) + 1) if start > size // 2 else 0
    piece = text[start : start + size]
    if start + size < len(text):
        piece = piece.rsplit(" ", 1)[0] + "…"
    return ("…" if start else "") + piece
