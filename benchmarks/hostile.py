"""What a hostile web server costs `add`: seconds and memory for each trick.

    python -m benchmarks.hostile [--deadline 20]

Runs the tests' hostile server (`tests/support/hostile.py`) on 127.0.0.1 and adds a link to
each trick, each in a fresh process, so that its peak memory is its own. Prints one JSON
object per trick: the seconds until `add` gave up, the reason it gave, and the process's peak
resident memory in MB. The deadline (`--deadline`, default the bot's 20 s) bounds every one.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRICKS = [
    "/bomb/gzip",
    "/bomb/deflate",
    "/bomb/raw-deflate",
    "/bomb/gzip-gzip",
    "/drip-headers",
    "/drip-body",
    "/empty-gzip",
    "/slow-redirect/0",
    "/hang",
    "/javascript",
    "/charset/idna",
]
ONE = """
import json, resource, sys, tempfile, time
from pathlib import Path
from knowledge.ingest.adding import Limits, add_source
start = time.perf_counter()
with tempfile.TemporaryDirectory() as folder:
    added = add_source(sys.argv[1], Path(folder), Limits(fetch_seconds=float(sys.argv[2])))
print(json.dumps({
    "seconds": round(time.perf_counter() - start, 2),
    "reason": getattr(added, "error", "added"),
    "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.hostile")
    parser.add_argument("--deadline", type=float, default=20.0)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "tests"))
    from support.hostile import HostileWeb

    with HostileWeb() as web:
        for trick in TRICKS:
            done = subprocess.run(
                [sys.executable, "-c", ONE, web.url(trick), str(args.deadline)],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
            print(json.dumps({"trick": trick, **json.loads(done.stdout)}), flush=True)


if __name__ == "__main__":
    main()
