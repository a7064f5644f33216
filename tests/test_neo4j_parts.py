"""The load county by county: the parts make the whole graph, through a routing URI too."""

# ruff: noqa: F811  (pytest fixtures are imported by name and requested as arguments)

from __future__ import annotations

import json
from typing import Any

import pytest

from graphbuild.graph.rows import GraphRows, RelGroup, county_rows, graph_rows
from graphbuild.neo4j.load import MAX_BATCH_CHARS, _batched
from graphbuild.store import load_corpus
from tests.neo4j_fixtures import neo4j_settings  # noqa: F401
from tests.neo4j_graph import cli, cli_env, loaded, neo4j_conn, reload, snapshot  # noqa: F401


def _merged(parts: list[tuple[str, GraphRows]]) -> tuple[dict[Any, Any], dict[Any, Any]]:
    nodes: dict[Any, Any] = {}
    rels: dict[Any, Any] = {}
    for _, part in parts:
        for label, rows in part.nodes.items():
            for row in rows:
                key = (label, row["id"])
                assert nodes.setdefault(key, row) == row, f"{key} differs between counties"
        for group, rows in part.relationships.items():
            for row in rows:
                rels[(group, row["start"], row["end"])] = row["props"]
    return nodes, rels


def test_the_county_parts_together_are_the_whole_graph(build_dir) -> None:
    corpus = load_corpus(build_dir)
    parts = list(county_rows(corpus))
    assert [name for name, _ in parts] == [*dict.fromkeys(p.county for p in corpus.plans), ""]
    whole = graph_rows(corpus)
    nodes, rels = _merged(parts)
    assert nodes == {(label, r["id"]): r for label, rows in whole.nodes.items() for r in rows}
    assert rels == {
        (g, r["start"], r["end"]): r["props"]
        for g, rows in whole.relationships.items()
        for r in rows
    }
    cross = parts[-1][1]
    assert cross.relationship_count > 0  # the seeds' cross-county alignments
    assert {g.type for g in cross.relationships} == {"ALIGNED_WITH"}


def test_a_batch_of_long_rows_is_cut_before_its_character_budget() -> None:
    text = "经济" * 200_000
    rows = GraphRows(nodes={"Task": [{"id": f"t{i}", "text": text} for i in range(30)]})
    batches = [params["rows"] for _, _, params in _batched(rows, 1000)]
    assert sum(len(b) for b in batches) == 30 and len(batches) > 1
    for batch in batches:
        assert len(batch) == 1 or len(json.dumps(batch, ensure_ascii=False)) < 2 * MAX_BATCH_CHARS
    few = GraphRows(
        relationships={
            RelGroup("LEADS", "Agency", "Task"): [{"start": "a", "end": "b", "props": {}}] * 5
        }
    )
    assert [len(p["rows"]) for _, _, p in _batched(few, 2)] == [2, 2, 1]


@pytest.mark.neo4j
def test_load_through_a_routing_uri_gives_the_same_graph(
    loaded, neo4j_conn, neo4j_settings, build_dir
) -> None:
    rows, _ = loaded
    before = snapshot(neo4j_conn)
    routing = neo4j_settings["uri"].replace("bolt://", "neo4j://", 1)
    assert routing.startswith("neo4j://")
    env = cli_env(neo4j_settings, NEO4J_URI=routing)
    try:
        result = cli(
            "load", "--build", str(build_dir), "--replace", "-q", "--format", "json", env=env
        )
        assert result.returncode == 0, result.stderr
        counts = {r["name"]: r["count"] for r in json.loads(result.stdout) if r["kind"] == "node"}
        assert counts == rows.label_counts()
        assert snapshot(neo4j_conn) == before
    finally:
        reload(neo4j_conn, rows)
