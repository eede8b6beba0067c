"""Fixtures shared by the test modules, and hypothesis's example counts.

Hypothesis runs a modest number of examples per property in `make test`; set
`HYPOTHESIS_PROFILE=thorough` for a long hunt (`HYPOTHESIS_PROFILE=thorough make pytest`).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from support.botapi import BotApiStub
from support.hostile import HostileWeb
from support.running import start_polling, stop_polling
from support.web import WebStub

from knowledge import BUNDLED_DIR, KnowledgeBase, load_knowledge

for profile, examples in (("default", 30), ("thorough", 2000)):
    settings.register_profile(
        profile,
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True)
def private_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Caches and the bot's own data go to a temporary folder, never the user's home."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("DATA_DIR", str(home / "data" / "article-bot"))
    for name in ("KNOWLEDGE_DIR", "LOG_QUESTIONS", "LOG_DAYS", "ADMIN_IDS"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def stub() -> Iterator[BotApiStub]:
    """The Bot API stand-in on 127.0.0.1."""
    server = BotApiStub().start()
    yield server
    server.stop()


@pytest.fixture
def web() -> Iterator[WebStub]:
    """A web server on 127.0.0.1 serving the pages the test puts on it (`add` tests)."""
    server = WebStub().start()
    yield server
    server.stop()


@pytest.fixture
def hostile() -> Iterator[HostileWeb]:
    """A hostile web server on 127.0.0.1: bombs, drips, hangs, odd charsets (see its module)."""
    with HostileWeb() as server:
        yield server


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """A knowledge folder of the operator's own: a copy of the bundled article."""
    folder = tmp_path / "articles"
    shutil.copytree(BUNDLED_DIR, folder)
    return folder


StartBot = Callable[..., Awaitable[Any]]


@pytest.fixture
async def start_bot(stub: BotApiStub) -> AsyncIterator[StartBot]:
    """Start the real Application polling the stand-in, as `run_polling` would; stopped after.

    `await start_bot(folder, admin_ids=...)` answers from `folder` with those settings.
    """
    running: list[Any] = []

    async def start(folder: Path | None = None, **settings: Any) -> Any:
        knowledge = load_knowledge(folder)
        application = await start_polling(stub, knowledge, knowledge_dir=folder, **settings)
        running.append(application)
        return application

    yield start
    for application in running:
        await stop_polling(application)


@pytest.fixture(scope="session")
def knowledge() -> KnowledgeBase:
    """The bundled article, loaded once: it is never changed by a test."""
    return load_knowledge()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A DATA_DIR that does not exist yet."""
    return tmp_path / "data"
