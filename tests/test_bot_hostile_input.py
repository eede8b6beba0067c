"""What any reader or admin can send: forged buttons, odd numbers, odd document names.

Each gets a short, true reply; none gets "something went wrong".
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from conftest import StartBot
from hypothesis import given
from hypothesis import strategies as st
from support.botapi import BotApiStub, private_chat
from test_bot_e2e import ask, button_press, callback_answer, wait_for

from bot.telegram.adding import download_name
from bot.telegram.admin import whole_number
from bot.telegram.buttons import parse_step
from knowledge.ingest import SUFFIXES

ADMIN = 900
ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=300)
DIGITS = st.text(st.characters(categories=["Nd", "No"]), min_size=1, max_size=3)


def went_wrong(stub: BotApiStub) -> list[str]:
    said = [str(m.get("text")) for m in [*stub.sent(), *stub.sent("answerCallbackQuery")]]
    return [text for text in said if "went wrong" in text]


async def test_a_forged_another_match_button_is_answered_not_an_error(
    start_bot: StartBot, stub: BotApiStub, articles: Path
) -> None:
    await start_bot(articles)
    [reply] = await ask(stub, private_chat(11), "hostages")
    for number, data in enumerate(["more:\u00b2", "more:\u0663", "more:-1", "more:", "x" * 64]):
        stub.push(callback_query=button_press(f"forged{number}", reply["sent"], data))
        answered = await wait_for(stub, lambda n=number: callback_answer(stub, f"forged{n}"))
        assert "went wrong" not in str(answered.get("text")), data
    assert not went_wrong(stub)


async def test_admin_documents_with_hostile_names_are_added(
    start_bot: StartBot, stub: BotApiStub, articles: Path
) -> None:
    await start_bot(articles, admin_ids=frozenset({ADMIN}))
    notes = "# Harbour ferry timetable\n\nThe harbour ferry to Skerry Island now leaves hourly.\n"
    for name in ["n" * 261 + ".md", "fer\x00ry.md", "../../../etc/ferry.md", "\u202eferry.md"]:
        document = stub.document(name, notes.encode(), "text/markdown")
        [reply] = await stub.ask(private_chat(ADMIN), ADMIN, document=document)
        assert reply["text"].startswith(("Added <i>Harbour", "Updated <i>Harbour")), name
    assert not went_wrong(stub)


@given(ANY_TEXT)
def test_any_document_name_becomes_a_file_name_that_can_be_written(name: str) -> None:
    safe = download_name(name)
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / safe).write_bytes(b"")
        assert [path.name for path in Path(folder).iterdir()] == [safe]
    suffix = Path(name).suffix
    if suffix in SUFFIXES and name.isprintable() and len(name.encode()) < 100:
        assert safe.endswith(suffix)


@given(
    st.one_of(
        ANY_TEXT, DIGITS, DIGITS.map(lambda d: f"more:{d}"), DIGITS.map(lambda d: f"step:{d}")
    )
)
def test_any_callback_data_is_a_rank_or_none(data: str) -> None:
    rank = parse_step(data)
    assert rank is None or 0 <= rank < 100


@given(st.one_of(ANY_TEXT, DIGITS))
def test_any_remove_argument_is_a_number_or_none(text: str) -> None:
    number = whole_number(text)
    assert number is None or number >= 0
