"""Batched vs naive Neo4j load, on the corpus and on N synthetic copies of it.

Usage: python benchmarks/neo4j_load.py [--copies 0 5] [--batch-size 1000] [--use-env]

For each size the plans (``benchmarks/synthetic.py``: the seed plans plus N renamed copies of
each) are built with ``graphbuild.build.build_corpus`` and turned into rows, then loaded into
an empty project graph twice: by ``graphbuild load``'s batched ``UNWIND … MERGE`` (one
transaction per batch) and by a naive loader (one ``MERGE`` per row, one transaction per
row). Both are warmed up first (three full batched loads and a naive load of 20 rows per
statement: a fresh JVM compiles as it goes), the batched time is the median of --repeat runs.
Prints nodes/s and relationships/s of each and the speed-up; exits 1 if the batched load is
not at least 20 times faster on every size.

By default a private local Neo4j (temporary data dir, free port) is started and stopped;
``--use-env`` uses the server of NEO4J_URI… or ``graphbuild neo4j start`` instead — its
:SixBattles graph is deleted.
"""

from __future__ import annotations

import argparse
import contextlib
import secrets
import socket
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import make_corpus
from graphbuild.cli.output import render
from graphbuild.neo4j import server as neo4j_server
from graphbuild.neo4j.client import Connection, connect
from graphbuild.neo4j.load import (
    GraphRows,
    delete_project_graph,
    graph_rows,
    load,
    naive_load,
)

REQUIRED_SPEEDUP = 20.0
#: Full batched loads before measuring: a fresh JVM needs a few to compile the hot paths.
WARM_UP_LOADS = 3


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def neo4j(use_env: bool) -> Iterator[Connection]:
    """A connection to a private local Neo4j (or the configured one with ``use_env``)."""
    if use_env:
        with connect() as conn:
            yield conn
        return
    with tempfile.TemporaryDirectory(prefix="graphbuild-bench-neo4j-") as tmp:
        password = secrets.token_urlsafe(18)
        print("starting a private Neo4j for the benchmark…", file=sys.stderr, flush=True)
        uri = neo4j_server.start(port=_free_port(), data_dir=tmp, password=password)
        try:
            settings = {"uri": uri, "user": "neo4j", "password": password, "database": "neo4j"}
            with connect(settings) as conn:
                yield conn
        finally:
            neo4j_server.stop(tmp)


def corpus_rows(copies: int) -> tuple[GraphRows, int]:
    """The rows of the seed plans plus ``copies`` renamed copies, and the number of plans."""
    from graphbuild.build import build_corpus

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "plans"
        make_corpus(copies, folder)
        corpus, _ = build_corpus(folder)
    return graph_rows(corpus), len(corpus.plans)


def _sample(rows: GraphRows, k: int) -> GraphRows:
    """The first ``k`` rows of every statement."""
    return GraphRows(
        nodes={key: v[:k] for key, v in rows.nodes.items()},
        relationships={key: v[:k] for key, v in rows.relationships.items()},
    )


def measure(conn: Connection, rows: GraphRows, batch_size: int, repeat: int) -> dict[str, Any]:
    """Batched (median of ``repeat`` runs) then naive load of the same rows, each into an
    empty project graph, after a warm-up of both (a fresh JVM compiles as it goes)."""
    for _ in range(WARM_UP_LOADS):
        delete_project_graph(conn)
        load(conn, rows, batch_size=batch_size, progress=False)
    delete_project_graph(conn)
    naive_load(conn, _sample(rows, 20))
    runs = []
    for _ in range(repeat):
        delete_project_graph(conn)
        runs.append(load(conn, rows, batch_size=batch_size, progress=False))
    batched = sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]
    delete_project_graph(conn)
    naive = naive_load(conn, rows, progress=sys.stderr.isatty())
    assert (batched.labels, batched.types) == (naive.labels, naive.types)
    assert batched.labels == rows.label_counts() and batched.types == rows.type_counts()
    delete_project_graph(conn)
    return {
        "nodes": rows.node_count,
        "rels": rows.relationship_count,
        "batched_s": round(batched.seconds, 2),
        "batched_nodes_per_s": round(batched.nodes_per_second),
        "batched_rels_per_s": round(batched.relationships_per_second),
        "naive_s": round(naive.seconds, 2),
        "naive_nodes_per_s": round(naive.nodes_per_second),
        "naive_rels_per_s": round(naive.relationships_per_second),
        "speedup": round(naive.seconds / batched.seconds, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--copies",
        type=int,
        nargs="+",
        default=[0, 5],
        help="synthetic copies per size (0 = the corpus itself)",
    )
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5, help="batched runs (median kept)")
    parser.add_argument(
        "--use-env", action="store_true", help="use the configured Neo4j instead of a private one"
    )
    args = parser.parse_args()

    table = []
    with neo4j(args.use_env) as conn:
        for copies in args.copies:
            started = time.perf_counter()
            rows, plans = corpus_rows(copies)
            print(
                f"copies={copies}: {plans} plans, {rows.node_count} nodes, "
                f"{rows.relationship_count} relationships (rows in "
                f"{time.perf_counter() - started:.1f}s); loading…",
                file=sys.stderr,
                flush=True,
            )
            figures = measure(conn, rows, args.batch_size, args.repeat)
            table.append({"copies": copies, "plans": plans, **figures})
    sys.stdout.write(render(table, "table"))
    worst = min(r["speedup"] for r in table)
    verdict = "PASS" if worst >= REQUIRED_SPEEDUP else "FAIL"
    print(
        f"{verdict}: the batched load is at least {worst}x faster than the naive one "
        f"(required: {REQUIRED_SPEEDUP:g}x)"
    )
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    raise SystemExit(main())
