"""`graphbuild load` on a real Neo4j: counts, idempotence, resuming, --replace, errors."""
# ruff: noqa: F811  (pytest fixtures are imported by name and requested as arguments)

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest
from rdflib.namespace import RDF

from graphbuild.graph.rdf import build_graph
from graphbuild.graph.schema import ID, KINDS, PROPERTIES, RELATIONS, ROLE_RELATIONS, stable_id_of
from graphbuild.graph.triples import project
from graphbuild.model import ROLES
from graphbuild.neo4j.load import (
    PROJECT_LABEL,
    batches,
    delete_project_graph,
    graph_counts,
    graph_rows,
    labels,
    load,
    schema_statements,
)
from graphbuild.store import load_corpus
from tests.neo4j_fixtures import free_port, neo4j_settings  # noqa: F401
from tests.neo4j_graph import (  # noqa: F401 - fixtures
    cli,
    cli_env,
    loaded,
    neo4j_conn,
    reload,
    snapshot,
)
from tests.utils import ROOT

pytestmark = pytest.mark.neo4j


# --------------------------------------------------------------------------- rows (no server)


@pytest.fixture(scope="module")
def model(build_dir):
    return load_corpus(build_dir)


def test_rows_follow_the_schema(model):
    rows = graph_rows(model)
    known_labels = {k.neo4j_label for k in KINDS.values() if k.neo4j_label}
    known_types = {r.neo4j_type for r in RELATIONS.values() if r.neo4j_type}
    assert set(rows.nodes) <= known_labels
    assert {g.type for g in rows.relationships} <= known_types
    for group in rows.relationships:
        rel = next(r for r in RELATIONS.values() if r.neo4j_type == group.type)
        assert group.start in {KINDS[k].neo4j_label for k in rel.neo4j_start}, group
        assert group.end in {KINDS[k].neo4j_label for k in rel.neo4j_end}, group
    attrs = {f.attr for fields in PROPERTIES.values() for f in fields}
    extra = {"id", "name", "name_en", "aliases", "file", "start", "end", "spans"}
    for label, items in rows.nodes.items():
        for row in items:
            assert set(row) <= attrs | extra, (label, set(row) - attrs - extra)


def test_rows_hold_the_same_nodes_as_the_rdf_graph(model):
    graph = build_graph(model)
    rdf_counts: Counter[str] = Counter()
    for subject in set(graph.subjects(RDF.type, None)):
        kind = stable_id_of(subject)[0] if str(subject).startswith(str(ID)) else None
        if kind in KINDS and KINDS[kind].neo4j_label:
            rdf_counts[KINDS[kind].neo4j_label] += 1
    assert graph_rows(model, triples=project(model)).label_counts() == dict(
        sorted(rdf_counts.items())
    )


def test_rows_match_the_model(model):
    rows = graph_rows(model)
    counts = rows.label_counts()
    assert counts["Task"] == len(model.tasks)
    assert counts["Section"] == len(model.sections)
    assert counts["Plan"] == len(model.plans)
    assert counts["WorkingGroup"] == len(model.working_groups)
    assert counts["Agency"] >= len(model.agencies)
    assert counts["Battle"] == 6
    types = rows.type_counts()
    for role in ROLES:
        stated = {
            (t.id, u.canonical or u.name) for t in model.tasks for u in t.units if u.role == role
        }
        assert types[ROLE_RELATIONS[role].neo4j_type] == len(stated), role
    assert types["OVERSEES"] == len(
        {(t.id, p.name) for t in model.tasks for p in t.persons if p.name}
    )
    assert types["SUB_ITEM_OF"] == sum(1 for t in model.tasks if t.parent)


def test_edge_qualifiers_come_from_the_model(model):
    rows = graph_rows(model)
    task = next(t for t in model.tasks if any(u.inherited and u.role == "lead" for u in t.units))
    unit = next(u for u in task.units if u.inherited and u.role == "lead")
    leads = {
        (r["start"].rsplit("/", 1)[-1], r["end"]): r["props"]
        for g, items in rows.relationships.items()
        if g.type == "LEADS"
        for r in items
    }
    props = leads[(unit.canonical, task.id)]
    assert props["inherited"] is True
    assert props["inferred"] is unit.inferred
    assert props["name"] == unit.name
    assert (props["file"], props["start"], props["end"]) == (
        unit.source.file,
        unit.source.start,
        unit.source.end,
    )
    assert props["clause"] == list(dict.fromkeys(m.clause for m in unit.mentions if m.clause))


def test_schema_statements_cover_every_label():
    statements = schema_statements()
    for label in labels():
        assert any(f"(n:`{label}`) REQUIRE n.id IS UNIQUE" in s for s in statements), label
    assert all("IF NOT EXISTS" in s for s in statements)


# --------------------------------------------------------------------------- the database


