"""The ontology file and the RDF projection built from a small hand-made corpus."""

from __future__ import annotations

import logging
import re
import warnings

import pyoxigraph
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from graphbuild.graph.rdf import build_graph, plan_graphs
from graphbuild.graph.schema import (
    BATTLE,
    ID,
    KINDS,
    ONTOLOGY_IRI,
    ONTOLOGY_PATH,
    PROPERTIES,
    RELATIONS,
    SB,
    SHAPES_PATH,
    SPARQL_PREFIXES,
    iri,
    span_iri,
    stable_id_of,
)
from graphbuild.model import (
    BATTLES,
    Agency,
    Attachment,
    Corpus,
    Mention,
    Person,
    PersonRef,
    Plan,
    Section,
    Source,
    Task,
    UnitRef,
    WorkingGroup,
)
from graphbuild.resolve import load_battles

FILE = "shaodong-2023-six-battles.txt"
OTHER = "xinhuang-2023-six-battles.txt"


def src(start: int, end: int, file: str = FILE) -> Source:
    """A source span in the test file."""
    return Source(file=file, start=start, end=end)


def unit(name: str, role: str, start: int, clause: str, inherited: bool = False) -> UnitRef:
    """A unit named once for a task."""
    where = src(start, start + len(name))
    mention = Mention(name=name, role=role, source=where, clause=clause, inherited=inherited)
    return UnitRef(
        name=name,
        canonical=name,
        role=role,
        inherited=inherited,
        collective=False,
        source=where,
        mentions=[mention],
    )


def small_corpus() -> Corpus:
    """One plan, one battle attachment, one section, two tasks, one agency, one group."""
    plan = Plan(
        id="shaodong",
        county="邵东市",
        issuer="邵东市人民政府办公室",
        number="邵东政办函〔2023〕9号",
        date="2023-04-03",
        title="邵东市打好“发展六仗”总体实施方案",
        file=FILE,
        source=src(0, 5000),
    )
    attachment = Attachment(
        id="shaodong/risk",
        plan="shaodong",
        number=5,
        title="邵东市打好防范化解风险阻击仗工作方案",
        kind="battle",
        battle="risk",
        source=src(6000, 6020),
    )
    section = Section(
        id="shaodong/risk/2",
        plan="shaodong",
        attachment="shaodong/risk",
        parent=None,
        label="二、",
        title="重点任务",
        path=["二、"],
        battle="risk",
        organisational=False,
        source=src(6100, 6106),
    )
    clause = "（市财政局牵头）"
    first = Task(
        id="shaodong/risk/2.1",
        county="邵东市",
        plan="shaodong",
        attachment="shaodong/risk",
        battle="risk",
        section="shaodong/risk/2",
        parent=None,
        kind="task",
        path=["二、", "1."],
        label="1.",
        title="防范化解政府债务风险",
        text="1. 防范化解政府债务风险。坚决防止违规举债。（市财政局牵头）",
        source=src(6110, 6150),
        units=[unit("市财政局", "lead", 6140, clause)],
        persons=[PersonRef(name="陈业华", role="牵头市领导", source=src(6151, 6154))],
    )
    second = Task(
        id="shaodong/risk/2.1.1",
        county="邵东市",
        plan="shaodong",
        attachment="shaodong/risk",
        battle="risk",
        section="shaodong/risk/2",
        parent="shaodong/risk/2.1",
        kind="subitem",
        path=["二、", "1.", "①"],
        label="①",
        title="",
        text="①统筹盘活闲置低效国有资产。",
        source=src(6160, 6175),
        units=[unit("市财政局", "cooperate", 6140, clause, inherited=True)],
    )
    person = Person(
        id="shaodong/person/陈业华",
        county="邵东市",
        name="陈业华",
        role="召集人",
        post="常务副市长",
        body="打好防范化解风险阻击战工作专班",
        source=src(300, 320),
    )
    group = WorkingGroup(
        id="shaodong/wg/risk",
        county="邵东市",
        plan="shaodong",
        battle="risk",
        name="打好防范化解风险阻击战工作专班",
        convenor="常务副市长陈业华",
        deputy_convenors=["市财政局主要负责人"],
        member_units=["市财政局"],
        member_canonical=["市财政局"],
        office="市财政局",
        office_canonical="市财政局",
        source=src(300, 400),
    )
    agency = Agency(
        id="shaodong/agency/市财政局",
        county="邵东市",
        canonical="市财政局",
        names=["市财政局", "财政局"],
        functions=["finance"],
        collective=False,
        resolved=True,
    )
    return Corpus(
        plans=[plan],
        attachments=[attachment],
        sections=[section],
        tasks=[first, second],
        people=[person],
        working_groups=[group],
        agencies=[agency],
    )


