"""The real-users trial (issue 15): a script of messages played to the real bot, as people type
them, through the Bot API stand-in; prints the transcript.

    python -m benchmarks.trial [--web ../shared/eval/web/html]

Part 1 answers from the bundled article, part 2 from it and six pages of the shared evaluation
data added as `add` adds them. Each part plays a private chat, a group (`/ask` and replies to
the bot's messages) and inline queries; a step may press a button under the bot's last message
or type the first question a refusal suggested. Every message is numbered. The verdicts (good,
acceptable, bad) are a person's, written beside the transcript in docs/trial-issue-15.md; run
it on two checkouts to compare them (it uses the stand-in of the checkout it runs from).
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import html
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from support.botapi import BotApiStub, group_chat, private_chat  # noqa: E402
from support.running import start_polling, stop_polling  # noqa: E402

from bot.questionlog import QuestionLog  # noqa: E402
from bot.questionrows import database_path  # noqa: E402
from knowledge import BUNDLED_DIR, KnowledgeBase, load_knowledge  # noqa: E402
from knowledge.ingest import Added, add_source  # noqa: E402

PAGES = (  # six real news pages of ../shared/eval/web (their sha256 file names)
    "c90731f051d033e49e4cfcc920895051bbc3b54ef1a11519abcf22a115c3aa79",  # White House, hearing
    "833caf3bdba53dcf48de273cf646370eebe9ac565744b0d0e941e298e1b79730",  # settlements, Pompeo
    "a1fca19b884e0e946ad3fbe2a7f5031e5e3b23372702a76db302b6143c77cb31",  # Taliban swap
    "7a664e40d256470fdb12d10c3f8d1c6db0581e9b080c71765e55f273a3ac7d03",  # Volker, Morrison
    "f5c90a6d5253c3a21ff3168c64bea4b5ffade7a1ba5bed952a59ebee0d648d98",  # Schiff's clock
    "7bb1ca90354313840329d2f569ea9fb3a582df2aa0a5e3669f8fc567eb6ea61b",  # feather duvet lung
)
Step = tuple[str, str]
"""(where, text): `private`, `private:<language code>`, `group` (sent as typed), `reply` (in
the group, a reply to the bot's last message there), `inline`, `press` (the button with that
label under the bot's last private message), `suggested` (the first suggestion last shown)."""

BUNDLED: list[Step] = [
    ("private", "/start"),
    ("private", "hi"),
    ("private", "Who is mediating the talks?"),
    ("private", "and Egypt?"),
    ("private", "who else?"),
    ("press", "◀ Previous"),
    ("private", "next"),
    ("private", "What did Trump threaten?"),
    ("private", "by when?"),
    ("private", "how many hostages are left?"),
    ("private", "are they alive?"),
    ("press", "Next ▶"),
    ("private", "tell me more"),
    ("private", "Who mediates? When did the war start?"),
    ("private", "who are the mediators and what did Trump say and how many hostages remain?"),
    ("private", "what's the capital of France?"),
    ("suggested", ""),
    ("private", "Waht did Netanyahu vow?"),
    ("private", "hostges"),
    ("press", "Next ▶"),
    ("press", "👍"),
    ("private:ru", "Что сказал Трамп?"),
    ("private:de", "Wer vermittelt?"),
    ("private:es", "¿Quién media en las conversaciones?"),
    ("private", "are you a bot or a human"),
    ("private", "you're useless"),
    ("private", "👍"),
    ("private", "good bot"),
    ("private", "which articles do you have?"),
    ("private", "what's the headline?"),
    ("private", "can you send me the link to the article?"),
    ("private", "when was it published?"),
    ("private", "thanks!"),
    ("private", "What does Hamas want?"),
    ("press", "#1"),
    ("group", "/ask Who is leading the mediation?"),
    ("reply", "are they making progress?"),
    ("group", "/ask How many people were killed on Oct. 7?"),
    ("reply", "and how many were taken hostage?"),
    ("group", "/ask what is the weather in Paris?"),
    ("inline", ""),
    ("inline", "hostages"),
    ("inline", "Trump's deadline"),
    ("inline", "capital of France"),
    ("inline", "hi"),
]
SEVEN: list[Step] = [
    ("private", "/start"),
    ("private", "which articles do you have?"),
    ("private", "what's the latest article?"),
    ("private", "What did Pompeo say?"),
    ("private", "what did Netanyahu say about it?"),
    ("private", "Who was released by the Taliban?"),
    ("private", "where were they held?"),
    ("press", "Next ▶"),
    ("press", "◀ Previous"),
    ("private", "Who is Kevin King?"),
    ("private", "What did Volker testify?"),
    ("private", "and Morrison?"),
    ("private", "summary of the duvet article"),
    ("private", "what caused the man's lung condition?"),
    ("private", "What did Trump tweet?"),
    ("private", "more"),
    ("press", "◀ Previous"),
    ("private", "Who are the Taliban prisoners and where were they sent?"),
    ("private", "What is Adam Schiff's strategy?"),
    ("private", "can you send me the link?"),
    ("private", "What is the weather in Paris tomorrow?"),
    ("suggested", ""),
    ("private:de", "Was sagt Pompeo?"),
    ("private", "lol"),
    ("private", "Who is mediating between Israel and Hamas?"),
    ("private", "how many hostages are left? are they alive?"),
    ("group", "/ask Who criticised the settlements decision?"),
    ("reply", "and the EU?"),
    ("group", "/ask what did the white house say about the hearings?"),
    ("inline", "Kevin King"),
    ("inline", "settlements illegal"),
    ("inline", "feather duvet"),
    ("inline", ""),
]
QUOTE_CHARS = 170
WAIT = 10.0


def plain(text: str) -> str:
    """What the user reads: quotes cut to `QUOTE_CHARS`, tags dropped."""

    def cut(found: re.Match[str]) -> str:
        inner = html.unescape(re.sub(r"<[^>]+>", "", found[1])).replace("\n", " ")
        inner = inner if len(inner) <= QUOTE_CHARS else inner[:QUOTE_CHARS] + " […]"
        return f"> {inner}\n"

    text = re.sub(r"<blockquote[^>]*>(.*?)</blockquote>\n?", cut, text, flags=re.S)
    text = re.sub(r'<a href="([^"]+)">(.*?)</a>', r"\2 <\1>", text)
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()


def buttons(sent: dict[str, Any]) -> list[dict[str, Any]]:
    markup = sent.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


def show(number: int, where: str, text: str, said: list[str]) -> None:
    print(f"#{number} [{where}] {text or '(empty)'}")
    for part in said:
        for line in part.splitlines():
            print(f"    {line}")
    print()


class Trial:
    def __init__(self, stub: BotApiStub) -> None:
        self.stub = stub
        self.last: dict[str, dict[str, Any]] = {}
        self.suggested: str = ""
        self.queries = 0

    async def ask(self, chat: dict[str, Any], text: str, **fields: Any) -> list[dict[str, Any]]:
        message = self.stub.user_message(chat, 901, text, **fields)
        self.stub.push(message=message)
        try:
            return await self.stub.until(lambda: self.stub.replies_to(message), timeout=WAIT)
        except TimeoutError:
            return []

    async def play(self, where: str, text: str) -> list[str]:
        kind, _, language = where.partition(":")
        if kind == "suggested":
            kind, text = "private", self.suggested
        if kind in ("private", "group", "reply"):
            chat = private_chat(901) if kind == "private" else group_chat(-901)
            fields: dict[str, Any] = {}
            if language:
                fields["from"] = {"id": 901, "is_bot": False, "first_name": "U"}
                fields["from"]["language_code"] = language
            if kind == "reply" and "group" in self.last:
                fields["reply_to_message"] = self.last["group"]["sent"]
            replies = await self.ask(chat, text, **fields)
            if not replies:
                return ["(no reply)"]
            self.last["private" if kind == "private" else "group"] = replies[-1]
            for reply in replies:
                _, lead, suggested = plain(reply["text"]).partition("questions like these:")
                found = re.findall(r"• (.+)", suggested)
                self.suggested = found[0] if lead and found else self.suggested
            return [self.render(r["text"], r.get("sent", r)) for r in replies]
        if kind == "press":
            return await self.press(text)
        return await self.inline(text)

    def render(self, text: str, sent: dict[str, Any]) -> str:
        labels = " ".join(f"[{b['text']}]" for b in buttons(sent))
        return plain(text) + (f"\n{labels}" if labels else "")

    async def press(self, label: str) -> list[str]:
        last = self.last.get("private")
        sent = last.get("sent", last) if last else None
        found = buttons(sent) if sent else []
        if label.startswith("#") and len(found) >= int(label[1:]):  # an offered paragraph
            label = found[int(label[1:]) - 1]["text"]
        data = next((b["callback_data"] for b in found if b["text"] == label), None)
        if sent is None or data is None:
            return [f"(no {label} button)"]
        edits = len(self.stub.sent("editMessageText"))
        answers = len(self.stub.sent("answerCallbackQuery"))
        sends = len(self.stub.sent())
        user = {"id": 901, "is_bot": False, "first_name": "U"}
        self.queries += 1
        query = {"id": f"c{self.queries}", "from": user, "chat_instance": "ci", "message": sent}
        self.stub.push(callback_query={**query, "data": data})
        await self.stub.until(
            lambda: len(self.stub.sent("answerCallbackQuery")) > answers, timeout=WAIT
        )
        await asyncio.sleep(0.3)
        said = []
        edited = self.stub.sent("editMessageText")[edits:]
        if edited:
            said.append("(edited) " + self.render(edited[-1]["text"], edited[-1]))
        said += [f"(sent) {self.render(m['text'], m)}" for m in self.stub.sent()[sends:]]
        toast = self.stub.sent("answerCallbackQuery")[-1].get("text")
        if toast:
            said.append(f"(toast) {toast}")
        return said or ["(nothing)"]

    async def inline(self, query: str) -> list[str]:
        self.queries += 1
        ident = f"i{self.queries}"
        user = {"id": 901, "is_bot": False, "first_name": "U"}
        self.stub.push(inline_query={"id": ident, "from": user, "query": query, "offset": ""})

        def answered() -> list[dict[str, Any]]:
            found = self.stub.sent("answerInlineQuery")
            return [a for a in found if a["inline_query_id"] == ident]

        try:
            [answer] = await self.stub.until(answered, timeout=WAIT)
        except TimeoutError:
            return ["(no answer)"]
        results = answer["results"]
        if isinstance(results, str):
            import json

            results = json.loads(results)
        if not results:
            return ["(no results)"]
        lines = []
        for result in results:
            body = plain(result.get("input_message_content", {}).get("message_text", ""))
            lines.append(f"- {result.get('title')} | {result.get('description', '')}")
            lines.append("  sends: " + body.replace("\n", " / ")[:200])
        return ["\n".join(lines)]


async def play_part(title: str, knowledge: KnowledgeBase, steps: list[Step], start: int) -> int:
    print(f"## {title}\n")
    with tempfile.TemporaryDirectory() as data:
        stub = BotApiStub().start()
        log = QuestionLog(database_path(Path(data)), keep_days=1)
        bot = await start_polling(stub, knowledge, log)
        trial = Trial(stub)
        try:
            for number, (where, text) in enumerate(steps, start=start):
                shown = trial.suggested if where == "suggested" else text
                show(number, where, shown, await trial.play(where, text))
        finally:
            await stop_polling(bot)
            stub.stop()
    return start + len(steps)


def seven(web: Path, folder: Path) -> KnowledgeBase:
    for source in BUNDLED_DIR.iterdir():
        shutil.copy(source, folder)
    pages = folder.parent / "pages"
    pages.mkdir()
    for key in PAGES:
        page = pages / f"{key}.html"
        page.write_bytes(gzip.decompress((web / f"{key}.html.gz").read_bytes()))
        added = add_source(str(page), folder)
        assert isinstance(added, Added), added
    return load_knowledge(folder, cache_dir=folder.parent / "cache")


async def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.trial")
    parser.add_argument("--web", type=Path, default=REPO.parent / "shared/eval/web/html")
    args = parser.parse_args()
    number = await play_part("Part 1: the bundled article", load_knowledge(), BUNDLED, 1)
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "articles"
        folder.mkdir()
        knowledge = seven(args.web, folder)
        titles = "; ".join(a.title[:50] for a in knowledge.articles)
        title = f"Part 2: {len(knowledge.articles)} articles ({titles})"
        await play_part(title, knowledge, SEVEN, number)


if __name__ == "__main__":
    asyncio.run(main())
