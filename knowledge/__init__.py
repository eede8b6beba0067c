"""The knowledge library: load articles, index their paragraphs, find the one that answers.

It knows nothing of Telegram and does no I/O once loaded:

    >>> kb = load_knowledge()              # the bundled article
    >>> kb.search("who mediates?")[0].passage.number
    >>> reply_to(kb, "hi, when was it published?").kind   # what a front end renders

This module is the door: `bot/` imports what it exports here, or what a subpackage's
`__init__` exports (`knowledge.dialogue`, `knowledge.ingest`, `knowledge.evaluation`,
`knowledge.search`), and never an inner module. See `knowledge/README.md`.
"""

from __future__ import annotations

from knowledge.dialogue import MAX_QUESTION_CHARS, Reply, Turn, readable_date, reply_to, turn_of
from knowledge.ingest import BUNDLED_DIR, KnowledgeError
from knowledge.knowledge_base import KnowledgeBase
from knowledge.loading import load_knowledge
from knowledge.models import Article, Found, Match, Passage
from knowledge.search import Tuning

__all__ = [
    "BUNDLED_DIR",
    "MAX_QUESTION_CHARS",
    "Article",
    "Found",
    "KnowledgeBase",
    "KnowledgeError",
    "Match",
    "Passage",
    "Reply",
    "Tuning",
    "Turn",
    "load_knowledge",
    "readable_date",
    "reply_to",
    "turn_of",
]
