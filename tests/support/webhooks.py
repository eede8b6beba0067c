"""Webhook delivery, as Telegram does it: POST each update to the bot with the secret header,
and send it again after any answer that is not 2xx (or no answer at all).

`WebhookSender(stub, url, secret)` makes `stub.push(...)` deliver this way. Up to
`CONNECTIONS` updates are in flight at once (Telegram's default `max_connections` is 40).
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from support.botapi import BotApiStub

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
CONNECTIONS = 40
RESEND_AFTER = 0.3
"""Seconds before an update is sent again (Telegram waits longer, and longer each time)."""
GIVE_UP_AFTER = 30.0


class WebhookSender:
    """Delivers the stand-in's updates to `url`; `answers[update_id]` lists each POST's
    status (0: no answer, the connection failed)."""

    def __init__(self, stub: BotApiStub, url: str, secret: str) -> None:
        self.url, self.secret = url, secret
        self.lock = threading.Condition()
        self.answers: dict[int, list[int]] = {}
        self.pool = ThreadPoolExecutor(CONNECTIONS, thread_name_prefix="webhook")
        self.client = httpx.Client(timeout=20, limits=httpx.Limits(max_connections=CONNECTIONS))
        self.stub = stub
        stub.webhook = self.send

    def close(self) -> None:
        self.stub.webhook = None
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.client.close()

    def send(self, update: dict[str, Any]) -> None:
        """Deliver `update` in the background until it gets a 2xx."""
        with self.lock:
            self.answers[update["update_id"]] = []
        self.pool.submit(self._deliver, update)

    def post(self, update: dict[str, Any], secret: str | None) -> int:
        """POST `update` once with `secret` (None: no header); the status, 0 when none came."""
        headers = {} if secret is None else {SECRET_HEADER: secret}
        try:
            return self.client.post(self.url, json=update, headers=headers).status_code
        except httpx.HTTPError:
            return 0

    def delivered(self, update_id: int) -> bool:
        with self.lock:
            return any(200 <= status < 300 for status in self.answers.get(update_id, []))

    def wait_delivered(self, update_ids: list[int], timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        with self.lock:
            while not all(self.delivered(u) for u in update_ids):
                left = deadline - time.monotonic()
                if left <= 0:
                    missing = [u for u in update_ids if not self.delivered(u)]
                    raise TimeoutError(f"not acknowledged: {missing}; answers: {self.answers}")
                self.lock.wait(left)

    def _deliver(self, update: dict[str, Any]) -> None:
        deadline = time.monotonic() + GIVE_UP_AFTER
        while time.monotonic() < deadline:
            status = self.post(update, self.secret)
            with self.lock:
                self.answers[update["update_id"]].append(status)
                self.lock.notify_all()
            if 200 <= status < 300:
                return
            time.sleep(RESEND_AFTER)
