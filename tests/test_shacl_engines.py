"""The compiled validator (pyrudof) the build uses says what pyshacl says."""

from __future__ import annotations

import copy

import pytest

from benchmarks.shacl_engines import BROKEN
from graphbuild.graph.graphfile import nt_lines
from graphbuild.graph.rdf import to_graph
from graphbuild.graph.triples import plan_triples
from graphbuild.graph.validate import load_shapes, validate_graph, validate_ntriples

pytest.importorskip("pyrudof")  # a dependency of the package; absent only in odd installs


def _both(corpus) -> tuple[list, list]:
    shapes = load_shapes()
    by_pyshacl, by_pyrudof = [], []
    for plan, triples in plan_triples(corpus):
        by_pyshacl.append(validate_graph(to_graph(triples), shapes, plan))
        by_pyrudof.append(validate_ntriples("\n".join(nt_lines(triples)) + "\n", plan))
    return by_pyshacl, by_pyrudof


def test_both_engines_find_the_seed_plans_conform(corpus) -> None:
    by_pyshacl, by_pyrudof = _both(corpus)
    assert all(r.conforms and not r.violations for r in by_pyshacl)
    assert all(r.conforms and not r.violations for r in by_pyrudof)


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_both_engines_report_the_same_violations_of_a_broken_graph(corpus, case) -> None:
    broken = copy.deepcopy(corpus)
    BROKEN[case](broken)
    by_pyshacl, by_pyrudof = _both(broken)
    expected = sorted(v for r in by_pyshacl for v in r.violations)
    assert expected, f"{case}: pyshacl found nothing; the case does not break the graph"
    assert sorted(v for r in by_pyrudof for v in r.violations) == expected
    assert [r.conforms for r in by_pyrudof] == [r.conforms for r in by_pyshacl]
