"""SHACL validation of the RDF projection: what conforms and what is reported."""

from __future__ import annotations

import logging
from dataclasses import replace

import pytest
from rdflib import Literal
from rdflib.namespace import RDF, SH

from graphbuild.graph.rdf import plan_graphs
from graphbuild.graph.schema import BATTLE, SB, iri
from graphbuild.graph.validate import (
    NO_PLAN,
    ValidationResult,
    format_violations,
    load_shapes,
    validate,
    validate_graph,
)
from tests.test_rdf import small_corpus, src, two_plan_corpus, unit


def found(result: ValidationResult, focus: str) -> set[tuple[str, str]]:
    """The (path, message) pairs reported for one focus node."""
    return {(v.path, v.message) for v in result.violations if v.focus == focus}


def test_every_shape_has_an_english_message():
    shapes = load_shapes()
    nodes = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.objects(None, SH.property))
    assert len(nodes) > 20
    for shape in nodes:
        messages = list(shapes.objects(shape, SH.message))
        assert any(m.language == "en" for m in messages), f"{shape} has no English message"


@pytest.mark.parametrize("make", [small_corpus, two_plan_corpus], ids=["one plan", "two plans"])
def test_a_well_formed_corpus_conforms(make):
    result = validate(make())
    assert result.violations == []
    assert result.conforms
    assert format_violations(result).startswith("The graph conforms")


def test_a_task_without_a_source_and_with_two_battles_is_reported():
    corpus = small_corpus()
    corpus.tasks[0].source = None  # type: ignore[assignment]  # deliberately broken
    graph = plan_graphs(corpus)["shaodong"]
    graph.add((iri("task", "shaodong/risk/2.1"), SB.battle, BATTLE.growth))
    result = validate_graph(graph, plan="shaodong")
    assert not result.conforms
    assert found(result, "task shaodong/risk/2.1") == {
        ("prov:wasDerivedFrom", "A task must be derived from exactly one source span."),
        ("sb:battle", "A task must be in exactly one battle (or grouping concept)."),
    }
    assert {v.focus for v in result.violations} == {"task shaodong/risk/2.1"}
    assert all(v.plan == "shaodong" and v.severity == "Violation" for v in result.violations)


def test_a_task_in_no_battle_is_reported_under_its_plan():
    corpus = two_plan_corpus()
    corpus.tasks[-1].battle = None
    result = validate(corpus)
    assert not result.conforms
    assert [(v.plan, v.focus, v.path) for v in result.violations] == [
        ("xinhuang", "task xinhuang/growth/1.1", "sb:battle")
    ]


def test_a_battle_that_is_not_one_of_the_six_is_reported():
    corpus = small_corpus()
    corpus.tasks[1].battle = "growht"
    result = validate(corpus)
    assert found(result, "task shaodong/risk/2.1.1") == {
        ("sb:battle", "A task must be in exactly one battle (or grouping concept).")
    }


def test_a_responsibility_with_an_unknown_role_is_reported():
    corpus = small_corpus()
    corpus.tasks[0].units = [unit("市财政局", "supervise", 6140, "（市财政局督办）")]
    result = validate(corpus)
    assert found(result, "responsibility shaodong/risk/2.1/市财政局") == {
        (
            "sb:role",
            "A responsibility must have exactly one role: sb:Lead, sb:Responsible or sb:Cooperate.",
        )
    }


def test_a_span_that_does_not_end_after_it_starts_is_reported():
    corpus = small_corpus()
    corpus.tasks[1].source = src(6175, 6160)
    result = validate(corpus)
    focus = "span shaodong-2023-six-battles.txt/6175-6160"
    assert found(result, focus) == {
        ("sb:startOffset", "A source span's start offset must be less than its end offset.")
    }


def test_a_plan_without_a_proper_date_is_reported_without_rdflib_warnings(caplog):
    corpus = small_corpus()
    corpus.plans[0] = replace(corpus.plans[0], date="2023年4月3日")
    with caplog.at_level(logging.WARNING):
        result = validate(corpus)
    assert caplog.records == []
    assert found(result, "plan shaodong") == {
        (
            "dcterms:issued",
            "A plan has at most one issue date, an xsd:date (YYYY-MM-DD); a reposted plan may "
            "state none.",
        )
    }


def test_a_working_group_without_members_is_reported():
    corpus = small_corpus()
    corpus.working_groups[0].member_units = []
    corpus.working_groups[0].member_canonical = []
    result = validate(corpus)
    assert found(result, "working_group shaodong/wg/risk") == {
        ("sb:memberUnit", "A working group must have at least one member unit, each an agency.")
    }


def test_a_person_without_a_name_is_reported():
    corpus = small_corpus()
    corpus.people[0].name = ""
    result = validate(corpus)
    assert (
        "foaf:name",
        "A person must have a name (foaf:name); a post without a name is not a person.",
    ) in found(result, "person shaodong/person/陈业华")


def test_records_naming_an_unknown_plan_are_still_validated():
    corpus = small_corpus()
    corpus.tasks[1].plan = "shaodong-2022"
    result = validate(corpus)
    assert [(v.plan, v.focus, v.path) for v in result.violations] == [
        (NO_PLAN, "task shaodong/risk/2.1.1", "sb:inPlan")
    ]


def test_format_violations_lists_plan_focus_path_and_message():
    corpus = small_corpus()
    corpus.tasks[0].battle = None
    text = format_violations(validate(corpus))
    assert text.splitlines()[0].startswith("1 SHACL violation(s)")
    assert "shaodong:" in text
    assert "task shaodong/risk/2.1  sb:battle: A task must be in exactly one" in text


def test_the_report_graph_is_kept():
    corpus = small_corpus()
    corpus.tasks[0].battle = None
    result = validate(corpus)
    assert (None, SH.conforms, Literal(False)) in result.report
    assert len(set(result.report.subjects(RDF.type, SH.ValidationResult))) == 1


def test_the_seed_plans_conform(corpus):
    result = validate(corpus)
    assert result.conforms, format_violations(result)


def test_the_exported_graph_conforms_under_rdfs_inference(corpus):
    """What a reasoner (Protégé, GraphDB) sees: the export with the ontology, RDFS-entailed,
    still conforms to the shapes. An alignment node used to carry ``sb:alignedWith``, whose
    domain is ``sb:Task``, so every alignment was inferred to be a task (605 violations)."""
    from pyshacl import validate as shacl_validate

    from graphbuild.graph.export import rdf_with_ontology

    graph = rdf_with_ontology(corpus)
    assert any(graph.subjects(RDF.type, SB.Alignment)), "the seed corpus has aligned pairs"
    conforms, _report, text = shacl_validate(
        graph, shacl_graph=load_shapes(), inference="rdfs", advanced=True
    )
    assert conforms, text[:2000]
    alignments = set(graph.subjects(RDF.type, SB.Alignment))
    assert not alignments & set(graph.subjects(SB.alignedWith, None))
    assert all(graph.value(a, SB.alignedTask) is not None for a in alignments)
