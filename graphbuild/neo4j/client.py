"""One connection to the Neo4j server the settings name, with one-line failures.

:func:`connect` reads :func:`graphbuild.neo4j.server.connection_settings` (``NEO4J_URI``,
``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``, else the local server started with
``graphbuild neo4j start``), opens a driver and checks that the database answers, so that an
unreachable server, wrong credentials or a missing database fail at once with a driver
exception that :func:`graphbuild.errors.friendly` turns into one line and exit code 3.

Examples
--------
>>> from graphbuild.neo4j.client import connect
>>> with connect() as conn:  # doctest: +SKIP
...     conn.read("RETURN $x AS x", {"x": 1})
[{'x': 1}]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graphbuild.neo4j import server as neo4j_server
from graphbuild.neo4j.server import Neo4jServerError

__all__ = ["SCHEMES", "Connection", "connect", "plain"]

#: URI schemes the Bolt driver accepts.
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


@dataclass
class Connection:
    """A driver and the database to use; close it (or use ``with``) when done."""

    driver: Any
    database: str
    uri: str

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the driver."""
        self.driver.close()

    def session(self, read: bool = False) -> Any:
        """A session on the database, in READ access mode when ``read``."""
        from neo4j import READ_ACCESS, WRITE_ACCESS

        return self.driver.session(
            database=self.database, default_access_mode=READ_ACCESS if read else WRITE_ACCESS
        )

    def read(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run ``query`` with ``params`` in a READ transaction; rows as plain dicts.

        The server refuses any write (``CREATE``, ``MERGE``, ``SET``, ``DELETE``, a write
        procedure, a schema command) with ``Neo.ClientError.Statement.AccessMode``.
        """
        params = dict(params or {})

        def work(tx: Any) -> list[dict[str, Any]]:
            result = tx.run(query, params)
            keys = list(result.keys())
            return [{k: plain(record[k]) for k in keys} for record in result]

        with self.session(read=True) as session:
            return session.execute_read(work)

    def columns(self, query: str, params: dict[str, Any] | None = None) -> list[str]:
        """The column names ``query`` returns (run in a READ transaction, no rows kept)."""

        def work(tx: Any) -> list[str]:
            result = tx.run(query, dict(params or {}))
            keys = list(result.keys())
            result.consume()
            return keys

        with self.session(read=True) as session:
            return session.execute_read(work)

    def write(self, work: Callable[[Any], Any]) -> Any:
        """Run ``work(tx)`` in one managed write transaction (retried on transient errors)."""
        with self.session() as session:
            return session.execute_write(work)


def _check_uri(uri: str) -> None:
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme not in SCHEMES:
        raise Neo4jServerError(
            f"NEO4J_URI={uri!r} is not a Bolt URI; set it to bolt://HOST:7687 or "
            "neo4j://HOST:7687 (neo4j+s:// for Aura)"
        )


def connect(settings: dict[str, Any] | None = None, verify: bool = True) -> Connection:
    """Open a connection to the configured Neo4j server.

    Parameters
    ----------
    settings : dict, optional
        ``uri``, ``user``, ``password``, ``database``; default
        :func:`graphbuild.neo4j.server.connection_settings`.
    verify : bool, default True
        Run ``RETURN 1`` in the database so that a wrong address, wrong credentials or a
        database that does not exist fail here.

    Raises
    ------
    Neo4jServerError
        No server is configured nor running locally, or the URI is not a Bolt URI.
    neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError
        From the check; :func:`graphbuild.errors.friendly` words them in one line.
    """
    from neo4j import GraphDatabase

    settings = settings or neo4j_server.connection_settings()
    uri = settings.get("uri")
    if not uri:
        raise Neo4jServerError(
            "no Neo4j to connect to; start the local one with `graphbuild neo4j start` or "
            "set NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD (and NEO4J_DATABASE)"
        )
    _check_uri(uri)
    database = settings.get("database") or neo4j_server.DEFAULT_DATABASE
    driver = GraphDatabase.driver(
        uri,
        auth=(settings.get("user") or neo4j_server.DEFAULT_USER, settings.get("password") or ""),
        connection_timeout=10.0,
        notifications_min_severity="OFF",  # no "label does not exist" chatter on stderr
    )
    conn = Connection(driver=driver, database=database, uri=uri)
    if verify:
        try:  # an auto-commit query: no retries, so an unreachable server fails at once
            with conn.session(read=True) as session:
                session.run("RETURN 1 AS ok").consume()
        except BaseException:
            conn.close()
            raise
    return conn


def plain(value: Any) -> Any:
    """A Neo4j value as plain JSON-ready Python (nodes and relationships as dicts)."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return {"_labels": sorted(value.labels), **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        return {"_type": value.type, **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, Path):
        return [plain(n) for n in value.nodes]
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):  # neo4j.time Date, DateTime, Duration…
        return value.iso_format()
    return value
