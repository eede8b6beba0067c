"""`ask` with hostile and careless input: bytes in, one reply (one JSON line) out per line."""

from __future__ import annotations

import json
import subprocess

from support.running import BOT_COMMAND, ROOT, cli_environment


def run_ask(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*BOT_COMMAND, "ask", *args],
        cwd=ROOT,
        env=cli_environment(),
        input=stdin,
        capture_output=True,
        timeout=60,
        check=False,
    )


def test_ask_with_a_kaomoji_quotes_the_answer() -> None:
    result = run_ask("(ﾟ∀ﾟ) who mediates?")
    assert result.returncode == 0, result.stderr.decode()
    assert "mediat" in result.stdout.decode("utf-8")
    assert not result.stderr


def test_ask_json_answers_every_line_after_invalid_utf8_and_blank_lines() -> None:
    result = run_ask("--json", stdin=b"who mediates?\n\xff\xfe caf\xe9\n\nqatar role\n")
    assert result.returncode == 0, result.stderr.decode()
    records = [json.loads(line) for line in result.stdout.decode("utf-8").split("\n")[:-1]]
    assert [r["question"] for r in records] == [
        "who mediates?",
        "\ufffd\ufffd caf\ufffd",
        "",
        "qatar role",
    ]
    assert records[0]["answer"]
    assert records[2]["answer"] is None
    assert records[3]["answer"]


def test_ask_json_never_prints_a_raw_line_separator() -> None:
    result = run_ask("--json", "who\u2028mediates\u2029the talks\x85?")
    assert result.returncode == 0, result.stderr.decode()
    text = result.stdout.decode("utf-8")
    assert len(text.splitlines()) == 1
    assert json.loads(text)["question"] == "who\u2028mediates\u2029the talks\x85?"
