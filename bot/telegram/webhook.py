"""Webhook mode: PTB's custom-webhook pattern (`updater(None)`, a small ASGI server).

Telegram POSTs each update to the path of `WEBHOOK_URL`. The secret header is checked in
constant time (403 without it), the update is claimed (so a re-sent one is answered once, by
whichever replica), and it is answered **before** the request is: `process_update` is awaited,
not queued, so a replica killed mid-update leaves Telegram without a 2xx and Telegram re-sends
the update (PTB's own `run_webhook` answers 200 as soon as the update is queued).

`GET /healthz` says 503 until the articles are indexed, then 200 with their counts.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import signal
import socket
from collections.abc import Awaitable, Callable, Generator
from dataclasses import dataclass

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from telegram import Update

from bot.claims import BUSY, DONE, Claims
from bot.settings import Settings, SettingsError
from bot.telegram.context import BotApplication
from bot.telegram.shutdown import DroppingRateLimiter, dropped_replies
from knowledge import KnowledgeBase

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
STOP_SECONDS = 5.0
"""How long a stopping replica waits for the updates it is answering (their replies are sent,
or dropped and the update left for Telegram to re-send)."""
KEEP_ALIVE_SECONDS = 1


@dataclass
class Serving:
    """What the web server answers with; `application` is None until the articles are in."""

    settings: Settings
    claims: Claims
    application: BotApplication | None = None


def web_app(serving: Serving) -> Starlette:
    """The ASGI app: the update POSTs at the path of `WEBHOOK_URL`, and `GET /healthz`."""
    secret = serving.settings.webhook_secret.encode()

    async def telegram(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "").encode("latin-1")
        if not hmac.compare_digest(given, secret):
            return Response("wrong or missing secret token", status_code=403)
        application = serving.application
        if application is None:
            return Response("starting", status_code=503)
        try:
            update = Update.de_json(await request.json(), application.bot)
        except (ValueError, TypeError, KeyError):
            return Response("not an update", status_code=400)
        return await handle(application, serving.claims, update)

    async def healthz(request: Request) -> Response:
        application = serving.application
        knowledge = application.bot_data.knowledge if application else None
        if knowledge is None:
            return JSONResponse({"status": "loading"}, status_code=503)
        counts = {"articles": len(knowledge.articles), "paragraphs": len(knowledge.passages)}
        return JSONResponse({"status": "ok", **counts})

    return Starlette(
        routes=[
            Route(serving.settings.webhook_path, telegram, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
        ]
    )


async def handle(application: BotApplication, claims: Claims, update: Update) -> Response:
    """Answer `update` once, then acknowledge it; 503 (Telegram re-sends) when it is not done."""
    claim = await claims.claim(update.update_id)
    if claim == DONE:
        return Response(status_code=200)  # answered before: a re-sent update
    if claim == BUSY:
        return Response("being answered", status_code=503)
    finished = False
    try:
        with dropped_replies() as dropped:
            await application.process_update(update)
        if dropped:  # stopping: a reply was held back by the rate limits and not sent
            return Response("stopping", status_code=503)
        await claims.finish(update.update_id)
        finished = True
        return Response(status_code=200)
    finally:
        if not finished:
            await claims.release(update.update_id)


class Server(uvicorn.Server):
    """uvicorn's server, leaving the signals to `serve` (uvicorn re-raises SIGTERM when it has
    stopped, which would end the process before the bot has written its question log)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


async def serve(
    settings: Settings,
    claims: Claims,
    load: Callable[[], KnowledgeBase],
    build: Callable[[KnowledgeBase], BotApplication],
    ready: Callable[[BotApplication], Awaitable[None]] | None = None,
) -> None:
    """Serve webhooks until SIGTERM or SIGINT.

    The web server starts first (health: 503), then the articles are loaded off the event loop
    (`load` may raise `KnowledgeError`, which stops the server), the application is built and
    started, and health turns 200.
    """
    listening = listen(settings.webhook_listen, settings.webhook_port)
    serving = Serving(settings, claims)
    config = uvicorn.Config(
        web_app(serving),
        host=settings.webhook_listen,
        port=settings.webhook_port,
        log_config=None,
        access_log=False,
        lifespan="off",
        timeout_graceful_shutdown=int(STOP_SECONDS),
        # nginx keeps connections open between updates; one that a request reached while the
        # server was stopping stays open until this many seconds without a request.
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
    )
    server = Server(config)
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    web = asyncio.create_task(server.serve([listening]), name="webhook server")
    application: BotApplication | None = None
    try:
        knowledge = await asyncio.to_thread(load)
        application = build(knowledge)
        await application.initialize()
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        serving.application = application
        if ready is not None:
            await ready(application)
        logger.info(
            "Serving webhooks at %s on %s:%d",
            settings.webhook_path,
            settings.webhook_listen,
            settings.webhook_port,
        )
        signalled = asyncio.ensure_future(stopping.wait())
        await asyncio.wait({signalled, web}, return_when=asyncio.FIRST_COMPLETED)
        signalled.cancel()
    finally:
        logger.info("Stopping: no new updates; finishing the ones under way")
        if application is not None and isinstance(
            application.bot.rate_limiter, DroppingRateLimiter
        ):
            application.bot.rate_limiter.drop_queued()
        server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await web
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)
        if application is not None:
            await stop(application)


def listen(host: str, port: int) -> socket.socket:
    """The server's socket, bound now, so that a port in use is one clear line (exit 2)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host, port), family=family, backlog=2048)
    except OSError as error:
        raise SettingsError(
            f"cannot listen on {host}:{port} (WEBHOOK_LISTEN, WEBHOOK_PORT): "
            f"{error.strerror or error}"
        ) from None


async def stop(application: BotApplication) -> None:
    """Stop as `run_polling` stops: stop, post_stop, shutdown, post_shutdown."""
    if application.running:
        await application.stop()
    if application.post_stop is not None:
        await application.post_stop(application)
    await application.shutdown()
    if application.post_shutdown is not None:
        await application.post_shutdown(application)
