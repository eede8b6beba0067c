"""Live knowledge: the running bot watches its knowledge folder and swaps in a fresh index.

watchfiles reports changes (added, changed or removed files, grouped over a short debounce);
the new knowledge is made in a worker thread from the one answering now (`current`): only the
files whose size or modification time changed are read, and the index is changed for them
rather than built again (`load_knowledge`'s `previous`). Answers keep coming from the old
knowledge until the new one is handed to the watcher's `on_reload`, which swaps it in with one
assignment; the two share every unchanged paragraph. Then, still off the event loop, the
index is written to the cache if enough changed since the copy there. A file that cannot be
used is skipped with a warning by the loader; a folder left with no usable article keeps the
last good index and logs an error.
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


CHECK_EVERY = 1.0
"""Seconds between two checks that the folder is still the one its path names."""
SETTLE_AFTER = 10.0
"""Seconds without a change before an index changed in segments is put back in one piece."""


class ArticleFilter(DefaultFilter):
    """Changes to knowledge files, and to folders (a folder moved in brings its files along,
    a removed one takes them away), whatever their names: `2024.05/` is a folder, not a file
    with the suffix ".05".

    Hidden files, such as an editor's or a download's temporary copy, are left out, as the
    loader leaves them out.
    """

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder.resolve()

    def __call__(self, change: Change, path: str) -> bool:
        file = Path(path).resolve()
        if file == self.folder:  # the folder itself was removed or moved away
            return True
        # What was removed cannot be asked whether it was a folder: any name may have been one.
        maybe_folder = change == Change.deleted or file.is_dir()
        suffixes = (*SUFFIXES, file.suffix) if maybe_folder else SUFFIXES
        return is_knowledge_file(file, self.folder, suffixes) and super().__call__(change, path)


def identity(folder: Path) -> tuple[int, int] | None:
    """Which folder `folder` names now (device and inode, through symlinks); None if none."""
    try:
        found = folder.stat()
    except OSError:
        return None
    return (found.st_dev, found.st_ino)


@dataclass
class Watcher:
    """Keeps a knowledge folder's index fresh: every batch of changes rebuilds it, and the new
    knowledge is handed to `on_reload`. It knows nothing of who keeps the knowledge."""

    folder: Path
    on_reload: Callable[[KnowledgeBase], None]
    """Called on the event loop with each new knowledge, right after it is built."""
    current: Callable[[], KnowledgeBase | None] = lambda: None
    """The knowledge answering now, which a reload changes rather than builds anew."""
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    """Rebuilds run one at a time, so the last index handed over is the newest."""
    stop_event: asyncio.Event = field(default_factory=asyncio.Event)
    task: asyncio.Task[None] | None = None
    check_every: float = CHECK_EVERY
    workers: Workers = field(default_factory=lambda: Workers("rebuilding", 2))
    """The threads rebuilds run on: not the readers', and stopping does not wait for them.
    Two: a change is read while the index is being put back in one piece (`settle`)."""
    settling: asyncio.Task[None] | None = None
    """Putting the index back in one piece (`settle`), waiting or merging."""
    merging: bool = False
    settle_after: float = SETTLE_AFTER

    async def reload(self) -> KnowledgeBase | None:
        """Rebuild the index of the folder off the event loop and hand it to `on_reload`.

        Returns the new knowledge, or None when the last good index is kept.
        """
        async with self.lock:
            started = time.perf_counter()
            try:
                knowledge = await self.workers.run(self.load)
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
        self.settle_later(knowledge)
        return knowledge

    def settle_later(self, knowledge: KnowledgeBase) -> None:
        """Put `knowledge`'s index back in one piece (`settle`) once the folder is quiet, or
        at once when enough changed; a wait under way starts again, a merge under way goes on
        (and settles again after, if changes came meanwhile)."""
        if not knowledge.segmented():
            return
        if self.settling is not None and not self.settling.done():
            if self.merging:
                return
            self.settling.cancel()
        self.settling = asyncio.create_task(self.settle(knowledge), name="settle index")

    async def settle(self, knowledge: KnowledgeBase) -> None:
        """Put the index answering now back in one piece (`KnowledgeBase.settled`) after
        `settle_after` seconds without a change (at once when a paragraph in a hundred changed
        since it was in one piece), without holding reloads up: changes that came meanwhile are
        then applied to it (quick: a few articles), and it is swapped in and kept in the cache.
        Whatever goes wrong is logged; the index in segments keeps answering."""
        if not knowledge.due() and await self.stopped_within(self.settle_after):
            return
        self.merging = True
        try:
            settled = await self.workers.run(knowledge.settled)
            async with self.lock:
                now = self.current()
                if now is not None and now is not knowledge:
                    if now.folder != knowledge.folder:
                        return
                    settled = await self.workers.run(settled.caught_up, now)
                self.on_reload(settled)
                logger.info("Merged the index of %s in one piece", self.folder)
            await self.workers.run(settled.keep_index)
        except Abandoned:
            return
        except Exception:  # the index in segments answers on; the next reload tries again
            logger.exception("Putting the index in one piece failed")
            return
        finally:
            self.merging = False
        self.settle_later(settled)  # changes came while it was merged: settle those too

    def load(self) -> KnowledgeBase:
        """The folder's knowledge, changed from the current one when it is of this folder."""
        current = self.current()
        previous = current if current is not None and current.folder == self.folder else None
        return load_knowledge(self.folder, previous=previous)

    async def watch(self) -> None:
        """Reload after every batch of changes to the folder, until stopped.

        The folder its path names may change under it: renamed over, removed and made again,
        a symlink switched (`ln -sfn`). watchfiles would keep watching the old one, so the
        watcher notices (the folder itself changed, or every `check_every` seconds the path
        names another folder), says so, and watches the folder the path names now, reloading
        as soon as that watch has begun. While the path names nothing, the last good index is
        kept until a folder is back.
        """
        fresh = False
        while not self.stop_event.is_set():
            watched = identity(self.folder)
            if watched is None:
                logger.error(
                    "The knowledge folder %s is gone: keeping the last good index "
                    "until it is back",
                    self.folder,
                )
                while identity(self.folder) is None:
                    if await self.stopped_within(self.check_every):
                        return
                logger.warning("The knowledge folder %s is back: watching it", self.folder)
            elif not await self.watch_one(watched, fresh):
                return
            fresh = True

    async def watch_one(self, watched: tuple[int, int], fresh: bool) -> bool:
        """Watch the folder `watched` until the path names another one (True), or the bot
        stops (False). `fresh`: reload once the watch has begun (the folder is new)."""
        watch_filter = ArticleFilter(self.folder)
        changes_of = awatch(
            self.folder,
            watch_filter=watch_filter,
            stop_event=self.stop_event,
            rust_timeout=int(self.check_every * 1000),
            yield_on_timeout=True,
        )
        names = (self.folder, watch_filter.folder)
        try:
            async for changes in changes_of:
                # Removed or moved away (watchfiles then hears nothing more of it, and a folder
                # made again may even get the same inode), or the path names another folder.
                itself = any(Path(path) in names for _, path in changes)
                if itself or identity(self.folder) != watched:
                    if identity(self.folder) is not None:
                        logger.warning(
                            "The knowledge folder %s was replaced: watching the one it names now",
                            self.folder,
                        )
                    return True
                if changes or fresh:
                    fresh = False
                    logger.debug("Knowledge folder changed: %s", sorted(p for _, p in changes))
                    if not await self.reload_now():
                        return False
        except OSError as error:  # the folder went away under watchfiles
            logger.warning("Watching %s failed (%s): looking at it again", self.folder, error)
            return not await self.stopped_within(self.check_every)
        return False

    async def reload_now(self) -> bool:
        """Reload, whatever goes wrong (it is logged); False when the bot is stopping."""
        try:
            await self.reload()
        except Abandoned:
            return False
        except OSError as error:  # a file vanished mid-read; its removal comes next
            logger.warning("Reload failed, retrying on the next change: %s", error)
        except Exception:  # a bug must not leave the bot without its watcher
            logger.exception("Reload failed; keeping the last good index")
        return True

    async def stopped_within(self, seconds: float) -> bool:
        """Wait `seconds`, or less if the watcher is stopped; whether it was."""
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self.stop_event.wait(), seconds)
        return self.stop_event.is_set()

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
        if self.settling is not None:
            self.settling.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.settling
        with contextlib.suppress(asyncio.CancelledError):
            await self.task
        self.task = None
