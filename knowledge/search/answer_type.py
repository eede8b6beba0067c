"""What a question asks for, when that can be told from its wording alone: `asked(question)`.

- **The answer type**: how many -> a number; when -> a date; how long -> a duration; how old ->
  an age; how far, how big, how tall -> a measure; who -> a person or an organisation; where ->
  a place. A paragraph holds a type when its text has one (`answer_held.holds_type`): a
  figure, a date, a name the question does not use.
- **The focus**: the thing asked about, a noun of the question ("What *currency* does Qatar
  use?", "What is the *capital* of Qatar?", "What is Netanyahu's *wife's* name?", "How many
  *hostages*..."). A few common ones are held also through the words that say them another
  way (`FOCUS_WORDS`: "population" by "inhabitants", "goal" by "aim" or "vowed to").

Plain English, no article in mind. A paragraph that holds neither the focus nor the answer type
does not answer the question (`refusal`); among paragraphs that share the question's words, the
one that holds them is the likelier answer (`index`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.search.text import is_stop_word, stem, term_word

_MONTHS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec"
)
ASKS_TIME_RE = re.compile(
    r"\bwhen\b|\b(?:what|which)\s+(?:year|date|day|month|decade|century|time|period|era)\b"
    r"|\bhow\s+long\s+ago\b",
    re.IGNORECASE,
)
DATE_RE = re.compile(
    rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}\b|\b\d{{1,2}}\s+(?:{_MONTHS})\b"  # "Oct. 7", "7 October"
    r"|\b(?:1[0-9]|20)\d{2}s?\b"  # "1973", "2020s"
    r"|\b\d{1,2}(?:st|nd|rd|th)\s+century\b"
    rf"|\b(?:in|since|until|by|last|next|early|late|mid)\s+(?:{_MONTHS})\b",
    re.IGNORECASE,
)
_NUMBER_WORDS = (
    r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fifteen|twenty"
    r"|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?"
    r"|dozens?|scores"
)
NUMBER_RE = re.compile(rf"\d|\b(?:{_NUMBER_WORDS})\b", re.IGNORECASE)
_UNITS = r"years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centuries|century|nights?"
DURATION_RE = re.compile(
    rf"\b(?:\d[\d,.]*|{_NUMBER_WORDS}|a|an)[\s-]+(?:{_UNITS})\b"
    rf"|\b(?:for|over|within|after)\s+(?:{_UNITS})\b|\bsince\b|\buntil\b",
    re.IGNORECASE,
)
AGE_RE = re.compile(
    r"\b\d+[\s-]+years?[\s-]+old\b|\baged?\s+\d+|\bages?\b|\bborn\b|\b\d+-year-old\b"
    r"|\b(?:his|her|their)\s+(?:\d+|[a-z]+ties)\b|\b(?:teen|twenties|thirties|forties|fifties"
    r"|sixties|seventies|eighties|nineties)\b",
    re.IGNORECASE,
)
_MEASURE_UNITS = (
    r"km|mi|kilomet(?:er|re)s?|met(?:er|re)s?|miles?|feet|foot|ft|inch(?:es)?|yards?|acres?"
    r"|hectares?|square|sq|cm|mm|kg|kilograms?|tons?|tonnes?|pounds?|lbs?|degrees?"
)
MEASURE_RE = re.compile(
    rf"\d[\d,.]*\s*(?:-\s*)?(?:{_MEASURE_UNITS})\b|\b(?:{_NUMBER_WORDS})\s+(?:{_MEASURE_UNITS})\b"
    r"|\b(?:area|size|length|height|width|depth|distance|elevation|altitude)\b",
    re.IGNORECASE,
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# The wh-phrase: (pattern, answer type, words of the question it consumes).
WH_PHRASES: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), kind, consumed)
    for pattern, kind, consumed in (
        (r"\bhow\s+old\b|\b(?:what|which|at\s+what)\s+age\b", "age", "old age"),
        (r"\bhow\s+long\s+ago\b", "date", "long ago"),
        (r"\bhow\s+long\b", "duration", "long"),
        (r"\bhow\s+(?:many|much)\b", "number", "many much"),
        (r"\bhow\s+(?:far|big|large|small|tall|high|deep|wide|heavy|fast)\b", "measure", ""),
        (ASKS_TIME_RE.pattern, "date", ""),
        (r"\bwho(?:m|se)?\b", "person", ""),
        (r"\bwhere\b", "place", ""),
        (
            r"\b(?:what|which)\s+(?:percentage|percent|proportion|share|number|amount)\b",
            "number",
            "",
        ),
    )
)

_POPULATION = "population inhabitants residents populated census"
_INTENTION = (
    "goal aim purpose intend intention intent objective seek sought vow vowed pledge pledged "
    "want wanted plan planned determined"
)
FOCUS_WORDS: dict[str, str] = {
    **dict.fromkeys(_POPULATION.split(), _POPULATION),
    **dict.fromkeys(
        [*_INTENTION.split()[:7], "goals", "aims", "intentions", "objectives"], _INTENTION
    ),
}
"""Focus words that the articles may say in other words, each to those words."""

FOCUS_AFTER_RE = re.compile(
    r"\b(?:what|which)(?:(?:\s+(?:is|was|are|were)|'s)\s+(?:(?:the|a|an)\s+|(?=[\w'-]+'s\b))|\s+)"
    r"((?:[\w-]+'s\s+)*[\w-]+)",
    re.IGNORECASE,
)
""""what currency", "what is the capital", "what is Netanyahu's wife's name": the words after
the wh-word, up to the focus; possessors are skipped ("Netanyahu's") unless what follows is a
light noun ("wife's name")."""
HOW_MANY_RE = re.compile(r"\bhow\s+(?:many|much)\s+([a-z][\w-]*)", re.IGNORECASE)
ATTRIBUTES = _words(
    """capital currency wife husband spouse son sons
    daughter daughters children kids father mother parents brother brothers sister sisters
    birthday birthplace hometown salary income height weight address phone email
    website price cost gdp motto anthem flag climate hobby hobbies pet
    pets"""
)
"""Focus words that name a fact of a person or a place which a paragraph states by that word
or not at all ("the capital", "his wife"): a paragraph that holds none of them does not
answer, whatever else it shares with the question."""
ATTRIBUTE_TYPES = {
    **dict.fromkeys(("height", "weight"), "measure"),
    **dict.fromkeys(("price", "cost", "salary", "income", "gdp"), "number"),
    "birthday": "date",
}
"""Attributes that a paragraph may also state by a figure alone ("2.5 m", "$40")."""
VETO_TYPES = frozenset({"number", "age", "measure"})
"""Answer types that a paragraph must hold to answer (when it does not hold the focus): a
figure for "how many", an age for "how old", a measure for "how far". Dates, durations, names
and places are asked in many ways that no pattern sees ("when violence is used"), so they only
rank."""
LIGHT_NOUNS = _words(
    """name names kind kinds type types sort sorts part parts one ones way ways thing things
    term terms word words example examples number amount percentage percent proportion share
    year years date day days month months decade century time period era age"""
)
"""Nouns that say only what kind of answer is wanted, not what it is about."""
_ORIGINS = {
    "founded": "found founded founder founders establish established",
    "established": "establish established found founded founder",
    "discovered": "discover discovered discovery discoverer",
    "wrote": "write wrote written writer author",
    "built": "build built builder",
    "designed": "design designed designer architect",
    "composed": "compose composed composer",
    "painted": "paint painted painter",
}
"""What "who founded/invented/wrote..." asks for, to the words that say it: a paragraph that
says none of them does not say who did it, however often it names the thing."""
ORIGIN_RE = re.compile(rf"^\W*who\s+(?:first\s+)?({'|'.join(_ORIGINS)})\b", re.IGNORECASE)
POPULATION_RE = re.compile(
    r"\bhow\s+many\s+(?:people|persons|inhabitants|residents|citizens)\s+"
    r"(?:live|lived|living|reside|resides|are\s+there|are\s+living)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Asked:
    """What a question asks for."""

    kind: str | None = None
    """The answer type: number, date, duration, age, measure, person or place."""
    focus: str | None = None
    """The focus word, normalised, as written in the question ("wife's" -> "wife's")."""
    held_by: frozenset[str] = frozenset()
    """Stems that hold the focus: its own, and those of `FOCUS_WORDS`."""
    consumed: frozenset[str] = frozenset()
    """Words of the wh-phrase that only say what type is asked ("many" of "how many")."""
    strict: bool = False
    """Whether a paragraph must hold the focus or the type to answer: the focus is one of
    `ATTRIBUTES` or the population, or the type one of `VETO_TYPES`."""
    owners: frozenset[str] = frozenset()
    """Stems of the names whose attribute is asked ("the capital of *Qatar*", "*Netanyahu*'s
    wife"): a paragraph that names none of them states another's attribute."""


def asked(question: str) -> Asked:
    """The answer type and focus of a question (`Asked()` when nothing is told)."""
    question = question.replace("\u2019", "'")
    kind, consumed = None, ""
    for pattern, found, words in WH_PHRASES:
        if pattern.search(question):
            kind, consumed = found, words
            break
    strict = kind in VETO_TYPES
    focus: str | None = "population"
    origin = ORIGIN_RE.search(question)
    if origin:
        verb = origin.group(1).lower()
        held = frozenset(stem(w) for w in _ORIGINS[verb].split())
        return Asked(kind, verb, held, frozenset(consumed.split()), strict=True)
    if POPULATION_RE.search(question):
        kind, strict = None, True
    else:
        focus = focus_word(question)
        if focus in ATTRIBUTES:
            strict, kind = True, ATTRIBUTE_TYPES.get(focus, kind)
    if focus is None:
        return Asked(kind, consumed=frozenset(consumed.split()), strict=strict)
    held = frozenset({stem(focus), *(stem(w) for w in FOCUS_WORDS.get(focus, "").split())})
    owners = owners_of(question, focus) if focus in ATTRIBUTES else frozenset()
    return Asked(kind, focus, frozenset(held), frozenset(consumed.split()), strict, owners)


def owners_of(question: str, focus: str) -> frozenset[str]:
    """Stems of what a question asks `focus` of: the words after "of" up to a stop word ("the
    capital of *Qatar*", "the price of *crude oil* in...") and the names that own it
    ("*Netanyahu*'s wife's name", not "what material's weight"); none when it names nothing
    ("what is its capital?")."""
    word = re.escape(focus)
    after = re.search(rf"\b{word}\s+of\s+((?:[\w'-]+\s*)+)", question, re.IGNORECASE)
    owners: list[str] = []
    if after:
        for token in after.group(1).split():
            name = term_word(token).removesuffix("'s")
            if not is_stop_word(name):
                owners.append(name)
            elif owners:
                break
    owners += re.findall(rf"\b([A-Z][\w-]*)'s\s+(?:[\w-]+'s\s+)*{word}\b", question)
    return frozenset(stem(term_word(w)) for w in owners if not is_stop_word(term_word(w)))


def focus_word(question: str) -> str | None:
    """The focus of a question: the noun it asks for, never a name; None when none is told."""
    match = HOW_MANY_RE.search(question)
    if match is None:
        match = FOCUS_AFTER_RE.search(question)
    if match is None:
        return None
    chain = [token for token in match.group(1).split() if token]
    for token in reversed(chain):
        word = term_word(token).removesuffix("'s")
        if is_stop_word(word) or not word.isalpha():
            return None
        if word not in LIGHT_NOUNS:
            return None if token[:1].isupper() else word
    return None


def counts_focus(wanted: Asked, text: str, held: Sequence[str] = ()) -> bool:
    """Whether a paragraph counts what "how many" asks for: a number just before the focus
    word, at most one word between ("roughly 100 hostages remain"); for a question with no
    focus noun ("how many were abducted?"), just before one of the question's words that the
    paragraph holds, as written there (`held`: "250 taken hostage")."""
    if wanted.kind != "number":
        return False
    if wanted.focus is not None:
        counted = re.escape(stem(wanted.focus.removesuffix("'s")))
    elif held:
        counted = "(?:" + "|".join(re.escape(word) for word in held) + r")\b"
    else:
        return False
    pattern = rf"(?:\d[\d,.]*|\b(?:{_NUMBER_WORDS}))\s+(?:[a-z]+\s+)?{counted}"
    return re.search(pattern, text, re.IGNORECASE) is not None
