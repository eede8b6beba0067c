"""`python -m benchmarks.reliability`: the figures of the hardening issue, on this machine.

- `cut_long` on one paragraph of `--mb` MB with no sentence end (CPU seconds);
- the 50,000-paragraph archive (see `archive.py`) loaded from an empty index cache, then
  restarted from the copy that load wrote (wall seconds, each in its own process).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import archive

REPO = Path(__file__).resolve().parent.parent


def time_cut_long(megabytes: float) -> float:
    from knowledge.ingest.parsing import cut_long

    size = int(megabytes * 1_000_000)
    text = ("lorem ipsum dolor sit amet " * (size // 27 + 1))[:size]
    start = time.process_time()
    cut_long(text)
    return time.process_time() - start


def time_load(folder: Path, cache: Path) -> float:
    """Seconds for `load_knowledge` in a fresh process (the cost of a start or restart)."""
    code = (
        "import sys, time; from pathlib import Path; t = time.perf_counter(); "
        "from knowledge import load_knowledge; "
        "load_knowledge(Path(sys.argv[1]), cache_dir=Path(sys.argv[2])); "
        "print(time.perf_counter() - t)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(folder), str(cache)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.reliability", description=__doc__)
    parser.add_argument("--mb", type=float, default=10.0, help="size of the long paragraph")
    parser.add_argument("--data", type=Path, default=REPO / ".." / "shared" / "eval")
    parser.add_argument("--cache", type=Path, default=REPO / "benchmarks" / "data")
    parser.add_argument("--no-archive", action="store_true", help="only time cut_long")
    args = parser.parse_args()
    print(
        f"cut_long, {args.mb:g} MB paragraph with no sentence end: {time_cut_long(args.mb):.2f} s"
    )
    if args.no_archive:
        return
    folder, _ = archive.build(args.data / "squad_dev_visible.jsonl", args.cache)
    with tempfile.TemporaryDirectory() as index_cache:
        cold = time_load(folder, Path(index_cache))
        warm = time_load(folder, Path(index_cache))
    print(f"archive load, empty index cache: {cold:.2f} s; restart from the cache: {warm:.2f} s")


if __name__ == "__main__":
    main()