def two_plan_corpus() -> Corpus:
    """The small corpus plus a second county's plan with one task."""
    corpus = small_corpus()
    corpus.plans.append(
        Plan(
            id="xinhuang",
            county="新晃侗族自治县",
            issuer="新晃侗族自治县人民政府办公室",
            number="晃政办发〔2023〕2号",
            date="2023-03-30",
            title="新晃侗族自治县打好发展“六仗”总体方案",
            file=OTHER,
            source=src(0, 4000, OTHER),
        )
    )
    corpus.tasks.append(
        Task(
            id="xinhuang/growth/1.1",
            county="新晃侗族自治县",
            plan="xinhuang",
            attachment=None,
            battle="growth",
            section=None,
            parent=None,
            kind="task",
            path=["1."],
            label="1.",
            title="扩大有效投资",
            text="1. 扩大有效投资。（责任单位：县发改局）",
            source=src(100, 130, OTHER),
            units=[unit("县发改局", "responsible", 120, "（责任单位：县发改局）")],
        )
    )
    corpus.agencies.append(
        Agency(
            id="xinhuang/agency/县发改局",
            county="新晃侗族自治县",
            canonical="县发改局",
            names=["县发改局"],
            functions=["development-reform"],
            collective=False,
            resolved=True,
        )
    )
    return corpus


def parse_quietly(path: object, caplog: pytest.LogCaptureFixture) -> Graph:
    """Parse a Turtle file, failing on any Python warning or logged warning."""
    with warnings.catch_warnings(), caplog.at_level(logging.WARNING):
        warnings.simplefilter("error")
        graph = Graph().parse(path, format="turtle")
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    return graph


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_PATH, format="turtle")


# -- the ontology ---------------------------------------------------------------------


@pytest.mark.parametrize("path", [ONTOLOGY_PATH, SHAPES_PATH], ids=["ontology", "shapes"])
def test_ontology_files_parse_without_warnings_in_rdflib_and_oxigraph(path, caplog):
    graph = parse_quietly(path, caplog)
    strict = list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(graph) == len(strict) > 50


def test_ontology_has_a_header_and_no_imports(ontology):
    header = ONTOLOGY_IRI
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(header, OWL.versionInfo) is not None
    titles = set(ontology.objects(header, DCTERMS.title))
    assert {t.language for t in titles} == {"zh", "en"}
    assert list(ontology.objects(header, OWL.imports)) == []


def test_every_class_and_property_has_zh_and_en_labels_and_a_comment(ontology):
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    terms = {t for k in kinds for t in ontology.subjects(RDF.type, k)}
    assert len(terms) > 60
    for term in sorted(terms):
        languages = {lit.language for lit in ontology.objects(term, RDFS.label)}
        assert {"zh", "en"} <= languages, f"{term} lacks a zh or en label"
        assert ontology.value(term, RDFS.comment) is not None, f"{term} lacks a comment"


def test_every_term_the_schema_uses_is_declared_in_the_ontology(ontology):
    used = {k.rdf_class for k in KINDS.values()}
    used |= {r.predicate for r in RELATIONS.values()}
    used |= {f.predicate for fields in PROPERTIES.values() for f in fields}
    used -= {RDFS.label}
    declared = set(ontology.subjects(RDF.type, None))
    assert sorted(used - declared) == []


