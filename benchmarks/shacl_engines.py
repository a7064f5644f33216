"""pyshacl against a compiled SHACL validator (pyrudof) on the project's shapes.

Usage: python benchmarks/shacl_engines.py

For the seed plans (each plan's graph, as the build validates it) and for deliberately broken
copies of them (a task without a source, a task in no battle, an unknown role, a span that
ends before it starts, a malformed date, a working group without members, a person without a
name), prints each engine's verdict, the (focus node, path) pairs it reports, whether the two
agree, and the seconds each took. pyrudof is optional (``pip install pyrudof``).
"""

from __future__ import annotations

import copy
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graphbuild.build import build_corpus
from graphbuild.graph.graphfile import nt_lines
from graphbuild.graph.rdf import to_graph
from graphbuild.graph.schema import SHAPES_PATH
from graphbuild.graph.triples import plan_triples
from graphbuild.graph.validate import load_shapes, validate_graph
from graphbuild.model import Corpus

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"


def _no_source(c: Corpus) -> None:
    c.tasks[0].source = None  # type: ignore[assignment]


def _no_battle(c: Corpus) -> None:
    c.tasks[3].battle = None


def _bad_role(c: Corpus) -> None:
    task = next(t for t in c.tasks if t.units)
    task.units[0] = replace(task.units[0], role="supervise")


def _bad_span(c: Corpus) -> None:
    s = c.tasks[5].source
    c.tasks[5].source = replace(s, start=s.end + 5)


def _bad_date(c: Corpus) -> None:
    c.plans[0] = replace(c.plans[0], date="2023年4月3日")


def _no_members(c: Corpus) -> None:
    c.working_groups[0].member_units = []
    c.working_groups[0].member_canonical = []


def _no_name(c: Corpus) -> None:
    c.people[0].name = ""


BROKEN: dict[str, Callable[[Corpus], None]] = {
    "task without a source": _no_source,
    "task in no battle": _no_battle,
    "unknown role": _bad_role,
    "span ending before it starts": _bad_span,
    "malformed date": _bad_date,
    "working group without members": _no_members,
    "person without a name": _no_name,
}


def pyshacl_engine(nt: str, triples) -> tuple[bool, set[tuple[str, str]], float]:
    shapes = load_shapes()
    graph = to_graph(triples)
    started = time.perf_counter()
    result = validate_graph(graph, shapes)
    seconds = time.perf_counter() - started
    pairs = {(v.focus, v.path) for v in result.violations}
    return result.conforms, pairs, seconds


def pyrudof_engine(nt: str, triples) -> tuple[bool, set[tuple[str, str]], float]:
    import pyrudof

    from graphbuild.graph.schema import ID, PREFIXES, stable_id_of

    started = time.perf_counter()
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_data(nt, pyrudof.RDFFormat.NTriples)
    rudof.read_shacl(str(SHAPES_PATH), pyrudof.ShaclFormat.Turtle)
    report = rudof.validate_shacl()
    seconds = time.perf_counter() - started

    def readable(node: str) -> str:
        node = str(node).strip("<>")
        if node.startswith(str(ID)):
            kind, stable = stable_id_of(node)  # type: ignore[arg-type]
            return f"{kind} {stable}"
        for prefix, ns in PREFIXES.items():
            if node.startswith(str(ns)):
                return f"{prefix}:{node[len(str(ns)) :]}"
        return node

    pairs = {(readable(v.focus_node), readable(v.path)) for v in report.violations}
    return bool(report.conforms), pairs, seconds


def main() -> None:
    """Validate the seeds and the broken copies with both engines; print a table."""
    corpus, _ = build_corpus(RAW)
    cases: dict[str, Corpus] = {"seed plans": corpus}
    for name, breaker in BROKEN.items():
        broken = copy.deepcopy(corpus)
        breaker(broken)
        cases[name] = broken
    engines = {"pyshacl": pyshacl_engine}
    try:
        import pyrudof  # noqa: F401

        engines["pyrudof"] = pyrudof_engine
    except ImportError:
        print("pyrudof is not installed: pip install pyrudof", file=sys.stderr)
    totals = dict.fromkeys(engines, 0.0)
    agree_all = True
    for name, case in cases.items():
        verdicts = {}
        for _plan, triples in plan_triples(case):
            nt = "\n".join(nt_lines(triples)) + "\n"
            for engine, run in engines.items():
                conforms, pairs, seconds = run(nt, triples)
                totals[engine] += seconds
                ok, found = verdicts.get(engine, (True, set()))
                verdicts[engine] = (ok and conforms, found | pairs)
        agree = len({(v[0], frozenset(v[1])) for v in verdicts.values()}) == 1
        agree_all &= agree
        summary = "  ".join(
            f"{e}: {'conforms' if v[0] else f'{len(v[1])} violation(s)'}"
            for e, v in verdicts.items()
        )
        print(f"{name:<32} {summary}  {'same' if agree else 'DIFFERENT'}", flush=True)
        if not agree:
            for engine, (_, pairs) in verdicts.items():
                others = set().union(*(p for e, (_, p) in verdicts.items() if e != engine))
                print(f"    only {engine}: {sorted(pairs - others)[:5]}")
    print("seconds: " + ", ".join(f"{e} {s:.2f}" for e, s in totals.items()))
    print("verdicts and violations agree on every case" if agree_all else "engines DISAGREE")


if __name__ == "__main__":
    main()
