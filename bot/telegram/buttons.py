"""The buttons under an answer: ◀ and ▶ step through the question's matches.

Stateless: the button carries only the rank of the match to show (0 = best); the question is
read again from the message (the question it was read as, or the message it replies to), so
they work after a restart and in any replica. Callback data `step:<rank>`; `more:<rank>`, the
old "Another match" button, still works.
"""

from __future__ import annotations

import re
import secrets

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

STEP_PREFIX = "step:"
STEP_RE = re.compile(r"^(?:step|more):([0-9]{1,2})$")
"""`CallbackQueryHandler` pattern of the step buttons (and the old "Another match")."""
BACK, FORWARD = "◀ Previous", "Next ▶"
VOTE_RE = re.compile(r"^vote:([+-]):([0-9a-f]{12})$")
"""`CallbackQueryHandler` pattern of 👍 and 👎: the vote and the answer's reference."""
UP, DOWN = "👍", "👎"


def step_data(rank: int) -> str:
    """callback_data of a button that shows the match of rank `rank` (under 64 bytes)."""
    return f"{STEP_PREFIX}{rank}"


def parse_step(data: str | None) -> int | None:
    """The rank in a step button's data, or None when the data is not ours."""
    found = STEP_RE.match(data or "")
    return int(found.group(1)) if found else None


def step_buttons(rank: int, further: bool) -> list[InlineKeyboardButton]:
    """◀ when a better match comes before `rank`, ▶ when `further` matches follow it."""
    row = []
    if rank > 0:
        row.append(InlineKeyboardButton(BACK, callback_data=step_data(rank - 1)))
    if further:
        row.append(InlineKeyboardButton(FORWARD, callback_data=step_data(rank + 1)))
    return row


def answer_markup(rank: int, further: bool, ref: str | None = None) -> InlineKeyboardMarkup | None:
    """The buttons under the match of rank `rank`: the steps that lead somewhere, and 👍 👎
    when the answer's row has a reference `ref` (the question log is on)."""
    votes = [
        InlineKeyboardButton(UP, callback_data=f"vote:+:{ref}"),
        InlineKeyboardButton(DOWN, callback_data=f"vote:-:{ref}"),
    ]
    rows = [row for row in [step_buttons(rank, further), votes if ref else []] if row]
    return InlineKeyboardMarkup(rows) if rows else None


def new_ref() -> str:
    """A random reference for an answer's row and its vote buttons (says nothing of anyone)."""
    return secrets.token_hex(6)


def parse_vote(data: str | None) -> tuple[bool, str] | None:
    """(helpful, reference) of a 👍 or 👎 button, or None when the data is not one."""
    found = VOTE_RE.match(data or "")
    return (found.group(1) == "+", found.group(2)) if found else None


def ref_shown(markup: InlineKeyboardMarkup | None) -> str | None:
    """The reference on a message's 👍 👎 buttons, if it has them."""
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            data = button.callback_data
            vote = parse_vote(data if isinstance(data, str) else None)
            if vote is not None:
                return vote[1]
    return None


def rank_shown(markup: InlineKeyboardMarkup | None) -> int:
    """The rank of the match a message shows, read from its step buttons (0 without them)."""
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            rank = parse_step(
                button.callback_data if isinstance(button.callback_data, str) else None
            )
            if rank is not None:
                return rank + 1 if button.text == BACK else max(rank - 1, 0)
    return 0
