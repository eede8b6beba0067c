"""`python -m bot webhook set|delete|info`: tell Telegram where the webhook is, once per deploy.

Every replica serves the same `WEBHOOK_URL`, so setting it is the operator's step, not each
replica's. Pending updates are kept unless `--drop-pending-updates` is given.
"""

from __future__ import annotations

import asyncio
import sys

from telegram import Bot, Update
from telegram.error import InvalidToken, TelegramError

from bot.settings import Settings, SettingsError, read_settings

ACTIONS = ("set", "delete", "info")


async def act(settings: Settings, action: str, drop_pending: bool) -> str:
    """Carry out `action`; what to print."""
    bot = Bot(settings.token, base_url=settings.base_url or "https://api.telegram.org/bot")
    async with bot:
        if action == "set":
            if not settings.webhook_url:
                raise SettingsError(
                    "WEBHOOK_URL is not set: put the https:// address Telegram should POST "
                    "updates to in .env, with WEBHOOK_SECRET."
                )
            await bot.set_webhook(
                settings.webhook_url,
                secret_token=settings.webhook_secret,
                allowed_updates=Update.ALL_TYPES,
                drop_pending_updates=drop_pending or None,
            )
            return f"Webhook set: Telegram now POSTs updates to {settings.webhook_url}"
        if action == "delete":
            await bot.delete_webhook(drop_pending_updates=drop_pending or None)
            kept = "dropped" if drop_pending else "kept"
            return f"Webhook deleted (pending updates {kept}): the bot can poll again"
        info = await bot.get_webhook_info()
        lines = [
            f"url: {info.url or '(none)'}",
            f"pending updates: {info.pending_update_count}",
        ]
        if info.max_connections:
            lines.append(f"max connections: {info.max_connections}")
        if info.last_error_message:
            lines.append(f"last error: {info.last_error_message} at {info.last_error_date}")
        return "\n".join(lines)


def main(action: str, drop_pending: bool = False) -> int:
    """Run `webhook ACTION`; the exit code (2: bad settings or token, 1: Telegram failed)."""
    try:
        settings = read_settings()
        print(asyncio.run(act(settings, action, drop_pending)))
    except SettingsError as error:
        print(f"article-bot: {error}", file=sys.stderr)
        return 2
    except InvalidToken:
        print("article-bot: Telegram rejected TELEGRAM_BOT_TOKEN", file=sys.stderr)
        return 2
    except TelegramError as error:
        print(f"article-bot: Telegram refused webhook {action}: {error}", file=sys.stderr)
        return 1
    return 0