def test_counts_by_label_and_type_match_the_rows(loaded, neo4j_conn):
    rows, result = loaded
    assert result.labels == rows.label_counts()
    assert result.types == rows.type_counts()
    assert graph_counts(neo4j_conn) == {"labels": rows.label_counts(), "types": rows.type_counts()}
    # every project node carries exactly one schema label besides the project label
    bad = neo4j_conn.read(
        f"MATCH (n:{PROJECT_LABEL}) WHERE size(labels(n)) <> 2 RETURN count(n) AS n"
    )
    assert bad == [{"n": 0}]


def test_constraints_and_indexes_exist(loaded, neo4j_conn):
    constraints = neo4j_conn.read(
        "SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties "
        "WHERE type = 'UNIQUENESS' RETURN labelsOrTypes[0] AS label, properties AS props"
    )
    unique = {r["label"] for r in constraints if r["props"] == ["id"]}
    assert set(labels()) <= unique
    indexes = neo4j_conn.read("SHOW INDEXES YIELD name, state RETURN name, state")
    ours = {r["name"]: r["state"] for r in indexes if r["name"].startswith("sixbattles_")}
    assert ours and set(ours.values()) == {"ONLINE"}


def test_properties_mirror_the_ontology(loaded, neo4j_conn, model):
    task = next(t for t in model.tasks if t.units and t.title)
    (row,) = neo4j_conn.read("MATCH (t:Task {id: $id}) RETURN properties(t) AS p", {"id": task.id})
    p = row["p"]
    assert (p["county"], p["kind"], p["label"], p["title"], p["text"]) == (
        task.county,
        task.kind,
        task.label,
        task.title,
        task.text,
    )
    assert p["path"] == " / ".join(task.path)
    assert (p["file"], p["start"], p["end"]) == (
        task.source.file,
        task.source.start,
        task.source.end,
    )
    agency = next(a for a in model.agencies if len(a.names) > 1)
    (row,) = neo4j_conn.read(
        "MATCH (a:Agency {id: $id}) RETURN properties(a) AS p", {"id": agency.id}
    )
    assert row["p"]["canonical"] == agency.canonical
    assert sorted(row["p"]["names"]) == sorted(agency.names)
    assert row["p"]["collective"] is agency.collective
    (battle,) = neo4j_conn.read(
        "MATCH (b:Battle {id: 'risk'}) RETURN b.name AS zh, b.name_en AS en"
    )
    assert battle["zh"] and battle["en"]


def test_loading_twice_changes_nothing(loaded, neo4j_conn):
    rows, _ = loaded
    before = snapshot(neo4j_conn)
    result = load(neo4j_conn, rows, batch_size=250, progress=False)
    assert (result.labels, result.types) == (rows.label_counts(), rows.type_counts())
    assert snapshot(neo4j_conn) == before


class _Stop(Exception):
    pass


def test_a_load_stopped_half_way_completes_when_run_again(loaded, neo4j_conn):
    rows, _ = loaded
    before = snapshot(neo4j_conn)
    try:
        delete_project_graph(neo4j_conn)

        def stop_after(done: int) -> None:
            if done == 5:
                raise _Stop

        with pytest.raises(_Stop):
            load(neo4j_conn, rows, batch_size=40, progress=False, on_batch=stop_after)
        partial = graph_counts(neo4j_conn)
        committed = sum(len(b) for _, b in itertools.islice(batches(rows, 40), 5))
        assert sum(partial["labels"].values()) == committed < rows.node_count
        assert not partial["types"]
        result = load(neo4j_conn, rows, batch_size=40, progress=False)
        assert (result.labels, result.types) == (rows.label_counts(), rows.type_counts())
        assert snapshot(neo4j_conn) == before
    finally:
        reload(neo4j_conn, rows)


def test_a_killed_load_completes_when_run_again(
    loaded,
    neo4j_conn,
    neo4j_settings,
    build_dir,
):
    rows, _ = loaded
    before = snapshot(neo4j_conn)
    total_nodes, total_rels = rows.node_count, rows.relationship_count
    env = cli_env(neo4j_settings)
    try:
        delete_project_graph(neo4j_conn)
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "graphbuild",
                "load",
                "--build",
                str(build_dir),
                "--batch-size",
                "10",
                "-q",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 120
        seen = 0
        while time.monotonic() < deadline and proc.poll() is None:
            seen = sum(graph_counts(neo4j_conn)["labels"].values())
            if seen > 0:
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the load ended before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        partial = graph_counts(neo4j_conn)
        got_nodes = sum(partial["labels"].values())
        got_rels = sum(partial["types"].values())
        assert got_nodes > 0 and (got_nodes < total_nodes or got_rels < total_rels)

        again = cli("load", "--build", str(build_dir), "-q", "--format", "json", env=env)
        assert again.returncode == 0, again.stderr
        assert graph_counts(neo4j_conn) == {
            "labels": rows.label_counts(),
            "types": rows.type_counts(),
        }
        assert snapshot(neo4j_conn) == before
    finally:
        reload(neo4j_conn, rows)


