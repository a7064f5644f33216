"""Wall time and peak memory of ``graphbuild build`` on the seeds and N renamed copies.

Usage: python benchmarks/build_scale.py [--sizes 0 10 100] [--jobs N] [--no-validate]

Each size is a fresh ``graphbuild build --rebuild`` in a subprocess (the whole process:
start-up, imports, every plan, SHACL validation unless ``--no-validate``); peak memory is
the largest sum of the resident memory of the build and its worker processes, sampled
every 50 ms from /proc. After the largest size, one more renamed plan is added and the
corpus built again with the per-plan cache (``incremental``). Each timed run starts once
the disk has written back what the previous one wrote (``os.sync()``, as when a user adds
a plan some time after the last build): a large build writes a few gigabytes, and the
kernel's write-back of them would otherwise take a core from the next run. Prints one row per run,
then t(largest)/t(10 copies) (linear growth ⇒ about 10) and incremental/full.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import make_corpus

GRAPHBUILD = [sys.executable, "-m", "graphbuild"]


def _tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants (from /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(p for p, parent in parents.items() if parent == pid)
    return total


def run(cmd: list[str]) -> tuple[float, float]:
    """(seconds, peak MB of the process tree) of one command."""
    os.sync()
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    if proc.returncode not in (0,):
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"build failed ({proc.returncode}): {err[-2000:]}")
    return elapsed, peak / 2**20


def main() -> None:
    """Build each size and print the table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 10, 100])
    parser.add_argument("--jobs", type=int, default=None, help="processes (default: cores)")
    parser.add_argument("--no-validate", dest="validate", action="store_false")
    args = parser.parse_args()
    flags = ["-q", "--rebuild"] + (["--jobs", str(args.jobs)] if args.jobs else [])
    flags += [] if args.validate else ["--no-validate"]
    times: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            src, out = Path(tmp) / f"in{n}", Path(tmp) / f"out{n}"
            plans = len(make_corpus(n, src))
            seconds, peak = run(
                [*GRAPHBUILD, "build", "--input", str(src), "--out", str(out), *flags]
            )
            times[n] = seconds
            print(
                f"copies={n:>4}  plans={plans:>4}  time={seconds:>8.2f}s  "
                f"peak_rss={peak:>7.1f} MB  validate={args.validate}",
                flush=True,
            )
        largest = max(args.sizes)
        src, out = Path(tmp) / f"in{largest}", Path(tmp) / f"out{largest}"
        extra = make_corpus(largest + 1, Path(tmp) / "more")[-1]
        (src / extra.name).write_bytes(extra.read_bytes())
        cached = [f for f in flags if f != "--rebuild"]
        seconds, peak = run([*GRAPHBUILD, "build", "--input", str(src), "--out", str(out), *cached])
        print(
            f"incremental: one plan added to {largest} copies: time={seconds:.2f}s "
            f"peak_rss={peak:.1f} MB = {100 * seconds / times[largest]:.1f} % of the full build",
            flush=True,
        )
    if 10 in times and largest != 10:
        print(f"time({largest} copies) / time(10 copies) = {times[largest] / times[10]:.2f}")


if __name__ == "__main__":
    main()
