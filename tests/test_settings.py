"""Settings an operator writes in .env: admins, the data folder and the question log."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from support.botapi import BotApiStub
from support.running import BOT_COMMAND, ROOT, cli_environment

from bot.settings import SettingsError, read_settings


def test_operator_settings_are_read_from_dotenv(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        f"TELEGRAM_BOT_TOKEN=1:x\nADMIN_IDS=42, 7\nDATA_DIR={tmp_path / 'data'}\n"
        "LOG_QUESTIONS=off\nLOG_DAYS=30\n"
    )
    settings = read_settings({}, dotenv=dotenv)
    assert settings.admin_ids == {42, 7}
    assert settings.data_dir == tmp_path / "data"
    assert settings.log_questions is False
    assert settings.log_days == 30


def test_defaults_keep_the_log_on_for_90_days_outside_the_package(tmp_path: Path) -> None:
    settings = read_settings({"TELEGRAM_BOT_TOKEN": "1:x"}, dotenv=tmp_path / ".env")
    assert settings.admin_ids == frozenset()
    assert settings.log_questions is True
    assert settings.log_days == 90
    assert Path(__file__).parents[1] / "bot" not in settings.data_dir.parents


def test_command_line_tools_need_no_token(tmp_path: Path) -> None:
    settings = read_settings({}, dotenv=tmp_path / ".env", need_token=False)
    assert settings.token == ""


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ADMIN_IDS", "42,@alice"),
        ("LOG_DAYS", "0"),
        ("LOG_DAYS", "a week"),
        ("LOG_QUESTIONS", "x"),
    ],
)
def test_a_wrong_setting_is_named_in_one_line(tmp_path: Path, name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        read_settings({"TELEGRAM_BOT_TOKEN": "1:x", name: value}, dotenv=tmp_path / ".env")


def test_placeholder_token_copied_from_env_example_stops_the_bot_before_telegram(
    stub: BotApiStub, tmp_path: Path
) -> None:
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")  # the README's step, without the edit
    stub.fail_next("getMe", 401, {"description": "Unauthorized"})  # what Telegram would say
    env = cli_environment(TELEGRAM_BASE_URL=stub.base_url)
    done = subprocess.run(BOT_COMMAND, cwd=tmp_path, env=env, capture_output=True, timeout=20)
    assert done.returncode == 2
    [line] = done.stderr.decode().strip().splitlines()
    assert "TELEGRAM_BOT_TOKEN is still the placeholder from .env.example" in line
    assert "replace it in .env with the token @BotFather gave you" in line


def test_webhook_mode_needs_its_secret(tmp_path: Path) -> None:
    env = {"TELEGRAM_BOT_TOKEN": "1:x", "WEBHOOK_URL": "https://bot.example.org/tg"}
    with pytest.raises(SettingsError, match="WEBHOOK_SECRET"):
        read_settings(env, dotenv=tmp_path / ".env")
    settings = read_settings({**env, "WEBHOOK_SECRET": "abc-123"}, dotenv=tmp_path / ".env")
    assert settings.webhook_path == "/tg"
    assert (settings.webhook_listen, settings.webhook_port) == ("127.0.0.1", 8080)
    assert "abc-123" not in repr(settings)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("WEBHOOK_URL", "bot.example.org/tg"),
        ("WEBHOOK_SECRET", "has spaces"),
        ("WEBHOOK_PORT", "70000"),
        ("WEBHOOK_PORT", "http"),
        ("DATABASE_URL", "mysql://db/bot"),
        ("REPLICAS", "0"),
    ],
)
def test_a_wrong_scaling_setting_is_named(tmp_path: Path, name: str, value: str) -> None:
    env = {
        "TELEGRAM_BOT_TOKEN": "1:x",
        "WEBHOOK_URL": "https://bot.example.org/tg",
        "WEBHOOK_SECRET": "abc",
        name: value,
    }
    with pytest.raises(SettingsError, match=name):
        read_settings(env, dotenv=tmp_path / ".env")


def test_without_webhook_or_database_the_bot_polls_with_sqlite(tmp_path: Path) -> None:
    settings = read_settings({"TELEGRAM_BOT_TOKEN": "1:x"}, dotenv=tmp_path / ".env")
    assert settings.webhook_url is None
    assert settings.database_url is None
    assert settings.replicas == 1


def test_missing_token_is_a_clear_settings_error(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match=r"TELEGRAM_BOT_TOKEN.*@BotFather.*\.env\.example"):
        read_settings({}, dotenv=tmp_path / ".env")


def test_real_environment_wins_over_dotenv_and_token_stays_out_of_repr(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("TELEGRAM_BOT_TOKEN=from-file\nLOG_LEVEL=debug\n")
    settings = read_settings({"TELEGRAM_BOT_TOKEN": "from-env"}, dotenv=dotenv)
    assert settings.token == "from-env"
    assert settings.log_level == "DEBUG"
    assert "from-env" not in repr(settings)


def test_replicas_share_telegrams_rate_budget() -> None:
    from bot.telegram.app import rate_budget

    assert rate_budget(1) == {}, "one replica: AIORateLimiter's own defaults, as before"
    assert rate_budget(3) == {"overall_max_rate": 10.0, "group_max_rate": 20 / 3}