def test_replace_removes_only_this_projects_graph(
    loaded,
    neo4j_conn,
    neo4j_settings,
    build_dir,
):
    rows, _ = loaded

    def write(query: str) -> None:
        neo4j_conn.write(lambda tx: tx.run(query).consume())

    write(
        "CREATE (:ForeignThing {id: 'keep-me', note: 'not ours'})"
        "-[:FOREIGN_LINK {w: 1}]->(:Task {id: 'foreign/task-1', title: 'someone else'})"
    )
    write(f"CREATE (:{PROJECT_LABEL}:Task {{id: 'stale/task-from-an-old-build'}})")
    try:
        result = cli(
            "load",
            "--build",
            str(build_dir),
            "--replace",
            "-q",
            "--format",
            "json",
            env=cli_env(neo4j_settings),
        )
        assert result.returncode == 0, result.stderr
        foreign = neo4j_conn.read(
            "MATCH (f:ForeignThing {id: 'keep-me'})-[r:FOREIGN_LINK]->(t:Task) "
            "RETURN f.note AS note, r.w AS w, t.id AS task, labels(t) AS labels"
        )
        assert foreign == [
            {"note": "not ours", "w": 1, "task": "foreign/task-1", "labels": ["Task"]}
        ]
        stale = neo4j_conn.read(
            "MATCH (n {id: 'stale/task-from-an-old-build'}) RETURN count(n) AS n"
        )
        assert stale == [{"n": 0}]
        assert graph_counts(neo4j_conn) == {
            "labels": rows.label_counts(),
            "types": rows.type_counts(),
        }
    finally:
        write("MATCH (f:ForeignThing {id: 'keep-me'}) DETACH DELETE f")
        write("MATCH (t:Task {id: 'foreign/task-1'}) WHERE NOT t:SixBattles DETACH DELETE t")
        write("MATCH (n {id: 'stale/task-from-an-old-build'}) DETACH DELETE n")


def test_cli_load_prints_counts(loaded, neo4j_settings, build_dir):
    rows, _ = loaded
    result = cli("load", "--build", str(build_dir), "--format", "csv", env=cli_env(neo4j_settings))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "kind,name,count"
    assert f"node,Task,{rows.label_counts()['Task']}" in lines
    assert f"relationship,LEADS,{rows.type_counts()['LEADS']}" in lines
    assert f"total,nodes,{rows.node_count}" in lines
    assert "loaded" in result.stderr  # the summary line goes to stderr


def _one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 3, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = [x for x in result.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    assert result.stdout == ""


def test_wrong_password_is_one_line(neo4j_settings, build_dir):
    env = cli_env(neo4j_settings, NEO4J_PASSWORD="definitely-wrong-" + "x" * 8)
    _one_line_error(cli("load", "--build", str(build_dir), env=env), "NEO4J_PASSWORD")


def test_unreachable_server_is_one_line(neo4j_settings, build_dir):
    env = cli_env(neo4j_settings, NEO4J_URI=f"bolt://127.0.0.1:{free_port()}")
    started = time.monotonic()
    _one_line_error(cli("load", "--build", str(build_dir), env=env), "unreachable", "NEO4J_URI")
    assert time.monotonic() - started < 60  # no minute of retries


def test_missing_database_is_one_line(neo4j_settings, build_dir):
    env = cli_env(neo4j_settings, NEO4J_DATABASE="nosuchdatabase")
    _one_line_error(
        cli("load", "--build", str(build_dir), env=env), "does not exist", "NEO4J_DATABASE"
    )


def test_not_a_bolt_uri_is_one_line(neo4j_settings, build_dir):
    env = cli_env(neo4j_settings, NEO4J_URI="http://127.0.0.1:7474")
    _one_line_error(cli("load", "--build", str(build_dir), env=env), "NEO4J_URI")


def test_no_build_is_exit_2(neo4j_settings, tmp_path):
    result = cli("load", "--build", str(tmp_path / "none"), env=cli_env(neo4j_settings))
    assert result.returncode == 2 and "graphbuild build" in result.stderr


def test_help_has_examples():
    result = subprocess.run(
        [sys.executable, "-m", "graphbuild", "load", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "examples:" in result.stdout and "--replace" in result.stdout


def test_readme_shows_every_label_and_type():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Neo4j") :]
    for label in labels():
        assert f"`{label}`" in section, label
    for rel in RELATIONS.values():
        if rel.neo4j_type:
            assert f"`{rel.neo4j_type}`" in section, rel.neo4j_type
    assert "```mermaid" in section


def test_indexes_name_properties_the_rows_have(model):
    from graphbuild.neo4j.load import INDEXES, TEXT_INDEXES

    rows = graph_rows(model)
    for label, prop in (*INDEXES, *TEXT_INDEXES):
        assert any(prop in row for row in rows.nodes[label]), (label, prop)
