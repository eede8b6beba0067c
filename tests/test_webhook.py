"""Webhook mode (`WEBHOOK_URL`): one bot process answering the stand-in's POSTs."""

from __future__ import annotations

import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from support.botapi import BotApiStub, private_chat
from support.running import BOT_COMMAND, cli_environment, run_cli
from support.webhooks import WebhookSender

TOKEN = "987654:WEBHOOK-test-token"
SECRET = "s3cret_for-the-test"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Replica:
    """`python -m bot` in webhook mode on its own port, as an operator starts it."""

    def __init__(self, stub: BotApiStub, folder: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/tg"
        self.log = folder / "bot.log"
        environment = cli_environment(
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_BASE_URL=stub.base_url,
            WEBHOOK_URL="https://bot.example.org/tg",
            WEBHOOK_SECRET=SECRET,
            WEBHOOK_PORT=str(self.port),
            DATA_DIR=str(folder / "data"),
            XDG_CACHE_HOME=str(folder / "cache"),
            XDG_DATA_HOME=str(folder / "data-home"),
        )
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                BOT_COMMAND, cwd=folder, env=environment, stdout=subprocess.DEVNULL, stderr=log
            )

    def health(self) -> httpx.Response | None:
        try:
            return httpx.get(f"http://127.0.0.1:{self.port}/healthz", timeout=5)
        except httpx.HTTPError:
            return None

    def wait_healthy(self, timeout: float = 30.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            answer = self.health()
            if answer is not None and answer.status_code == 200:
                return answer.json()  # type: ignore[no-any-return]
            time.sleep(0.1)
        raise TimeoutError("the replica never became healthy")

    def stop(self) -> str:
        """SIGTERM, and what it wrote on stderr."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        return self.log.read_text()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[BotApiStub, Replica]]:
    """One stand-in and one webhook replica for the module (the last test stops it)."""
    stub = BotApiStub().start()
    running = Replica(stub, tmp_path_factory.mktemp("webhook"))
    yield stub, running
    running.stop()
    stub.stop()


@pytest.fixture
def replica(served: tuple[BotApiStub, Replica]) -> Replica:
    return served[1]


@pytest.fixture
def hooked(served: tuple[BotApiStub, Replica]) -> BotApiStub:
    return served[0]


@pytest.fixture
def sender(hooked: BotApiStub, replica: Replica) -> Iterator[WebhookSender]:
    delivering = WebhookSender(hooked, replica.url, SECRET)
    yield delivering
    delivering.close()


def test_webhook_replica_answers_and_says_it_is_healthy(
    hooked: BotApiStub, replica: Replica, sender: WebhookSender
) -> None:
    health = replica.wait_healthy()
    assert health["articles"] == 1
    assert health["paragraphs"] > 5
    question = hooked.user_message(private_chat(42), 42, "qatars role")
    update_id = hooked.push(message=question)
    [reply] = hooked.wait_for(lambda: hooked.replies_to(question))
    assert "<blockquote>" in reply["text"]
    sender.wait_delivered([update_id])
    assert sender.answers[update_id] == [200]
    assert not hooked.sent("getUpdates"), "webhook mode does not poll"


def test_update_without_the_secret_gets_403_and_no_reply(
    hooked: BotApiStub, replica: Replica, sender: WebhookSender
) -> None:
    replica.wait_healthy()
    question = hooked.user_message(private_chat(42), 42, "qatars role")
    update = {"update_id": 999, "message": question}
    assert sender.post(update, secret=None) == 403
    assert sender.post(update, secret=SECRET + "x") == 403
    answered = hooked.user_message(private_chat(43), 43, "who mediates?")
    hooked.push(message=answered)
    hooked.wait_for(lambda: hooked.replies_to(answered))
    assert not hooked.replies_to(question)


def test_a_resent_update_gets_one_reply(
    hooked: BotApiStub, replica: Replica, sender: WebhookSender
) -> None:
    replica.wait_healthy()
    question = hooked.user_message(private_chat(42), 42, "qatars role")
    update = {"update_id": 500, "message": question}
    assert sender.post(update, SECRET) == 200
    assert sender.post(update, SECRET) == 200  # Telegram re-sends: the answer was lost
    later = hooked.user_message(private_chat(42), 42, "who mediates?")
    assert sender.post({"update_id": 501, "message": later}, SECRET) == 200
    assert len(hooked.replies_to(question)) == 1
    assert len(hooked.replies_to(later)) == 1


def test_sigterm_stops_a_webhook_replica_cleanly(hooked: BotApiStub, replica: Replica) -> None:
    replica.wait_healthy()
    err = replica.stop()
    assert replica.process.returncode == 0, err
    assert "Traceback" not in err
    assert TOKEN not in err


def test_webhook_command_sets_reads_and_deletes_the_webhook(stub: BotApiStub) -> None:
    env = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": stub.base_url,
        "WEBHOOK_URL": "https://bot.example.org/tg",
        "WEBHOOK_SECRET": SECRET,
    }
    done = run_cli("webhook", "set", env=env)
    assert done.returncode == 0, done.stderr
    [call] = stub.sent("setWebhook")
    assert call["url"] == "https://bot.example.org/tg"
    assert call["secret_token"] == SECRET
    assert "drop_pending_updates" not in call
    info = run_cli("webhook", "info", env=env)
    assert "https://bot.example.org/tg" in info.stdout
    deleted = run_cli("webhook", "delete", env=env)
    assert deleted.returncode == 0, deleted.stderr
    [call] = stub.sent("deleteWebhook")
    assert "drop_pending_updates" not in call
    assert stub.webhook_info["url"] == "", "Telegram would poll again"


def test_a_send_cut_short_by_a_killed_replica_gets_400_from_the_stand_in(
    stub: BotApiStub,
) -> None:
    """A replica killed between a request's headers and its body leaves an empty body:
    Telegram answers 400, and so does the stand-in (it raised KeyError before)."""
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    answer = httpx.post(f"{stub.base_url}{TOKEN}/sendMessage", content=b"", headers=form)
    assert answer.status_code == 400
    assert answer.json()["description"] == "Bad Request: chat_id is empty"
    assert not stub.sent(), "nothing was sent"


def test_webhook_set_needs_the_webhook_settings(stub: BotApiStub) -> None:
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": stub.base_url}
    done = run_cli("webhook", "set", env=env)
    assert done.returncode == 2
    assert "WEBHOOK_URL" in done.stderr
    assert not stub.sent("setWebhook")


async def test_before_the_articles_are_loaded_health_is_503_and_updates_wait() -> None:
    from bot.claims import MemoryClaims
    from bot.settings import Settings
    from bot.telegram.webhook import Serving, web_app

    settings = Settings(TOKEN, webhook_url="https://bot.example.org/tg", webhook_secret=SECRET)
    app = web_app(Serving(settings, MemoryClaims()))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bot") as client:
        assert (await client.get("/healthz")).status_code == 503
        update = {"update_id": 1, "message": {}}
        assert (await client.post("/tg", json=update)).status_code == 403
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        starting = await client.post("/tg", json=update, headers=headers)
        assert starting.status_code == 503, "not acknowledged: Telegram sends it again"
        assert (await client.post("/other", json=update, headers=headers)).status_code == 404