def test_every_term_the_built_graph_uses_is_declared_in_the_ontology(ontology):
    graph = build_graph(two_plan_corpus())
    used = set(graph.predicates()) | set(graph.objects(None, RDF.type))
    used |= {t for triple in graph for t in triple if t.startswith(str(SB))}
    builtin = (
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "http://www.w3.org/2000/01/rdf-schema#",
    )
    undeclared = {t for t in used if not str(t).startswith(builtin)} - set(ontology.subjects())
    assert sorted(undeclared) == []


def test_role_individuals_are_the_three_roles(ontology):
    roles = set(ontology.subjects(RDF.type, SB.Role))
    assert roles == {SB.Lead, SB.Responsible, SB.Cooperate}
    for role in roles:
        assert {lit.language for lit in ontology.objects(role, RDFS.label)} == {"zh", "en"}


def test_ontology_battles_match_the_battles_table(ontology):
    battles = load_battles()
    assert [b.key for b in battles] == list(BATTLES)
    for b in battles:
        labels = set(ontology.objects(BATTLE[b.key], SKOS.prefLabel))
        assert labels == {Literal(b.zh, lang="zh"), Literal(b.en, lang="en")}
        assert (BATTLE[b.key], SKOS.inScheme, SB.BattleScheme) in ontology
    assert (SB.FunctionScheme, RDF.type, SKOS.ConceptScheme) in ontology


# -- IRIs and the schema ----------------------------------------------------------------


def test_iri_keeps_slashes_and_percent_encodes_non_ascii():
    node = iri("agency", "shaodong/agency/市财政局")
    assert str(node) == f"{ID}agency/shaodong/agency/%E5%B8%82%E8%B4%A2%E6%94%BF%E5%B1%80"
    assert str(node).isascii()
    assert stable_id_of(node) == ("agency", "shaodong/agency/市财政局")
    assert stable_id_of(iri("task", "a b#c%d/（1）")) == ("task", "a b#c%d/（1）")


def test_iri_rejects_unknown_kinds_and_empty_ids():
    with pytest.raises(ValueError, match="unknown kind"):
        iri("tsk", "x")
    with pytest.raises(ValueError, match="non-empty"):
        iri("task", "")


def test_neo4j_names_are_unique_and_upper_snake():
    types = [r.neo4j_type for r in RELATIONS.values() if r.neo4j_type]
    assert len(types) == len(set(types))
    assert all(re.fullmatch(r"[A-Z]+(_[A-Z]+)*", t) for t in types)
    labels = [k.neo4j_label for k in KINDS.values() if k.neo4j_label]
    assert len(labels) == len(set(labels))
    assert RELATIONS["convenes"].neo4j_start == ("person", "post")


def test_sparql_prefix_block_runs_on_the_built_graph():
    store = pyoxigraph.Store()
    data = build_graph(small_corpus()).serialize(format="nt")
    store.load(data.encode(), format=pyoxigraph.RdfFormat.N_TRIPLES)
    query = SPARQL_PREFIXES + "SELECT ?t WHERE { ?a sb:leads ?t . ?t sb:battle battle:risk }"
    rows = [str(row["t"].value) for row in store.query(query)]
    assert rows == [str(iri("task", "shaodong/risk/2.1"))]


# -- the projection ---------------------------------------------------------------------


def test_iris_are_stable_across_two_builds():
    first = build_graph(small_corpus())
    second = build_graph(small_corpus())
    assert set(first) == set(second)
    assert iri("task", "shaodong/risk/2.1.1") in set(first.subjects(RDF.type, SB.Task))


