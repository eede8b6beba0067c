"""A small Telegram Bot API stand-in on 127.0.0.1 for end-to-end tests.

It speaks the real HTTP protocol the bot's HTTP client uses (form-encoded POSTs to
/bot<token>/<method>), keeps chats and messages, long-polls `getUpdates` honouring offset,
timeout and limit, rejects invalid HTML the way Telegram does, and records what the bot sent.
Files that users send (`document(...)`) are served by `getFile` and GET /file/bot<token>/<path>.

Several replicas of the bot can share it: each is given `replica_url(tag)` (the base URL with
`/<tag>` before `/bot`), and every call it makes is recorded with `via` = its tag. `hold(tag)`
makes that replica's sends wait, unanswered, as a slow Telegram would (see `support.webhooks`
for webhook delivery).
"""

from __future__ import annotations

import asyncio
import contextlib
import html.parser
import json
import re
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

BOT_USER = {
    "id": 7000001,
    "is_bot": True,
    "first_name": "Article Bot",
    "username": "article_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": True,
}
TELEGRAM_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre"}
TELEGRAM_TAGS |= {"blockquote", "tg-spoiler", "span", "tg-emoji"}
URL_RE = re.compile(r"https?://\S+")
REQUIRED = {
    "sendMessage": ("chat_id", "text"),
    "editMessageText": ("chat_id", "message_id", "text"),
    "getFile": ("file_id",),
    "setWebhook": ("url",),
}
"""Parameters without which Telegram answers 400 (the stand-in's handlers read them)."""
PATH_RE = re.compile(r"^/(?:(?!file/)(?P<via>[a-z]\w*)/)?(?P<file>file/)?bot")
"""A request path: `/bot<token>/<method>`, maybe after `/<replica tag>`, or a file's path."""


ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-spoiler": "spoiler",
}


