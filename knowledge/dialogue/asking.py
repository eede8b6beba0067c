"""Questions a person would type about a paragraph, read off the form of its sentences.

Generic English only, nothing about any one article: a sentence whose subject is a name and
whose verb is in the past gives a question about it, and so does a counted plural.

- "Qatar and Egypt have led the mediation efforts" -> "Who has led the mediation efforts?"
- "Trump has threatened that ..." -> "What did Trump threaten?"
- "Mr. Smith said ..." or "..., said Mr. Smith" -> "What did Mr. Smith say?"
- "roughly 100 hostages remain in Gaza" -> "How many hostages remain in Gaza?"

Where no sentence has such a form, a name the paragraph uses is asked about: "Who is Kevin
King?" after a title ("coach Kevin King"), otherwise "Tell me about the Auto Show" (with "the"
when the paragraph says "the Auto Show"). `suggestions` checks each by asking it.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator

from knowledge.search.english import zipf
from knowledge.search.inflections import IRREGULAR
from knowledge.search.text import is_stop_word, sentences, stem


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_PART = r"(?:[A-Z][\w\u2019'-]*[\w]|[A-Z]\.(?=\s+[A-Z]))"
_HONORIFIC = r"(?:(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|St)\.\s+)"
NAME = rf"{_HONORIFIC}?{_PART}(?:\s+{_PART})*"
"""A run of capitalised words ("Donald J. Trump", "Mr. Biden", "Los Angeles Auto Show")."""
SUBJECT = rf"(?P<the>\b[Tt]he\s+)?(?P<name>{NAME}(?:,?\s+and\s+(?:the\s+)?{NAME})?)"
AUX = r"(?:(?P<aux>has|have|had)\s+)?(?:(?:also|now|already|repeatedly)\s+)?"
PAST = r"(?P<verb>[a-z]+ed|" + "|".join(sorted(IRREGULAR, key=len, reverse=True)) + r")\b"
PERSONS = _set("him her them me us")
DETERMINERS = _set("the a an its his her their this these")
_SUBJECT_VERB = re.compile(rf"{SUBJECT}\s+{AUX}{PAST}(?P<after>[^.;:!?]*)")
_SAID_NAME = re.compile(rf"(?:[,\u201d\"]\s*said|\baccording to)\s+{SUBJECT}")
_COUNTED = re.compile(
    r"\b(?i:about|roughly|nearly|almost|around|some|over|more than|at least)?\s*"
    r"(?<![\d,.])(?P<number>\d[\d,]*)\s+(?P<things>(?:[a-z]+\s+)?(?:[a-z]{3,}s|people|children))"
    r"\s+(?P<rest>(?:(?:in|of|from|at|on)\s+(?:the\s+)?(?!what\b|which\b)[\w-]+\s+)?"
    r"(?:are|were|was|is|remain|remained|have|had|died|[a-z]+ed)\b[^,;:.!?]*)"
)
_TITLES = _set(
    """president minister chancellor senator governor mayor secretary spokesman spokeswoman
    spokesperson director chief ceo chairman chairwoman coach captain judge leader player
    mr. mrs. ms. dr. sen. rep. gov. gen. professor author founder manager king queen prince
    princess"""
)
_CALENDAR = frozenset(n.lower() for n in [*calendar.month_name[1:], *calendar.day_name])
REPORTING = _set("say tell add note claim write warn insist argue explain announce")
"""Verbs that report what someone said: asked about as what they said ("told" -> say)."""
SUBORDINATE = _set("if unless whether until when while because although though")
"""A clause opened by one of these does not say what happened ("unless Israel agreed")."""
CLAUSE_VERBS = _set("would could should will can may might must is are was were has have had")
"""A verb straight after the object shows it is the subject of a clause, not the object."""
MAX_OBJECT_WORDS = 4
MAX_REST_WORDS = 8
MIN_VERB_ZIPF = 3.0
_CLOSING = " \"'\u201d\u2019)]"
"""What may follow a sentence's end mark: closing quotes and brackets."""
COMMON_OPENER_ZIPF = 4.5
"""A word this common opening a sentence is taken for an ordinary word, not a name (but
"Trump" 3.7 and "Hamas" 3.9 are names; "Israel" 4.9 opening a sentence is passed over)."""


def questions(text: str) -> Iterator[tuple[str, str]]:
    """Questions about `text` read off the form of its sentences, best first, each with the
    sentence it was read off (what an answer to it quotes). A sentence that is itself a
    question ("What would the reaction have been had the Council gone to the IG?") states
    nothing to ask about."""
    for sentence in sentences(text):
        if sentence.rstrip(_CLOSING).endswith("?"):
            continue
        for question in [*_about_what_was_done(sentence), *_about_a_count(sentence)]:
            yield question, sentence


def topic_questions(text: str, names: list[str]) -> Iterator[tuple[str, str]]:
    """A question about each of `names` (as `text` writes them), in that order: "Who is X?"
    after a title, "Tell me about (the) X" otherwise. A name made of common words only
    ("Strategy Officer") is passed over. Each comes with the sentence that names it first."""
    for name in names:
        if all(zipf(w) >= COMMON_OPENER_ZIPF for w in re.findall(r"\w+", name.lower())):
            continue
        before = text[: text.find(name)].split()
        title = before[-1].lower().rstrip(",") if before else ""
        sentence = next((s for s in sentences(text) if name in s), text)
        if title in _TITLES or name.split()[0].lower() in _TITLES:
            yield f"Who is {_short_name(name)}?", sentence
        elif title == "the":
            yield f"Tell me about the {name}", sentence
        else:
            yield f"Tell me about {name}", sentence


