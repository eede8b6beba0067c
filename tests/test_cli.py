"""The command line as a user runs it: `python -m bot ask` and `python -m bot eval`."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED_DEV = ROOT.parent / "shared" / "eval" / "seed_dev.jsonl"
needs_seed_dev = pytest.mark.skipif(
    not SEED_DEV.is_file(), reason=f"seed question set not found at {SEED_DEV}"
)

CONTRACT_KEYS = {"question", "answer", "score", "source", "alternatives"}
TIMEOUT = 60


def environment() -> dict[str, str]:
    """The caller's environment without settings that would point the CLI elsewhere."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "KNOWLEDGE"))}
    env["PYTHONPATH"] = str(ROOT)
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def run_bot(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env=environment(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
        check=False,
    )


# ask --json


def test_ask_json_prints_one_contract_object_per_question() -> None:
    result = run_bot(
        "ask", "--json", "Who is mediating the talks?", "What is the capital of France?"
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    answered, refused = (json.loads(line) for line in lines)

    for record in (answered, refused):
        assert set(record) == CONTRACT_KEYS
        assert isinstance(record["question"], str)
        assert isinstance(record["alternatives"], list)
        assert isinstance(record["source"], dict)

    assert answered["question"] == "Who is mediating the talks?"
    assert isinstance(answered["answer"], str)
    assert "Qatar and Egypt have led" in answered["answer"]
    assert answered["answer"].startswith("Negotiations have stalled")  # the whole paragraph
    assert isinstance(answered["score"], float)
    assert 0.0 <= answered["score"] <= 1.0
    assert answered["source"]["article"] == "000_915978b0620ce548.txt"
    assert answered["source"]["paragraph"] == 4
    for alternative in answered["alternatives"]:
        assert isinstance(alternative["answer"], str)
        assert isinstance(alternative["source"]["paragraph"], int)

    assert refused["question"] == "What is the capital of France?"
    assert refused["answer"] is None
    assert refused["score"] is None
    assert refused["source"] == {}
    assert refused["alternatives"] == []


def test_ask_json_answers_each_stdin_line_as_it_arrives() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "ask", "--json"],
        cwd=ROOT,
        env=environment(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    assert process.stdin is not None
    assert process.stdout is not None
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(
        target=lambda: [lines.put(line) for line in process.stdout or ()], daemon=True
    )
    reader.start()
    try:
        process.stdin.write("trmup threat\n")
        process.stdin.flush()
        try:
            first = lines.get(timeout=TIMEOUT)
        except queue.Empty:
            pytest.fail("no answer came back while stdin was still open")
        record = json.loads(first)
        assert record["question"] == "trmup threat"
        assert "HELL TO PAY" in record["answer"]

        process.stdin.write("qatars role\n")
        process.stdin.close()
        assert process.wait(timeout=TIMEOUT) == 0
        reader.join(timeout=TIMEOUT)
        second = json.loads(lines.get(timeout=1))
        assert "Qatar and Egypt have led" in second["answer"]
        assert lines.empty()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()
        process.stdout.close()


# ask, human output


def test_ask_text_quotes_the_paragraph_and_says_when_the_article_does_not() -> None:
    result = run_bot("ask", "What did Trump threaten?", "How do I reset my password?")
    assert result.returncode == 0, result.stderr
    answer, refusal = result.stdout.split("Q: How do I reset my password?")
    assert "HELL TO PAY" in answer
    assert "paragraph 5 of 7" in answer
    assert "does not say" in refusal
    assert "paragraph" not in refusal


# errors a user can make


def test_missing_knowledge_folder_exits_2_with_one_line_naming_it() -> None:
    result = run_bot("ask", "--knowledge", "/no/such/dir", "anything")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "/no/such/dir" in result.stderr


def test_eval_on_missing_file_exits_2_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nothing-here.jsonl"
    result = run_bot("eval", str(missing))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "nothing-here.jsonl" in result.stderr


# eval


@needs_seed_dev
def test_eval_on_seed_questions_prints_top1_and_succeeds() -> None:
    result = run_bot("eval", str(SEED_DEV), "--min-top1", "0.9")
    assert result.returncode == 0, result.stderr
    assert "top-1:" in result.stdout
    assert "off-topic refused" in result.stdout


@needs_seed_dev
def test_eval_below_min_top1_exits_1() -> None:
    result = run_bot("eval", str(SEED_DEV), "--min-top1", "1.01")
    assert result.returncode == 1
    assert "top-1:" in result.stdout
    assert "below --min-top1" in result.stderr


def test_eval_reads_squad_format_articles(tmp_path: Path) -> None:
    articles = [
        {
            "title": "Lighthouses",
            "passages": [
                "The Bell Rock lighthouse stands on a reef off the coast of Angus.",
                "Its lamp was first lit in 1811 after four years of building.",
            ],
            "questions": [
                {"q": "Where does the Bell Rock lighthouse stand?", "gold": 0},
                {"q": "When was the lamp first lit?", "gold": 1},
            ],
        },
        {
            "title": "Beekeeping",
            "passages": [
                "A honey bee colony has one queen and thousands of workers.",
                "Beekeepers harvest honey in late summer from the upper boxes.",
            ],
            "questions": [
                {"q": "How many queens does a colony have?", "gold": 0},
                {"q": "When do beekeepers harvest honey?", "gold": 1},
            ],
        },
    ]
    squad = tmp_path / "tiny_squad.jsonl"
    squad.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")

    result = run_bot("eval", str(squad))
    assert result.returncode == 0, result.stderr
    assert "questions: 4 (4 answerable, 0 off-topic)" in result.stdout
    assert "top-1: 1.000" in result.stdout
