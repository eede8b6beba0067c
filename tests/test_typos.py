"""Reading a misspelt question word as the article word it was meant to be."""

from __future__ import annotations

import random
import re

from rapidfuzz.distance import OSA

from knowledge.search.typos import TypoCorrector, as_read, max_edits

LETTERS = "abcdefghijklmnopqrstuvwxyzé"


def slip(word: str, rng: random.Random) -> str:
    at = rng.randrange(len(word))
    letter = rng.choice(LETTERS)
    return rng.choice(
        (
            word[:at] + word[at + 1 :],
            word[:at] + letter + word[at:],
            word[:at] + letter + word[at + 1 :],
            word[:at] + word[at + 1 : at + 2] + word[at : at + 1] + word[at + 2 :],
        )
    )


def test_every_word_within_reach_is_found_as_a_scan_of_the_vocabulary_finds_it() -> None:
    rng = random.Random(7)
    vocabulary = sorted(
        {"".join(rng.choices(LETTERS[:8], k=rng.randint(3, 12))) for _ in range(3000)}
    )
    spelling = TypoCorrector((word, 1) for word in vocabulary)
    for _ in range(400):
        typed = slip(slip(rng.choice(vocabulary), rng), rng)
        if len(typed) < 4 or typed in vocabulary:
            continue
        limit = max_edits(typed)
        distances = [OSA.distance(typed, word) for word in vocabulary]
        nearest = min(distances)
        expected = {w for w, d in zip(vocabulary, distances, strict=True) if d == nearest}
        found = spelling.candidates(typed)
        if nearest > limit:
            assert found == []
        else:
            assert found, typed
            assert {d for _, d in found} == {nearest}
            assert {w for w, _ in found} <= expected
            assert len(found) == min(3, len(expected))


def test_of_two_words_as_near_the_one_more_paragraphs_use_is_meant() -> None:
    spelling = TypoCorrector([("vision", 2), ("mission", 9)])
    assert spelling.read_as("mision") == "mission"
    spelling = TypoCorrector([("vision", 9), ("mission", 2)])
    assert spelling.read_as("mision") == "vision"


def test_words_added_later_are_read_as_meant_too() -> None:
    spelling = TypoCorrector([("hostages", 3)])
    assert spelling.read_as("zorbkail") == "zorbkail"
    spelling.add([("zorbakil", 1)])
    assert spelling.read_as("zorbkail") == "zorbakil"
    assert spelling.read_as("hostgaes") == "hostages"


def test_a_question_is_read_with_each_slip_replaced_where_it_is_a_whole_word() -> None:
    """As the case-insensitive pattern of the slip between non-word characters replaces it."""
    rng = random.Random(7)
    pieces = ["hostges", "Hostges", "HOSTGES", "hostges_", "2hostges", "hostges's", "the", "a"]
    pieces += ["x-hostges", "\u00e9", "hostges\u00e9", "\u212a", "k"]
    for _ in range(3000):
        question = "".join(
            rng.choice(pieces) + rng.choice(["", " ", "?", "'", "-"]) for _ in range(6)
        )
        slips = [(rng.choice(["hostges", "a", "k", "the"]), rng.choice(["hostages", "b", ""]))]
        expected = question
        for written, meant in slips:
            pattern = rf"(?<!\w){re.escape(written)}(?!\w)"
            expected = re.sub(pattern, meant, expected, flags=re.IGNORECASE)
        assert as_read(question, slips) == expected
    assert as_read("Who freed the Hostges?", [("hostges", "hostages")]) == (
        "Who freed the hostages?"
    )
