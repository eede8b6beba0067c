"""The command line as a user runs it: `python -m bot ask` and `python -m bot eval`."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from support.running import CLI_TIMEOUT as TIMEOUT
from support.running import ROOT, cli_environment, run_cli

SEED_DEV = ROOT.parent / "shared" / "eval" / "seed_dev.jsonl"
CONVERSATION_DEV = SEED_DEV.with_name("conversation_dev.jsonl")
needs_seed_dev = pytest.mark.skipif(
    not SEED_DEV.is_file(), reason=f"seed question set not found at {SEED_DEV}"
)

CONTRACT_KEYS = {"question", "kind", "reply", "answer", "score", "source", "alternatives"}


# ask --json


def test_ask_json_prints_one_contract_object_per_question() -> None:
    result = run_cli(
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
    assert answered["kind"] == "answer"
    assert isinstance(answered["answer"], str)
    assert answered["answer"] in answered["reply"]
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
    assert refused["kind"] == "none"
    assert "does not say" in refused["reply"]
    assert refused["answer"] is None
    assert refused["score"] is None
    assert refused["source"] == {}
    assert refused["alternatives"] == []


def ask_json(*questions: str) -> list[dict[str, object]]:
    result = run_cli("ask", "--json", *questions)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["question"] for r in records] == list(questions)
    assert all(set(r) == CONTRACT_KEYS for r in records)
    return records


def test_ask_json_small_talk_and_questions_about_the_article() -> None:
    hello, date, summary, author, mixed = ask_json(
        "hi",
        "When was the article published?",
        "summary please",
        "who is the author?",
        "hi, who is mediating the talks?",
    )
    assert (hello["kind"], hello["answer"], hello["source"]) == ("chat", None, {})
    assert "Hello" in str(hello["reply"])
    assert "does not say" not in str(hello["reply"])

    assert (date["kind"], date["answer"]) == ("about", None)
    assert "2 January 2025" in str(date["reply"])

    assert summary["kind"] == "about"
    assert str(summary["answer"]).startswith("Despite a recent Biden administration push")
    assert summary["source"]["paragraph"] == 1  # type: ignore[index]
    assert summary["score"] is None

    assert (author["kind"], author["answer"], author["source"]) == ("about", None, {})
    assert "author" in str(author["reply"])

    assert mixed["kind"] == "answer"
    assert "Qatar and Egypt have led" in str(mixed["answer"])


def test_ask_json_refusal_suggests_questions_that_are_each_answered() -> None:
    [refused] = ask_json("What is the capital of France?")
    suggestions = [
        line.removeprefix("• ")
        for line in str(refused["reply"]).splitlines()
        if line.startswith("• ")
    ]
    assert 2 <= len(suggestions) <= 3
    answered = ask_json(*suggestions)
    assert [r["kind"] for r in answered] == ["answer"] * len(suggestions)
    assert len({r["source"]["paragraph"] for r in answered}) == len(suggestions)  # type: ignore[index]


def test_ask_json_answers_each_stdin_line_as_it_arrives() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "ask", "--json"],
        cwd=ROOT,
        env=cli_environment(),
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
    result = run_cli("ask", "What did Trump threaten?", "How do I reset my password?")
    assert result.returncode == 0, result.stderr
    answer, refusal = result.stdout.split("Q: How do I reset my password?")
    assert "HELL TO PAY" in answer
    assert "paragraph 5 of 7" in answer
    assert "does not say" in refusal
    assert "paragraph" not in refusal


# errors a user can make


def test_missing_knowledge_folder_exits_2_with_one_line_naming_it() -> None:
    result = run_cli("ask", "--knowledge", "/no/such/dir", "anything")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "/no/such/dir" in result.stderr


def test_eval_on_missing_file_exits_2_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nothing-here.jsonl"
    result = run_cli("eval", str(missing))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "nothing-here.jsonl" in result.stderr


# eval


@needs_seed_dev
def test_eval_on_seed_questions_prints_top1_and_succeeds() -> None:
    result = run_cli("eval", str(SEED_DEV), "--min-top1", "0.9")
    assert result.returncode == 0, result.stderr
    assert "top-1:" in result.stdout
    assert "off-topic refused" in result.stdout


@needs_seed_dev
def test_eval_below_min_top1_exits_1() -> None:
    result = run_cli("eval", str(SEED_DEV), "--min-top1", "1.01")
    assert result.returncode == 1
    assert "top-1:" in result.stdout
    assert "below --min-top1" in result.stderr


CONVERSATION = [
    {"q": "hello there", "kind": "chat"},
    {"q": "tl;dr", "kind": "about", "answer_has": ["Despite a recent Biden"]},
    {"q": "when was it published?", "kind": "about", "reply_has": ["2 January 2025"]},
    {"q": "who wrote it?", "kind": "about", "no_paragraph": True},
    {"q": "thanks! what did Trump threaten?", "kind": "answer", "expect": ["HELL TO PAY"]},
    {"q": "Who painted the Mona Lisa?", "kind": "none"},
    {"q": "hi", "kind": "answer", "expect": ["Qatar"]},
]


def test_eval_scores_a_conversation_set_per_kind(tmp_path: Path) -> None:
    lines = tmp_path / "conversation.jsonl"
    lines.write_text("".join(json.dumps(row) + "\n" for row in CONVERSATION), "utf-8")
    result = run_cli("eval", str(lines), "--min-top1", "0.9")
    assert result.returncode == 1
    assert "right: 6/7" in result.stdout
    assert "chat: 1/1" in result.stdout
    assert "about: 3/3" in result.stdout
    assert "answer: 1/2" in result.stdout
    assert "none: 1/1" in result.stdout
    assert "miss: 'hi' wants answer, got chat" in result.stdout


@pytest.mark.skipif(not CONVERSATION_DEV.is_file(), reason="conversation set not found")
def test_eval_of_the_conversation_set_gets_small_talk_and_about_lines_right() -> None:
    result = run_cli("eval", str(CONVERSATION_DEV))
    assert result.returncode == 0, result.stderr
    for kind in ("chat", "about"):
        [line] = [line for line in result.stdout.splitlines() if line.strip().startswith(kind)]
        right, total = line.split(":")[1].strip().split("/")
        assert right == total, line


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

    result = run_cli("eval", str(squad))
    assert result.returncode == 0, result.stderr
    assert "questions: 4 (4 answerable, 0 off-topic)" in result.stdout
    assert "top-1: 1.000" in result.stdout
