"""The compiled validator (pyrudof) the build uses says what pyshacl says: pyshacl on each
plan's whole graph, pyrudof as the build runs it (only the lines whose predicate a shape
mentions, :func:`graphbuild.graph.validate.shape_relevant`)."""

from __future__ import annotations

import copy

import pytest

from benchmarks.shacl_engines import BROKEN
from graphbuild.graph.graphfile import nt_lines
from graphbuild.graph.rdf import to_graph
from graphbuild.graph.triples import plan_triples
from graphbuild.graph.validate import (
    load_shapes,
    shape_relevant,
    validate_graph,
    validate_triples,
)

pytest.importorskip("pyrudof")  # a dependency of the package; absent only in odd installs


def _both(corpus) -> tuple[list, list]:
    shapes = load_shapes()
    by_pyshacl, by_pyrudof = [], []
    for plan, triples in plan_triples(corpus):
        by_pyshacl.append(validate_graph(to_graph(triples), shapes, plan))
        by_pyrudof.append(validate_triples(triples, plan))
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


def test_the_build_validates_fewer_lines_than_the_graph_has(corpus) -> None:
    for _, triples in plan_triples(corpus):
        lines = nt_lines(triples)
        kept = shape_relevant(lines)
        assert 0 < len(kept) < len(lines)
        assert any(" <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> " in x for x in kept)
