"""`Settings`: everything the bot reads from the environment (and `.env`), read once."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from dotenv import dotenv_values

from knowledge import BUNDLED_DIR

logger = logging.getLogger(__name__)

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
DEFAULT_LOG_DAYS = 90
PLACEHOLDER_TOKEN = "123456:replace-me-with-the-token-from-BotFather"
"""The token `.env.example` ships with; a `.env` copied unchanged still has it."""
DEFAULT_WEBHOOK_LISTEN = "127.0.0.1"
DEFAULT_WEBHOOK_PORT = 8080
SECRET_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
"""What Telegram allows in a webhook's secret token (1 to 256 of them)."""


class SettingsError(Exception):
    """A setting is missing or wrong; the message is one line meant for the operator."""


def default_data_dir() -> Path:
    """`$XDG_DATA_HOME/article-bot`, or `~/.local/share/article-bot`: outside the package."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "article-bot"


@dataclass(frozen=True)
class Settings:
    """What the bot needs to run. The token stays out of `repr`, so out of logs and tracebacks."""

    token: str = field(repr=False)
    base_url: str | None = None
    """Bot API base URL; the token is appended to it (default: https://api.telegram.org/bot)."""
    knowledge_dir: Path | None = None
    """Folder of articles; None means `DATA_DIR/articles` (see `knowledge_folder`)."""
    log_level: str = "INFO"
    admin_ids: frozenset[int] = frozenset()
    """Telegram user ids of the operators: only they may add or remove articles, or see stats."""
    data_dir: Path = field(default_factory=default_data_dir)
    """The bot's own data (the question log); never inside the installed package."""
    log_questions: bool = True
    log_days: int = DEFAULT_LOG_DAYS
    webhook_url: str | None = None
    """`WEBHOOK_URL`: when set, the bot serves webhooks at its path instead of polling."""
    webhook_secret: str = field(default="", repr=False)
    webhook_listen: str = DEFAULT_WEBHOOK_LISTEN
    webhook_port: int = DEFAULT_WEBHOOK_PORT
    database_url: str | None = field(default=None, repr=False)
    """`DATABASE_URL`: None means SQLite in `data_dir`; `postgresql://...` means PostgreSQL."""
    replicas: int = 1
    """How many replicas share the bot's token: each gets 1/replicas of Telegram's budgets."""

    @property
    def webhook_path(self) -> str:
        """The path Telegram POSTs updates to: that of `WEBHOOK_URL` (`/` when it has none)."""
        return urlsplit(self.webhook_url or "").path or "/"

    @property
    def base_file_url(self) -> str | None:
        """Where documents are downloaded from: `…/file/bot` beside a `…/bot` base URL, as
        on api.telegram.org and a local Bot API server; None for the default."""
        base = (self.base_url or "").rstrip("/")
        return base[: -len("bot")] + "file/bot" if base.endswith("/bot") else None


def environment(
    environ: Mapping[str, str] | None = None, dotenv: Path | None = None
) -> dict[str, str]:
    """The variables of `environ` (default: the process environment) over `.env` in the cwd."""
    file_values = dotenv_values(dotenv or Path(".env"))
    values = {k: v for k, v in file_values.items() if v is not None}
    values.update(os.environ if environ is None else environ)
    return values


def read_settings(
    environ: Mapping[str, str] | None = None,
    dotenv: Path | None = None,
    *,
    need_token: bool = True,
) -> Settings:
    """Settings from `environ` (default: the process environment) over `.env` in the cwd.

    Real environment variables win over `.env`. Raises `SettingsError` naming what is wrong.
    The command-line tools pass `need_token=False`: they never talk to Telegram.
    """
    values = environment(environ, dotenv)
    token = values.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token and need_token:
        raise SettingsError(
            "TELEGRAM_BOT_TOKEN is not set: get a bot token from @BotFather in Telegram "
            "and put it in .env (see .env.example for where it goes)."
        )
    if token == PLACEHOLDER_TOKEN and need_token:
        raise SettingsError(
            "TELEGRAM_BOT_TOKEN is still the placeholder from .env.example: replace it in .env "
            "with the token @BotFather gave you for your bot."
        )
    log_level = values.get("LOG_LEVEL", "").strip().upper() or "INFO"
    if log_level not in LOG_LEVELS:
        raise SettingsError(f"LOG_LEVEL={log_level!r} is not one of {', '.join(LOG_LEVELS)}.")
    knowledge_dir = values.get("KNOWLEDGE_DIR", "").strip()
    data_dir = values.get("DATA_DIR", "").strip()
    return Settings(
        token=token,
        base_url=values.get("TELEGRAM_BASE_URL", "").strip() or None,
        knowledge_dir=Path(knowledge_dir).expanduser() if knowledge_dir else None,
        log_level=log_level,
        admin_ids=admin_ids(values.get("ADMIN_IDS", "")),
        data_dir=Path(data_dir).expanduser() if data_dir else default_data_dir(),
        log_questions=switch("LOG_QUESTIONS", values.get("LOG_QUESTIONS", "")),
        log_days=log_days(values.get("LOG_DAYS", "")),
        **webhook(values),
        database_url=database_url(values.get("DATABASE_URL", "")),
        replicas=whole("REPLICAS", values.get("REPLICAS", ""), 1),
    )


def admin_ids(text: str) -> frozenset[int]:
    """`ADMIN_IDS`: Telegram user ids separated by commas (or spaces)."""
    ids = set()
    for item in text.replace(",", " ").split():
        if not item.lstrip("-").isdigit():
            raise SettingsError(
                f"ADMIN_IDS has {item!r}, which is not a Telegram user id (a number; "
                "@userinfobot tells you yours)."
            )
        ids.add(int(item))
    return frozenset(ids)


def switch(name: str, text: str) -> bool:
    """An on/off setting, on by default."""
    value = text.strip().lower()
    if value in ("", "on", "true", "yes", "1"):
        return True
    if value in ("off", "false", "no", "0"):
        return False
    raise SettingsError(f"{name}={text!r} is not on or off.")


def log_days(text: str) -> int:
    """`LOG_DAYS`: a whole number of days, at least 1."""
    value = text.strip()
    if not value:
        return DEFAULT_LOG_DAYS
    if not value.isdigit() or int(value) < 1:
        raise SettingsError(f"LOG_DAYS={text!r} is not a whole number of days (1 or more).")
    return int(value)


def webhook(values: Mapping[str, str]) -> dict[str, Any]:
    """`WEBHOOK_URL` with the `WEBHOOK_SECRET` it needs, `WEBHOOK_LISTEN` and `WEBHOOK_PORT`."""
    url = values.get("WEBHOOK_URL", "").strip()
    if not url:
        return {}
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SettingsError(
            f"WEBHOOK_URL={url!r} is not an https:// address (e.g. https://bot.example.org/tg)."
        )
    secret = values.get("WEBHOOK_SECRET", "").strip()
    if not secret:
        raise SettingsError(
            "WEBHOOK_SECRET is not set: webhook mode needs a secret that Telegram sends with "
            "every update (1-256 letters, digits, _ or -; e.g. `openssl rand -hex 32`)."
        )
    if len(secret) > 256 or not set(secret) <= SECRET_CHARACTERS:
        raise SettingsError(
            "WEBHOOK_SECRET may hold only 1-256 letters, digits, _ and - (Telegram's rule)."
        )
    listen = values.get("WEBHOOK_LISTEN", "").strip() or DEFAULT_WEBHOOK_LISTEN
    port = whole("WEBHOOK_PORT", values.get("WEBHOOK_PORT", ""), DEFAULT_WEBHOOK_PORT)
    if port > 65535:
        raise SettingsError(f"WEBHOOK_PORT={port} is not a port (1 to 65535).")
    return {
        "webhook_url": url,
        "webhook_secret": secret,
        "webhook_listen": listen,
        "webhook_port": port,
    }


def database_url(text: str) -> str | None:
    """`DATABASE_URL`: empty for SQLite in `DATA_DIR`, or a `postgresql://` URL."""
    url = text.strip()
    if not url:
        return None
    if urlsplit(url).scheme not in ("postgresql", "postgres"):
        raise SettingsError(
            "DATABASE_URL must be a postgresql:// URL (e.g. postgresql://bot@db/bot), or unset "
            "for SQLite in DATA_DIR."
        )
    return url


def whole(name: str, text: str, default: int) -> int:
    """A whole number setting, at least 1."""
    value = text.strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise SettingsError(f"{name}={text!r} is not a whole number (1 or more).")
    return int(value)


def knowledge_folder(settings: Settings) -> Path:
    """The articles folder the bot, `ask`, `eval` and `add` use: `KNOWLEDGE_DIR` when set,
    else `DATA_DIR/articles`, created on first use with a copy of the bundled article.

    Added articles so never go inside the installed package, and the bundled article stays
    until the operator removes its file. Raises `SettingsError` if the folder cannot be made.
    """
    if settings.knowledge_dir is not None:
        return settings.knowledge_dir
    folder = settings.data_dir / "articles"
    if folder.exists():
        return folder
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staged = Path(tempfile.mkdtemp(prefix=".articles-", dir=folder.parent))
        shutil.copytree(BUNDLED_DIR, staged, dirs_exist_ok=True)
        try:
            staged.rename(folder)  # whole or not at all, even with two first uses at once
        except OSError:
            shutil.rmtree(staged, ignore_errors=True)
            if not folder.is_dir():
                raise
    except OSError as error:
        raise SettingsError(
            f"cannot create the articles folder {folder}: {error.strerror or error} "
            "(set DATA_DIR or KNOWLEDGE_DIR to a folder you can write)"
        ) from None
    logger.info("created %s with a copy of the bundled article", folder)
    return folder
