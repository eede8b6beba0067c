"""Building messages that fit Telegram's limit: whole entries packed, long HTML split.

A message is never cut inside a tag or an entity, and tags open at a cut are closed and opened
again, so every part is valid Telegram HTML on its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

MESSAGE_LIMIT = 4096
"""Telegram's limit, counted here in UTF-16 code units of the HTML itself: stricter than
Telegram, which counts the text left after parsing, so a message built to it always fits."""
_TAG = re.compile(r"<(/?)([a-z-]+)[^>]*>")
_ATOM = re.compile(r"<[^<>]*>?|&[#\w]*;?")
"""Tags and entities: a message is never cut inside one."""
_RESERVE = 64
"""Room kept at each cut for the tags closed there."""


def size(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji may count two)."""
    return len(text.encode("utf-16-le")) // 2


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
