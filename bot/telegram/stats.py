"""/stats: the question log's figures for the operators named in `ADMIN_IDS`, none for others."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

from telegram import Update
from telegram.constants import ChatType

from bot.questionlog import QuestionLog
from bot.report import Figures, LogUnreadable, helpful_line, read_figures, share_line
from bot.settings import Settings
from bot.telegram.context import Context
from bot.telegram.render import escape, title_html
from knowledge.dialogue import short

if TYPE_CHECKING:
    from bot.storage.shared import Shared

SHOWN = 5
LONGEST = 200
"""Characters of a question shown: five of them and a title fit one message (4096 units)."""


def stats_html(found: Figures) -> str:
    """The figures of the last 7 days as Telegram HTML."""
    lines = [
        "<b>Questions</b>",
        f"Last 24 hours: {found.last_day}",
        f"Last {found.days} days: {found.questions}",
        escape(share_line(found)),
        escape(helpful_line(found)),
    ]
    if found.articles:
        title, quoted = found.articles[0]
        lines.append(f"Most quoted: {title_html(title)} ({quoted})")
    lines += ["", f"<b>Most asked without an answer</b> (last {found.days} days)"]
    for group in found.unanswered[:SHOWN]:
        lines.append(f"{group.count}: {escape(short(group.question, LONGEST))}")
    if not found.unanswered:
        lines.append("none")
    lines += ["", "Every one: <code>python -m bot report</code>"]
    return "\n".join(lines)


def figures_now(
    settings: Settings, questions: QuestionLog | None, shared: Shared | None = None
) -> Figures:
    """Write what is queued, then read the last 7 days (runs in a worker thread)."""
    if questions is not None:
        questions.flush()
    return read_figures(settings.data_dir, 7, time.time(), shared)


async def stats(update: Update, context: Context) -> None:
    """/stats: questions, share answered, unanswered questions; for admins only, in private."""
    message = update.effective_message
    assert message is not None
    user = update.effective_user
    if not context.is_admin(user.id if user else None):
        await message.reply_text("/stats is for the bot's operators.")
        return
    if message.chat.type != ChatType.PRIVATE:  # the group would see the figures too
        await message.reply_text("Send me /stats in a private chat.")
        return
    if context.question_log is None:
        await message.reply_text("The question log is off (<code>LOG_QUESTIONS=off</code>).")
        return
    try:
        found = await asyncio.to_thread(
            figures_now, context.settings, context.question_log, context.bot_data.shared
        )
    except LogUnreadable as error:
        await message.reply_text(f"The question log cannot be read: {escape(str(error))}")
        return
    await message.reply_text(stats_html(found))
