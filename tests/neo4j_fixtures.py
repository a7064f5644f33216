"""Pytest fixtures that provide a real Neo4j server.

Import them into a test module (there is no shared conftest for them)::

    from tests.neo4j_fixtures import neo4j_driver, neo4j_settings  # noqa: F401

``neo4j_settings`` uses the server ``./run test`` started (``NEO4J_TEST_URI``,
``NEO4J_TEST_PASSWORD``, ``NEO4J_TEST_DATA``), else the one named by ``NEO4J_URI`` (with
``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``) when that is set; otherwise it starts a
private local Neo4j 5.26 Community server for the test session (free port, data dir under
pytest's tmp folder, random password) and stops it at the end. When no server can be had the
tests are skipped, or fail when ``CI=true``.
"""

from __future__ import annotations

import atexit
import os
import secrets
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

from graphbuild.neo4j import server as neo4j_server

__all__ = ["free_port", "neo4j_driver", "neo4j_settings", "unavailable"]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now.

    Returns
    -------
    int
        The port number.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def unavailable(reason: str) -> NoReturn:
    """Fail under CI (``CI=true``), skip elsewhere."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def neo4j_settings(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, Any]]:
    """Connection settings of a Neo4j server for the whole test session.

    Yields
    ------
    dict
        ``uri``, ``user``, ``password``, ``database``, ``source`` (``"env"`` or
        ``"local"``) and ``data_dir`` (the local server's data dir, or None for a server
        from ``NEO4J_URI``). ``./run test`` starts the local server itself and passes it as
        ``NEO4J_TEST_URI``, ``NEO4J_TEST_PASSWORD`` and ``NEO4J_TEST_DATA`` (its data dir),
        which win over ``NEO4J_URI``.
    """
    test_uri = os.environ.get("NEO4J_TEST_URI")
    if test_uri:
        # `./run test` started the local server on NEO4J_TEST_DATA; it is not exported as
        # NEO4J_URI, so that no other test silently switches to the Neo4j backend.
        test_data = os.environ.get("NEO4J_TEST_DATA")
        data_dir = Path(test_data).resolve() if test_data else None
        password = os.environ.get("NEO4J_TEST_PASSWORD")
        if password is None and data_dir is not None:
            password = (data_dir / "password").read_text().strip()
        yield {
            "uri": test_uri,
            "user": neo4j_server.DEFAULT_USER,
            "password": password,
            "database": neo4j_server.DEFAULT_DATABASE,
            "source": "local",
            "data_dir": data_dir,
        }
        return
    if os.environ.get("NEO4J_URI"):
        settings = neo4j_server.connection_settings()
        settings["data_dir"] = None
        yield settings
        return

    data_dir = tmp_path_factory.mktemp("neo4j")
    password = secrets.token_urlsafe(18)
    try:
        uri = neo4j_server.start(port=free_port(), data_dir=data_dir, password=password)
    except neo4j_server.Neo4jServerError as exc:
        unavailable(f"no local Neo4j server for the tests: {exc}")
    # Safety net: the server is detached, so stop it even if teardown is skipped.
    atexit.register(neo4j_server.stop, data_dir)
    try:
        yield {
            "uri": uri,
            "user": neo4j_server.DEFAULT_USER,
            "password": password,
            "database": neo4j_server.DEFAULT_DATABASE,
            "source": "local",
            "data_dir": data_dir,
        }
    finally:
        neo4j_server.stop(data_dir)


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_settings: dict[str, Any]) -> Iterator[Any]:
    """A ``neo4j.Driver`` connected to :func:`neo4j_settings`' server.

    Yields
    ------
    neo4j.Driver
        Closed at the end of the session.
    """
    from neo4j import GraphDatabase

    driver = GraphDatabase.driver(
        neo4j_settings["uri"],
        auth=(neo4j_settings["user"], neo4j_settings["password"]),
    )
    try:
        driver.verify_connectivity()
    except Exception as exc:  # any failure means "no server"
        driver.close()
        unavailable(f"cannot connect to Neo4j at {neo4j_settings['uri']}: {exc}")
    try:
        yield driver
    finally:
        driver.close()
