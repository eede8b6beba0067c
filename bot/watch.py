"""Live knowledge: the running bot watches its knowledge folder and swaps in a fresh index.

watchfiles reports changes (added, changed or removed files, grouped over a short debounce);
the index is rebuilt in a worker thread, so answers keep coming from the old index until the
new one is handed to the watcher's `on_reload`, which swaps it in with one assignment. A file
that cannot be used is skipped with a warning by the loader; a folder left with no usable
article keeps the last good index and logs an error.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from watchfiles import Change, DefaultFilter, awatch

from bot.workers import Abandoned, Workers
from knowledge import KnowledgeBase, KnowledgeError, load_knowledge
from knowledge.ingest import SUFFIXES, is_knowledge_file

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
        # A name with no suffix may be a folder: its removal takes its files along.
        wanted = is_knowledge_file(Path(path).resolve(), self.folder, (*SUFFIXES, ""))
        return wanted and super().__call__(change, path)


@dataclass
class Watcher:
    """Keeps a knowledge folder's index fresh: every batch of changes rebuilds it, and the new
    knowledge is handed to `on_reload`. It knows nothing of who keeps the knowledge."""

    folder: Path
    on_reload: Callable[[KnowledgeBase], None]
    """Called on the event loop with each new knowledge, right after it is built."""
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    """Rebuilds run one at a time, so the last index handed over is the newest."""
    stop_event: asyncio.Event = field(default_factory=asyncio.Event)
    task: asyncio.Task[None] | None = None
    workers: Workers = field(default_factory=lambda: Workers("rebuilding", 1))
    """The thread rebuilds run on: not the readers', and stopping does not wait for it."""

    async def reload(self) -> KnowledgeBase | None:
        """Rebuild the index of the folder off the event loop and hand it to `on_reload`.

        Returns the new knowledge, or None when the last good index is kept.
        """
        async with self.lock:
            started = time.perf_counter()
            try:
                knowledge = await self.workers.run(load_knowledge, self.folder)
            except KnowledgeError as error:
                logger.error("Keeping the last good index: %s", error)
                return None
            self.on_reload(knowledge)
            logger.info(
                "Reloaded %s: %d article(s), %d paragraphs in %.2f s",
                self.folder,
                len(knowledge.articles),
                len(knowledge.passages),
                time.perf_counter() - started,
            )
            return knowledge

    async def watch(self) -> None:
        """Reload after every batch of changes to the folder, until stopped."""
        changes_of = awatch(
            self.folder, watch_filter=ArticleFilter(self.folder), stop_event=self.stop_event
        )
        try:
            async for changes in changes_of:
                logger.debug("Knowledge folder changed: %s", sorted(path for _, path in changes))
                try:
                    await self.reload()
                except Abandoned:  # the bot is stopping
                    return
                except OSError as error:  # a file vanished mid-read; its removal comes next
                    logger.warning("Reload failed, retrying on the next change: %s", error)
                except Exception:  # a bug must not leave the bot without its watcher
                    logger.exception("Reload failed; keeping the last good index")
        except OSError as error:  # e.g. the folder itself was removed
            logger.error("Stopped watching %s: %s (restart to watch again)", self.folder, error)

    def start(self) -> None:
        """Start watching, in a task of the running event loop."""
        # A plain task, not `Application.create_task`: `Application.stop()` awaits those before
        # `post_stop` runs, and this one runs until `stop()` below ends it.
        self.task = asyncio.create_task(self.watch(), name="watch knowledge")
        logger.info("Watching %s for changes", self.folder)

    async def stop(self) -> None:
        """Stop watching; a rebuild under way is abandoned."""
        if self.task is None:
            return
        self.stop_event.set()
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task
        self.task = None
