"""Process level: start the bot as an operator would, against the loopback stand-in."""

from __future__ import annotations

import subprocess
from pathlib import Path

from support.botapi import BotApiStub, private_chat
from support.running import BOT_COMMAND, bot_process, cli_environment

TOKEN = "987654:PROCESS-test-token-that-must-never-be-printed"


def test_bot_process_answers_and_stops_cleanly_on_sigint(stub: BotApiStub, tmp_path: Path) -> None:
    env = cli_environment(
        TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_BASE_URL=stub.base_url, LOG_LEVEL="DEBUG"
    )
    with bot_process(env, tmp_path) as bot:
        stub.wait_for(lambda: stub.sent("setMyCommands"), timeout=20)
        question = stub.user_message(private_chat(42), 42, "qatars role")
        stub.push(message=question)
        [reply] = stub.wait_for(lambda: stub.replies_to(question), timeout=10)
        out, err = bot.stop()
    assert "Qatar" in reply["text"]
    assert bot.returncode == 0
    logs = out + err
    assert "Started as @article_test_bot with 1 article(s), 7 paragraphs" in logs
    assert TOKEN not in logs
    assert "[REDACTED-TOKEN]" in logs  # at DEBUG, PTB does log URLs with the token: redacted
    assert TOKEN.split(":")[1] not in logs


def test_missing_token_stops_with_one_clear_line_and_exit_code_2(tmp_path: Path) -> None:
    done = subprocess.run(
        BOT_COMMAND, cwd=tmp_path, env=cli_environment(), capture_output=True, timeout=20
    )
    assert done.returncode == 2
    lines = done.stderr.decode().strip().splitlines()
    assert len(lines) == 1
    assert "TELEGRAM_BOT_TOKEN" in lines[0]
    assert "@BotFather" in lines[0]
    assert ".env.example" in lines[0]


def test_token_in_dotenv_file_is_used(stub: BotApiStub, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(f"TELEGRAM_BOT_TOKEN={TOKEN}\nKNOWLEDGE_DIR=missing-folder\n")
    done = subprocess.run(
        BOT_COMMAND, cwd=tmp_path, env=cli_environment(), capture_output=True, timeout=20
    )
    # It got past the token and stopped at the knowledge folder, with one line and code 2.
    assert done.returncode == 2
    assert "missing-folder" in done.stderr.decode()
    assert "Traceback" not in done.stderr.decode()
