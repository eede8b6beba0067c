"""Slow work on threads of its own: readers never wait behind it, stopping never waits for it.

Answering a reader runs on asyncio's default thread pool (a handful of threads on a small
machine). Fetching and reading an admin's page can take the whole fetch deadline and the
extractor's time limit; rebuilding a large index takes seconds. Each kind of slow work gets a
`Workers` of its own, so that six hanging links do not hold the threads readers' answers need.

The threads are daemons, and `abandon` (called when the bot stops) makes every `run` still
waiting raise `Abandoned` at once: the bot stops within seconds, and the work left behind ends
with the process. A thread survives any exception in its work: the exception is the caller's.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

Job = tuple["concurrent.futures.Future[Any]", Callable[..., Any], tuple[Any, ...]]


class Abandoned(Exception):
    """The bot is stopping: the work was left to finish (or not) on its own."""


class Workers:
    """`size` daemon threads named `name`, started with the first work."""

    def __init__(self, name: str, size: int) -> None:
        self.name = name
        self.size = size
        self.jobs: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self.threads: list[threading.Thread] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.waiting: set[asyncio.Future[Any]] = set()

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        """`function(*args)` on one of the threads; raises `Abandoned` if the bot stops first."""
        if self.stopping.is_set():
            raise Abandoned(self.name)
        future = asyncio.wrap_future(self.submit(function, *args))
        self.waiting.add(future)
        try:
            return await future
        except asyncio.CancelledError:
            if self.stopping.is_set() and future.cancelled():
                raise Abandoned(self.name) from None
            raise
        finally:
            self.waiting.discard(future)

    def submit(self, function: Callable[..., T], *args: Any) -> concurrent.futures.Future[T]:
        future: concurrent.futures.Future[T] = concurrent.futures.Future()
        with self.lock:
            while len(self.threads) < self.size:
                number = len(self.threads) + 1
                thread = threading.Thread(target=self.work, name=f"{self.name}-{number}")
                thread.daemon = True
                self.threads.append(thread)
                thread.start()
            self.jobs.put((future, function, args))
        return future

    def abandon(self) -> None:
        """Stop waiting for the work: every `run` still waiting raises `Abandoned`, work not yet
        begun is dropped, and the threads end when they are done. Call it on the event loop."""
        self.stopping.set()
        for future in list(self.waiting):
            future.cancel()  # also cancels the job when no thread has begun it
        with self.lock:
            for _ in self.threads:
                self.jobs.put(None)

    def work(self) -> None:
        while True:
            job = self.jobs.get()
            if job is None:
                return
            future, function, args = job
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(function(*args))
                except BaseException as error:
                    future.set_exception(error)
