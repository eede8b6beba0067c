"""Timing and memory: the clock helpers, and the worker that measures one method on the
archive in a fresh process (so that peak memory belongs to that method alone).

The worker is run as ``python -m benchmarks.timing METHOD FOLDER QUESTIONS.json`` and prints
one JSON object.
"""

from __future__ import annotations

import json
import math
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def time_calls(call: Callable[[str], T], questions: Sequence[str]) -> tuple[list[float], list[T]]:
    """Milliseconds taken by `call` for each question, one at a time, and what it returned."""
    times, answers = [], []
    for question in questions:
        start = time.perf_counter()
        answers.append(call(question))
        times.append((time.perf_counter() - start) * 1000)
    return times, answers


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (no interpolation)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def resident_mb() -> dict[str, float]:
    """Resident memory of this process now, as Linux splits it: `anon` (its own memory) and
    `file` (pages of files it maps, such as a memory-mapped index cache, which the kernel
    shares with its page cache and may drop and read again). Empty where there is no /proc."""
    status = Path("/proc/self/status")
    found: dict[str, float] = {}
    if status.exists():
        for line in status.read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("RssAnon", "RssFile"):
                found[key[3:].lower()] = int(value.split()[0]) / 1024
    return found


def peak_mb() -> float:
    """Peak resident memory of this process so far.

    Linux's VmHWM, not `ru_maxrss`: the latter survives `exec`, so a worker started from a
    large parent would report the parent's peak.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def measure(
    method: str, folder: Path, questions_file: Path, *, profile: bool = False
) -> dict[str, Any]:
    """Run one method in a subprocess and return what it measured."""
    command = [sys.executable, "-m", "benchmarks.timing", method, str(folder), str(questions_file)]
    if profile:
        command.append("--profile")
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{method} worker failed:\n{done.stderr}")
    if profile:
        print(done.stderr, file=sys.stderr)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def worker(method: str, folder: Path, questions_file: Path, profile: bool) -> dict[str, Any]:
    from benchmarks.archive import load_method  # imports the method's libraries only

    spec = json.loads(questions_file.read_text("utf-8"))
    before_mb = peak_mb()
    start = time.perf_counter()
    search = load_method(method, folder)
    load_s = time.perf_counter() - start
    search(spec["warmup"])  # first-call costs (lazy imports, caches) are not per question
    result: dict[str, Any] = {"method": method, "load_s": load_s, "before_mb": before_mb}
    sample = spec["sample"][method]
    for variant in ("plain", "typo"):
        questions = spec[variant][:sample]
        times, answers = time_calls(search, questions)
        right = sum(
            any(sentence in answer for sentence in sentences)
            for answer, sentences in zip(answers, spec["answers"], strict=False)
        )
        result[variant] = {
            "asked": len(times),
            "p50_ms": percentile(times, 50),
            "p95_ms": percentile(times, 95),
            "mean_ms": sum(times) / len(times),
            "top1": right / len(times),
        }
    result["peak_mb"] = peak_mb()
    if profile:  # after the measurements, so that they are not slowed down by the profiler
        with tempfile.TemporaryDirectory() as empty:  # the build, not a read of the cache
            print_profile(lambda: load_method(method, folder, Path(empty)), "load and index")
        print_profile(lambda: [search(q) for q in spec["plain"][:sample]], "questions")
    return result


def print_profile(call: Callable[[], object], what: str, lines: int = 18) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(call)
    print(f"=== cProfile: {what} ===", file=sys.stderr)
    pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(lines)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    with_profile = "--profile" in arguments
    name, folder_arg, questions_arg = (a for a in arguments if a != "--profile")
    print(json.dumps(worker(name, Path(folder_arg), Path(questions_arg), with_profile)))
