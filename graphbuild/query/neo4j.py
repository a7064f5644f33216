"""The Neo4j backend: each catalog question's ``query.cypher`` on the configured server.

The server is the one :func:`graphbuild.neo4j.server.connection_settings` names
(``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``, else the local server
of ``graphbuild neo4j start``), loaded with ``graphbuild load``. Every query runs in a READ
transaction with the question's parameters passed as Cypher parameters (``$county``…), never
pasted into the text. A ``networkx`` question's Cypher body returns the co-responsibility
edge list and the same Python function as on the embedded backend makes the answer; every
answer then goes through :func:`graphbuild.query.catalog.finish_rows`, so both backends give rows
of the same shape.
"""

from __future__ import annotations

from typing import Any

from graphbuild.query.catalog import CatalogError, Question, finish_rows
from graphbuild.query.values import Vocabulary

__all__ = ["Neo4jBackend"]


class Neo4jBackend:
    """Answers catalog questions on Neo4j.

    Parameters
    ----------
    settings : dict, optional
        ``uri``, ``user``, ``password``, ``database``; default
        :func:`graphbuild.neo4j.server.connection_settings`.
    connection : graphbuild.neo4j.client.Connection, optional
        An open connection to use instead (closed by :meth:`close`).

    Notes
    -----
    The connection opens on the first question (so an unreachable server fails there with a
    one-line error, exit code 3 in the CLI) and stays open until :meth:`close`.
    """

    name = "neo4j"

    def __init__(self, settings: dict[str, Any] | None = None, connection: Any = None) -> None:
        self.settings = settings
        self._conn: Any = connection
        self._vocabulary: Vocabulary | None = None

    @property
    def connection(self) -> Any:
        """The open :class:`graphbuild.neo4j.client.Connection` (opened on first use)."""
        if self._conn is None:
            from graphbuild.neo4j.client import connect

            self._conn = connect(self.settings)
        return self._conn

    def close(self) -> None:
        """Close the connection, if open."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Neo4jBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def query_text(self, question: Question, params: dict[str, Any]) -> str:
        """The Cypher text that runs for ``question`` (parameters travel separately)."""
        if not question.cypher:
            raise CatalogError(
                f"{question.id} has only a SPARQL body (query.rq), so it runs on the embedded "
                "store, not on Neo4j: ask again with --backend embedded"
            )
        return question.cypher

    def vocabulary(self) -> Vocabulary:
        """The counties (with their plan IDs) and battle keys of the loaded graph."""
        if self._vocabulary is None:
            plans = self.cypher("MATCH (p:Plan) RETURN p.id AS plan, p.county AS county")
            battles = self.cypher(
                "MATCH (:Task)-[:IN_BATTLE]->(b:Battle) RETURN DISTINCT b.id AS battle"
            )
            self._vocabulary = Vocabulary.of(
                ((r["plan"], r["county"]) for r in plans), (r["battle"] for r in battles)
            )
        return self._vocabulary

    def cypher(self, text: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a read-only Cypher query with parameters; rows as plain dicts."""
        return self.connection.read(text, params or {})

    def ask(self, question: Question, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Answer one question with already-coerced parameters."""
        rows = self.cypher(self.query_text(question, params), params)
        if question.engine == "networkx":
            if not question.function:
                raise CatalogError(f"{question.id}: a networkx question needs `function`")
            from graphbuild.query.embedded import load_function

            rows = load_function(question.function)(rows, params)
        return finish_rows(question, params, rows)