def _about_what_was_done(sentence: str) -> Iterator[str]:
    for found in _SUBJECT_VERB.finditer(sentence):
        before = sentence[: found.start()].split()
        if before and before[-1].lower().strip(",") in SUBORDINATE:
            continue
        verb = verb_base(found["verb"])
        if verb is None or not _a_name(
            found["name"], opens=not before and not found["the"], aux=found["aux"]
        ):
            continue
        question = _what_was_done(
            _subject(found), verb, found["verb"], found["aux"], found["after"]
        )
        if question:
            yield question
    for found in _SAID_NAME.finditer(sentence):
        if _a_name(found["name"], opens=False, aux=None):
            yield f"What did {_subject(found)} say?"


def _what_was_done(name: str, verb: str, past: str, aux: str | None, after: str) -> str | None:
    """ "What did Trump threaten?" (threatened that), "What did Webb confess to?" (confessed
    to the kidnapping), "Who has led the mediation efforts?"; None where the verb is followed
    by something else ("stepped down", "kept Spain's hopes alive")."""
    words = after.split()
    first = words[0].lower() if words else ""
    second = words[1].lower() if len(words) > 1 else ""
    opening = after.lstrip()[:1]
    if verb in REPORTING and (not words or opening in ',:\u201c"' or first == "that"):
        return f"What did {name} {'say' if verb == 'tell' else verb}?"
    if verb in ("say", "tell"):
        return f"What did {name} say?"
    if first == "that" or opening == ":":
        return f"What did {name} {verb}?"
    if first == "to" and (second in PERSONS or words[1][:1].isupper()):
        return f"Who did {name} {verb} to?"  # "Vindman reported to him"
    if first == "to" and second in DETERMINERS:
        return f"What did {name} {verb} to?"  # "Webb confessed to the kidnapping"
    if first == "to" and second and not is_stop_word(second):
        return f"What did {name} {verb} to do?"  # "Boeing managed to sell"
    thing = _object(after)
    if thing:
        return f"Who {'has ' if aux in ('has', 'have') else ''}{past} {thing}?"
    return None


def _a_name(name: str, opens: bool, aux: str | None) -> bool:
    """Whether a run of capitalised words is a name the question can be about: not "It's",
    "We've" or "YOU", not a month ("October revealed"), not an ordinary word opening the
    sentence (`_common_word`)."""
    first = re.split(r"[\u2019']", name.split()[0])[0].lower()
    if is_stop_word(first) or first in _CALENDAR:
        return False
    return not (opens and _common_word(name, aux))


def _about_a_count(sentence: str) -> Iterator[str]:
    for found in _COUNTED.finditer(sentence):
        number = found["number"].replace(",", "")
        if len(number) == 4 and number[:2] in {"19", "20"}:  # a year, not a count
            continue
        rest = re.split(r"\s+(?:and|but|after|before|since|because)\s+", found["rest"])[0]
        words = rest.split()
        if len(words) > MAX_REST_WORDS:
            continue
        yield f"How many {found['things']} {' '.join(words)}?"


def verb_base(past: str) -> str | None:
    """The verb a past form belongs to ("threatened" -> "threaten", "led" -> "lead"), when it
    is a common English verb; None for a word that only looks like one ("hundred")."""
    if past in IRREGULAR:
        return IRREGULAR[past]
    if not past.endswith("ed") or len(past) < 5:
        return None
    root = past[:-2]
    candidates = [root + "e", root, past[:-1]]
    if len(root) > 2 and root[-1] == root[-2]:
        candidates.append(root[:-1])
    if root.endswith("i"):
        candidates.append(root[:-1] + "y")
    target = stem(past)
    known = [c for c in candidates if stem(c) == target and zipf(c) >= MIN_VERB_ZIPF]
    return max(known, key=zipf) if known else None


def _common_word(name: str, aux: str | None) -> bool:
    """Whether a single capitalised word opening a sentence is likely an ordinary word
    ("Negotiations have stalled", "Police said", "He said") rather than a name ("Hamas")."""
    if " " in name:
        return False
    word = name.lower()
    plural_of_common = (
        word.endswith("s") and aux != "has" and zipf(word[:-1]) >= MIN_VERB_ZIPF
    )  # "Negotiations have stalled", not "Hamas has said"
    return is_stop_word(word) or zipf(word) >= COMMON_OPENER_ZIPF or plural_of_common


def _subject(found: re.Match[str]) -> str:
    name = found["name"]
    if found["the"]:
        return f"the {name}"
    if " and " in name:
        return name.replace(", and", " and")
    return _short_name(name)


def _short_name(name: str) -> str:
    """A person's name as asked: without initials and titles ("Donald Trump")."""
    if re.match(_HONORIFIC, name):
        return name
    parts = [p for p in name.split() if not re.fullmatch(r"[A-Z]\.", p)]
    while len(parts) > 1 and parts[0].lower() in _TITLES:
        parts = parts[1:]
    return " ".join(parts[-2:])


def _object(after: str) -> str | None:
    """ "the mediation efforts" from " the mediation efforts between Israel and Hamas"."""
    words = after.split()
    if not words or words[0] not in DETERMINERS:
        return None
    taken = [words[0]]
    for word in words[1:]:
        bare = word.rstrip(",")
        if len(taken) > MAX_OBJECT_WORDS or not re.fullmatch(r"[\w-]+", bare):
            break
        if bare.lower() in CLAUSE_VERBS:  # "stressed the decision would not change": a clause
            return None
        if is_stop_word(bare.lower()):
            break
        taken.append(bare)
        if bare != word:
            break
    return " ".join(taken) if len(taken) > 1 else None
