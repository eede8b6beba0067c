"""Past one machine, end to end: a real PostgreSQL, a real nginx (`deploy/nginx.conf`) round
robin in front of two replicas of `python -m bot` in webhook mode, and the Bot API stand-in
POSTing updates through nginx with the secret, re-sending each until it gets a 2xx.

Skipped outside CI when PostgreSQL or nginx is not installed (`.ci/run` installs both).
"""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from support import services
from support.botapi import BotApiStub, private_chat
from support.running import BOT_COMMAND, ROOT, cli_environment, run_cli
from support.webhooks import WebhookSender

TOKEN = "987654:REPLICAS-test-token"
SECRET = "replicas-secret_0"
ADMIN = 1
PATH = "/tg"
NEW_ARTICLE = (
    b"# Night trains\n\nThe night train to the coast runs again from June, "
    b"leaving the capital at ten every evening.\n"
)


class Replica:
    """One `python -m bot` of the deployment, named `tag` at the stand-in."""

    def __init__(self, tag: str, port: int, env: dict[str, str]) -> None:
        self.tag, self.port, self.env = tag, port, env
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with Path(self.env["DATA_DIR"] + ".log").open("ab") as log:
            self.process = subprocess.Popen(
                BOT_COMMAND, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=log
            )

    def health(self) -> dict[str, Any] | None:
        try:
            answer = httpx.get(f"http://127.0.0.1:{self.port}/healthz", timeout=5)
        except httpx.HTTPError:
            return None
        return answer.json() if answer.status_code == 200 else None  # type: ignore[no-any-return]

    def wait_healthy(self, articles: int | None = None, timeout: float = 30.0) -> None:
        def healthy() -> bool:
            assert self.process is not None
            assert self.process.poll() is None, self.log()
            found = self.health()
            return found is not None and (articles is None or found["articles"] == articles)

        services.wait_until(healthy, timeout)

    def post(self, update: dict[str, Any]) -> int:
        """POST an update to this replica itself, not through nginx."""
        answer = httpx.post(
            f"http://127.0.0.1:{self.port}{PATH}",
            json=update,
            headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
            timeout=20,
        )
        return answer.status_code

    def log(self) -> str:
        return Path(self.env["DATA_DIR"] + ".log").read_text(errors="replace")

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


class Deployment:
    def __init__(self, stub: BotApiStub, url: str, nginx_port: int, replicas: list[Replica]):
        self.stub, self.url, self.replicas = stub, url, replicas
        self.sender = WebhookSender(stub, f"http://127.0.0.1:{nginx_port}{PATH}", SECRET)
        self.next_user = 1000

    def ensure_running(self) -> None:
        """Every replica up (a test before may have killed one)."""
        for replica in self.replicas:
            if not replica.running():
                replica.start()
        for replica in self.replicas:
            replica.wait_healthy()

    def question(self, text: str = "qatars role") -> dict[str, Any]:
        self.next_user += 1
        return self.stub.user_message(private_chat(self.next_user), self.next_user, text)

    def wait_answered(self, questions: list[dict[str, Any]], timeout: float = 20.0) -> None:
        self.stub.wait_for(lambda: all(self.stub.replies_to(q) for q in questions), timeout)


def nginx_config(ports: list[int]) -> tuple[str, str]:
    """`deploy/nginx.conf`, its upstream pointed at `ports`: (upstream block, locations)."""
    text = (ROOT / "deploy" / "nginx.conf").read_text()
    text = re.sub(r"^\s*#.*$", "", text, flags=re.M)
    servers = "\n".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;" for p in ports)
    upstream = re.sub(r"(upstream article_bot \{)[^}]*?(keepalive)", rf"\1\n{servers}\n    \2",
                      text.split("server {")[0], flags=re.S)  # fmt: skip
    body = text.split("server {", 1)[1].rsplit("}", 1)[0]
    locations = "\n".join(
        line for line in body.splitlines() if not re.match(r"\s*(listen|server_name)\b", line)
    )
    return upstream, locations


