"""Load the graph into Neo4j: the same facts as the RDF graph, labelled by :mod:`schema`.

How the rows go in
------------------
Uniqueness constraints on ``id`` for every label, and the indexes the catalog questions use
(:data:`INDEXES`), are created first (``IF NOT EXISTS``). Rows are sent with
``UNWIND $rows AS row MERGE … {id: row.id}`` in batches, one managed write transaction per
batch; nodes first, then relationships. ``SET n = row`` makes the properties exactly the
row's, so loading twice changes nothing, and a load stopped half-way is completed by the next
one. Every node carries :data:`PROJECT_LABEL`, so :func:`delete_project_graph` (``--replace``)
removes this project's graph and nothing else.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphbuild.graph.rows import (
    ANNOTATIONS,
    SPANS_PROPERTY,
    GraphRows,
    RelGroup,
    graph_rows,
)
from graphbuild.graph.schema import (
    KINDS,
)
from graphbuild.model import Corpus
from graphbuild.settings import DEFAULT_BATCH_SIZE

__all__ = [
    "ANNOTATIONS",
    "DEFAULT_BATCH_SIZE",
    "INDEXES",
    "PROJECT_LABEL",
    "SPANS_PROPERTY",
    "GraphRows",
    "LoadResult",
    "RelGroup",
    "build_rows",
    "delete_project_graph",
    "ensure_schema",
    "graph_counts",
    "graph_rows",
    "load",
    "load_parts",
    "naive_load",
    "schema_statements",
]

#: The label every node of this project carries (what ``--replace`` deletes).
PROJECT_LABEL = "SixBattles"


#: Annotation predicates the schema leaves out of PROPERTIES, and their Neo4j property.
#: ``None`` means "name, suffixed by the language unless it is Chinese or absent".
INDEXES: tuple[tuple[str, str], ...] = (
    ("Agency", "county"),
    ("Agency", "canonical"),
    ("Task", "county"),
    ("Task", "kind"),
    ("Person", "county"),
    ("Person", "name"),
    ("WorkingGroup", "county"),
    ("Post", "county"),
)
#: Text indexes (for ``CONTAINS`` searches): (label, property).
TEXT_INDEXES: tuple[tuple[str, str], ...] = (("Task", "text"), ("Task", "title"))

# --------------------------------------------------------------------------- rows


def build_rows(build_dir: Path, corpus: Corpus | None = None) -> GraphRows:
    """The rows of a build folder, projected from its ``model.json`` through the schema.

    They are made from the same triples as the build's ``graph.nt`` (the embedded store's
    data), without reading that file back.

    Raises
    ------
    graphbuild.store.ModelNotBuilt
        If the folder has no model.
    """
    from graphbuild.store import load_corpus

    corpus = corpus if corpus is not None else load_corpus(Path(build_dir))
    return graph_rows(corpus)


# --------------------------------------------------------------------------- schema


def _quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def labels() -> list[str]:
    """Every Neo4j label of the schema."""
    return sorted({k.neo4j_label for k in KINDS.values() if k.neo4j_label})


def schema_statements() -> list[str]:
    """Constraints (unique ``id`` per label) and indexes, all ``IF NOT EXISTS``."""
    out = []
    for label in labels():
        name = f"sixbattles_{label.lower()}_id"
        out.append(
            f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{_quote(label)}) REQUIRE n.id IS UNIQUE"
        )
    for label, prop in INDEXES:
        out.append(
            f"CREATE INDEX sixbattles_{label.lower()}_{prop} IF NOT EXISTS "
            f"FOR (n:{_quote(label)}) ON (n.{_quote(prop)})"
        )
    for label, prop in TEXT_INDEXES:
        out.append(
            f"CREATE TEXT INDEX sixbattles_{label.lower()}_{prop}_text IF NOT EXISTS "
            f"FOR (n:{_quote(label)}) ON (n.{_quote(prop)})"
        )
    return out


def ensure_schema(conn: Any, timeout: int = 300) -> None:
    """Create the constraints and indexes, then wait until they are online."""
    with conn.session() as session:
        for statement in schema_statements():
            session.run(statement).consume()
        session.run(f"CALL db.awaitIndexes({int(timeout)})").consume()


# --------------------------------------------------------------------------- load


@dataclass
class LoadResult:
    """What a load did: rows sent, transactions, seconds per phase, counts afterwards."""

    nodes: int
    relationships: int
    batches: int
    node_seconds: float
    relationship_seconds: float
    deleted: int = 0
    labels: dict[str, int] = field(default_factory=dict)
    types: dict[str, int] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        """Time spent sending rows (schema and deletion excluded)."""
        return self.node_seconds + self.relationship_seconds

    @property
    def nodes_per_second(self) -> float:
        return self.nodes / self.node_seconds if self.node_seconds else 0.0

    @property
    def relationships_per_second(self) -> float:
        if not self.relationship_seconds:
            return 0.0
        return self.relationships / self.relationship_seconds


def node_query(label: str) -> str:
    """The batched MERGE of one label's nodes."""
    return (
        "UNWIND $rows AS row\n"
        f"MERGE (n:{_quote(label)} {{id: row.id}})\n"
        f"SET n = row, n:{_quote(PROJECT_LABEL)}"
    )


