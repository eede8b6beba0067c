"""The token never reaches a log line, whatever logs it."""

from __future__ import annotations

import logging

from bot.logs import RedactToken


def test_token_is_redacted_from_messages_args_and_tracebacks() -> None:
    token = "123456:secret-token"
    record = logging.LogRecord(
        "httpx", logging.INFO, "x", 1, "POST %s", (f"/bot{token}/getMe",), None
    )
    try:
        raise ValueError(f"bad url /bot{token}/x")
    except ValueError as error:
        record.exc_info = (type(error), error, error.__traceback__)
    RedactToken(token).filter(record)
    shown = logging.Formatter().format(record)
    assert token not in shown
    assert "/bot[REDACTED-TOKEN]/getMe" in shown
