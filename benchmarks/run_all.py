"""Run every benchmark and print its figures (what `./run bench` does).

Usage: python benchmarks/run_all.py [--quick] [--gold DIR]

--quick runs the build benchmark on 0 and 10 copies only (100 copies take minutes) and
skips the app timing. --gold (or $GRAPHBUILD_GOLD) adds the extraction scores against a
hand-annotated gold set kept outside the project.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def run(title: str, *args: str) -> int:
    """Run one benchmark script, streaming its output."""
    print(f"\n=== {title} ===", flush=True)
    started = time.perf_counter()
    code = subprocess.run([sys.executable, *args], cwd=ROOT).returncode
    print(f"--- {title}: exit {code}, {time.perf_counter() - started:.0f} s", flush=True)
    return code


def main() -> None:
    """Run the benchmarks one after the other; exit 1 if any failed."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--gold", default=os.environ.get("GRAPHBUILD_GOLD"))
    args = parser.parse_args()
    sizes = ["0", "10"] if args.quick else ["0", "10", "100"]
    codes = [
        run(
            "build: time and memory vs corpus size", str(HERE / "build_scale.py"), "--sizes", *sizes
        ),
        run(
            "build without SHACL validation",
            str(HERE / "build_scale.py"),
            "--sizes",
            "0",
            "--no-validate",
        ),
        run("input formats: pages per second", str(HERE / "formats_speed.py"), "--repeat", "2"),
        run("targets: precision and recall", str(HERE / "targets_eval.py")),
        run("alignment: against hand-aligned pairs", str(HERE / "align_eval.py")),
        run("catalog on the embedded store", str(HERE / "catalog_latency.py")),
        run("Neo4j: batched vs naive load", str(HERE / "neo4j_load.py")),
        run("Neo4j: question latency", str(HERE / "neo4j_latency.py")),
    ]
    if not args.quick:
        codes.append(run("app: time to render", str(HERE / "app_timing.py")))
    if args.gold:
        codes.append(run("extraction vs gold set", str(HERE / "evaluate.py"), "--gold", args.gold))
    raise SystemExit(1 if any(codes) else 0)


if __name__ == "__main__":
    main()
