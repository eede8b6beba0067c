"""What kind of answer a question wants, when that can be told from its wording alone.

So far one kind: a time. "When did the war start?" wants a paragraph that holds a date
("Oct. 7", "1973", "the 19th century"); among paragraphs that share the question's words
equally, the one with a date is the likelier answer. Plain English, no article in mind.
"""

from __future__ import annotations

import re

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


def asks_time(question: str) -> bool:
    """Whether the question asks when something happened."""
    return ASKS_TIME_RE.search(question) is not None


def has_date(text: str) -> bool:
    """Whether the text names a date, a year, a decade or a century."""
    return DATE_RE.search(text) is not None
