"""Turning text into index terms: words, stems, stop words, sentences.

Everything here is deterministic and shared by indexing and querying, so a question and a
paragraph are always cut the same way.
"""

from __future__ import annotations

import re
import string
import unicodedata
from functools import lru_cache

import Stemmer

from knowledge.search.inflections import base

# A word is a run of letters (with inner apostrophes: "Qatar's"), a number is a run of digits
# (with inner separators: "1,200", "3.5"); an ordinal or a decade is one word ("19th", "1950s"),
# and so is an abbreviation of single letters with dots ("U.S.", "D.C."), whose letters alone
# would be stop words. Hyphens split words; `tokens` adds the compound whole.
WORD_RE = re.compile(
    r"(?<![^\W\d_])(?:[^\W\d_]\.)+[^\W\d_](?![^\W\d_])"
    r"|\d+(?:[.,]\d+)*(?:(?:st|nd|rd|th|s)\b)?|[^\W\d_]+(?:['\u2019][^\W\d_]+)*",
    re.IGNORECASE,
)
# Starts only where a word starts: tried inside a long run of letters, it would be quadratic;
# after digits it would cut "th-century" out of "4th-century".
COMPOUND_RE = re.compile(r"(?<!\w)[^\W\d_]+(?:-[^\W\d_]+)+")
SENTENCE_END_RE = re.compile(r"[.!?…]([\"\u201d\u2019)\]]*\s+)(?=[\"\u201c\u2018(\[]?[A-Z0-9])")
"""Where a sentence ends: its group is what lies between two sentences (closing quotes and
white space after the end mark, as a lookbehind-free pattern, which is much faster)."""
OUTER = "".join(c for c in string.punctuation if c != "_")
"""ASCII punctuation (no "_", a word character): never part of a word at a word's edge."""

# NLTK's English stop-word list (179 words), the usual choice for English retrieval.
STOP_WORDS = frozenset(
    """
    i me my myself we our ours ourselves you you're you've you'll you'd your yours yourself
    yourselves he him his himself she she's her hers herself it it's its itself they them their
    theirs themselves what which who whom this that that'll these those am is are was were be
    been being have has had having do does did doing a an the and but if or because as until
    while of at by for with about against between into through during before after above below
    to from up down in out on off over under again further then once here there when where why
    how all any both each few more most other some such no nor not only own same so than too
    very s t can will just don don't should should've now d ll m o re ve y ain aren aren't
    couldn couldn't didn didn't doesn doesn't hadn hadn't hasn hasn't haven haven't isn isn't
    ma mightn mightn't mustn mustn't needn needn't shan shan't shouldn shouldn't wasn wasn't
    weren weren't won won't wouldn wouldn't
    """.split()  # noqa: SIM905
)

# "may", "mar" and "jun" are left out: as words they more often mean something else.
MONTH_ABBREVIATIONS = {
    "jan": "january",
    "feb": "february",
    "apr": "april",
    "jul": "july",
    "aug": "august",
    "sep": "september",
    "sept": "september",
    "oct": "october",
    "nov": "november",
    "dec": "december",
}

_stemmer = Stemmer.Stemmer("english")


def normalize(word: str) -> str:
    """Case-fold, drop accents and thousands separators: "Beyoncé" -> "beyonce".

    A word is never normalised to nothing: one made only of marks that decompose to combining
    characters (the halfwidth sound marks "ﾟ" and "ﾞ" of kaomoji) keeps its decomposed form.
    """
    word = word.casefold().replace("\u2019", "'")
    if word[:1].isdigit():
        return word.replace(",", "")
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)) or decomposed


def tokens(text: str) -> list[str]:
    """The words of `text` as written, then each hyphenated compound whole ("cease-fire").

    The one tokenizer: paragraphs are indexed and questions are read through it, so a question
    is always cut into the same terms as a paragraph holding the same words.
    """
    found: list[str] = []
    for piece in text.split():
        # No word spans white space, so each piece is cut on its own; most pieces are one
        # word, bare or inside punctuation, and need no regular expression.
        if piece.isalpha():
            found.append(piece)
            continue
        bare = piece.strip(OUTER)
        if bare.isalpha():
            found.append(bare)
        elif bare:
            found += WORD_RE.findall(bare)
    if "-" in text:
        found += COMPOUND_RE.findall(text)
    return found


def term_word(token: str) -> str:
    """A token of `tokens` as one normalised word: "Cease-fire" -> "ceasefire", "U.S" -> "us"
    (so "U.S." and "US" are one term)."""
    if "-" in token:
        token = token.replace("-", "")
    elif "." in token and not token[0].isdigit():
        token = token.replace(".", "")
    return normalize(token)


def around(written: list[str], position: int) -> tuple[str, str]:
    """The normalised words just before and just after `written[position]` ("" at an end)."""
    before = term_word(written[position - 1]) if position > 0 else ""
    after = term_word(written[position + 1]) if position + 1 < len(written) else ""
    return before, after


def words(text: str) -> list[str]:
    """The normalised words of `text`, as `tokens` cuts them."""
    return [term_word(token) for token in tokens(text)]


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball (Porter 2) stem of a normalised word; numbers are kept as they are, month
    abbreviations are spelt out ("Oct." and "October" are one term) and an irregular past form
    is its verb's ("said" and "say" are one term: `inflections`)."""
    if not word or word[0].isdigit():
        return word
    return str(_stemmer.stemWord(MONTH_ABBREVIATIONS.get(word) or base(word)))


def is_stop_word(word: str) -> bool:
    """Words that carry no topic: NLTK's list (also with "'s": "what's"), and single letters
    (digits are kept)."""
    return (
        word in STOP_WORDS
        or (len(word) == 1 and not word.isdigit())
        or (word.endswith("'s") and word[:-2] in STOP_WORDS)
    )


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences at ., ! or ? followed by a capital or a digit."""
    found, start = [], 0
    for end in SENTENCE_END_RE.finditer(text):
        found.append(text[start : end.start(1)])
        start = end.end(1)
    found.append(text[start:])
    return [s for s in found if s.strip()]
