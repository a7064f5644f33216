"""Build time and peak memory for the corpus and N synthetic copies of it.

Usage: python benchmarks/build_scale.py [--sizes 0 10 100] [--validate]

Each size runs in a fresh subprocess so that peak RSS is that build's own. Prints one row
per size and the ratio of the largest to the 10-copy time (linear growth ⇒ about 10×).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import make_corpus


def _one(n: int, validate: bool) -> dict:
    from graphbuild.build import build_corpus
    from graphbuild.store import render_outputs, write_outputs

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        make_corpus(n, src)
        started = time.perf_counter()
        corpus, resolver = build_corpus(src)
        files = render_outputs(corpus, resolver)
        if validate:
            from graphbuild.graph.validate import validate as shacl

            result = shacl(corpus)
            assert result.conforms, "synthetic corpus does not conform"
        write_outputs(files, Path(tmp) / "out")
        elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "copies": n,
        "plans": len(corpus.plans),
        "tasks": len(corpus.tasks),
        "seconds": round(elapsed, 2),
        "peak_rss_mb": round(peak_mb, 1),
        "validate": validate,
    }


def main() -> None:
    """Run each size in a subprocess and print the table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 10, 100])
    parser.add_argument("--validate", action="store_true", help="include SHACL validation")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(_one(args.one, args.validate)))
        return
    rows = []
    for n in args.sizes:
        cmd = [sys.executable, __file__, "--one", str(n)] + (
            ["--validate"] if args.validate else []
        )
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
        r = rows[-1]
        print(
            f"copies={r['copies']:>4}  plans={r['plans']:>4}  tasks={r['tasks']:>6}  "
            f"time={r['seconds']:>8.2f}s  peak_rss={r['peak_rss_mb']:>7.1f} MB  "
            f"validate={r['validate']}",
            flush=True,
        )
    by = {r["copies"]: r["seconds"] for r in rows}
    if 10 in by and 100 in by:
        print(
            f"time(100 copies) / time(10 copies) = {by[100] / by[10]:.2f}  (linear ≈ 10, "
            "requirement ≤ 11)"
        )


if __name__ == "__main__":
    main()