def relationship_query(group: RelGroup) -> str:
    """The batched MERGE of one group's relationships (both ends matched by ``id``)."""
    return (
        "UNWIND $rows AS row\n"
        f"MATCH (a:{_quote(group.start)} {{id: row.start}})\n"
        f"MATCH (b:{_quote(group.end)} {{id: row.end}})\n"
        f"MERGE (a)-[r:{_quote(group.type)}]->(b)\n"
        "SET r = row.props"
    )


def batches(rows: GraphRows, size: int) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """(query, rows) for every batch: nodes by label first, then relationships."""
    for _, query, params in _batched(rows, size):
        yield query, params["rows"]


_Statement = tuple[str, str, dict[str, Any]]  # (phase, query, parameters)


#: Most characters of property text in one batch: a batch of long task texts is cut before
#: it reaches this, so that a transaction's parameters stay a few MB whatever the rows hold.
MAX_BATCH_CHARS = 4_000_000


def _size(row: dict[str, Any]) -> int:
    """Characters of a row's values (a cheap stand-in for its size on the wire)."""
    total = 0
    for value in row.values():
        if isinstance(value, dict):
            total += _size(value)
        elif isinstance(value, list):
            total += sum(len(str(v)) + 2 for v in value)
        else:
            total += len(str(value)) + 2
    return total


