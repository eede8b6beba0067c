"""Evaluation tooling, outside the engine: reading question sets and scoring the bot on them.

- `question_sets`: reading a `.jsonl` set and checking every line before anything runs; the
  one place that tells the formats apart (`format_of`).
- `scoring`: questions with expected paragraphs, and SQuAD (top-1, MRR, off-topic refusals).
- `conversation`: lines that expect a kind of reply (small talk, about, answer, none).
- `followups`: short conversations, each played as one chat; the reply to the last turn.

Nothing in the engine imports this package, and the index cache's key does not read it.
"""

from __future__ import annotations

from knowledge.evaluation.conversation import ConversationReport, evaluate_conversation
from knowledge.evaluation.followups import FollowupReport, evaluate_followups
from knowledge.evaluation.question_sets import QuestionSetError, format_of, read_rows
from knowledge.evaluation.scoring import SPLITS, Report, evaluate, format_report

__all__ = [
    "SPLITS",
    "ConversationReport",
    "FollowupReport",
    "QuestionSetError",
    "Report",
    "evaluate",
    "evaluate_conversation",
    "evaluate_followups",
    "format_of",
    "format_report",
    "read_rows",
]
