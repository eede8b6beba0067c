"""Logging for the entry point: quiet HTTP client loggers and a token that never gets printed."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)

REDACTED = "[REDACTED-TOKEN]"


class RedactToken(logging.Filter):
    """Replaces the bot token wherever it appears in a record: message, args and traceback.

    Attached to handlers, so records from every logger (httpx, telegram, ours) pass through it.
    """

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.token in message:
            record.msg = message.replace(self.token, REDACTED)
            record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = record.exc_text.replace(self.token, REDACTED)
        if record.stack_info:
            record.stack_info = record.stack_info.replace(self.token, REDACTED)
        return True


class QuietStartupFailure(logging.Filter):
    """Drops PTB's traceback for a failed startup call (a rejected token, an unreachable API):
    `bot.telegram.app.run` reports that fault in one line of its own."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (
            record.exc_info
            and record.name.startswith("telegram")
            and "Bootstrap" in record.getMessage()
        )


def setup_logging(level: str, token: str) -> None:
    """Configure the root logger once, at the entry point."""
    logging.basicConfig(
        format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=level, force=True
    )
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactToken(token))
        handler.addFilter(QuietStartupFailure())
    # httpx logs every request URL at INFO, and Bot API URLs contain the token.
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
    # watchfiles logs every batch of changes at INFO; bot.watch logs one line per rebuild.
    logging.getLogger("watchfiles").setLevel(logging.WARNING)