def _chunks(items: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    """At most ``size`` rows and about :data:`MAX_BATCH_CHARS` characters per chunk."""
    chunk: list[dict[str, Any]] = []
    chars = 0
    for row in items:
        weight = _size(row)
        if chunk and (len(chunk) >= size or chars + weight > MAX_BATCH_CHARS):
            yield chunk
            chunk, chars = [], 0
        chunk.append(row)
        chars += weight
    if chunk:
        yield chunk


def _batched(rows: GraphRows, size: int) -> Iterator[_Statement]:
    if size < 1:
        raise ValueError("the batch size must be at least 1")
    for label in sorted(rows.nodes):
        for chunk in _chunks(rows.nodes[label], size):
            yield "nodes", node_query(label), {"rows": chunk}
    for group in rows.relationships:
        for chunk in _chunks(rows.relationships[group], size):
            yield "relationships", relationship_query(group), {"rows": chunk}


def _one_by_one(rows: GraphRows) -> Iterator[_Statement]:
    for label in sorted(rows.nodes):
        query = f"MERGE (n:{_quote(label)} {{id: $row.id}}) SET n = $row, n:{_quote(PROJECT_LABEL)}"
        for row in rows.nodes[label]:
            yield "nodes", query, {"row": row}
    for group, items in rows.relationships.items():
        query = (
            f"MATCH (a:{_quote(group.start)} {{id: $row.start}}) "
            f"MATCH (b:{_quote(group.end)} {{id: $row.end}}) "
            f"MERGE (a)-[r:{_quote(group.type)}]->(b) SET r = $row.props"
        )
        for row in items:
            yield "relationships", query, {"row": row}


def _run(tx: Any, query: str, params: dict[str, Any]) -> None:
    tx.run(query, params).consume()


def _execute(
    conn: Any,
    statements: Iterable[_Statement],
    total: int,
    progress: bool,
    on_batch: Callable[[int], None] | None = None,
) -> tuple[int, dict[str, float]]:
    """Run each statement in its own managed write transaction; (count, seconds by phase)."""
    bar = _progress_bar(total, progress)
    seconds = {"nodes": 0.0, "relationships": 0.0}
    done = 0
    try:
        with conn.session() as session:
            for phase, query, params in statements:
                started = time.perf_counter()
                session.execute_write(_run, query, params)
                seconds[phase] += time.perf_counter() - started
                done += 1
                bar.update(len(params["rows"]) if "rows" in params else 1)
                if on_batch is not None:
                    on_batch(done)
    finally:
        bar.close()
    return done, seconds


def load(
    conn: Any,
    rows: GraphRows,
    batch_size: int = DEFAULT_BATCH_SIZE,
    replace: bool = False,
    progress: bool = True,
    on_batch: Callable[[int], None] | None = None,
) -> LoadResult:
    """Load rows: schema first, then batched ``UNWIND … MERGE``, one transaction per batch.

    Parameters
    ----------
    conn : graphbuild.neo4j.client.Connection
        Where to load.
    rows : GraphRows
        From :func:`graph_rows`.
    batch_size : int, default 1000
        Rows per transaction.
    replace : bool, default False
        Delete this project's previous graph first (nodes labelled :data:`PROJECT_LABEL`
        and their relationships; nothing else).
    progress : bool, default True
        Show a progress bar on stderr.
    on_batch : callable, optional
        Called with the number of batches committed so far after each commit.

    Returns
    -------
    LoadResult
        Rows sent, batches, seconds per phase (schema and deletion excluded), and the
        counts by label and type found in the database afterwards.
    """
    deleted = delete_project_graph(conn, batch_size=max(batch_size, 1000)) if replace else 0
    ensure_schema(conn)
    total = rows.node_count + rows.relationship_count
    done, seconds = _execute(conn, _batched(rows, batch_size), total, progress, on_batch)
    return _result(conn, rows, done, seconds, deleted)


def load_parts(
    conn: Any,
    parts: Iterable[tuple[str, GraphRows]],
    batch_size: int = DEFAULT_BATCH_SIZE,
    replace: bool = False,
    progress: bool = True,
    on_batch: Callable[[int], None] | None = None,
) -> LoadResult:
    """Load rows part by part (:func:`graphbuild.graph.rows.county_rows`): one county's rows
    are made, sent and dropped before the next, so the client never holds a province.

    Nodes of a part go in before its relationships; a relationship between two parts comes
    in the last part, after both ends. Same parameters and result as :func:`load`, except
    that ``nodes`` and ``relationships`` count the rows sent (a battle is sent with every
    county that names it; ``MERGE`` keeps one).
    """
    deleted = delete_project_graph(conn, batch_size=max(batch_size, 1000)) if replace else 0
    ensure_schema(conn)
    sent = GraphRows()
    done, seconds = 0, {"nodes": 0.0, "relationships": 0.0}
    nodes = relationships = 0
    for _, rows in parts:
        total = rows.node_count + rows.relationship_count
        report = None if on_batch is None else (lambda n, base=done: on_batch(base + n))
        count, took = _execute(conn, _batched(rows, batch_size), total, progress, report)
        done += count
        nodes += rows.node_count
        relationships += rows.relationship_count
        for phase, value in took.items():
            seconds[phase] += value
    result = _result(conn, sent, done, seconds, deleted)
    result.nodes, result.relationships = nodes, relationships
    return result


def naive_load(conn: Any, rows: GraphRows, progress: bool = False) -> LoadResult:
    """The benchmark's baseline: one ``MERGE`` per row, one transaction per row."""
    ensure_schema(conn)
    total = rows.node_count + rows.relationship_count
    done, seconds = _execute(conn, _one_by_one(rows), total, progress)
    return _result(conn, rows, done, seconds, 0)


def _result(
    conn: Any, rows: GraphRows, done: int, seconds: dict[str, float], deleted: int
) -> LoadResult:
    counts = graph_counts(conn)
    return LoadResult(
        nodes=rows.node_count,
        relationships=rows.relationship_count,
        batches=done,
        node_seconds=seconds["nodes"],
        relationship_seconds=seconds["relationships"],
        deleted=deleted,
        labels=counts["labels"],
        types=counts["types"],
    )


def delete_project_graph(conn: Any, batch_size: int = 10_000) -> int:
    """Delete this project's nodes (and their relationships) in batches; return how many."""
    query = (
        f"MATCH (n:{_quote(PROJECT_LABEL)}) WITH n LIMIT $limit "
        "DETACH DELETE n RETURN count(*) AS deleted"
    )

    def work(tx: Any) -> int:
        return int(tx.run(query, limit=batch_size).single()["deleted"])

    total = 0
    while True:
        deleted = conn.write(work)
        total += deleted
        if deleted < batch_size:
            return total


def graph_counts(conn: Any) -> dict[str, dict[str, int]]:
    """This project's nodes per label and relationships per type, as in the database."""
    label_rows = conn.read(
        f"MATCH (n:{_quote(PROJECT_LABEL)}) "
        f"UNWIND [l IN labels(n) WHERE l <> '{PROJECT_LABEL}'] AS label "
        "RETURN label, count(*) AS n ORDER BY label"
    )
    type_rows = conn.read(
        f"MATCH (:{_quote(PROJECT_LABEL)})-[r]->(:{_quote(PROJECT_LABEL)}) "
        "RETURN type(r) AS type, count(*) AS n ORDER BY type"
    )
    return {
        "labels": {r["label"]: r["n"] for r in label_rows},
        "types": {r["type"]: r["n"] for r in type_rows},
    }


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def _progress_bar(total: int, enabled: bool) -> Any:
    if not enabled:
        return _NoBar()
    import sys

    from tqdm import tqdm

    return tqdm(total=total, desc="loading Neo4j", unit="row", file=sys.stderr, leave=False)
