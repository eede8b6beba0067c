"""The operator's loop, as run for real: the bot process answers, stops, and `report` tells."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from support.botapi import BotApiStub, private_chat
from support.running import BOT_COMMAND, bot_process, cli_environment

TOKEN = "987654:OPERATOR-test-token"
QUESTIONS = [
    "Who is mediating the talks?",
    "What is the capital of France?",
    "what is the capital of france",
    "What is the capital of Frnace?",
    "Who painted the Mona Lisa?",
    "qatars role",
]


def test_report_after_a_run_lists_the_unanswered_questions(
    stub: BotApiStub, tmp_path: Path
) -> None:
    env = cli_environment(DATA_DIR=str(tmp_path / "data"))
    bot_env = {**env, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": stub.base_url}
    with bot_process(bot_env, tmp_path) as bot:
        stub.wait_for(lambda: stub.sent("setMyCommands"), timeout=20)
        for number, question in enumerate(QUESTIONS):
            message = stub.user_message(private_chat(300 + number), 300 + number, question)
            stub.push(message=message)
            stub.wait_for(lambda m=message: stub.replies_to(m), timeout=10)
        _, err = bot.stop()
    assert bot.returncode == 0, err
    done = subprocess.run(
        [*BOT_COMMAND, "report", "--json"], cwd=tmp_path, env=env, capture_output=True, timeout=30
    )
    assert done.returncode == 0, done.stderr.decode()
    found = json.loads(done.stdout)
    assert (found["questions"], found["answered"]) == (6, 2)
    france, mona_lisa = found["unanswered"]  # the three wordings of one question count as one
    assert france["question"] in QUESTIONS[1:4]
    assert france["count"] == 3
    assert mona_lisa == {"question": "Who painted the Mona Lisa?", "count": 1}
