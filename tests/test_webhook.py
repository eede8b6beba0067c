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

    def __init__(self, stub: BotApiStub, cwd: Path, **env: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/tg"
        environment = cli_environment(
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_BASE_URL=stub.base_url,
            WEBHOOK_URL="https://bot.example.org/tg",
            WEBHOOK_SECRET=SECRET,
            WEBHOOK_PORT=str(self.port),
            **env,
        )
        self.process = subprocess.Popen(
            BOT_COMMAND, cwd=cwd, env=environment, stderr=subprocess.PIPE, text=True
        )

    def health(self) -> httpx.Response | None:
        try:
            return httpx.get(f"http://127.0.0.1:{self.port}/healthz", timeout=5)
        except httpx.HTTPError:
            return None

    def wait_healthy(self, timeout: float = 30.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.process.communicate()[1]
            answer = self.health()
            if answer is not None and answer.status_code == 200:
                return answer.json()  # type: ignore[no-any-return]
            time.sleep(0.1)
        raise TimeoutError("the replica never became healthy")

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.communicate(timeout=15)[1]
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.communicate()[1]


@pytest.fixture
def replica(stub: BotApiStub, tmp_path: Path) -> Iterator[Replica]:
    running = Replica(stub, tmp_path)
    yield running
    running.stop()


@pytest.fixture
def sender(stub: BotApiStub, replica: Replica) -> Iterator[WebhookSender]:
    delivering = WebhookSender(stub, replica.url, SECRET)
    yield delivering
    delivering.close()


def test_webhook_replica_answers_and_says_it_is_healthy(
    stub: BotApiStub, replica: Replica, sender: WebhookSender
) -> None:
    health = replica.wait_healthy()
    assert health["articles"] == 1
    assert health["paragraphs"] > 5
    question = stub.user_message(private_chat(42), 42, "qatars role")
    update_id = stub.push(message=question)
    [reply] = stub.wait_for(lambda: stub.replies_to(question))
    assert "<blockquote>" in reply["text"]
    sender.wait_delivered([update_id])
    assert sender.answers[update_id] == [200]
    assert not stub.sent("getUpdates"), "webhook mode does not poll"


def test_update_without_the_secret_gets_403_and_no_reply(
    stub: BotApiStub, replica: Replica, sender: WebhookSender
) -> None:
    replica.wait_healthy()
    question = stub.user_message(private_chat(42), 42, "qatars role")
    update = {"update_id": 999, "message": question}
    assert sender.post(update, secret=None) == 403
    assert sender.post(update, secret=SECRET + "x") == 403
    answered = stub.user_message(private_chat(43), 43, "who mediates?")
    stub.push(message=answered)
    stub.wait_for(lambda: stub.replies_to(answered))
    assert not stub.replies_to(question)


def test_a_resent_update_gets_one_reply(
    stub: BotApiStub, replica: Replica, sender: WebhookSender
) -> None:
    replica.wait_healthy()
    question = stub.user_message(private_chat(42), 42, "qatars role")
    update = {"update_id": 500, "message": question}
    assert sender.post(update, SECRET) == 200
    assert sender.post(update, SECRET) == 200  # Telegram re-sends: the answer was lost
    later = stub.user_message(private_chat(42), 42, "who mediates?")
    assert sender.post({"update_id": 501, "message": later}, SECRET) == 200
    assert len(stub.replies_to(question)) == 1
    assert len(stub.replies_to(later)) == 1


def test_sigterm_stops_a_webhook_replica_cleanly(stub: BotApiStub, replica: Replica) -> None:
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
    assert "(none)" in run_cli("webhook", "info", env=env).stdout


def test_webhook_set_needs_the_webhook_settings(stub: BotApiStub) -> None:
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": stub.base_url}
    done = run_cli("webhook", "set", env=env)
    assert done.returncode == 2
    assert "WEBHOOK_URL" in done.stderr
    assert not stub.sent("setWebhook")
