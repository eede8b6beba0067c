"""Live knowledge: the running bot watches its knowledge folder and swaps in a fresh index.

watchfiles reports changes (added, changed or removed files, grouped over a short debounce);
the index is rebuilt in a worker thread, so answers keep coming from the old index until the
new one replaces it in one assignment. A file that cannot be used is skipped with a warning by
the loader; a folder left with no usable article keeps the last good index and logs an error.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from watchfiles import Change, DefaultFilter, awatch

from knowledge import KnowledgeBase, KnowledgeError, load_knowledge
from knowledge.ingest.parsing import SUFFIXES

if TYPE_CHECKING:
    from bot.telegram.context import BotApplication, BotData

logger = logging.getLogger(__name__)


class ArticleFilter(DefaultFilter):
    """Changes to knowledge files, and to folders (a removed folder takes its files along).

    Hidden files, such as an editor's or a download's temporary copy, are left out, as the
    loader leaves them out.
    """

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder.resolve()

    def __call__(self, change: Change, path: str) -> bool:
        file = Path(path)
        try:
            parts = file.resolve().relative_to(self.folder).parts
        except ValueError:
            return False
        if any(part.startswith(".") for part in parts):
            return False
        wanted = file.suffix.lower() in SUFFIXES or not file.suffix
        return wanted and super().__call__(change, path)


@dataclass
class Watcher:
    """The watch task of one application, and what its reloads share."""

    folder: Path
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    """Rebuilds run one at a time, so the last index swapped in is the newest."""
    stop_event: asyncio.Event = field(default_factory=asyncio.Event)
    task: asyncio.Task[None] | None = None


async def reload(bot_data: BotData) -> KnowledgeBase | None:
    """Rebuild the index of the knowledge folder off the event loop and swap it in.

    Returns the new knowledge, or None when the last good index is kept.
    """
    assert bot_data.watcher is not None, "start() sets the watcher"
    folder = bot_data.watcher.folder
    async with bot_data.watcher.lock:
        started = time.perf_counter()
        try:
            knowledge = await asyncio.to_thread(load_knowledge, folder)
        except KnowledgeError as error:
            logger.error("Keeping the last good index: %s", error)
            return None
        bot_data.knowledge = knowledge  # brings its own suggestions, worked out when needed
        logger.info(
            "Reloaded %s: %d article(s), %d paragraphs in %.2f s",
            folder,
            len(knowledge.articles),
            len(knowledge.passages),
            time.perf_counter() - started,
        )
        return knowledge


async def watch(bot_data: BotData) -> None:
    """Reload after every batch of changes to the knowledge folder, until stopped."""
    watcher = bot_data.watcher
    assert watcher is not None, "start() sets the watcher"
    changes_of = awatch(
        watcher.folder, watch_filter=ArticleFilter(watcher.folder), stop_event=watcher.stop_event
    )
    try:
        async for changes in changes_of:
            logger.debug("Knowledge folder changed: %s", sorted(path for _, path in changes))
            try:
                await reload(bot_data)
            except OSError as error:  # a file vanished mid-read; its removal comes next
                logger.warning("Reload failed, retrying on the next change: %s", error)
            except Exception:  # a bug must not leave the bot without its watcher
                logger.exception("Reload failed; keeping the last good index")
    except OSError as error:  # e.g. the folder itself was removed
        logger.error("Stopped watching %s: %s (restart to watch again)", watcher.folder, error)


async def start(application: BotApplication) -> None:
    """Start watching the knowledge folder (from `post_init`)."""
    knowledge = application.bot_data.knowledge
    if knowledge is None or knowledge.folder is None:
        return
    watcher = application.bot_data.watcher = Watcher(knowledge.folder)
    # A plain task, not `Application.create_task`: `Application.stop()` awaits those before
    # `post_stop` runs, and this one runs until `stop()` below ends it.
    watcher.task = asyncio.create_task(watch(application.bot_data), name="watch knowledge")
    logger.info("Watching %s for changes", knowledge.folder)


async def stop(application: BotApplication) -> None:
    """Stop watching (from `post_stop`); a rebuild under way is abandoned."""
    watcher = application.bot_data.watcher
    if watcher is None or watcher.task is None:
        return
    watcher.stop_event.set()
    watcher.task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await watcher.task
    application.bot_data.watcher = None
