"""`Settings`: everything the bot reads from the environment (and `.env`), read once."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import dotenv_values

logger = logging.getLogger(__name__)

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class SettingsError(Exception):
    """A setting is missing or wrong; the message is one line meant for the operator."""


@dataclass(frozen=True)
class Settings:
    """What the bot needs to run. The token stays out of `repr`, so out of logs and tracebacks."""

    token: str = field(repr=False)
    base_url: str | None = None
    """Bot API base URL; the token is appended to it (default: https://api.telegram.org/bot)."""
    knowledge_dir: Path | None = None
    """Folder of articles; None means the article bundled with the bot."""
    log_level: str = "INFO"


def environment(
    environ: Mapping[str, str] | None = None, dotenv: Path | None = None
) -> dict[str, str]:
    """The variables of `environ` (default: the process environment) over `.env` in the cwd."""
    file_values = dotenv_values(dotenv or Path(".env"))
    values = {k: v for k, v in file_values.items() if v is not None}
    values.update(os.environ if environ is None else environ)
    return values


def read_settings(
    environ: Mapping[str, str] | None = None, dotenv: Path | None = None
) -> Settings:
    """Settings from `environ` (default: the process environment) over `.env` in the cwd.

    Real environment variables win over `.env`. Raises `SettingsError` naming what is wrong.
    """
    values = environment(environ, dotenv)
    token = values.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token:
        raise SettingsError(
            "TELEGRAM_BOT_TOKEN is not set: get a bot token from @BotFather in Telegram "
            "and put it in .env (see .env.example for where it goes)."
        )
    log_level = values.get("LOG_LEVEL", "").strip().upper() or "INFO"
    if log_level not in LOG_LEVELS:
        raise SettingsError(f"LOG_LEVEL={log_level!r} is not one of {', '.join(LOG_LEVELS)}.")
    knowledge_dir = values.get("KNOWLEDGE_DIR", "").strip()
    return Settings(
        token=token,
        base_url=values.get("TELEGRAM_BASE_URL", "").strip() or None,
        knowledge_dir=Path(knowledge_dir) if knowledge_dir else None,
        log_level=log_level,
    )
