"""`python -m benchmarks.live`: seconds from a file dropped into a running bot's folder to the
first answer quoting it, and from SIGINT to exit.

The bot runs as an operator runs it (`python -m bot`, its own process), polling the Bot API
stand-in of the tests on 127.0.0.1. A new article is written under a hidden name and renamed
into the folder, then its question is asked every 0.2 s until the reply quotes it.
`--archive` drops it into a copy of the benchmark archive (`--size` paragraphs, 50,000 by
default) instead of a folder holding the bundled article. Last, the first file dropped is
removed again, and timed until the reply no longer quotes it; with `--settle S`, questions go on
for S seconds more while the watcher puts the index back in one piece (its log says when).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import archive
from knowledge import BUNDLED_DIR

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from support.botapi import BotApiStub, private_chat  # noqa: E402

TOKEN = "123456:live-benchmark-token"
ARTICLE = """# The {name} tram line opens

The new {name} tram line from the old town to the airport opened on Monday, carrying
commuters between the harbour and the terminal in eighteen minutes.

Night services on the {name} line will run every thirty minutes on Fridays and Saturdays.
"""
QUESTION = "When did the {name} tram line open?"
NAMES = ("Amberwick", "Birchmoor", "Cedarholt", "Dunmarrow", "Elmsgate", "Fernclough")


def ask_until_quoted(stub: BotApiStub, name: str, timeout: float) -> tuple[float, list[float]]:
    """Ask about the `name` line until the reply quotes it: the monotonic time of that reply,
    and how long each reply took (the bot answers from the old index meanwhile)."""
    deadline = time.monotonic() + timeout
    words = f"{name} tram line"
    waits = []
    while time.monotonic() < deadline:
        message = stub.user_message(private_chat(5), 5, QUESTION.format(name=name))
        asked = time.monotonic()
        stub.push(message=message)
        [reply] = stub.wait_for(lambda m=message: stub.replies_to(m), timeout=timeout)
        waits.append(time.monotonic() - asked)
        quote = reply["text"].partition("</blockquote>")[0]
        if quote.startswith("<blockquote>") and words in re.sub(r"<[^>]+>", "", quote):
            return time.monotonic(), waits
        time.sleep(0.2)
    raise TimeoutError(f"no answer quoting {words!r} within {timeout} s")


def ask_until_gone(stub: BotApiStub, name: str, timeout: float) -> float:
    """Ask about the `name` line until the reply no longer quotes it: the monotonic time."""
    deadline = time.monotonic() + timeout
    words = f"{name} tram line"
    while time.monotonic() < deadline:
        message = stub.user_message(private_chat(5), 5, QUESTION.format(name=name))
        stub.push(message=message)
        [reply] = stub.wait_for(lambda m=message: stub.replies_to(m), timeout=timeout)
        quote = reply["text"].partition("</blockquote>")[0]
        if not (quote.startswith("<blockquote>") and words in re.sub(r"<[^>]+>", "", quote)):
            return time.monotonic()
        time.sleep(0.2)
    raise TimeoutError(f"still quoting {words!r} after {timeout} s")


def ask_for(stub: BotApiStub, name: str, seconds: float) -> list[float]:
    """Ask about the `name` line every 0.2 s for `seconds`: how long each reply took (each
    must still quote it)."""
    deadline = time.monotonic() + seconds
    waits = []
    while time.monotonic() < deadline:
        message = stub.user_message(private_chat(5), 5, QUESTION.format(name=name))
        asked = time.monotonic()
        stub.push(message=message)
        [reply] = stub.wait_for(lambda m=message: stub.replies_to(m), timeout=60)
        waits.append(time.monotonic() - asked)
        if f"{name} tram line" not in re.sub(r"<[^>]+>", "", reply["text"]):
            raise RuntimeError(f"the {name} line is no longer quoted: {reply['text']!r}")
        time.sleep(0.2)
    return waits


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.live", description=__doc__)
    parser.add_argument("--drops", type=int, default=3, choices=range(1, len(NAMES) + 1))
    parser.add_argument("--archive", action="store_true", help="drop into the archive")
    parser.add_argument("--size", type=int, default=archive.PARAGRAPHS, help="its paragraphs")
    parser.add_argument("--data", type=Path, default=REPO / ".." / "shared" / "eval")
    parser.add_argument("--cache", type=Path, default=REPO / "benchmarks" / "data")
    parser.add_argument(
        "--settle",
        type=float,
        default=0.0,
        help="then ask for this many seconds more (the index is merged meanwhile)",
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="live-bench-") as temp:
        folder = Path(temp) / "articles"
        if args.archive:
            source, _ = archive.build(
                args.data / "squad_dev_visible.jsonl",
                args.cache
                if args.size == archive.PARAGRAPHS
                else args.cache / f"scale-{args.size}",
                args.size,
            )
            shutil.copytree(source, folder)
        else:
            shutil.copytree(BUNDLED_DIR, folder)
        stub = BotApiStub().start()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ADMIN"))}
        env |= {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_BASE_URL": stub.base_url,
            "KNOWLEDGE_DIR": str(folder),
            "XDG_CACHE_HOME": str(Path(temp) / "cache"),
            "DATA_DIR": str(Path(temp) / "data"),
            "LOG_QUESTIONS": "off",
        }
        started = time.monotonic()
        bot = subprocess.Popen([sys.executable, "-m", "bot"], cwd=temp, env=env)
        try:
            stub.wait_for(lambda: stub.sent("setMyCommands"), timeout=300)
            print(f"bot ready in {time.monotonic() - started:.1f} s", flush=True)
            time.sleep(1)  # the watcher starts right after the menu is set
            for name in NAMES[: args.drops]:
                hidden = folder / f".{name}.md"
                hidden.write_text(ARTICLE.format(name=name), encoding="utf-8")
                dropped = time.monotonic()
                hidden.rename(folder / f"{name}.md")
                answered, waits = ask_until_quoted(stub, name, timeout=120)
                print(
                    f"{name}.md: answered {answered - dropped:.2f} s after the drop; "
                    f"{len(waits)} questions meanwhile, slowest reply {max(waits):.2f} s",
                    flush=True,
                )
            first = NAMES[0]
            removed = time.monotonic()
            (folder / f"{first}.md").unlink()
            gone = ask_until_gone(stub, first, timeout=120)
            print(f"{first}.md: no longer quoted {gone - removed:.2f} s after removal", flush=True)
            if args.settle:
                waits = ask_for(stub, NAMES[1], args.settle)
                print(
                    f"{len(waits)} questions in the next {args.settle:.0f} s (the watcher merges "
                    f"the index meanwhile): slowest reply {max(waits):.2f} s",
                    flush=True,
                )
            stopping = time.monotonic()
            bot.send_signal(signal.SIGINT)
            bot.wait(timeout=60)
            print(f"SIGINT to exit: {time.monotonic() - stopping:.2f} s", flush=True)
        finally:
            if bot.poll() is None:
                bot.kill()
            stub.stop()


if __name__ == "__main__":
    main()
