"""The networkx projection: the co-responsibility network and the analyses on it."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import networkx as nx
import pytest

from graphbuild.analyse.network import (
    centrality,
    communities,
    coresponsibility_graph,
    edge_rows,
    normalise_edges,
    path,
    write_graphml,
)
from graphbuild.graph.graphfile import GRAPH_FILE, ntriples
from graphbuild.model import Corpus, Task
from graphbuild.query.catalog import CatalogError, coerce_params, get_question
from graphbuild.query.embedded import EmbeddedBackend

SD, XH = "邵东市", "新晃侗族自治县"


@pytest.fixture(scope="session")
def store(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> EmbeddedBackend:
    folder = tmp_path_factory.mktemp("nx-build")
    (folder / GRAPH_FILE).write_text(ntriples(corpus), encoding="utf-8")
    return EmbeddedBackend(folder)


@pytest.fixture(scope="session")
def sd_edges(corpus: Corpus) -> list[dict]:
    return edge_rows(corpus, SD)


def _names(task: Task) -> set[str]:
    return {u.canonical for u in task.units}


@pytest.mark.parametrize("county", [SD, XH])
def test_sparql_edge_list_equals_the_model_edge_list(store, corpus, county):
    q = get_question("agency-centrality")
    sparql = store.sparql(q.sparql, coerce_params(q, {"county": county}))
    assert normalise_edges(sparql) == normalise_edges(edge_rows(corpus, county))


def test_the_network_links_units_that_share_tasks(corpus, tasks, sd_edges):
    g = coresponsibility_graph(corpus, county=SD)
    assert g.number_of_edges() == len(sd_edges)
    collective = {a.canonical for a in corpus.agencies if a.collective}
    assert not collective & set(g.nodes)
    assert {"市财政局", "市发改局"} <= set(g.nodes)
    edge = g.edges["市发改局", "市财政局"]
    shared = [t for t in tasks.values() if t.county == SD and {"市发改局", "市财政局"} <= _names(t)]
    assert edge["weight"] == len(shared) and edge["tasks"] == sorted(t.id for t in shared)
    # the debt task 1 links the lead with each unit named in its clause
    assert "shaodong/risk/2.1.1" in g.edges["城发集团", "市财政局"]["tasks"]
    whole = coresponsibility_graph(corpus)
    assert whole.number_of_edges() == len(sd_edges) + len(edge_rows(corpus, XH))
    assert {d["county"] for _, d in whole.nodes(data=True)} == {SD, XH}


def test_centrality(sd_edges):
    rows = centrality(sd_edges, {"county": SD})
    g = coresponsibility_graph(sd_edges)
    assert len(rows) == g.number_of_nodes()
    keys = [(-r["betweenness"], -r["shared_tasks"], -r["partners"], r["agency"]) for r in rows]
    assert keys == sorted(keys)
    by = {r["agency"]: r for r in rows}
    assert by["市财政局"]["partners"] == g.degree("市财政局")
    assert by["市财政局"]["shared_tasks"] == g.degree("市财政局", weight="weight")
    # the finance and development-reform bureaus are the hubs of Shaodong's network
    assert {rows[0]["agency"], rows[1]["agency"], rows[2]["agency"]} & {"市财政局", "市发改局"}
    assert max(by, key=lambda a: by[a]["partners"]) in {"市财政局", "市发改局"}


def test_communities_partition_the_network_deterministically(sd_edges):
    rows = communities(sd_edges, {})
    members = [m for r in rows for m in r["members"]]
    g = coresponsibility_graph(sd_edges)
    assert sorted(members) == sorted(g.nodes) and len(members) == len(set(members))
    assert [r["community"] for r in rows] == list(range(1, len(rows) + 1))
    assert [r["size"] for r in rows] == sorted((r["size"] for r in rows), reverse=True)
    shuffled = list(sd_edges)
    random.Random(7).shuffle(shuffled)
    assert communities(shuffled, {}) == rows
    # the courts and the prosecutor work together
    together = next(r for r in rows if "市人民法院" in r["members"])
    assert "市人民检察院" in together["members"]


def test_path_steps_share_the_tasks_they_list(sd_edges, tasks):
    rows = path(sd_edges, {"county": SD, "source": "市教育局", "target": "国网邵东市供电公司"})
    g = coresponsibility_graph(sd_edges)
    assert len(rows) == nx.shortest_path_length(g, "市教育局", "国网邵东市供电公司") + 1
    assert rows[0]["agency"] == "市教育局" and rows[-1]["agency"] == "国网邵东市供电公司"
    assert rows[-1]["shared_with_next"] is None and rows[-1]["tasks"] == []
    for here, nxt in itertools.pairwise(rows):
        assert here["shared_with_next"] == len(here["tasks"]) > 0
        for tid in here["tasks"]:
            assert {here["agency"], nxt["agency"]} <= _names(tasks[tid])
    same = path(sd_edges, {"county": SD, "source": "市财政局", "target": "市财政局"})
    assert same == [{"step": 0, "agency": "市财政局", "shared_with_next": None, "tasks": []}]
    with pytest.raises(CatalogError, match="source='各相关债务单位'"):
        path(sd_edges, {"county": SD, "source": "各相关债务单位", "target": "市财政局"})


def test_catalog_networkx_questions_use_these_functions(store):
    q = get_question("agency-path")
    rows = store.ask(q, coerce_params(q, {"source": "市教育局", "target": "国网邵东市供电公司"}))
    assert rows[0]["agency"] == "市教育局"
    q = get_question("agency-centrality")
    assert len(store.ask(q, coerce_params(q, {"county": XH, "top_n": "5"}))) == 5


def test_graphml_round_trip(corpus, tmp_path: Path):
    g = coresponsibility_graph(corpus)
    out = write_graphml(g, tmp_path / "co.graphml")
    back = nx.read_graphml(out)
    assert back.number_of_nodes() == g.number_of_nodes()
    assert back.number_of_edges() == g.number_of_edges()
    node = next(n for n, d in back.nodes(data=True) if d["name"] == "市财政局")
    assert back.nodes[node]["label"] == "市财政局" and back.nodes[node]["county"] == SD
    *_, data = next(iter(back.edges(data=True)))
    assert int(data["weight"]) == len(data["tasks"].split("|"))
