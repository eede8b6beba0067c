"""Telling article text from the noise that comes with a saved web page.

Articles arrive as they were received: a paywall notice, image lines, a dateline and stray
markup can sit among the paragraphs. These functions decide, one block of text at a time, what
is a paragraph worth quoting and what is not. They know nothing of any particular article.
"""

from __future__ import annotations

import re
from datetime import date, datetime

# Notices that news sites put around an article. A block is dropped when it is short and
# one of these matches it; the list is about web pages in general, not about one article.
BOILERPLATE_RE = re.compile(
    r"|".join(
        [
            r"you have a preview view of this article",
            r"while we are checking your access",
            r"full article content will load",
            r"^advertisement$",
            r"^supported by$",
            r"^continue reading( the main story)?\.?$",
            r"^skip to (main )?content$",
            r"^share (full )?(this )?article$",
            r"^listen to this article",
            r"subscribe (now )?to (continue|keep) reading",
            r"^(sign|log) in to (continue|read)",
            r"^this article is for subscribers",
            r"^read more:?$",
            r"^image$",
            r"^credit\s*\.\.\.",
        ]
    ),
    re.IGNORECASE,
)
BOILERPLATE_MAX_CHARS = 300

IMAGE_RE = re.compile(r"^!\[(?P<alt>[^\]]*)\]\([^)]*\)$")
# No part of a pattern may run past the next opening bracket: on text full of unclosed
# brackets a match is then tried in time linear in the text, not quadratic.
MARKDOWN_LINK_RE = re.compile(r"(?<!!)\[(?P<text>[^\[\]]+)\]\([^()\s]*\)")
# Only HTML's own element names: "<The Palace: Tale of Jang Noksu>" in an article is a title.
HTML_TAG_RE = re.compile(
    r"</?(?:a|abbr|article|aside|audio|b|blockquote|br|button|center|cite|code|dd|del|div|dl"
    r"|dt|em|figcaption|figure|font|footer|form|h[1-6]|header|hr|i|iframe|img|input|ins|label"
    r"|li|main|mark|nav|ol|p|picture|pre|q|s|script|section|small|source|span|strong|style"
    r"|sub|sup|svg|table|tbody|td|th|thead|time|tr|u|ul|video)\b[^<>]*>",
    re.IGNORECASE,
)
MARKUP_ONLY_RE = re.compile(r"^[\W_]*$")

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_TIME = r"(?:,?\s+\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?"
DATELINE_RES = (
    re.compile(
        rf"^(?:Updated\s+|Published\s+)?{_MONTH}\s+(?P<day>\d{{1,2}}),\s+(?P<year>\d{{4}}){_TIME}$"
    ),
    re.compile(
        rf"^(?:Updated\s+|Published\s+)?(?P<day>\d{{1,2}})\s+{_MONTH}\s+(?P<year>\d{{4}}){_TIME}$"
    ),
)
ISO_DATE_RE = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})")


def is_boilerplate(block: str) -> bool:
    """A site notice (paywall, "Advertisement", ...) rather than article text."""
    return len(block) <= BOILERPLATE_MAX_CHARS and BOILERPLATE_RE.search(block) is not None


def image_caption(block: str) -> str | None:
    """The alt text of a block that is only a Markdown image, else None."""
    found = IMAGE_RE.match(block)
    return found.group("alt").strip() if found else None


def parse_date(text: str) -> date | None:
    """A date from a dateline ("Jan. 2, 2025, 8:16 a.m. ET") or an ISO date, else None."""
    text = text.strip()
    iso = ISO_DATE_RE.match(text)
    if iso:
        try:
            return datetime.strptime(iso.group(0), "%Y-%m-%d").date()
        except ValueError:
            return None
    for pattern in DATELINE_RES:
        found = pattern.match(text)
        if found and found.group("month").lower() in MONTHS:
            try:
                return date(
                    int(found.group("year")),
                    MONTHS[found.group("month").lower()],
                    int(found.group("day")),
                )
            except ValueError:
                return None
    return None


def plain(block: str) -> str:
    """A block whose spaces are folded (see `loading.split_blocks`) with Markdown links reduced
    to their text and tags removed, its spaces folded again where that left two."""
    folded = block
    if "[" in block:
        block = MARKDOWN_LINK_RE.sub(r"\g<text>", block)
    if "<" in block:
        block = HTML_TAG_RE.sub("", block)
    return block if block is folded else " ".join(block.split())


def is_markup_only(block: str) -> bool:
    """Rules, stray symbols and the like: nothing a person could read as a sentence."""
    return MARKUP_ONLY_RE.match(block) is not None
