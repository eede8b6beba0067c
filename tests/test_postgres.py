"""`DATABASE_URL`: the schema, the question log, update claims and articles in a real
PostgreSQL (skipped outside CI when it is not installed; see `support.services`)."""

from __future__ import annotations

import asyncio
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg_pool import AsyncConnectionPool
from support import services
from support.botapi import BotApiStub, private_chat
from support.running import BOT_COMMAND, cli_environment, run_cli

from bot.claims import BUSY, DONE, MINE
from bot.questionrows import Row
from bot.report import read_figures
from bot.settings import Settings
from bot.storage import updates
from bot.storage.articles import write_folder
from bot.storage.postgres import SCHEMA_VERSION, connect, migrate
from bot.storage.replica import Presence
from bot.storage.shared import CLAIM_POOL_SIZE, Shared
from bot.storage.updates import PostgresClaims


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    services.need(postgres=True)
    with services.postgres() as url:
        yield url


@pytest.fixture
def database(server: str, request: pytest.FixtureRequest) -> str:
    """A new, empty database on the module's server."""
    name = "test_" + request.node.name.lower().replace("[", "_").replace("]", "")[:50]
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return server.rsplit("/", 1)[0] + f"/{name}"


def settings_for(url: str, data_dir: Path, **more: Any) -> Settings:
    return Settings("1:token", database_url=url, data_dir=data_dir, **more)


def test_replicas_starting_at_once_make_one_schema(database: str) -> None:
    errors: list[BaseException] = []
    found: list[int] = []

    def start() -> None:
        try:
            with connect(database, autocommit=True) as connection:
                found.append(migrate(connection))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=start) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(found) == [0] + [SCHEMA_VERSION] * 5  # one made it, the others found it
    with psycopg.connect(database) as connection:
        (articles,) = connection.execute("SELECT count(*) FROM articles").fetchone() or (0,)
        (versions,) = connection.execute("SELECT count(*) FROM schema_version").fetchone() or (0,)
    assert articles == 1, "a new database starts with the bundled article, once"
    assert versions == 1


def test_question_log_rows_go_to_postgres_and_report_reads_them(
    database: str, tmp_path: Path
) -> None:
    settings = settings_for(database, tmp_path)
    shared = Shared.open(settings)
    log = shared.question_log(settings)
    assert log is not None
    log.record("private", "Who mediates?", "answer", article="a.md", title="A", paragraph=2,
               confidence=0.8, ms=12.3)  # fmt: skip
    log.record("group", "What did the farmers eat?", "none", ms=3)
    log.record("private", "half a surrogate \ud800", "none")  # cannot be stored: dropped alone
    log.close()
    found = read_figures(tmp_path, 7, shared=shared)
    assert found.questions == 2
    assert found.answered == 1
    assert [g.question for g in found.unanswered] == ["What did the farmers eat?"]
    assert not (tmp_path / "questions.sqlite3").exists(), "nothing went to SQLite"
    shared.close()


async def test_inline_queries_settle_across_replicas(database: str, tmp_path: Path) -> None:
    settings = settings_for(database, tmp_path)
    shared = Shared.open(settings)
    first, second = shared.question_log(settings), shared.question_log(settings)
    assert first is not None
    assert second is not None
    first.record("inline", "wh", "none", settle=42)
    first.flush()
    second.record("inline", "who is mediating", "answer", settle=42)  # another replica
    second.record("inline", "qatar", "answer", settle=7)  # someone else
    second.flush()
    with psycopg.connect(database) as connection:
        keys = connection.execute("SELECT key FROM settling").fetchall()
    assert len(keys) == 2
    assert all(b"42" not in bytes(key) and len(bytes(key)) == 32 for (key,) in keys)
    later = time.time() + 10  # the settling rows have waited long enough
    rows = shared.read_rows(0, later)
    assert sorted(row.question for row in rows) == ["qatar", "who is mediating"]
    first.close()
    second.close()
    shared.close()


async def test_an_update_is_claimed_once_and_taken_over_when_its_replica_dies(
    database: str, tmp_path: Path
) -> None:
    settings = settings_for(database, tmp_path)
    replicas = [Shared.open(settings) for _ in range(2)]

    async def changed() -> None:
        pass

    for replica in replicas:
        await replica.start(changed)
    a, b = replicas
    assert await a.claims.claim(1) == MINE
    assert await b.claims.claim(1) == BUSY, "A is alive and answering it"
    await a.claims.finish(1)
    assert await b.claims.claim(1) == DONE
    assert await a.claims.claim(2) == MINE
    await a.stop()  # A's session ends, as when its process is killed
    for _ in range(50):  # Telegram re-sends it until it is answered
        if await b.claims.claim(2) == MINE:
            break
        await asyncio.sleep(0.1)
    else:
        raise AssertionError("B never took over what A left unanswered")
    assert await b.claims.claim(3) == MINE
    await b.claims.release(3)  # B stopped before answering 3: anyone may claim it again
    assert await b.claims.claim(3) == MINE
    await b.stop()
    for replica in replicas:
        replica.close()


