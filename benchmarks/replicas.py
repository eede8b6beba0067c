"""Past one machine: what webhook mode, nginx and PostgreSQL cost.

    python -m benchmarks.replicas [--questions 200] [--rows 20000] [--bursts 40]

Needs Debian's `postgresql` and `nginx-light` (as `make test` in CI). PostgreSQL runs with its
default durability here (fsync on, as SQLite's default), unlike the tests. Prints one JSON
object:
- `polling_ms_p50/p95`: one replica polling the Bot API stand-in (SQLite log): from the
  update being queued to the reply reaching the stand-in, one question at a time;
- `webhook_ms_p50/p95`: the same through nginx to two webhook replicas on PostgreSQL (the
  update is claimed, answered, then acknowledged; the log is written in PostgreSQL);
- `article_to_all_replicas_s`: from an article put in the database to both replicas' /healthz
  counting it (NOTIFY, each writes its copy and rebuilds its index);
- `claim_ms_p50`: one claim and its finish in PostgreSQL (what each update adds);
- `log_rows_per_s_sqlite/postgres`: rows the question log's writer thread stores per second;
- `log_write_ms_sqlite/postgres`: one row recorded and written (`flush`), median;
- `bursts_one_replica` (of `--bursts` rounds): a burst of 6 updates sent 0.95 to 1.04 s
  after the update before it, as the replicas' keep-alive (1 s) ends, answered by one
  replica only, and `burst_updates_refused` the updates of those bursts nginx did not pass
  on at the first POST; `..._without_keepalive_timeout`: the same with nginx's upstream
  `keepalive_timeout` taken out of `deploy/nginx.conf` (nginx's default, 60 s), as it was
  before 0b87257.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from support import services  # noqa: E402
from support.botapi import BotApiStub, private_chat  # noqa: E402
from support.running import BOT_COMMAND, cli_environment  # noqa: E402
from support.webhooks import WebhookSender  # noqa: E402

from bot.questionlog import QuestionLog  # noqa: E402
from bot.questionrows import database_path  # noqa: E402
from bot.settings import Settings  # noqa: E402

TOKEN = "987654:BENCH-token"
SECRET = "bench-secret"
QUESTION = "qatars role"


def percentile(values: list[float], share: float) -> float:
    return sorted(values)[int(share * (len(values) - 1))]


def round_trips(stub: BotApiStub, count: int, first_user: int) -> list[float]:
    """Milliseconds from each update to its reply, one question at a time."""
    times = []
    for number in range(count):
        user = first_user + number
        message = stub.user_message(private_chat(user), user, QUESTION)
        started = time.perf_counter()
        stub.push(message=message)
        stub.wait_for(lambda m=message: stub.replies_to(m), timeout=30)  # type: ignore[misc]
        times.append((time.perf_counter() - started) * 1000)
    return times


def start(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as err:
        return subprocess.Popen(
            BOT_COMMAND, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=err
        )


def polling(folder: Path, count: int) -> list[float]:
    stub = BotApiStub().start()
    env = cli_environment(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_BASE_URL=stub.base_url,
        DATA_DIR=str(folder / "polling"),
        XDG_CACHE_HOME=str(folder / "cache"),
    )
    bot = start(env, folder / "polling.log")
    try:
        stub.wait_for(lambda: stub.sent("setMyCommands"), timeout=60)
        round_trips(stub, 10, 1)  # warm up
        return round_trips(stub, count, 100)
    finally:
        services.stop(bot, signal.SIGTERM)
        stub.stop()


def webhooks(
    folder: Path, url: str, count: int, bursts: int, shipped: bool = True
) -> tuple[list[float], float, tuple[int, int]]:
    """Round trips through nginx, the article spread, and `bursts_after_a_pause`; with
    `shipped` false, nginx's upstream keeps connections for its default 60 s."""
    from test_replicas import nginx_config  # the deploy/nginx.conf the test runs

    stub = BotApiStub().start()
    bots, ports = [], []
    try:
        for tag in ("a", "b"):
            port = services.free_port()
            env = cli_environment(
                TELEGRAM_BOT_TOKEN=TOKEN,
                TELEGRAM_BASE_URL=stub.replica_url(tag),
                WEBHOOK_URL="https://bot.example.org/tg",
                WEBHOOK_SECRET=SECRET,
                WEBHOOK_PORT=str(port),
                DATABASE_URL=url,
                DATA_DIR=str(folder / tag),
                XDG_CACHE_HOME=str(folder / "cache"),
                REPLICAS="2",
            )
            bots.append(start(env, folder / f"{tag}.log"))
            ports.append(port)
        for port in ports:
            services.wait_until(lambda p=port: healthy(p), 60)  # type: ignore[misc]
        upstream, locations = nginx_config(ports)
        if not shipped:
            upstream = re.sub(r"\n\s*keepalive_timeout [^;]*;", "", upstream)
        with services.nginx(upstream, locations) as nginx_port:
            sender = WebhookSender(stub, f"http://127.0.0.1:{nginx_port}/tg", SECRET)
            try:
                round_trips(stub, 10, 1)
                times = round_trips(stub, count, 100)
                burst = bursts_after_a_pause(stub, sender, bursts, 100 + count)
            finally:
                sender.close()
        return times, spread(url, ports) if shipped else 0.0, burst
    finally:
        for bot in bots:
            services.stop(bot, signal.SIGTERM)
        stub.stop()


