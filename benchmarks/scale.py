"""`python -m benchmarks.scale --sizes 10000,50000,200000,500000`: ours against bm25s and
tantivy as the archive grows, in one run.

For each size the synthetic archive (`benchmarks.archive`: SQuAD sentences reshuffled, 100
paragraphs a file) is made under `--cache`, and each method runs twice, each time in a process
of its own (`benchmarks.scale_worker`): once building its index from nothing, once restarting
from what the build kept, answering the archive's 300 questions as written and with one typo,
then adding one article to the folder and removing it again.

`--invented N` adds a large-vocabulary variant at the largest size: every paragraph also gets
a sentence of made-up words and numbers, N distinct ones over the archive, so that what a typo
lookup costs as the vocabulary grows shows (the questions are the same).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks import archive
from benchmarks.report import machine, revision

REPO = Path(__file__).resolve().parent.parent
METHODS = ("ours", "bm25s", "tantivy")
SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]


BEFORE = "ours, before"
"""With `--before DIR`: ours as the checkout DIR has it, measured beside ours in the same run."""


def run(
    method: str, phase: str, folder: Path, questions: Path, state: Path, before: Path | None
) -> dict[str, Any]:
    """One worker; `BEFORE` runs the engine of the checkout `before` (its own `benchmarks`
    must have `scale_worker`, copied in)."""
    command = [
        sys.executable,
        "-m",
        "benchmarks.scale_worker",
        "ours" if method == BEFORE else method,
        phase,
        str(folder),
        str(questions),
        str(state),
    ]
    where = before if method == BEFORE and before is not None else REPO
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=where)
    if done.returncode != 0:
        raise RuntimeError(f"{method} {phase} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def invent(source: Path, target: Path, distinct: int, paragraphs: int) -> Path:
    """A copy of the archive `source` where each paragraph ends with a sentence of made-up
    words and numbers, `distinct` different ones in all (made once, kept under `target`)."""
    recipe = f"v1 distinct={distinct} from={source}"
    folder, stamp = target / "archive", target / "recipe"
    if stamp.exists() and stamp.read_text("utf-8") == recipe:
        return folder
    rng = random.Random(archive.SEED)
    per_paragraph = max(1, -(-distinct // paragraphs))
    made: set[str] = set()
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for path in sorted(source.glob("*.md")):
        blocks = path.read_text("utf-8").split("\n\n")
        out = []
        for block in blocks:
            if block.strip() and not block.startswith("# ") and len(made) < distinct:
                new = []
                for _ in range(per_paragraph):
                    if rng.random() < 0.2:
                        word = str(rng.randint(1000, 99_999_999))
                    else:
                        word = "".join(rng.choices(SYLLABLES, k=rng.randint(3, 5)))
                    made.add(word)
                    new.append(word)
                block = f"{block.rstrip()} Codes {' '.join(new)}."
            out.append(block)
        (folder / path.name).write_text("\n\n".join(out).rstrip() + "\n", "utf-8")
    stamp.write_text(recipe, "utf-8")
    return folder


def measure(
    folder: Path, questions: Path, methods: list[str], before: Path | None, changes: bool
) -> dict[str, dict[str, Any]]:
    measured = {}
    for method in methods:
        state = folder.parent / f"state-{method.replace(', ', '-')}"
        shutil.rmtree(state, ignore_errors=True)
        print(f"  {method}: build (load {os.getloadavg()[0]:.1f})", file=sys.stderr, flush=True)
        built = run(method, "build", folder, questions, state, before)
        print(f"  {method}: serve", file=sys.stderr, flush=True)
        served = run(method, "serve" if changes else "questions", folder, questions, state, before)
        measured[method] = {"build": built, "serve": served}
        shutil.rmtree(state, ignore_errors=True)
    return measured


def table(results: dict[str, dict[str, dict[str, Any]]], methods: list[str]) -> str:
    head = ["archive", "method", "build s", "build MB", "restart s", "restart MB"]
    head += ["MB after questions"]
    head += ["p50 ms", "p95 ms", "p50 ms typo", "p95 ms typo", "top-1", "top-1 typo"]
    head += ["added, answered s", "removed, gone s", "peak MB in reload"]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for label, measured in results.items():
        for method in methods:
            built, served = measured[method]["build"], measured[method]["serve"]
            plain, typo = served["plain"], served["typo"]
            cells = [
                label,
                method,
                f"{built['load_s']:.1f}",
                f"{built['load_mb']:.0f}",
                f"{served['load_s']:.2f}",
                f"{served['load_mb']:.0f}",
                f"{served['questions_peak_mb']:.0f}" if "questions_peak_mb" in served else "",
                f"{plain['p50_ms']:.2f}",
                f"{plain['p95_ms']:.2f}",
                f"{typo['p50_ms']:.2f}",
                f"{typo['p95_ms']:.2f}",
                f"{plain['top1']:.3f}",
                f"{typo['top1']:.3f}",
                f"{served['added_s']:.2f}" if "added_s" in served else "rebuild",
                f"{served['removed_s']:.2f}" if "removed_s" in served else "rebuild",
                f"{served['reload_peak_mb']:.0f}" if "reload_peak_mb" in served else "",
            ]
            lines.append("| " + " | ".join(cells) + " |")
    split = [
        f"{label} {method} {r['anon']:.0f} + {r['file']:.0f}"
        for label, measured in results.items()
        for method in methods
        if (r := measured[method]["serve"].get("load_resident", {})) and "anon" in r
    ]
    if split:
        lines += ["", "Resident right after the restart, own + mapped file pages (MB): "]
        lines[-1] += "; ".join(split) + "."
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale", description=__doc__)
    parser.add_argument("--sizes", default="10000,50000,200000,500000")
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--invented", type=int, default=0, help="made-up words (0: no variant)")
    parser.add_argument("--invented-size", type=int, help="paragraphs of that variant")
    parser.add_argument("--data", type=Path, default=REPO / ".." / "shared" / "eval")
    parser.add_argument("--cache", type=Path, default=REPO / "benchmarks" / "data")
    parser.add_argument("--out", type=Path, help="also write the table to this markdown file")
    parser.add_argument("--before", type=Path, help="a checkout whose engine is also measured")
    parser.add_argument(
        "--no-changes", action="store_true", help="skip adding and removing an article"
    )
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    methods = args.methods.split(",") + ([BEFORE] if args.before else [])
    loads: list[str] = []
    squad = args.data / "squad_dev_visible.jsonl"
    started = time.perf_counter()
    results: dict[str, dict[str, dict[str, Any]]] = {}
    for size in sizes:
        print(f"{size:,} paragraphs", file=sys.stderr, flush=True)
        folder, questions = archive.build(squad, args.cache / f"scale-{size}", size)
        loads.append(f"{size:,}: {os.getloadavg()[0]:.1f}")
        results[f"{size:,}"] = measure(
            folder, questions, methods, args.before, not args.no_changes
        )
    if args.invented:
        size = args.invented_size or max(sizes)
        folder, questions = archive.build(squad, args.cache / f"scale-{size}", size)
        variant = invent(folder, args.cache / f"scale-{size}-invented", args.invented, size)
        label = f"{size:,} + {args.invented:,} made-up words"
        print(label, file=sys.stderr, flush=True)
        loads.append(f"{label}: {os.getloadavg()[0]:.1f}")
        results[label] = measure(variant, questions, methods, args.before, not args.no_changes)
    text = "\n".join(
        [
            f"Command: `python -m benchmarks.scale {' '.join(argv or sys.argv[1:])}`",
            f"Commit: {revision(REPO)}",
            f"Machine: {machine()}; {time.perf_counter() - started:.0f} s in all",
            f"Other sessions share the {os.cpu_count()} cores; load average at the start of "
            f"each archive: {', '.join(loads)}.",
            "MB: peak resident memory of the method's process (VmHWM): building; right after a"
            " restart; after the questions too. Pages of a memory-mapped file count once read.",
            "",
            table(results, methods),
        ]
    )
    print(text)
    if args.out:
        args.out.write_text(text + "\n", "utf-8")


if __name__ == "__main__":
    main()
