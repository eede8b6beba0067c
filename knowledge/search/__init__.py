"""Retrieval: from a question to the paragraphs that answer it, or to "the article does not say".

- `text`: the one tokenizer, for questions and paragraphs alike; `english`: word frequencies;
  `typos`: reading a misspelt word as the article word it was meant to be.
- `postings` and `index`: BM25 over paragraphs, sentences and phrases, then a RapidFuzz rerank.
- `signals` and `refusal`: what the refusal decision reads, and the fitted model that decides.
- `answer_type`: what a question asks for (a date, ...); `tuning`: every knob in one place.
- `cache`: an on-disk copy of a built index, keyed by the files and by this folder's code.
"""

from __future__ import annotations

from knowledge.search.index import Index
from knowledge.search.query import Hit, QueryTerm
from knowledge.search.signals import Signals
from knowledge.search.tuning import Tuning

__all__ = ["Hit", "Index", "QueryTerm", "Signals", "Tuning"]