class HtmlCheck(html.parser.HTMLParser):
    """Telegram's HTML rules, roughly: known tags only, properly nested. It also keeps what
    Telegram makes of the message: the plain text and its entities (UTF-16 offsets)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []
        self.opened: list[tuple[str, int, dict[str, Any]]] = []
        self.entities: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag not in TELEGRAM_TAGS:
            self.errors.append(f"unsupported start tag {tag!r}")
        self.stack.append(tag)
        self.opened.append((tag, _utf16("".join(self.text)), dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(f"unexpected end tag {tag!r}")
            return
        name, start, attrs = self.opened.pop()
        length = _utf16("".join(self.text)) - start
        if name in ENTITY_TYPES and length:
            entity = {"type": ENTITY_TYPES[name], "offset": start, "length": length}
            if name == "a":
                entity["url"] = attrs.get("href", "")
            self.entities.append(entity)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def as_received(text: str) -> tuple[str, list[dict[str, Any]]]:
    """What Telegram keeps of an HTML message: its plain text and its entities."""
    check = HtmlCheck()
    check.feed(text)
    check.close()
    return "".join(check.text), sorted(check.entities, key=lambda e: e["offset"])


def html_problem(text: str) -> str | None:
    """Why Telegram would refuse `text` as HTML, or None when it would accept it."""
    for entity in re.finditer(r"&(#?\w*)(;?)", text):
        name, closed = entity.groups()
        if not closed or not (name in {"lt", "gt", "amp", "quot"} or name.startswith("#")):
            return f"can't parse entities: unsupported entity at {entity.start()}"
    check = HtmlCheck()
    check.feed(text)
    check.close()
    if check.stack:
        check.errors.append(f"unclosed tags {check.stack}")
    if check.errors:
        return "can't parse entities: " + "; ".join(check.errors)
    if len("".join(check.text)) > 4096:
        return "message is too long"
    return None


class BotApiStub:
    """Start with `start()`, point the bot at `base_url`, inject updates, read `sent`."""

    def __init__(self) -> None:
        self.lock = threading.Condition()
        self.updates: list[dict[str, Any]] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.chats: dict[int, dict[str, Any]] = {}
        self.failures: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        self.next_update_id = 1
        self.next_message_id = 1
        self.files: dict[str, tuple[str, bytes]] = {}
        """file_id -> (file_path, contents), for getFile and downloads."""
        self.downloads: list[str] = []
        self.server = _Server(("127.0.0.1", 0), _make_handler(self))
        self.closing = False
        self.webhook: Callable[[dict[str, Any]], None] | None = None
        """Set (by `support.webhooks`): updates are POSTed to the bot instead of polled."""
        self.webhook_info: dict[str, Any] = {"url": ""}
        self.held: set[str] = set()
        self.holding: list[str] = []
        """Methods of held calls waiting (their replica's tag is not in them)."""

    # --- lifecycle -------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/bot"

    def replica_url(self, tag: str) -> str:
        """The base URL for the replica named `tag` (letters and digits)."""
        return f"http://127.0.0.1:{self.server.server_address[1]}/{tag}/bot"

    def start(self) -> BotApiStub:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        with self.lock:
            self.closing = True
            self.lock.notify_all()
        self.server.shutdown()
        self.server.server_close()

    # --- what tests do ---------------------------------------------------------------------

    def fail_next(self, method: str, status: int, extra: dict[str, Any] | None = None) -> None:
        """Make the next call of `method` answer with an error `status`."""
        with self.lock:
            self.failures.setdefault(method, []).append((status, extra or {}))

    def push(self, **update: Any) -> int:
        """Queue an update (e.g. message=..., inline_query=...); returns its update_id.

        With a webhook set, the update is POSTed to the bot instead.
        """
        with self.lock:
            update_id = self.next_update_id
            self.next_update_id += 1
            full = {"update_id": update_id, **update}
            if self.webhook is None:
                self.updates.append(full)
                self.lock.notify_all()
        if self.webhook is not None:
            self.webhook(full)
        return update_id

    def hold(self, tag: str) -> None:
        """From now on, calls from replica `tag` wait unanswered (and unrecorded)."""
        with self.lock:
            self.held.add(tag)

    def drop_held(self, tag: str) -> None:
        """The held calls of replica `tag` are never processed (as if it died before sending
        them); its later calls go through.

        When `tag` is killed, call this only once all it sent has been read: a request it
        wrote just before it died can reach the stand-in's thread after the kill, and would
        then be processed (under load, this doubled an answer)."""
        with self.lock:
            self.held.discard(tag)
            self.lock.notify_all()

    def user_message(
        self, chat: dict[str, Any], user_id: int, text: str | None = None, **fields: Any
    ) -> dict[str, Any]:
        """A message from user `user_id` in `chat`, recorded as if Telegram had it."""
        if "reply_to_message" in fields:  # Telegram never nests replies deeper than one
            fields["reply_to_message"] = _unnested(fields["reply_to_message"])
        with self.lock:
            message: dict[str, Any] = {
                "message_id": self._new_message_id(),
                "date": int(time.time()),
                "chat": chat,
                "from": {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"},
                **fields,
            }
            if text is not None:
                message["text"] = text
                entities = [
                    {"type": "url", "offset": _utf16(text[: m.start()]), "length": _utf16(m[0])}
                    for m in URL_RE.finditer(text)
                ]
                if text.startswith("/"):
                    command = text.split()[0]
                    command_entity = {"type": "bot_command", "offset": 0, "length": len(command)}
                    entities.insert(0, command_entity)
                if entities:
                    message["entities"] = entities
            self.chats[chat["id"]] = chat
            self.messages[(chat["id"], message["message_id"])] = message
            return message

    def document(self, file_name: str, contents: bytes, mime_type: str) -> dict[str, Any]:
        """A document a user sends (put it in `user_message(..., document=...)`)."""
        with self.lock:
            number = len(self.files) + 1
            file_id = f"file-{number}"
            self.files[file_id] = (f"documents/file_{number}{_suffix(file_name)}", contents)
            return {
                "file_id": file_id,
                "file_unique_id": f"unique-{number}",
                "file_name": file_name,
                "mime_type": mime_type,
                "file_size": len(contents),
            }

    def sent(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        """Parameters of every call of `method` the bot made, oldest first."""
        with self.lock:
            return [params for name, params in self.calls if name == method]

    def wait_for(self, predicate: Callable[[], Any], timeout: float = 10.0) -> Any:
        """Block until `predicate()` is truthy (checked whenever the bot calls); its value."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while not (result := predicate()):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"stand-in: condition not met; calls: {self.calls[-5:]}")
                self.lock.wait(left)
            return result

    async def until(self, predicate: Callable[[], Any], timeout: float = 10.0) -> Any:
        """`wait_for` without blocking the event loop the bot runs on."""
        return await asyncio.to_thread(self.wait_for, predicate, timeout)

    async def ask(
        self, chat: dict[str, Any], user_id: int, text: str | None = None, **fields: Any
    ) -> list[dict[str, Any]]:
        """Send a message as user `user_id` in `chat` and return the bot's replies to it."""
        message = self.user_message(chat, user_id, text, **fields)
        self.push(message=message)
        return await self.until(lambda: self.replies_to(message))  # type: ignore[no-any-return]

    async def press(
        self, message: dict[str, Any], label: str, user_id: int
    ) -> tuple[str, dict[str, Any]]:
        """Press the button labelled `label` under the bot's `message` as user `user_id`:
        the pop-up the bot answers the press with ("" for none) and the message as it stands
        once the bot is done (edited in place, or as it was)."""
        where = (message["chat"]["id"], message["message_id"])
        with self.lock:
            shown = self.messages[where]
            rows = (shown.get("reply_markup") or {}).get("inline_keyboard", [])
            [data] = [b["callback_data"] for row in rows for b in row if b["text"] == label]
            query_id = f"press{len(self.calls)}"
            edits = len([p for n, p in self.calls if n == "editMessageText"])
        user = {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}
        query = {"id": query_id, "from": user, "chat_instance": "ci", "message": shown}
        self.push(callback_query={**query, "data": data})
        [answer] = await self.until(
            lambda: [
                a for a in self.sent("answerCallbackQuery") if a["callback_query_id"] == query_id
            ]
        )
        if not answer.get("text"):  # answered without a word: the message is being edited
            await self.until(
                lambda: [
                    p
                    for p in self.sent("editMessageText")[edits:]
                    if (int(p["chat_id"]), int(p["message_id"])) == where
                ]
            )
        with self.lock:
            return answer.get("text", ""), self.messages[where]

    def replies_to(self, message: dict[str, Any]) -> list[dict[str, Any]]:
        """Messages the bot sent in reply to `message`."""
        return [
            m
            for m in self.sent()
            if m.get("reply_parameters", {}).get("message_id") == message["message_id"]
            and int(m["chat_id"]) == message["chat"]["id"]
        ]

    # --- the Bot API -----------------------------------------------------------------------

    def _new_message_id(self) -> int:
        self.next_message_id += 1
        return self.next_message_id

    def call(
        self, method: str, params: dict[str, Any], via: str | None = None
    ) -> tuple[int, dict[str, Any]]:
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._get_updates(params)}
        if via is not None:
            params["via"] = via
        with self.lock:
            if via in self.held:
                self.holding.append(method)
                self.lock.notify_all()
                while via in self.held and not self.closing:
                    self.lock.wait()
                self.holding.remove(method)
                self.lock.notify_all()
                raise _Fail(502, {"description": "dropped: the replica died first"})
            if self.failures.get(method):
                status, extra = self.failures[method].pop(0)
                return status, {"ok": False, "error_code": status, "description": "stub", **extra}
            handler = getattr(self, f"_api_{method}", None)
            if handler is None:
                return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
            missing = [name for name in REQUIRED.get(method, ()) if name not in params]
            if missing:  # e.g. a request cut short by a replica killed while sending it
                problem = f"Bad Request: {missing[0]} is empty"
                return 400, {"ok": False, "error_code": 400, "description": problem}
            problem = None
            if params.get("parse_mode") == "HTML" and "text" in params:
                problem = html_problem(params["text"])
            if problem:
                return 400, {"ok": False, "error_code": 400, "description": problem}
            result = handler(params)
            self.calls.append((method, params))
            self.lock.notify_all()
            return 200, {"ok": True, "result": result}

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset", 0))
        limit = int(params.get("limit", 100))
        deadline = time.monotonic() + float(params.get("timeout", 0))
        with self.lock:
            if self.failures.get("getUpdates"):
                raise _Fail(*self.failures["getUpdates"].pop(0))
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
            while not self.updates and not self.closing:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self.lock.wait(left)
            self.calls.append(("getUpdates", params))
            return self.updates[:limit]

    def _api_getMe(self, params: dict[str, Any]) -> Any:
        return BOT_USER

    def _api_deleteWebhook(self, params: dict[str, Any]) -> Any:
        self.webhook_info = {"url": ""}
        return True

    def _api_setWebhook(self, params: dict[str, Any]) -> Any:
        self.webhook_info = {
            "url": params["url"],
            "has_custom_certificate": False,
            "pending_update_count": len(self.updates),
            "max_connections": int(params.get("max_connections", 40)),
            "allowed_updates": params.get("allowed_updates", []),
        }
        return True

    def _api_getWebhookInfo(self, params: dict[str, Any]) -> Any:
        return {"has_custom_certificate": False, "pending_update_count": 0, **self.webhook_info}

    def _api_setMyCommands(self, params: dict[str, Any]) -> Any:
        return True

    def _api_getMyCommands(self, params: dict[str, Any]) -> Any:
        scope = params.get("scope", {"type": "default"})
        menus = [p for name, p in self.calls if name == "setMyCommands"]
        menus = [p for p in menus if p.get("scope", {"type": "default"}) == scope]
        return menus[-1]["commands"] if menus else []

    def _api_getFile(self, params: dict[str, Any]) -> Any:
        file_id = params["file_id"]
        if file_id not in self.files:
            raise _Fail(400, {"description": "Bad Request: invalid file_id"})
        path, contents = self.files[file_id]
        return {
            "file_id": file_id,
            "file_unique_id": file_id.replace("file", "unique"),
            "file_size": len(contents),
            "file_path": path,
        }

    def download(self, path: str) -> bytes | None:
        """The contents at /file/bot<token>/<path>, or None when there is no such file."""
        with self.lock:
            self.downloads.append(path)
            self.lock.notify_all()
            return next((data for p, data in self.files.values() if p == path), None)

    def _api_sendChatAction(self, params: dict[str, Any]) -> Any:
        return True

    def _api_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        return True

    def _api_answerInlineQuery(self, params: dict[str, Any]) -> Any:
        return True

    def _api_close(self, params: dict[str, Any]) -> Any:
        return True

    def _api_logOut(self, params: dict[str, Any]) -> Any:
        return True

    def _api_sendMessage(self, params: dict[str, Any]) -> Any:
        chat = self.chats[int(params["chat_id"])]
        message = {
            "message_id": self._new_message_id(),
            "date": int(time.time()),
            "chat": chat,
            "from": BOT_USER,
            **_text_fields(params),
        }
        if "reply_parameters" in params:
            replied = self.messages.get((chat["id"], params["reply_parameters"]["message_id"]))
            if replied is not None:
                message["reply_to_message"] = _unnested(replied)
        if "reply_markup" in params:
            message["reply_markup"] = params["reply_markup"]
        self.messages[(chat["id"], message["message_id"])] = message
        params["sent"] = message
        return message

    def _api_editMessageText(self, params: dict[str, Any]) -> Any:
        message = self.messages[(int(params["chat_id"]), int(params["message_id"]))]
        message.pop("entities", None)
        message.update(_text_fields(params))
        message["reply_markup"] = params.get("reply_markup")
        return message


def _text_fields(params: dict[str, Any]) -> dict[str, Any]:
    """The text (and entities) of a message the bot sends, as Telegram keeps them."""
    if params.get("parse_mode") != "HTML":
        return {"text": params["text"]}
    text, entities = as_received(params["text"])
    return {"text": text, "entities": entities} if entities else {"text": text}


def _unnested(message: dict[str, Any]) -> dict[str, Any]:
    """A message as Telegram puts it in `reply_to_message`: without its own reply."""
    return {k: v for k, v in message.items() if k != "reply_to_message"}


def _utf16(text: str) -> int:
    """Telegram counts entity offsets and lengths in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _suffix(file_name: str) -> str:
    dot = file_name.rfind(".")
    return file_name[dot:] if dot > 0 else ""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    """The bot opens many connections at once (50 users asking); the default backlog is 5."""


class _Fail(Exception):
    def __init__(self, status: int, extra: dict[str, Any]) -> None:
        self.status, self.extra = status, extra


def _decode(value: str) -> Any:
    if value[:1] in "[{":
        return json.loads(value)
    return value


def _make_handler(stub: BotApiStub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode()
            if self.headers.get("Content-Type", "").startswith("application/json"):
                params = json.loads(body or "{}")
            else:
                params = {k: _decode(v) for k, v in parse_qsl(body)}
            method = self.path.rsplit("/", 1)[-1]
            found = PATH_RE.match(self.path)
            try:
                status, payload = stub.call(method, params, found and found["via"])
            except _Fail as fail:
                status = fail.status
                payload = {"ok": False, "error_code": status, "description": "Bad Gateway"}
                payload.update(fail.extra)
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            with contextlib.suppress(ConnectionError):  # the bot hung up while we waited
                self.wfile.write(data)

        def do_GET(self) -> None:
            found = PATH_RE.match(self.path)
            if not found or not found["file"]:
                self.do_POST()
                return
            data = stub.download(self.path[found.end() :].split("/", 1)[1])
            self.send_response(200 if data is not None else 404)
            self.send_header("Content-Length", str(len(data or b"")))
            self.end_headers()
            with contextlib.suppress(ConnectionError):
                self.wfile.write(data or b"")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


def private_chat(user_id: int) -> dict[str, Any]:
    return {"id": user_id, "type": "private", "first_name": f"User{user_id}"}


def group_chat(chat_id: int) -> dict[str, Any]:
    return {"id": chat_id, "type": "supergroup", "title": "Readers"}
