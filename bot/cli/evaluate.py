"""`eval`: score a question set or a conversation set, and exit 1 below `--min-top1`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from knowledge import load_knowledge
from knowledge.evaluation import (
    ConversationReport,
    FollowupReport,
    Report,
    evaluate,
    evaluate_conversation,
    evaluate_followups,
    format_of,
    format_report,
    read_rows,
)

EXIT_USAGE = 2
EXIT_BELOW_TARGET = 1


def evaluate_set(args: argparse.Namespace, knowledge_dir: Path) -> int:
    """`eval`: print the report; exit 1 when top-1 is below `--min-top1`."""
    if not args.file.is_file():
        print(f"article-bot: {args.file} is not a file", file=sys.stderr)
        return EXIT_USAGE
    report: Report | ConversationReport | FollowupReport
    try:  # the whole file is checked before anything is evaluated
        rows = read_rows(args.file)
    except ValueError as error:
        print(f"article-bot: {args.file} is not a question set: {error}", file=sys.stderr)
        return EXIT_USAGE
    if format_of(rows) == "followups":
        report = evaluate_followups(load_knowledge(knowledge_dir), rows)
        print(report.format(misses=args.misses))
    elif format_of(rows) == "conversation":
        report = evaluate_conversation(load_knowledge(knowledge_dir), rows)
        print(report.format(misses=args.misses))
    else:
        report = evaluate(
            args.file,
            knowledge_dir,
            typos=args.typos,
            combined=args.combined,
            split=args.split,
            offtopic=args.offtopic,
        )
        print(format_report(report, misses=args.misses))
    if args.min_top1 is not None and report.top1 < args.min_top1:
        print(f"top-1 {report.top1:.3f} is below --min-top1 {args.min_top1}", file=sys.stderr)
        return EXIT_BELOW_TARGET
    return 0