async def test_an_update_resent_while_the_claims_pool_is_busy_is_answered_once(
    database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every connection of B's claims' pool taken (a burst, a slow database) is not a database
    that cannot be reached: the re-sent update is busy (503, sent again later), not answered
    a second time."""
    monkeypatch.setattr(updates, "WAIT", 0.5)  # the test need not wait 5 s for the pool
    settings = settings_for(database, tmp_path)
    a, b = Shared.open(settings), Shared.open(settings)

    async def changed() -> None:
        pass

    await a.start(changed)
    await b.start(changed)
    assert await a.claims.claim(1) == MINE  # A is answering update 1; Telegram re-sends it
    taken = [await b.claim_pool.getconn() for _ in range(CLAIM_POOL_SIZE)]
    assert await b.claims.claim(1) == BUSY, "B would answer it a second time"
    for connection in taken:
        await b.claim_pool.putconn(connection)
    await a.claims.finish(1)
    assert await b.claims.claim(1) == DONE, "sent again later: answered once, by A"
    for replica in (a, b):
        await replica.stop()
        replica.close()


async def test_a_claim_when_the_database_cannot_be_reached_answers_anyway(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Nothing listens at DATABASE_URL: the pool cannot connect, and the update is answered
    (a re-sent one may be answered twice), as the contract says."""
    monkeypatch.setattr(updates, "WAIT", 0.5)
    url = f"postgresql://bot@127.0.0.1:{services.free_port()}/bot"
    pool: AsyncConnectionPool[Any] = AsyncConnectionPool(url, open=False)
    await pool.open(wait=False)
    for _ in range(200):  # until the pool has tried to connect, and failed
        if pool.get_stats().get("connections_errors"):
            break
        await asyncio.sleep(0.05)
    claims = PostgresClaims(pool, Presence(url))
    assert await claims.claim(1) == MINE
    assert await claims.claim(1) == MINE, "nothing recorded it: answered again"
    await pool.close()


async def test_an_article_put_by_one_replica_reaches_the_other(
    database: str, tmp_path: Path
) -> None:
    a = Shared.open(settings_for(database, tmp_path / "a"))
    b = Shared.open(settings_for(database, tmp_path / "b"))
    notified = asyncio.Event()

    async def changed() -> None:
        notified.set()

    await a.start(changed)
    await b.start(changed)
    assert await asyncio.to_thread(b.articles.sync), "the first sync writes the copy"
    notified.clear()
    text = b"# Night trains\n\nThe night train to the coast runs again from June.\n"
    await asyncio.to_thread(a.articles.put, "night.md", text)
    await asyncio.wait_for(notified.wait(), 10)
    assert await asyncio.to_thread(b.articles.sync)
    assert (b.articles.folder / "night.md").read_bytes() == text
    assert not await asyncio.to_thread(b.articles.sync), "nothing new"
    assert await asyncio.to_thread(a.articles.remove, "night.md") == "removed"
    assert await asyncio.to_thread(b.articles.sync)
    assert not (b.articles.folder / "night.md").exists()
    [last] = await asyncio.to_thread(a.articles.names)
    assert await asyncio.to_thread(a.articles.remove, last) == "last", "one always stays"
    assert await asyncio.to_thread(a.articles.remove, "night.md") == "missing"
    for replica in (a, b):
        await replica.stop()
        replica.close()


def test_write_folder_makes_the_folder_hold_exactly_the_files(tmp_path: Path) -> None:
    folder = tmp_path / "copy"
    assert write_folder(folder, {"a.md": b"# A\n\nOne.\n", "sub/b.txt": b"Two.\n"})
    (folder / "stale.md").write_text("# Old\n\nGone.\n")
    assert write_folder(folder, {"a.md": b"# A\n\nOne.\n"})
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == ["a.md"]
    assert not write_folder(folder, {"a.md": b"# A\n\nOne.\n"})


def test_articles_import_and_export_move_a_folder_through_the_database(
    database: str, tmp_path: Path, articles: Path
) -> None:
    (articles / "night.md").write_text(
        "# Night trains\n\nThe night train to the coast runs again from June.\n"
    )
    (articles / "notes.md").write_text("")  # not an article: skipped, as the bot skips it
    env = {"DATABASE_URL": database}
    imported = run_cli("articles", "import", str(articles), env=env)
    assert imported.returncode == 0, imported.stderr
    assert "imported 2 article(s)" in imported.stdout
    asked = run_cli("ask", "--json", "When does the night train run again?", env=env)
    assert asked.returncode == 0, asked.stderr
    assert '"article": "night.md"' in asked.stdout
    out = tmp_path / "out"
    exported = run_cli("articles", "export", str(out), env=env)
    assert exported.returncode == 0, exported.stderr
    assert (out / "night.md").read_bytes() == (articles / "night.md").read_bytes()
    assert not (out / "notes.md").exists()
    logged = run_cli("ask", "--log", "When does the night train run again?", env=env)
    assert logged.returncode == 0, logged.stderr
    report = run_cli("report", "--json", env=env)
    assert report.returncode == 0, report.stderr
    assert '"questions": 1' in report.stdout


def test_a_database_that_cannot_be_reached_is_one_line(tmp_path: Path) -> None:
    port = services.free_port()
    done = run_cli("report", env={"DATABASE_URL": f"postgresql://bot@127.0.0.1:{port}/bot"})
    assert done.returncode == 2
    assert "DATABASE_URL" in done.stderr
    assert "Traceback" not in done.stderr


def test_conversations_are_kept_for_every_replica_until_they_expire(
    database: str, tmp_path: Path
) -> None:
    settings = settings_for(database, tmp_path)
    a, b = Shared.open(settings), Shared.open(settings)
    a.conversations.put("hmac-of-a-chat", '{"question": "who mediates?"}', ttl=60)
    assert b.conversations.get("hmac-of-a-chat") == '{"question": "who mediates?"}'
    b.conversations.put("hmac-of-a-chat", "later", ttl=60)
    assert a.conversations.get("hmac-of-a-chat") == "later"
    a.conversations.put("short", "gone soon", ttl=-1)
    assert b.conversations.get("short") is None
    assert a.conversations.get("never put") is None
    a.close()
    b.close()


async def test_a_replica_cut_off_reads_what_changed_when_it_reconnects(
    database: str, tmp_path: Path
) -> None:
    a = Shared.open(settings_for(database, tmp_path / "a"))
    b = Shared.open(settings_for(database, tmp_path / "b"))
    reread = asyncio.Event()

    async def changed() -> None:
        if await asyncio.to_thread(a.articles.sync):
            reread.set()

    await a.start(changed)
    await asyncio.to_thread(a.articles.sync)
    assert a.presence.connection is not None
    cut = a.presence.connection.info.backend_pid
    first_id = a.presence.replica
    with psycopg.connect(database, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (cut,))  # A loses its connection
        text = b"# Night trains\n\nThe night train to the coast runs again from June.\n"
        b.articles.put("night.md", text)  # while A may be away: its notification is lost
    await asyncio.wait_for(reread.wait(), 15)
    assert (a.articles.folder / "night.md").read_bytes() == text
    assert a.presence.replica != first_id, "back with a new replica id and its lock"
    await a.stop()
    a.close()
    b.close()


def test_the_postgres_log_has_every_column_of_a_row(database: str) -> None:
    """A field added to `Row` needs a step in `bot.storage.postgres.MIGRATIONS` too."""
    with connect(database, autocommit=True) as connection:
        migrate(connection)
        for table, extra in (("questions", []), ("settling", ["key"])):
            found = connection.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                "ORDER BY ordinal_position",
                (table,),
            ).fetchall()
            assert [name for (name,) in found] == extra + list(Row.__dataclass_fields__)


def test_a_polling_bot_with_database_url_logs_and_answers_from_postgres(
    database: str, tmp_path: Path, stub: BotApiStub
) -> None:
    """One replica polling, as `make run` with only DATABASE_URL added."""
    env = cli_environment(
        TELEGRAM_BOT_TOKEN="987654:POLLING-with-a-database",
        TELEGRAM_BASE_URL=stub.base_url,
        DATABASE_URL=database,
    )
    with (tmp_path / "bot.log").open("w") as log:
        bot = subprocess.Popen(BOT_COMMAND, env=env, stdout=subprocess.DEVNULL, stderr=log)
    try:
        stub.wait_for(lambda: stub.sent("setMyCommands"), timeout=30)
        question = stub.user_message(private_chat(42), 42, "qatars role")
        stub.push(message=question)
        [reply] = stub.wait_for(lambda: stub.replies_to(question))
        assert "<blockquote>" in reply["text"]
    finally:
        services.stop(bot)  # type: ignore[arg-type]
    assert bot.returncode == 0, (tmp_path / "bot.log").read_text()
    with psycopg.connect(database) as connection:
        rows = connection.execute("SELECT origin, question, kind FROM questions").fetchall()
    assert rows == [("private", "qatars role", "answer")]
