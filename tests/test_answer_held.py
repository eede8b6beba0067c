"""Whether a paragraph holds an answer type says exactly what the answer-type patterns say,
however it is worked out: for the letters that case-insensitive matching treats specially too
(a dotless i, a long s, a capital I with a dot, the Kelvin sign)."""

from __future__ import annotations

import random

import pytest

from knowledge.search.answer_held import NAME_RE, TYPE_RE, holds_type
from knowledge.search.text import term_word, tokens

PIECES = [
    *("1973", "1973s", "1973S", "20", "2020s", "21st", "3rd", "7", "0", "١٩٧٣"),
    *("Jan", "JAN.", "\u017fep", "Sep", "Oct.", "May", "may", "mid", "Late", "since"),
    *("\u017fince", "SINCE", "century", "CENTURY", "two", "Two", "hundreds", "\u017fcores"),
    *("years", "old"),
    *("aged", "his", "HIS", "Thirties", "km", "KM", "\u212am", "\u212a", "area", "\u0130n"),
    *("\u0131n", "In", "for", "a", "an", "nights", "ft", "feet", "\u00e9", "\u00c9", "_", "-"),
    *("'", "Bob", "Hamas", "Mr", "x", "\u2014", "\u201c", "\u2019s", "Vostrik"),
]
SEPARATORS = ["", " ", " ", "  ", "\n", ".", ". ", "! ", "? ", "-", ","]


def made_up_texts(count: int) -> list[str]:
    rng = random.Random(18)
    return [
        "".join(rng.choice(PIECES) + rng.choice(SEPARATORS) for _ in range(rng.randint(1, 10)))
        for _ in range(count)
    ]


def as_the_patterns_say(kind: str, text: str, question: str) -> bool:
    pattern = TYPE_RE.get(kind)
    if pattern is not None:
        return pattern.search(text) is not None
    asked_words = {term_word(t) for t in tokens(question)}
    return any(term_word(name) not in asked_words for name in NAME_RE.findall(text))


@pytest.mark.parametrize("kind", [*TYPE_RE, "person", "place"])
def test_a_paragraph_holds_a_type_exactly_where_its_pattern_finds_one(kind: str) -> None:
    question = "When did Bob meet Hamas?"
    texts = made_up_texts(4000)
    held = [holds_type(kind, text, question) for text in texts]
    assert held == [as_the_patterns_say(kind, text, question) for text in texts]
    assert 0 < sum(held) < len(texts)


def test_a_long_s_and_a_dotless_i_hold_what_the_patterns_say() -> None:
    assert holds_type("duration", "It has rained \u017fince Monday.")  # "since"
    assert holds_type("date", "Talks resumed \u0131n May.")  # "in May"
    assert holds_type("measure", "The ridge is 40 \u212am long.")  # the Kelvin sign, "km"
    assert not holds_type("number", "Talks resumed on Monday.")
