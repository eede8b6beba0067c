"""What an operator sees when Telegram says no at startup: one true line, the right exit code."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from support.botapi import BotApiStub, private_chat
from support.running import BOT_COMMAND, bot_process, cli_environment
from test_bot_process import TOKEN


def start_failing(stub: BotApiStub, tmp_path: Path, method: str, status: int, why: str) -> str:
    """Run the bot against a stand-in that refuses `method`; its stderr, after it exits."""
    for _ in range(5):
        stub.fail_next(method, status, {"description": why})
    env = cli_environment(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_BASE_URL=stub.base_url)
    done = subprocess.run(BOT_COMMAND, cwd=tmp_path, env=env, capture_output=True, timeout=60)
    assert done.returncode == (2 if status == 401 else 1), done.stderr.decode()
    return done.stderr.decode()


def test_wrong_token_stops_with_one_line_and_exit_code_2(stub: BotApiStub, tmp_path: Path) -> None:
    err = start_failing(stub, tmp_path, "getMe", 401, "Unauthorized")
    assert "Traceback" not in err
    [line] = [line for line in err.splitlines() if " ERROR " in line]
    assert "rejected TELEGRAM_BOT_TOKEN" in line


def test_unreachable_api_stops_with_one_line_and_exit_code_1(tmp_path: Path) -> None:
    env = cli_environment(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_BASE_URL="http://127.0.0.1:9/bot")
    done = subprocess.run(BOT_COMMAND, cwd=tmp_path, env=env, capture_output=True, timeout=60)
    err = done.stderr.decode()
    assert done.returncode == 1
    assert "Traceback" not in err
    [line] = [line for line in err.splitlines() if " ERROR " in line]
    assert "Cannot reach the Telegram Bot API" in line


def test_refused_request_at_startup_is_not_called_unreachable(
    stub: BotApiStub, tmp_path: Path
) -> None:
    err = start_failing(stub, tmp_path, "getMe", 400, "Bad Request: not today")
    [line] = [line for line in err.splitlines() if " ERROR " in line]
    assert "Telegram refused a request at startup: Not today" in line
    assert "Cannot reach" not in err


@pytest.mark.parametrize(
    ("status", "why", "said"),
    [
        (400, "Bad Request: BOT_COMMAND_INVALID", "Bot_command_invalid"),
        (403, "Forbidden: bot was blocked by the user", "Forbidden: bot was blocked by the user"),
        (502, "Bad Gateway", "Bad Gateway"),
    ],
)
def test_refused_command_menu_is_one_warning_and_the_bot_still_answers(
    stub: BotApiStub, tmp_path: Path, status: int, why: str, said: str
) -> None:
    stub.fail_next("setMyCommands", status, {"description": why})  # everyone's menu
    stub.fail_next("setMyCommands", status, {"description": why})  # the admin's menu
    env = cli_environment(
        TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_BASE_URL=stub.base_url, ADMIN_IDS="43"
    )
    with bot_process(env, tmp_path) as bot:
        question = stub.user_message(private_chat(43), 43, "qatars role")
        stub.push(message=question)
        [reply] = stub.wait_for(lambda: stub.replies_to(question), timeout=30)
        _, logs = bot.stop()
    assert "Qatar" in reply["text"]
    assert bot.returncode == 0
    assert f"Telegram refused the command menu (setMyCommands): {said}" in logs
    assert f"No admin menu for user 43 ({said})" in logs
    assert "Cannot reach" not in logs
