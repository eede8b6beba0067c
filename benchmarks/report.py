"""The table: methods side by side, one figure per row, in markdown."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.baselines import METHODS
from knowledge.evaluation.scoring import RANKS, Report

ARCHIVE_COLUMNS = {
    "ours": "ours",
    "ours_cached": "ours",
    "bm25s": "bm25_179",
    "rapidfuzz": "wratio",
}
"""Archive worker -> the table column it is shown in."""

Row = tuple[str, dict[str, str]]


def machine() -> str:
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{cores} cores ({model}), Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}; load average {load} at the end"
    )


def revision(repo: Path) -> str:
    """The commit measured, and whether the engine had uncommitted changes."""
    try:
        head = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(repo), "status", "--porcelain", "knowledge"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout"
    return f"{head} (with uncommitted changes in knowledge/)" if dirty else head


def quality_rows(results: dict[str, dict[str, Report]]) -> list[Row]:
    rows: list[Row] = []
    for name, reports in results.items():
        if any(r.answerable for r in reports.values()):
            rows.append((f"{name}: top-1", {k: f"{r.top1:.3f}" for k, r in reports.items()}))
            rows.append((f"{name}: MRR@{RANKS}", {k: f"{r.mrr:.3f}" for k, r in reports.items()}))
        if any(r.off_topic for r in reports.values()):
            rows.append(
                (
                    f"{name}: off-topic refused",
                    {k: f"{r.refused_off_topic}/{r.off_topic}" for k, r in reports.items()},
                )
            )
        if any(r.refused_answerable for r in reports.values()):
            rows.append(
                (
                    f"{name}: answerable refused",
                    {k: f"{r.refused_answerable}/{r.answerable}" for k, r in reports.items()},
                )
            )
    return rows


def archive_rows(measured: Sequence[dict[str, Any]], paragraphs: int) -> list[Row]:
    """Rows for the archive; `ours_cached` is ours again, restarted from its index cache."""
    fresh = [m for m in measured if m["method"] != "ours_cached"]
    restarted = [m for m in measured if m["method"] == "ours_cached"]

    def cells(pick: Any, fmt: str, among: Sequence[dict[str, Any]] = fresh) -> dict[str, str]:
        out = {}
        for m in among:
            value = pick(m)
            if value is not None:
                out[ARCHIVE_COLUMNS[m["method"]]] = format(value, fmt)
        return out

    def variant(v: str, field: str) -> Any:
        return lambda m: m[v][field] if v in m else None

    def load(m: dict[str, Any]) -> float:
        return float(m["load_s"])

    def peak(m: dict[str, Any]) -> float:
        return float(m["peak_mb"])

    where = f"archive, {paragraphs:,} paragraphs"
    return [
        (f"{where}: load and index (no index cache), s", cells(load, ".1f")),
        (f"{where}: restart from the index cache, s", cells(load, ".2f", restarted)),
        (f"{where}: questions timed", cells(variant("plain", "asked"), "d")),
        (f"{where}: p50 ms per question", cells(variant("plain", "p50_ms"), ".1f")),
        (f"{where}: p95 ms per question", cells(variant("plain", "p95_ms"), ".1f")),
        (f"{where}: mean ms per question", cells(variant("plain", "mean_ms"), ".1f")),
        (f"{where}: p50 ms, one typo", cells(variant("typo", "p50_ms"), ".1f")),
        (f"{where}: p95 ms, one typo", cells(variant("typo", "p95_ms"), ".1f")),
        (f"{where}: top-1 (answer sentence)", cells(variant("plain", "top1"), ".3f")),
        (f"{where}: top-1, one typo", cells(variant("typo", "top1"), ".3f")),
        (f"{where}: peak memory (no index cache), MB", cells(peak, ".0f")),
        (f"{where}: peak memory on restart, MB", cells(peak, ".0f", restarted)),
        (f"{where}: memory before loading, MB", cells(lambda m: m["before_mb"], ".0f")),
    ]


def table(rows: Sequence[Row], keys: Sequence[str]) -> str:
    shown = {key for _, cells in rows for key in cells}
    keys = [key for key in METHODS if key in keys or key in shown]
    header = ["", *(METHODS[k][0] for k in keys)]
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for name, cells in rows:
        if cells:
            lines.append("| " + " | ".join([name, *(cells.get(k, "") for k in keys)]) + " |")
    return "\n".join(lines)


def document(rows: Sequence[Row], keys: Sequence[str], notes: Sequence[str], repo: Path) -> str:
    command = "python -m benchmarks " + " ".join(sys.argv[1:])
    parts = [
        f"Command: `{command.strip()}`",
        f"Commit: {revision(repo)}",
        f"Machine: {machine()}",
    ]
    if rows:
        parts += ["", table(rows, keys)]
    if rows and notes:
        parts += ["", *(f"- {note}" for note in notes)]
    return "\n".join(parts) + "\n"
