"""deploy/: the systemd unit passes `systemd-analyze verify` silently, and nginx accepts the
config (which `test_replicas` runs for real)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import services
from support.running import ROOT

from bot.telegram.webhook import KEEP_ALIVE_SECONDS

DEPLOY = ROOT / "deploy"


def test_the_systemd_unit_verifies_without_a_word(tmp_path: Path) -> None:
    if shutil.which("systemd-analyze") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("systemd-analyze is not installed: CI must check the unit")
        pytest.skip("systemd-analyze is not installed (apt-get install -y systemd)")
    unit = (DEPLOY / "article-bot.service").read_text()
    assert "/opt/article-bot/bin/article-bot" in unit
    assert "DynamicUser=yes" in unit
    assert "StateDirectory=article-bot" in unit
    assert "RestartPreventExitStatus=2" in unit
    assert "TimeoutStopSec=" in unit
    # verify checks that the program exists: point it at this checkout's installed script.
    script = Path(sys.executable).parent / "article-bot"
    assert script.exists(), "make test installs the article-bot script"
    checked = tmp_path / "article-bot.service"
    checked.write_text(unit.replace("/opt/article-bot/bin/article-bot", str(script)))
    done = subprocess.run(
        ["systemd-analyze", "verify", str(checked)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout + done.stderr == ""


def test_nginx_accepts_the_config(tmp_path: Path) -> None:
    services.need(postgres=False, nginx=True)
    config = tmp_path / "nginx.conf"
    config.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n    include {DEPLOY / 'nginx.conf'};\n}}\n"
    )
    program = services.nginx_bin()
    assert program is not None
    done = subprocess.run(
        [program, "-t", "-c", str(config), "-p", str(tmp_path), "-e", str(tmp_path / "e.log")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "proxy_next_upstream error timeout" in (DEPLOY / "nginx.conf").read_text()


def test_nginx_closes_an_idle_connection_to_a_replica_before_the_replica_does() -> None:
    """Else an update sent down a connection the replica is closing is reset, and nginx takes
    that healthy replica out for fail_timeout (a burst then all goes to the other)."""
    text = (DEPLOY / "nginx.conf").read_text()
    found = re.search(r"^\s*keepalive_timeout (\d+)(ms|s);", text, flags=re.M)
    assert found, "the upstream sets keepalive_timeout (nginx's default is 60 s)"
    seconds = int(found[1]) / (1000 if found[2] == "ms" else 1)
    assert seconds < KEEP_ALIVE_SECONDS


def test_the_compose_nginx_config_is_the_deploy_one_for_the_compose_services() -> None:
    plain = (DEPLOY / "nginx.conf").read_text().splitlines()[1:]
    compose = (DEPLOY / "compose-nginx.conf").read_text().splitlines()[1:]
    expected = [
        line.replace("127.0.0.1:8081", "bot1:8080").replace("127.0.0.1:8082", "bot2:8080")
        for line in plain
    ]
    assert compose == expected
