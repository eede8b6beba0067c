"""What a private chat said last, so that a follow-up ("by when?") is read with it.

Per chat, the question answered last (as it was read), the rank of the match shown and that
paragraph, for `KEEP_SECONDS` (10 minutes). The chat is known by an HMAC of its id under a key
derived from the bot's token, never by the id itself. Where it is kept is a `ContextStore`: in
memory here (`MemoryStore`); a store shared by several replicas implements the same two calls.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable
from typing import Protocol

from knowledge import Turn

KEEP_SECONDS = 600.0
"""How long a chat's last question is kept for a follow-up."""
MAX_CHATS = 100_000
"""A memory store forgets expired chats once it holds this many."""


class ContextStore(Protocol):
    """A key-value store whose values expire."""

    def get(self, key: str) -> str | None:
        """The value put under `key`, or None when there is none or it has expired."""

    def put(self, key: str, value: str, ttl: float) -> None:
        """Keep `value` under `key` for `ttl` seconds (replacing what was there)."""


class MemoryStore:
    """A `ContextStore` in this process's memory (one replica; lost on restart)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.values: dict[str, tuple[float, str]] = {}

    def get(self, key: str) -> str | None:
        found = self.values.get(key)
        if found is None or found[0] <= self.clock():
            return None
        return found[1]

    def put(self, key: str, value: str, ttl: float) -> None:
        now = self.clock()
        if len(self.values) >= MAX_CHATS:
            self.values = {k: v for k, v in self.values.items() if v[0] > now}
        self.values[key] = (now + ttl, value)


def chat_key(secret: bytes, chat_id: int) -> str:
    """The name a chat is kept under: an HMAC-SHA256 of its id, never the id."""
    return hmac.new(secret, str(chat_id).encode(), hashlib.sha256).hexdigest()


def secret_from(token: str) -> bytes:
    """The HMAC key: derived from the bot's token, so replicas share it and nobody else has it."""
    return hashlib.sha256(b"article-bot conversations\0" + token.encode()).digest()


class Conversations:
    """The last question of each private chat, in a `ContextStore`."""

    def __init__(self, store: ContextStore, secret: bytes, keep: float = KEEP_SECONDS) -> None:
        self.store = store
        self.secret = secret
        self.keep = keep

    def before(self, chat_id: int) -> Turn | None:
        """What the chat's next message is read with, if it spoke in the last 10 minutes."""
        value = self.store.get(chat_key(self.secret, chat_id))
        return None if value is None else decode(value)

    def remember(self, chat_id: int, turn: Turn | None) -> None:
        """Keep `turn` for the chat's next message (None keeps what was there)."""
        if turn is not None:
            self.store.put(chat_key(self.secret, chat_id), encode(turn), self.keep)


def encode(turn: Turn) -> str:
    return json.dumps(
        {"question": turn.question, "rank": turn.rank, "shown": turn.shown}, ensure_ascii=False
    )


def decode(value: str) -> Turn | None:
    """A kept turn, or None when the value is not one (written by another version)."""
    try:
        data = json.loads(value)
        shown = data.get("shown")
        return Turn(
            str(data["question"]),
            int(data.get("rank", 0)),
            (str(shown[0]), int(shown[1])) if shown else None,
        )
    except (ValueError, KeyError, TypeError, IndexError):
        return None
