"""Median latency of every catalog question on Neo4j, next to the embedded store's.

Usage: python benchmarks/neo4j_latency.py [--repeat 20] [--use-env]

Builds the seed plans into a temporary folder, opens the embedded store on it and loads it
into Neo4j (a private local server, started and stopped here, unless ``--use-env`` names the
configured one, whose :SixBattles graph is then replaced). Each question runs with its
default parameters: once to warm up, then ``--repeat`` times on each backend; the table
gives the median and p95 in milliseconds (networkx questions include the edge-list query and
the Python function), and checks that both backends give the same rows.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.neo4j_load import neo4j
from graphbuild.cli.output import render
from graphbuild.neo4j.load import build_rows, load
from graphbuild.query.catalog import coerce_params, load_catalog
from graphbuild.query.embedded import EmbeddedBackend
from graphbuild.query.neo4j import Neo4jBackend

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"


def _samples(fn: Any, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--use-env", action="store_true", help="use the configured Neo4j instead of a private one"
    )
    args = parser.parse_args()

    from graphbuild.build import build_corpus
    from graphbuild.store import render_outputs, write_outputs

    table = []
    with tempfile.TemporaryDirectory() as tmp:
        build = Path(tmp) / "build"
        corpus, resolver = build_corpus(RAW)
        write_outputs(render_outputs(corpus, resolver), build)
        embedded = EmbeddedBackend(build)
        with neo4j(args.use_env) as conn:
            load(conn, build_rows(build), replace=True, progress=False)
            backend = Neo4jBackend(connection=conn)
            for q in load_catalog():
                params = coerce_params(q, {})
                try:
                    expected = embedded.ask(q, params)
                    got = backend.ask(q, params)
                except Exception as exc:
                    table.append({"question": q.id, "engine": q.engine, "rows": str(exc)[:40]})
                    continue
                emb = _samples(lambda q=q, p=params: embedded.ask(q, p), args.repeat)
                neo = _samples(lambda q=q, p=params: backend.ask(q, p), args.repeat)
                table.append(
                    {
                        "question": q.id,
                        "engine": q.engine,
                        "rows": len(got),
                        "same": "yes" if got == expected else "NO",
                        "embedded_median_ms": round(statistics.median(emb), 2),
                        "neo4j_median_ms": round(statistics.median(neo), 2),
                        "embedded_p95_ms": round(_p95(emb), 2),
                        "neo4j_p95_ms": round(_p95(neo), 2),
                    }
                )
    sys.stdout.write(render(table, "table"))
    emb_all = [r["embedded_median_ms"] for r in table if "embedded_median_ms" in r]
    neo_all = [r["neo4j_median_ms"] for r in table if "neo4j_median_ms" in r]
    if emb_all:
        print(
            f"median of the medians: embedded {statistics.median(emb_all):.2f} ms, "
            f"neo4j {statistics.median(neo_all):.2f} ms over {len(emb_all)} questions "
            f"({args.repeat} runs each)"
        )
    return 0 if all(r.get("same") == "yes" for r in table) else 1


if __name__ == "__main__":
    raise SystemExit(main())