def test_every_fact_with_a_source_is_derived_from_a_span():
    corpus = small_corpus()
    graph = build_graph(corpus)
    records = [
        ("plan", corpus.plans[0].id, corpus.plans[0].source),
        ("attachment", corpus.attachments[0].id, corpus.attachments[0].source),
        ("section", corpus.sections[0].id, corpus.sections[0].source),
        ("person", corpus.people[0].id, corpus.people[0].source),
        ("working_group", corpus.working_groups[0].id, corpus.working_groups[0].source),
        *(("task", t.id, t.source) for t in corpus.tasks),
    ]
    for kind, stable, source in records:
        assert (iri(kind, stable), PROV.wasDerivedFrom, span_iri(source)) in graph
    span = span_iri(corpus.tasks[0].source)
    assert graph.value(span, SB.startOffset) == Literal(6110)
    assert graph.value(span, SB.file) == Literal(FILE)


def test_a_responsibility_is_a_node_and_a_shortcut_triple():
    graph = build_graph(small_corpus())
    agency = iri("agency", "shaodong/agency/市财政局")
    lead = iri("responsibility", "shaodong/risk/2.1/市财政局")
    assert (agency, SB.leads, iri("task", "shaodong/risk/2.1")) in graph
    assert graph.value(lead, SB.role) == SB.Lead
    assert graph.value(lead, SB.agency) == agency
    assert graph.value(lead, SB.inherited) == Literal(False)
    assert graph.value(lead, SB.clauseText) == Literal("（市财政局牵头）")
    inherited = iri("responsibility", "shaodong/risk/2.1.1/市财政局")
    assert (agency, SB.cooperatesOn, iri("task", "shaodong/risk/2.1.1")) in graph
    assert graph.value(inherited, SB.inherited) == Literal(True)


def test_structure_people_and_groups_are_linked():
    graph = build_graph(small_corpus())
    task = iri("task", "shaodong/risk/2.1.1")
    person = iri("person", "shaodong/person/陈业华")
    group = iri("working_group", "shaodong/wg/risk")
    assert graph.value(task, SB.subItemOf) == iri("task", "shaodong/risk/2.1")
    assert graph.value(task, SB.inSection) == iri("section", "shaodong/risk/2")
    assert graph.value(task, SB.battle) == BATTLE.risk
    assert (person, SB.oversees, iri("task", "shaodong/risk/2.1")) in graph
    assert graph.value(group, SB.convenor) == person
    deputy = graph.value(group, SB.deputyConvenor)
    assert (deputy, RDF.type, KINDS["post"].rdf_class) in graph
    assert graph.value(group, SB.memberUnit) == iri("agency", "shaodong/agency/市财政局")
    assert graph.value(group, SB.office) == iri("agency", "shaodong/agency/市财政局")
    function = graph.value(iri("agency", "shaodong/agency/市财政局"), SB.function)
    assert (function, SKOS.inScheme, SB.FunctionScheme) in graph


def test_battles_are_skos_concepts_with_zh_and_en_labels():
    graph = build_graph(Corpus())
    concepts = set(graph.subjects(SKOS.inScheme, SB.BattleScheme))
    assert concepts == {BATTLE[k] for k in BATTLES}
    labels = set(graph.objects(BATTLE.risk, SKOS.prefLabel))
    assert Literal("防范化解风险阻击仗", lang="zh") in labels
    assert Literal("阻击战", lang="zh") in set(graph.objects(BATTLE.risk, SKOS.altLabel))


def test_plan_graphs_hold_each_plan_with_the_shared_nodes_it_touches():
    graphs = plan_graphs(two_plan_corpus())
    assert list(graphs) == ["shaodong", "xinhuang"]
    shaodong, xinhuang = graphs["shaodong"], graphs["xinhuang"]
    assert (iri("task", "xinhuang/growth/1.1"), RDF.type, SB.Task) not in shaodong
    assert (iri("task", "shaodong/risk/2.1"), RDF.type, SB.Task) not in xinhuang
    agency = iri("agency", "xinhuang/agency/县发改局")
    assert (agency, RDF.type, SB.Agency) in xinhuang
    assert (agency, RDF.type, SB.Agency) not in shaodong
    assert (BATTLE.growth, SKOS.inScheme, SB.BattleScheme) in xinhuang
    assert (iri("function", "development-reform"), RDF.type, SKOS.Concept) in xinhuang