@pytest.fixture(scope="module")
def deployment() -> Iterator[Deployment]:
    services.need(postgres=True, nginx=True)
    folder = Path(tempfile.mkdtemp(prefix="article-bot-replicas-"))
    stub = BotApiStub().start()
    replicas: list[Replica] = []
    try:
        with services.postgres() as server:
            with psycopg.connect(server, autocommit=True) as connection:
                connection.execute("CREATE DATABASE bot")
            url = server.rsplit("/", 1)[0] + "/bot"
            for tag in ("a", "b"):
                env = cli_environment(
                    TELEGRAM_BOT_TOKEN=TOKEN,
                    TELEGRAM_BASE_URL=stub.replica_url(tag),
                    WEBHOOK_URL=f"https://bot.example.org{PATH}",
                    WEBHOOK_SECRET=SECRET,
                    WEBHOOK_PORT=str(services.free_port()),
                    DATABASE_URL=url,
                    DATA_DIR=str(folder / tag),
                    XDG_CACHE_HOME=str(folder / "cache"),
                    ADMIN_IDS=str(ADMIN),
                    REPLICAS="2",
                    LOG_LEVEL="INFO",
                )
                replicas.append(Replica(tag, int(env["WEBHOOK_PORT"]), env))
            for replica in replicas:  # both at once, on an empty database
                replica.start()
            with services.nginx(*nginx_config([r.port for r in replicas])) as port:
                running = Deployment(stub, url, port, replicas)
                running.ensure_running()
                yield running
                running.sender.close()
                for replica in replicas:
                    if replica.process is not None:
                        services.stop(replica.process)  # type: ignore[arg-type]
    finally:
        for replica in replicas:
            if replica.process is not None and replica.process.poll() is None:
                replica.process.kill()
                replica.process.wait()
        stub.stop()
        shutil.rmtree(folder, ignore_errors=True)