def bursts_after_a_pause(
    stub: BotApiStub, sender: WebhookSender, rounds: int, first_user: int
) -> tuple[int, int]:
    """Bursts answered by one replica only, and their updates not passed on at the first
    POST: each round one update, a pause of 0.95 to 1.04 s, then 6 at once."""
    one = refused = 0
    user = first_user
    for number in range(rounds):
        user += 1
        first = stub.user_message(private_chat(user), user, QUESTION)
        stub.push(message=first)
        stub.wait_for(lambda m=first: stub.replies_to(m), timeout=30)  # type: ignore[misc]
        time.sleep(0.95 + (number % 10) * 0.01)
        burst = []
        for _ in range(6):
            user += 1
            burst.append(stub.user_message(private_chat(user), user, QUESTION))
        ids = [stub.push(message=message) for message in burst]
        stub.wait_for(
            lambda b=burst: all(stub.replies_to(m) for m in b),  # type: ignore[misc]
            timeout=30,
        )
        sender.wait_delivered(ids)
        with sender.lock:
            refused += sum(1 for u in ids if sender.answers[u][0] != 200)
        one += len({r["via"] for m in burst for r in stub.replies_to(m)}) == 1
    return one, refused


def spread(url: str, ports: list[int]) -> float:
    """Seconds from one article put in the database to every replica answering from it."""
    import httpx

    from bot.storage.shared import Shared

    shared = Shared.open(Settings(TOKEN, database_url=url))
    text = b"# Night trains\n\nThe night train to the coast runs again from June.\n"
    started = time.perf_counter()
    shared.articles.put("night.md", text)
    for port in ports:
        services.wait_until(
            lambda p=port: httpx.get(f"http://127.0.0.1:{p}/healthz").json()["articles"] == 2,
            30,
        )
    shared.close()
    return time.perf_counter() - started


def healthy(port: int) -> bool:
    import httpx

    try:
        return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def claims(url: str, count: int) -> list[float]:
    from bot.storage.shared import Shared

    async def run() -> list[float]:
        shared = Shared.open(Settings(TOKEN, database_url=url))

        async def changed() -> None:
            pass

        await shared.start(changed)
        times = []
        for number in range(count):
            started = time.perf_counter()
            await shared.claims.claim(10_000_000 + number)
            await shared.claims.finish(10_000_000 + number)
            times.append((time.perf_counter() - started) * 1000)
        await shared.stop()
        shared.close()
        return times

    return asyncio.run(run())


def log_cost(log: QuestionLog, rows: int) -> tuple[float, float]:
    """(rows per second, median ms of one row recorded and flushed)."""
    log.record("private", "warm up", "none")
    log.flush()
    started = time.perf_counter()
    for number in range(rows):
        log.record("private", f"question {number}?", "answer", article="a.md", title="A",
                   paragraph=1, confidence=0.5, ms=3.0)  # fmt: skip
    log.flush()
    per_second = rows / (time.perf_counter() - started)
    single = []
    for number in range(200):
        started = time.perf_counter()
        log.record("private", f"one {number}?", "none", ms=1.0)
        log.flush()
        single.append((time.perf_counter() - started) * 1000)
    log.close()
    return per_second, statistics.median(single)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.replicas")
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--bursts", type=int, default=40, help="rounds of a burst after a pause")
    args = parser.parse_args()
    from bot.storage.questions import SharedQuestionLog

    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as name, services.postgres(durable=True) as server:
        folder = Path(name)
        import psycopg

        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute("CREATE DATABASE bot")
            connection.execute("CREATE DATABASE before")  # its own update claims
        url = server.rsplit("/", 1)[0] + "/bot"
        times = polling(folder, args.questions)
        figures["polling_ms_p50"] = statistics.median(times)
        figures["polling_ms_p95"] = percentile(times, 0.95)
        times, spread_s, burst = webhooks(folder, url, args.questions, args.bursts)
        figures["article_to_all_replicas_s"] = spread_s
        figures["webhook_ms_p50"] = statistics.median(times)
        figures["webhook_ms_p95"] = percentile(times, 0.95)
        figures["bursts_one_replica"], figures["burst_updates_refused"] = burst
        (folder / "before").mkdir()
        before = server.rsplit("/", 1)[0] + "/before"
        _, _, burst = webhooks(folder / "before", before, 0, args.bursts, shipped=False)
        figures["bursts_one_replica_without_keepalive_timeout"] = burst[0]
        figures["burst_updates_refused_without_keepalive_timeout"] = burst[1]
        figures["claim_ms_p50"] = statistics.median(claims(url, 500))
        sqlite = QuestionLog(database_path(folder / "log"), keep_days=90)
        rate, single = log_cost(sqlite, args.rows)
        figures["log_rows_per_s_sqlite"], figures["log_write_ms_sqlite"] = rate, single
        shared = SharedQuestionLog(url, keep_days=90, secret=TOKEN)
        rate, single = log_cost(shared, args.rows)
        figures["log_rows_per_s_postgres"], figures["log_write_ms_postgres"] = rate, single
    print(json.dumps({k: round(v, 2) for k, v in figures.items()}))


if __name__ == "__main__":
    main()
