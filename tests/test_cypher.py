"""`graphbuild cypher`: a user's own query, read-only (READ access mode), as table/CSV/JSON."""
# ruff: noqa: F811  (pytest fixtures are imported by name and requested as arguments)

from __future__ import annotations

import json

import pytest
from neo4j.exceptions import ClientError

from graphbuild.cli.load import parse_param
from graphbuild.store import load_corpus
from tests.neo4j_fixtures import neo4j_settings  # noqa: F401
from tests.neo4j_graph import cli, cli_env, loaded, neo4j_conn  # noqa: F401

pytestmark = pytest.mark.neo4j

#: Writes of every kind; the server must refuse each in a READ transaction.
WRITES = {
    "create": "CREATE (n:ReadOnlyProbe {id: 'x'}) RETURN n",
    "merge": "MERGE (n:ReadOnlyProbe {id: 'x'}) RETURN n",
    "set": "MATCH (t:Task) WITH t LIMIT 1 SET t.probe = 1 RETURN t.id",
    "delete": "MATCH (t:Task) WITH t LIMIT 1 DETACH DELETE t",
    "remove": "MATCH (t:Task) WITH t LIMIT 1 REMOVE t.title RETURN t.id",
    "write procedure": "CALL db.createLabel('ReadOnlyProbe')",
    "write in a subquery": "CALL () { CREATE (:ReadOnlyProbe) } RETURN 1 AS one",
    "schema": "CREATE INDEX read_only_probe IF NOT EXISTS FOR (n:ReadOnlyProbe) ON (n.id)",
}


def _unchanged(conn, rows) -> None:
    probe = conn.read("MATCH (n:ReadOnlyProbe) RETURN count(n) AS n")
    assert probe == [{"n": 0}]
    assert conn.read("MATCH (t:Task) WHERE t.probe IS NOT NULL RETURN count(t) AS n") == [{"n": 0}]
    tasks = conn.read("MATCH (t:Task:SixBattles) RETURN count(t) AS n")
    assert tasks == [{"n": rows.label_counts()["Task"]}]
    labels = {r["label"] for r in conn.read("CALL db.labels() YIELD label RETURN label")}
    assert "ReadOnlyProbe" not in labels
    indexes = {r["name"] for r in conn.read("SHOW INDEXES YIELD name RETURN name")}
    assert "read_only_probe" not in indexes


@pytest.mark.parametrize("kind", list(WRITES))
def test_the_server_refuses_writes_in_a_read_transaction(kind, loaded, neo4j_conn):
    rows, _ = loaded
    with pytest.raises(ClientError) as caught:
        neo4j_conn.read(WRITES[kind])
    assert caught.value.code == "Neo.ClientError.Statement.AccessMode"
    _unchanged(neo4j_conn, rows)


@pytest.mark.parametrize("kind", ["create", "merge", "set", "delete", "write procedure"])
def test_cli_refuses_a_write_with_one_line_and_exit_3(kind, loaded, neo4j_conn, neo4j_settings):
    rows, _ = loaded
    result = cli("cypher", WRITES[kind], env=cli_env(neo4j_settings))
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "read-only" in lines[0]
    _unchanged(neo4j_conn, rows)


def test_cli_runs_a_query_with_parameters_as_json(loaded, neo4j_settings, build_dir):
    corpus = load_corpus(build_dir)
    county = corpus.plans[0].county
    expected = sum(t.county == county for t in corpus.tasks)
    result = cli(
        "cypher",
        "MATCH (t:Task {county: $county}) WHERE t.start >= $from RETURN count(t) AS n",
        "--param",
        f"county={county}",
        "--param",
        "from=0",
        "--format",
        "json",
        env=cli_env(neo4j_settings),
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [{"n": expected}]


def test_a_parameter_value_is_never_query_text(loaded, neo4j_settings):
    # A value that would break out of a string literal if it were pasted in.
    evil = "x' OR 1=1 //"
    result = cli(
        "cypher",
        "MATCH (t:Task) WHERE t.county = $c RETURN count(t) AS n",
        "--param",
        f"c={evil}",
        "--format",
        "json",
        env=cli_env(neo4j_settings),
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [{"n": 0}]


def test_cli_table_and_csv(loaded, neo4j_settings):
    query = "MATCH (b:Battle) RETURN b.id AS battle, b.name AS name ORDER BY battle"
    env = cli_env(neo4j_settings)
    csv_out = cli("cypher", query, "--format", "csv", env=env)
    assert csv_out.returncode == 0, csv_out.stderr
    lines = csv_out.stdout.splitlines()
    assert lines[0] == "battle,name" and len(lines) == 7
    assert lines[1].startswith("environment,")
    table = cli("cypher", query, env=env)
    assert table.returncode == 0, table.stderr
    assert table.stdout.splitlines()[0].split() == ["battle", "name"]
    assert "growth" in table.stdout


def test_cli_nodes_and_lists_as_json(loaded, neo4j_settings):
    result = cli(
        "cypher",
        "MATCH (b:Battle {id: 'risk'}) RETURN b AS node, [1, 2] AS xs",
        "--format",
        "json",
        env=cli_env(neo4j_settings),
    )
    assert result.returncode == 0, result.stderr
    (row,) = json.loads(result.stdout)
    assert row["xs"] == [1, 2]
    assert row["node"]["id"] == "risk" and "Battle" in row["node"]["_labels"]


def test_cli_bad_query_and_bad_param_are_exit_2(loaded, neo4j_settings):
    env = cli_env(neo4j_settings)
    bad = cli("cypher", "MATCH (n RETURN n", env=env)
    assert bad.returncode == 2 and bad.stderr.startswith("error: ")
    assert "Traceback" not in bad.stderr
    no_eq = cli("cypher", "RETURN 1", "--param", "novalue", env=env)
    assert no_eq.returncode == 2 and "NAME=VALUE" in no_eq.stderr


def test_parse_param():
    assert parse_param("n=5") == ("n", 5)
    assert parse_param("flag=true") == ("flag", True)
    assert parse_param('xs=["a","b"]') == ("xs", ["a", "b"])
    assert parse_param("county=邵东市") == ("county", "邵东市")
    assert parse_param("q=a=b") == ("q", "a=b")
    with pytest.raises(ValueError):
        parse_param("=x")
