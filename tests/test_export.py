"""``graphbuild export``: Turtle and JSON-LD with the ontology, GraphML, neo4j-admin CSV."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF

from graphbuild.cli.main import main
from graphbuild.graph.export import export
from graphbuild.graph.schema import ONTOLOGY_IRI, SB, iri
from graphbuild.model import Corpus, to_dict
from graphbuild.store import MODEL_FILE


@pytest.fixture(scope="session")
def build_dir(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build folder with the model of the seed corpus (what `export` reads)."""
    folder = tmp_path_factory.mktemp("export-build")
    (folder / MODEL_FILE).write_text(
        json.dumps(to_dict(corpus), ensure_ascii=False), encoding="utf-8"
    )
    return folder


def _leads(corpus: Corpus) -> int:
    return sum(u.role == "lead" for t in corpus.tasks for u in t.units)


@pytest.mark.parametrize(
    "fmt,name,parser", [("ttl", "graph.ttl", "turtle"), ("jsonld", "graph.jsonld", "json-ld")]
)
def test_rdf_exports_hold_data_and_ontology(corpus, tmp_path, fmt, name, parser):
    files = export(corpus, fmt, tmp_path)
    assert files == [tmp_path / name]
    g = Graph().parse(files[0], format=parser)
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in g
    assert (SB.Task, RDF.type, OWL.Class) in g
    task = iri("task", "shaodong/risk/2.1.1")
    assert (task, SB.county, Literal("邵东市")) in g
    assert (iri("agency", "shaodong/agency/市财政局"), SB.leads, task) in g
    assert len(list(g.triples((None, SB.leads, None)))) == _leads(corpus)


def test_graphml_exports(corpus, tmp_path):
    files = export(corpus, "graphml", tmp_path)
    assert [f.name for f in files] == ["graph.graphml", "coresponsibility.graphml"]
    g = nx.read_graphml(tmp_path / "graph.graphml", force_multigraph=True)
    kinds = {d["neo4j_label"] for _, d in g.nodes(data=True)}
    assert {"Task", "Agency", "Battle", "WorkingGroup", "Person", "Plan"} <= kinds
    assert sum(d["neo4j_label"] == "Task" for _, d in g.nodes(data=True)) == len(corpus.tasks)
    leads = [d for *_, d in g.edges(data=True) if d["type"] == "LEADS"]
    assert len(leads) == _leads(corpus)
    task = g.nodes["Task:shaodong/risk/2.1.1"]
    assert task["label"].startswith("1.") and task["county"] == "邵东市"
    co = nx.read_graphml(tmp_path / "coresponsibility.graphml")
    assert co.number_of_nodes() > 100 and all("weight" in d for *_, d in co.edges(data=True))


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def test_csv_export_is_in_neo4j_admin_shape(corpus, tmp_path):
    files = export(corpus, "csv", tmp_path)
    nodes = {f.name: _read(f) for f in files if f.name.startswith("nodes_")}
    rels = {f.name: _read(f) for f in files if f.name.startswith("rels_")}
    ids: dict[str, set[str]] = {}
    for name, (header, rows) in nodes.items():
        label = name[len("nodes_") : -len(".csv")]
        assert header[:2] == [f"id:ID({label})", ":LABEL"]
        assert all(r[1] == label for r in rows)
        ids[label] = {r[0] for r in rows}
        assert len(ids[label]) == len(rows), f"duplicate ids in {name}"
    assert len(ids["Task"]) == len(corpus.tasks)
    for name, (header, rows) in rels.items():
        start = header[0][len(":START_ID(") : -1]
        end = header[1][len(":END_ID(") : -1]
        assert header[0].startswith(":START_ID(") and header[1].startswith(":END_ID(")
        assert header[2] == ":TYPE"
        for r in rows:
            assert r[0] in ids[start] and r[1] in ids[end], f"dangling edge in {name}"
    header, rows = rels["rels_LEADS_Agency_Task.csv"]
    assert len(rows) == _leads(corpus)
    assert "inherited:boolean" in header and "start:long" in header
    col = header.index("inherited:boolean")
    debt = [r for r in rows if r[1] == "shaodong/risk/2.1.1"]
    assert [(r[0], r[col]) for r in debt] == [("shaodong/agency/市财政局", "true")]
    agency_header, _ = nodes["nodes_Agency.csv"]
    assert "names:string[]" in agency_header and "collective:boolean" in agency_header
    command = (tmp_path / "neo4j-admin-import.txt").read_text(encoding="utf-8")
    assert "neo4j-admin database import full" in command
    assert all(f"={f.name}" in command for f in files if f.suffix == ".csv")


def test_cli_export(build_dir, tmp_path, capsys):
    assert (
        main(["export", "--format", "ttl", "--build", str(build_dir), "--out", str(tmp_path), "-q"])
        == 0
    )
    assert capsys.readouterr().out.strip() == str(tmp_path / "graph.ttl")
    assert main(["export", "--format", "csv", "--build", str(tmp_path / "nothing"), "-q"]) == 2
    assert "graphbuild build" in capsys.readouterr().err
