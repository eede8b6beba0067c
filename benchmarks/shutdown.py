"""`python -m benchmarks.shutdown`: seconds from SIGTERM to exit with replies queued.

The bot runs as an operator runs it (`python -m bot`, its own process), polling the Bot API
stand-in of the tests on 127.0.0.1. `--replies` questions (default 60) are asked at once in one
group, where Telegram allows 20 messages a minute; once the first replies are out, the bot gets
SIGTERM. Printed: the seconds to exit, how many replies were sent, and the bot's last log line.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from support.botapi import BotApiStub, group_chat  # noqa: E402

TOKEN = "123456:shutdown-benchmark-token"
GROUP = group_chat(-100555)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.shutdown", description=__doc__)
    parser.add_argument("--replies", type=int, default=60)
    parser.add_argument("--wait", type=float, default=300, help="give up after this many s")
    args = parser.parse_args(argv)
    stub = BotApiStub().start()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "KNOWLEDGE"))}
    with tempfile.TemporaryDirectory() as home:
        env.update(
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_BASE_URL=stub.base_url,
            PYTHONPATH=str(REPO),
            XDG_CACHE_HOME=f"{home}/cache",
            DATA_DIR=f"{home}/data",
        )
        with subprocess.Popen(
            [sys.executable, "-m", "bot"], cwd=home, env=env, stderr=subprocess.PIPE, text=True
        ) as bot:
            try:
                stub.wait_for(lambda: stub.sent("setMyCommands"), timeout=60)

                def to_group() -> list[object]:
                    return [m for m in stub.sent() if m["chat_id"] == str(GROUP["id"])]

                for user in range(args.replies):
                    stub.push(message=stub.user_message(GROUP, 700 + user, "/ask qatars role"))
                stub.wait_for(lambda: len(to_group()) >= min(20, args.replies), timeout=60)
                started = time.monotonic()
                bot.send_signal(signal.SIGTERM)
                _, err = bot.communicate(timeout=args.wait)
                seconds = time.monotonic() - started
            finally:
                if bot.poll() is None:
                    bot.kill()
    stub.stop()
    last = [line for line in err.splitlines() if line.strip()][-1:]
    print(
        f"SIGTERM with {args.replies} replies queued for one group: exit after {seconds:.1f} s, "
        f"{len(to_group())} sent, exit code {bot.returncode}"
    )
    print(f"last log line: {last[0] if last else ''}")


if __name__ == "__main__":
    main()
