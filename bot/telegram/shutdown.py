"""Stopping within seconds, even with replies queued behind Telegram's rate limits.

PTB's `AIORateLimiter` holds each request until the chat's limit allows it (20 messages a
minute in a group), and `Application.stop` waits for every handler to finish. With 60 replies
queued for one group, that is three minutes: longer than systemd (90 s) or docker (10 s) wait.

Here `Application.stop` first tells the rate limiter to drop what is still waiting for its
turn; requests already on the wire finish. It also stops waiting for slow work (an admin's
fetch, a rebuild: see `bot.workers`), which is left to end with the process. The handlers
whose replies were dropped end with `ReplyDropped`, which the error handler passes over in
silence, and the number dropped is logged once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine, Iterator
from contextvars import ContextVar
from typing import Any

from telegram.ext import AIORateLimiter, Application, ExtBot

from bot.telegram.context import BotData, Context

logger = logging.getLogger(__name__)

Result = Any
"""What a Bot API call returns (PTB's `bool | JSONDict | list[JSONDict]`)."""


class ReplyDropped(Exception):
    """A request that was still waiting for the rate limiter when the bot stopped."""


_DROPPED: ContextVar[list[str] | None] = ContextVar("dropped replies", default=None)


@contextlib.contextmanager
def dropped_replies() -> Iterator[list[str]]:
    """The Bot API methods dropped while the block runs, in this task (webhook mode: an update
    whose reply was dropped is not acknowledged, so Telegram sends it to another replica)."""
    dropped: list[str] = []
    token = _DROPPED.set(dropped)
    try:
        yield dropped
    finally:
        _DROPPED.reset(token)


def _note_drop(endpoint: str) -> None:
    dropped = _DROPPED.get()
    if dropped is not None:
        dropped.append(endpoint)


class DroppingRateLimiter(AIORateLimiter):
    """`AIORateLimiter` that can drop every request still waiting for its turn."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.dropped = 0
        self._stopping: asyncio.Event | None = None

    async def initialize(self) -> None:
        await super().initialize()
        self._stopping = asyncio.Event()

    def drop_queued(self) -> None:
        """From now on, a request that is not already being sent is dropped."""
        if self._stopping is not None:
            self._stopping.set()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        stopping = self._stopping
        if stopping is None:
            return await super().process_request(
                callback, args, kwargs, endpoint, data, rate_limit_args
            )
        if stopping.is_set():
            self.dropped += 1
            _note_drop(endpoint)
            raise ReplyDropped(endpoint)
        sending = 0

        async def send(*call_args: Any, **call_kwargs: Any) -> Result:
            nonlocal sending
            sending += 1
            try:
                return await callback(*call_args, **call_kwargs)
            finally:
                sending -= 1

        request = asyncio.ensure_future(
            super().process_request(send, args, kwargs, endpoint, data, rate_limit_args)
        )
        stop = asyncio.ensure_future(stopping.wait())
        try:
            while not request.done():
                if not stop.done():
                    await asyncio.wait({request, stop}, return_when=asyncio.FIRST_COMPLETED)
                elif sending:  # on the wire: let it finish
                    await asyncio.wait({request}, timeout=0.1)
                else:
                    self.dropped += 1
                    _note_drop(endpoint)
                    raise ReplyDropped(endpoint)
            return request.result()
        finally:
            stop.cancel()
            if not request.done():
                request.cancel()


class QuickStopApplication(
    Application[ExtBot[Any], Context, dict[Any, Any], dict[Any, Any], BotData, Any]
):
    """PTB's `Application`, whose `stop` drops replies still waiting for the rate limiter."""

    async def stop(self) -> None:
        limiter = self.bot.rate_limiter
        if isinstance(limiter, DroppingRateLimiter):
            limiter.drop_queued()
        self.bot_data.abandon_slow_work()  # an admin's fetch may take its whole deadline
        await super().stop()
        if isinstance(limiter, DroppingRateLimiter) and limiter.dropped:
            logger.warning(
                "Stopped without sending %d queued message(s) (held back by Telegram's rate "
                "limits)",
                limiter.dropped,
            )