def one_reply_each(stub: BotApiStub, questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    replies = [stub.replies_to(q) for q in questions]
    assert [len(r) for r in replies] == [1] * len(questions), "each answered exactly once"
    return [r[0] for r in replies]


def test_forty_questions_at_once_are_shared_by_the_replicas(deployment: Deployment) -> None:
    deployment.ensure_running()
    stub = deployment.stub
    questions = [deployment.question() for _ in range(40)]
    for question in questions:
        stub.push(message=question)
    deployment.wait_answered(questions)
    replies = one_reply_each(stub, questions)
    assert all("<blockquote>" in reply["text"] for reply in replies)
    assert {reply["via"] for reply in replies} == {"a", "b"}, "both replicas answered"


def test_an_update_without_the_secret_gets_403(deployment: Deployment) -> None:
    deployment.ensure_running()
    question = deployment.question()
    update = {"update_id": 90_001, "message": question}
    assert deployment.sender.post(update, secret=None) == 403
    assert deployment.sender.post(update, secret="wrong") == 403
    assert not deployment.stub.replies_to(question)


def test_a_resent_update_gets_one_reply_whichever_replica_it_reaches(
    deployment: Deployment,
) -> None:
    deployment.ensure_running()
    question = deployment.question()
    update = {"update_id": 90_002, "message": question}
    for replica in deployment.replicas:  # sent to each, as a re-send may be
        assert replica.post(update) == 200
    assert deployment.sender.post(update, SECRET) == 200
    one_reply_each(deployment.stub, [question])


def test_another_match_works_on_either_replica(deployment: Deployment) -> None:
    deployment.ensure_running()
    stub = deployment.stub
    question = deployment.question("who mediates between israel and hamas?")
    stub.push(message=question)
    deployment.wait_answered([question])
    [reply] = stub.replies_to(question)
    sent = reply["sent"]
    for number, replica in enumerate(deployment.replicas):
        press = {
            "update_id": 90_100 + number,
            "callback_query": {
                "id": f"press-{number}",
                "from": question["from"],
                "chat_instance": "1",
                "message": stub.messages[(sent["chat"]["id"], sent["message_id"])],
                "data": stub.messages[(sent["chat"]["id"], sent["message_id"])]["reply_markup"][
                    "inline_keyboard"
                ][0][0]["callback_data"],
            },
        }
        assert replica.post(press) == 200
        edits = [e for e in stub.sent("editMessageText") if e["via"] == replica.tag]
        assert edits, f"replica {replica.tag} showed another match"
        assert "<blockquote>" in edits[-1]["text"]


def test_an_article_added_through_one_replica_is_answered_by_the_other(
    deployment: Deployment,
) -> None:
    deployment.ensure_running()
    stub = deployment.stub
    a, b = deployment.replicas
    document = stub.document("night.md", NEW_ARTICLE, "text/markdown")
    sent = stub.user_message(private_chat(ADMIN), ADMIN, document=document)
    assert a.post({"update_id": 90_200, "message": sent}) == 200
    [added] = stub.replies_to(sent)
    assert "Added" in added["text"]
    b.wait_healthy(articles=2, timeout=10)  # told by PostgreSQL's NOTIFY
    asked = deployment.question("When does the night train to the coast run again?")
    assert b.post({"update_id": 90_201, "message": asked}) == 200
    [reply] = stub.replies_to(asked)
    assert reply["via"] == "b"
    assert "<i>Night trains</i>" in reply["text"], "it quotes the new article"


def test_stats_and_report_read_the_shared_log(deployment: Deployment) -> None:
    deployment.ensure_running()
    stub = deployment.stub
    questions = [deployment.question() for _ in range(40)]  # its own: tests run in any order
    for question in questions:
        stub.push(message=question)
    deployment.wait_answered(questions)
    assert {reply["via"] for reply in one_reply_each(stub, questions)} == {"a", "b"}

    def week() -> int:
        """Questions of the last 7 days, as /stats shows them to an admin."""
        asked = stub.user_message(private_chat(ADMIN), ADMIN, "/stats")
        stub.push(message=asked)
        deployment.wait_answered([asked])
        [reply] = stub.replies_to(asked)
        return int(re.search(r"Last 7 days: (\d+)", reply["text"])[1])  # type: ignore[index]

    counted = week()
    for _ in range(20):  # each replica writes its rows from its own thread: ask until all are in
        if counted >= 40:
            break
        counted = week()
    assert counted >= 40, "/stats counts what both replicas logged"
    found = run_cli("report", "--json", env={"DATABASE_URL": deployment.url})
    assert found.returncode == 0, found.stderr
    assert int(re.search(r'"questions": (\d+)', found.stdout)[1]) >= counted  # type: ignore[index]


def test_a_replica_killed_during_a_burst_loses_no_question_and_doubles_none(
    deployment: Deployment,
) -> None:
    deployment.ensure_running()
    stub = deployment.stub
    a, _ = deployment.replicas
    stub.hold("a")  # A's replies wait unanswered: A is killed with updates in flight
    try:  # released only at the end: what A was sending never reaches Telegram, even a
        # request read after the kill
        questions = [deployment.question() for _ in range(40)]
        for question in questions:
            stub.push(message=question)
        services.wait_until(lambda: len(stub.holding) >= 5, 20)
        assert a.process is not None
        a.process.send_signal(signal.SIGKILL)
        a.process.wait()
        deployment.wait_answered(questions, timeout=30)
        replies = one_reply_each(stub, questions)
        assert {reply["via"] for reply in replies} == {"b"}
    finally:
        stub.drop_held("a")


def test_sigterm_stops_a_replica_within_seconds_and_the_other_answers(
    deployment: Deployment,
) -> None:
    deployment.ensure_running()
    stub = deployment.stub
    _, b = deployment.replicas
    assert b.process is not None
    b.process.send_signal(signal.SIGTERM)
    questions = [deployment.question() for _ in range(10)]
    for question in questions:
        stub.push(message=question)
    assert b.process.wait(timeout=10) == 0, b.log()
    assert "Traceback" not in b.log()
    deployment.wait_answered(questions)
    one_reply_each(stub, questions)
