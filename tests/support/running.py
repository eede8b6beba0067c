"""Running the bot as the tests do: the real Application against the stand-in, and the CLI.

Plain functions, imported by `conftest.py` and the test modules that start and stop the bot
themselves (a restart in the middle of a test).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from telegram.ext import Application

from bot.questionlog import QuestionLog
from bot.settings import Settings
from bot.telegram.app import build_application
from knowledge import KnowledgeBase
from support.botapi import BotApiStub

ROOT = Path(__file__).resolve().parents[2]
FAKE_TOKEN = "123456:TEST-token-for-the-loopback-stand-in"
CLI_TIMEOUT = 60
BOT_COMMAND = [sys.executable, "-m", "bot"]
"""What `make run` runs."""
Bot = Application  # type: ignore[type-arg]


async def start_polling(
    stub: BotApiStub,
    knowledge: KnowledgeBase,
    questions: QuestionLog | None = None,
    **settings: Any,
) -> Bot:
    """The real Application with its real HTTP client, polling the stand-in, as `run_polling`
    starts it; `settings` are more `Settings` fields (`admin_ids=...`)."""
    config = Settings(FAKE_TOKEN, base_url=stub.base_url, **settings)
    application = build_application(config, knowledge, questions)
    await application.initialize()
    assert application.post_init is not None
    await application.post_init(application)
    assert application.updater is not None
    await application.updater.start_polling(timeout=1)
    await application.start()
    return application


async def stop_polling(application: Bot) -> None:
    """Stop it as `run_polling` does on Ctrl-C (the question log is written and closed)."""
    assert application.updater is not None
    await application.updater.stop()
    await application.stop()
    assert application.post_stop is not None
    await application.post_stop(application)
    await application.shutdown()
    assert application.post_shutdown is not None
    await application.post_shutdown(application)


def cli_environment(**values: str) -> dict[str, str]:
    """The test's environment (DATA_DIR and XDG_* in tmp, see conftest) with nothing that
    points the bot at Telegram or another knowledge folder, then `values`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "KNOWLEDGE"))}
    env["PYTHONPATH"] = str(ROOT)
    env["PYTHONIOENCODING"] = "utf-8"
    return {**env, **values}


def run_cli(
    *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m bot ARGS...` as an operator runs it (with `env` too, `stdin` piped in), its
    output captured."""
    return subprocess.run(
        [*BOT_COMMAND, *args],
        cwd=cwd,
        input=stdin,
        env=cli_environment(**(env or {})),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=CLI_TIMEOUT,
        check=False,
    )


STOP_TIMEOUT = 15


@dataclass
class BotProcess:
    """`python -m bot` running in a child process, as `make run` runs it."""

    process: subprocess.Popen[bytes]

    def stop(self) -> tuple[str, str]:
        """Ctrl-C (SIGINT) and wait for it to exit; its stdout and stderr. A bot that does not
        exit within `STOP_TIMEOUT` seconds is killed, and the test fails on its exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            out, err = self.process.communicate(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            out, err = self.process.communicate()
        return (out or b"").decode(), (err or b"").decode()

    @property
    def returncode(self) -> int | None:
        return self.process.returncode


@contextmanager
def bot_process(env: dict[str, str], cwd: Path) -> Iterator[BotProcess]:
    """Start the bot as a process with `env` in `cwd`; it is stopped (SIGINT, then kill) on
    leaving, whatever the test did."""
    with subprocess.Popen(
        BOT_COMMAND, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as process:
        running = BotProcess(process)
        try:
            yield running
        finally:
            running.stop()
