"""Latency of every catalog question on the embedded store, and the store's load time.

Usage: python benchmarks/catalog_latency.py [--build build] [--repeat 50]
                                            [--engines-repeat 5] [--engines Q1 Q2 …]

Prints
1. the time to make the store at app start, three ways: pyoxigraph loading the build's
   ``graph.nt`` (what the app does), pyoxigraph fed a graph rebuilt from ``model.json``,
   and rdflib parsing ``graph.nt``;
2. for each question with its default parameters, median and p95 latency over
   ``--repeat`` runs after one warm-up (networkx questions include the edge-list query);
3. the same SPARQL text (prefixes and bound parameters) on rdflib's pure-Python engine and
   on pyoxigraph for a few questions, with a check that both give the same rows.

Run ``graphbuild build`` first.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graphbuild.cli.output import render
from graphbuild.graph.graphfile import GRAPH_FILE, ntriples
from graphbuild.query.catalog import coerce_params, load_catalog
from graphbuild.query.embedded import EmbeddedBackend, bind_params, load_store

DEFAULT_ENGINE_QUESTIONS = [
    "top-lead-units",
    "leaders-oversee",
    "inherited-leads",
    "co-responsibility-pairs",
]


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _time(fn: Callable[[], Any], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return samples


def load_times(build: Path, repeat: int) -> list[dict[str, Any]]:
    """Median seconds to make the store, three ways."""
    import pyoxigraph as ox
    import rdflib

    from graphbuild.store import load_corpus

    def from_model() -> None:
        data = ntriples(load_corpus(build)).encode("utf-8")
        ox.Store().bulk_load(data, format=ox.RdfFormat.N_TRIPLES)

    rows = [
        ("pyoxigraph ← graph.nt (app start)", lambda: load_store(build), repeat),
        ("pyoxigraph ← rebuilt from model.json", from_model, max(1, repeat // 3)),
        (
            "rdflib ← graph.nt",
            lambda: rdflib.Graph().parse(build / GRAPH_FILE, format="nt"),
            max(1, repeat // 3),
        ),
    ]
    out = []
    for what, fn, n in rows:
        samples = _time(fn, n)
        out.append(
            {
                "store": what,
                "runs": n,
                "median_ms": _ms(statistics.median(samples)),
                "max_ms": _ms(max(samples)),
            }
        )
    return out


def question_latency(backend: EmbeddedBackend, repeat: int) -> list[dict[str, Any]]:
    """Median and p95 latency of each question with its defaults."""
    out = []
    for q in load_catalog():
        params = coerce_params(q, {})
        rows = backend.ask(q, params)  # warm-up (imports, caches)
        samples = _time(lambda q=q, params=params: backend.ask(q, params), repeat)
        out.append(
            {
                "question": q.id,
                "engine": q.engine,
                "rows": len(rows),
                "median_ms": _ms(statistics.median(samples)),
                "p95_ms": _ms(_p95(samples)),
            }
        )
    return out


def _rdflib_rows(graph: Any, text: str) -> list[tuple]:
    result = graph.query(text)
    return [tuple(None if v is None else v.toPython() for v in row) for row in result]


def _oxi_rows(backend: EmbeddedBackend, text: str) -> list[tuple]:
    result = backend.store.query(text)
    names = [v.value for v in result.variables]
    rows = []
    for sol in result:
        rows.append(tuple(None if sol[n] is None else sol[n].value for n in names))
    return rows


def _same(a: list[tuple], b: list[tuple]) -> bool:
    """Same rows, comparing values as text and each |-joined list as a set."""

    def norm(rows: list[tuple]) -> list[tuple]:
        return [
            tuple("" if v is None else "|".join(sorted(str(v).split("|"))) for v in r) for r in rows
        ]

    return norm(a) == norm(b)


class _Timeout(Exception):
    pass


def _alarm(*_: Any) -> None:
    raise _Timeout


def engines(
    build: Path, backend: EmbeddedBackend, ids: list[str], repeat: int, timeout: int
) -> list[dict]:
    """rdflib's SPARQL engine against pyoxigraph on the same query text.

    rdflib's first run of each query gets ``timeout`` seconds (SIGALRM); only a query that
    finishes in time is repeated.
    """
    import signal

    import rdflib

    graph = rdflib.Graph().parse(build / GRAPH_FILE, format="nt")
    catalog = {q.id: q for q in load_catalog()}
    out = []
    for qid in ids:
        q = catalog[qid]
        text, _ = bind_params(q.sparql or "", coerce_params(q, {}))
        ox_rows = _oxi_rows(backend, text)
        oxi = _time(lambda text=text: list(backend.store.query(text)), repeat)
        row = {
            "question": qid,
            "rows": len(ox_rows),
            "rdflib_ms": None,
            "pyoxigraph_ms": _ms(statistics.median(oxi)),
            "speed-up": None,
            "same_rows": None,
        }
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(timeout)
        try:
            started = time.perf_counter()
            rdf_rows = _rdflib_rows(graph, text)
            first = time.perf_counter() - started
        except _Timeout:
            rdf_rows = None
            row["rdflib_ms"] = f"> {timeout} s (stopped)"
            row["same_rows"] = "-"
        except Exception as exc:
            rdf_rows = None
            row["same_rows"] = f"rdflib fails: {type(exc).__name__}"
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
        if rdf_rows is not None:
            # a slow query is not worth many more runs
            runs = repeat if first < 1 else 1
            rdf = [first, *_time(lambda text=text: graph.query(text).bindings, runs - 1)]
            row.update(rdflib_ms=_ms(statistics.median(rdf)), same_rows=_same(rdf_rows, ox_rows))
            row["speed-up"] = round(statistics.median(rdf) / statistics.median(oxi), 1)
        out.append(row)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", type=Path, default=Path("build"))
    parser.add_argument("--repeat", type=int, default=50, help="runs per question")
    parser.add_argument(
        "--engines-repeat",
        type=int,
        default=5,
        help="runs per question in the rdflib/pyoxigraph comparison",
    )
    parser.add_argument(
        "--engines",
        nargs="*",
        default=DEFAULT_ENGINE_QUESTIONS,
        help="questions for the rdflib/pyoxigraph comparison",
    )
    parser.add_argument(
        "--rdflib-timeout",
        type=int,
        default=30,
        help="seconds rdflib gets for one query before it is stopped",
    )
    args = parser.parse_args(argv)
    if not (args.build / GRAPH_FILE).exists():
        print(
            f"error: {args.build / GRAPH_FILE} is missing; run `graphbuild build` first",
            file=sys.stderr,
        )
        return 2

    backend = EmbeddedBackend(args.build)
    print(f"# store: {backend.triples} triples from {args.build / GRAPH_FILE}\n")
    print("## time to make the store at app start")
    print(render(load_times(args.build, 9), "table"))
    print(f"## catalog questions on the embedded store ({args.repeat} runs each, defaults)")
    print(render(question_latency(backend, args.repeat), "table"))
    if args.engines:
        print(f"## rdflib SPARQL vs pyoxigraph, same query text ({args.engines_repeat} runs)")
        print(
            render(
                engines(
                    args.build, backend, args.engines, args.engines_repeat, args.rdflib_timeout
                ),
                "table",
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
