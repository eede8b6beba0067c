"""Real PostgreSQL and nginx on 127.0.0.1 for the tests, each started and stopped by its PID.

Debian's `postgresql` and `nginx-light` packages (`.ci/run` installs them). `initdb` refuses
to run as root, so as root both PostgreSQL programs run as `nobody` through `setpriv`, in a
folder of their own under /tmp, with `fsync=off`: it starts in about a second.

`need(...)` skips a test with the reason when a program is missing, except in CI (`CI=true`),
where a missing program is a failure: these tests must run there.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

INSTALL = "apt-get install -y postgresql nginx-light"


def postgres_bin() -> Path | None:
    """The newest installed PostgreSQL's programs (Debian keeps them off PATH)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: p.parts[-3])
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def nginx_bin() -> str | None:
    return shutil.which("nginx") or next(
        (str(p) for p in (Path("/usr/sbin/nginx"),) if p.exists()), None
    )


def need(postgres: bool = True, nginx: bool = False) -> None:
    """Skip (outside CI) or fail (in CI) when a program these tests run is missing."""
    missing = []
    if postgres and (postgres_bin() is None or shutil.which("setpriv") is None):
        missing.append("PostgreSQL (initdb, postgres) and setpriv")
    if nginx and nginx_bin() is None:
        missing.append("nginx")
    if not missing:
        return
    reason = f"{' and '.join(missing)} not installed ({INSTALL})"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}: CI must run these tests")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_port(
    port: int, timeout: float = 20.0, process: subprocess.Popen[bytes] | None = None
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"exited with {process.returncode} before listening on {port}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")


def wait_until(condition: Callable[[], object], timeout: float) -> None:
    """Poll `condition` until it is true; TimeoutError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"not true within {timeout} s: {condition}")
        time.sleep(0.05)


def stop(process: subprocess.Popen[bytes], how: signal.Signals = signal.SIGTERM) -> None:
    """Stop `process` by its PID; kill it if it has not stopped within 10 s."""
    if process.poll() is None:
        process.send_signal(how)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def postgres(durable: bool = False) -> Iterator[str]:
    """A new PostgreSQL cluster on a free port; yields its URL (database `postgres`).

    Not `durable` (the tests): fsync, synchronous commit and full-page writes off."""
    binaries = postgres_bin()
    assert binaries is not None
    folder = Path(tempfile.mkdtemp(prefix="article-bot-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(folder, "nobody", "nogroup")
        as_user = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    folder.chmod(0o700)
    data, port = folder / "data", free_port()
    fast = ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
    try:
        subprocess.run(
            [*as_user, binaries / "initdb", "-D", data, "-U", "postgres", "-A", "trust",
             "--no-sync", "-E", "UTF8", "--no-locale"],
            check=True, capture_output=True,
        )  # fmt: skip
        log = (folder / "log").open("wb")
        server = subprocess.Popen(
            [*as_user, binaries / "postgres", "-D", data, "-h", "127.0.0.1", "-p", str(port),
             "-k", folder, "-c", "max_connections=200", *([] if durable else fast)],
            stdout=log, stderr=log,
        )  # fmt: skip
        try:
            wait_port(port, process=server)
            ready = [binaries / "pg_isready", "-q", "-h", "127.0.0.1", "-p", str(port)]
            wait_until(lambda: subprocess.run(ready, check=False).returncode == 0, 20)
            yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
        finally:
            stop(server, signal.SIGINT)  # "fast" shutdown: ends the sessions, then stops
            log.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


NGINX_CONF = """
daemon off;
master_process on;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
{upstream}
    server {{
        listen 127.0.0.1:{port};
{locations}
    }}
}}
"""


@contextlib.contextmanager
def nginx(upstream: str, locations: str) -> Iterator[int]:
    """nginx in front of the replicas (`upstream` and `locations` are config text, as in
    `deploy/nginx.conf`); yields its port."""
    program = nginx_bin()
    assert program is not None
    folder = Path(tempfile.mkdtemp(prefix="article-bot-nginx-"))
    port = free_port()
    config = folder / "nginx.conf"
    config.write_text(
        NGINX_CONF.format(folder=folder, port=port, upstream=upstream, locations=locations)
    )
    server = subprocess.Popen(
        [program, "-c", config, "-p", folder, "-e", folder / "error.log"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_port(port, process=server)
        yield port
    finally:
        stop(server, signal.SIGQUIT)
        shutil.rmtree(folder, ignore_errors=True)
