"""Fixtures for tests that need the corpus loaded into Neo4j (import them like
:mod:`tests.neo4j_fixtures`)::

    from tests.neo4j_fixtures import neo4j_settings  # noqa: F401
    from tests.neo4j_graph import loaded, neo4j_conn  # noqa: F401

``loaded`` loads the session's private build folder (the ``build_dir`` fixture of
tests/conftest.py, so a concurrent ``graphbuild build`` cannot change the answers) into
the session's Neo4j with ``--replace`` semantics and returns the rows and the load
result. A test that changes the project's graph must put it back (:func:`reload`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graphbuild.neo4j.client import Connection, connect
from graphbuild.neo4j.load import GraphRows, LoadResult, build_rows, load
from tests.utils import ROOT

__all__ = ["cli", "cli_env", "loaded", "neo4j_conn", "reload", "snapshot"]


@pytest.fixture(scope="session")
def neo4j_conn(neo4j_settings: dict[str, Any]) -> Iterator[Connection]:
    """A connection to the session's Neo4j (fails under CI=true when there is none)."""
    from tests.neo4j_fixtures import unavailable

    try:
        conn = connect(neo4j_settings)
    except Exception as exc:  # any failure means "no usable server"
        unavailable(f"cannot use Neo4j at {neo4j_settings['uri']}: {exc}")
    try:
        yield conn
    finally:
        conn.close()


@pytest.fixture(scope="session")
def loaded(neo4j_conn: Connection, build_dir: Path) -> tuple[GraphRows, LoadResult]:
    """The corpus loaded into Neo4j (replacing any previous graph of the project)."""
    rows = build_rows(build_dir)
    return rows, load(neo4j_conn, rows, replace=True, progress=False)


def reload(conn: Connection, rows: GraphRows) -> None:
    """Put the project's graph back to the full corpus after a test that changed it."""
    load(conn, rows, replace=True, progress=False)


def snapshot(conn: Connection) -> tuple[list[Any], list[Any]]:
    """Every node and relationship of the project with labels, types and properties, in a
    canonical order (so two snapshots compare equal exactly when the graphs are equal)."""
    nodes = conn.read("MATCH (n:SixBattles) RETURN labels(n) AS labels, properties(n) AS props")
    rels = conn.read(
        "MATCH (a:SixBattles)-[r]->(b:SixBattles) "
        "RETURN labels(a) AS a, a.id AS start, type(r) AS type, labels(b) AS b, b.id AS end, "
        "properties(r) AS props"
    )
    for row in [*nodes, *rels]:
        for key in ("labels", "a", "b"):
            if key in row:
                row[key] = sorted(row[key])

    def key(row: dict[str, Any]) -> str:
        return json.dumps(row, ensure_ascii=False, sort_keys=True)

    return sorted(nodes, key=key), sorted(rels, key=key)


def cli_env(settings: dict[str, Any], **overrides: str) -> dict[str, str]:
    """The environment for a ``graphbuild`` subprocess that talks to ``settings``' server."""
    env = dict(os.environ)
    env.update(
        NEO4J_URI=settings["uri"],
        NEO4J_USER=settings["user"],
        NEO4J_PASSWORD=settings["password"] or "",
        NEO4J_DATABASE=settings["database"],
    )
    env.update(overrides)
    return env


def cli(*args: str, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the real ``graphbuild`` CLI in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "graphbuild", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
