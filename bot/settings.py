"""`Settings`: everything the bot reads from the environment (and `.env`), read once."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import dotenv_values

from knowledge import BUNDLED_DIR

logger = logging.getLogger(__name__)

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
DEFAULT_LOG_DAYS = 90
PLACEHOLDER_TOKEN = "123456:replace-me-with-the-token-from-BotFather"
"""The token `.env.example` ships with; a `.env` copied unchanged still has it."""


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
