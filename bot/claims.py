"""Update claims: each update Telegram sends is answered once, whichever replica it reaches.

Telegram re-sends an update until one POST of it gets a 2xx. A replica `claim`s the update
before answering it and `finish`es it once answered; a re-sent update that is finished gets
`DONE` (acknowledge it, answer nothing), and one that another live replica is answering gets
`BUSY` (answer 503: Telegram re-sends it later). A replica that stops or fails without
finishing `release`s its claim; one that dies leaves it to be taken over (see
`bot.storage.postgres_claims`).

`MemoryClaims` is the store of a single replica without `DATABASE_URL`: a process that
restarts has acknowledged nothing that it had not finished, so memory is enough.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Literal, Protocol

Claim = Literal["mine", "done", "busy"]
MINE: Claim = "mine"
DONE: Claim = "done"
BUSY: Claim = "busy"
REMEMBERED = 100_000
"""Finished update ids kept in memory (Telegram re-sends an update for at most a day)."""


class Claims(Protocol):
    async def claim(self, update_id: int) -> Claim: ...

    async def finish(self, update_id: int) -> None: ...

    async def release(self, update_id: int) -> None: ...


class MemoryClaims:
    """Claims of the one process there is."""

    def __init__(self, remembered: int = REMEMBERED) -> None:
        self.remembered = remembered
        self.updates: OrderedDict[int, bool] = OrderedDict()
        """update id -> finished."""

    async def claim(self, update_id: int) -> Claim:
        finished = self.updates.get(update_id)
        if finished is None:
            self.updates[update_id] = False
            while len(self.updates) > self.remembered:
                self.updates.popitem(last=False)
            return MINE
        return DONE if finished else BUSY

    async def finish(self, update_id: int) -> None:
        self.updates[update_id] = True

    async def release(self, update_id: int) -> None:
        if self.updates.get(update_id) is False:
            del self.updates[update_id]
