"""`python -m bot add` as an operator runs it, then `ask` and the bot answer from what it added."""

from __future__ import annotations

import json
import os
from pathlib import Path

from support.botapi import BotApiStub, private_chat
from support.running import bot_process, cli_environment, run_cli
from support.web import SOLAR_TITLE, Route, WebStub, news_page

CONTRACT_KEYS = {"source", "file", "title", "paragraphs", "error"}
BUNDLED = "000_915978b0620ce548.txt"

NOTES = """---
title: The night train to Lake Orvel returns
date: 2024-06-01
---

The night train between the capital and Lake Orvel runs again from the first of June, after
four years without a service.

Sleeper cabins for two cost 140 euros; a seat in the reclining coach costs 45 euros.
"""


def articles_folder() -> Path:
    return Path(os.environ["DATA_DIR"]) / "articles"


def saved_page(tmp_path: Path) -> Path:
    page = tmp_path / "tram.html"
    paragraphs = (
        "The new tram line to the university opens on Saturday, with trams every six minutes "
        "at peak times and every ten minutes in the evening.",
        "The line is 7.5 kilometres long, has 14 stops and took three years to build, a year "
        "longer than planned because of flooding in the tunnel under the river.",
        "Tickets for the first weekend are free, the transport company said on Thursday.",
    )
    page.write_text(
        news_page("University tram line opens on Saturday", paragraphs, "https://a.example/t"),
        "utf-8",
    )
    return page


def test_add_link_page_and_markdown_then_ask_answers_from_each(
    web: WebStub, tmp_path: Path
) -> None:
    link = web.page("/news/solar", news_page())
    page = saved_page(tmp_path)
    notes = tmp_path / "notes.md"
    notes.write_text(NOTES, "utf-8")

    added = run_cli("add", "--json", link, str(page), str(notes))

    assert added.returncode == 0, added.stderr
    records = [json.loads(line) for line in added.stdout.splitlines()]
    assert [set(record) for record in records] == [CONTRACT_KEYS] * 3
    assert [record["source"] for record in records] == [link, str(page), str(notes)]
    assert all(record["error"] is None for record in records)
    assert [record["title"] for record in records] == [
        SOLAR_TITLE,
        "University tram line opens on Saturday",
        "The night train to Lake Orvel returns",
    ]
    assert [record["paragraphs"] for record in records] == [6, 3, 2]
    folder = articles_folder()
    files = [Path(record["file"]) for record in records]
    assert all(file.parent == folder and file.is_file() for file in files)
    assert (folder / BUNDLED).is_file()  # the bundled article is still there

    asked = run_cli(
        "ask",
        "--json",
        "How many homes will the farm supply with electricity?",
        "How many stops does it have?",
        "How much is a sleeper cabin on the night train?",
        "Who is mediating the talks?",
    )
    assert asked.returncode == 0, asked.stderr
    answers = [json.loads(line) for line in asked.stdout.splitlines()]
    assert [a["source"].get("article") for a in answers] == [
        files[0].name,
        files[1].name,
        files[2].name,
        BUNDLED,
    ]
    assert "4,000 homes" in answers[0]["answer"]
    assert "7.5 kilometres" in answers[1]["answer"]
    assert "140 euros" in answers[2]["answer"]
    assert "Qatar and Egypt" in answers[3]["answer"]


def test_a_failed_source_gets_its_reason_and_the_others_are_still_added(
    web: WebStub, tmp_path: Path
) -> None:
    missing = web.serve("/gone", Route(b"gone", status=404, content_type="text/plain"))
    pdf = web.serve("/report.pdf", Route(b"%PDF-1.7", content_type="application/pdf"))
    notes = tmp_path / "notes.md"
    notes.write_text(NOTES, "utf-8")

    done = run_cli("add", missing, str(notes), pdf, "file:///etc/passwd")

    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert len(lines) == 4
    assert lines[0] == f"failed {missing}: HTTP 404 Not Found"
    assert lines[1].startswith("added ")
    assert '"The night train to Lake Orvel returns", 2024-06-01, 2 paragraphs' in lines[1]
    assert "application/pdf" in lines[2]
    assert lines[3].startswith("failed file:///etc/passwd: only http and https")
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in articles_folder().iterdir()) == [
        BUNDLED,
        "the-night-train-to-lake-orvel-returns.md",
    ]


def test_add_into_a_folder_given_with_knowledge(tmp_path: Path) -> None:
    done = run_cli(
        "add", "--json", "--knowledge", str(tmp_path / "mine"), str(saved_page(tmp_path))
    )
    assert done.returncode == 0, done.stderr
    [record] = [json.loads(line) for line in done.stdout.splitlines()]
    assert record["file"] == str(tmp_path / "mine" / "university-tram-line-opens-on-saturday.md")
    assert not articles_folder().exists()


def test_bad_usage_is_one_line_on_stderr_and_exit_code_2(tmp_path: Path) -> None:
    nothing = run_cli("add")
    a_file = tmp_path / "file.txt"
    a_file.write_text("not a folder", "utf-8")
    not_a_folder = run_cli("add", "--knowledge", str(a_file), str(saved_page(tmp_path)))
    for done in (nothing, not_a_folder):
        assert done.returncode == 2
        assert len(done.stderr.strip().splitlines()) == 1
        assert "Traceback" not in done.stderr
        assert done.stdout == ""


def test_bot_started_after_add_answers_about_the_added_article(
    web: WebStub, stub: BotApiStub, tmp_path: Path
) -> None:
    """`python -m bot add LINK`, then `make run` (`python -m bot`): no other step."""
    assert run_cli("add", web.page("/news/solar", news_page())).returncode == 0
    env = cli_environment(TELEGRAM_BOT_TOKEN="1:T", TELEGRAM_BASE_URL=stub.base_url)
    with bot_process(env, tmp_path):
        stub.wait_for(lambda: stub.sent("setMyCommands"), timeout=30)
        solar = stub.user_message(private_chat(5), 5, "how many panels does the farm have?")
        stub.push(message=solar)
        [reply] = stub.wait_for(lambda: stub.replies_to(solar), timeout=10)
        talks = stub.user_message(private_chat(5), 5, "Who is mediating the talks?")
        stub.push(message=talks)
        [bundled] = stub.wait_for(lambda: stub.replies_to(talks), timeout=10)
    assert "has 12,400 <b>panels</b> on pontoons" in reply["text"]
    assert "Qatar and Egypt" in bundled["text"]
