"""Load the graph into Neo4j: the same facts as the RDF graph, labelled by :mod:`schema`.

How the rows are made
---------------------
The corpus is first projected to RDF with :func:`graphbuild.rdf.build_graph`, so that Neo4j
holds exactly the nodes and facts the embedded SPARQL store holds (minted stubs included).
The RDF graph is then read back through the one mapping in :mod:`graphbuild.schema`:

* a data IRI of kind ``k`` with stable ID ``s`` (:func:`schema.stable_id_of`) becomes a node
  labelled ``KINDS[k].neo4j_label`` (plus the project label :data:`PROJECT_LABEL`) with
  ``id = s``; kinds without a label (qualified relations, source spans) make no node;
* a literal whose predicate :data:`schema.PROPERTIES` lists becomes the property named by the
  model attribute (a list when the model attribute is a list and not joined); the annotation
  predicates the schema leaves to RDF tooling are kept as well (:data:`ANNOTATIONS`:
  ``rdfs:label`` and ``skos:prefLabel`` as ``name``, other languages as ``name_en``…,
  ``skos:altLabel`` as ``aliases``), never overriding a schema property;
* a node's source span (``prov:wasDerivedFrom``) becomes ``file``, ``start``, ``end`` (the
  first span in text order when there are several), and every span's stable ID
  (``FILE/START-END``, as in :func:`schema.span_iri`) is listed in ``spans``, so that "read
  from the same place" can be asked in Cypher as in SPARQL;
* a triple whose predicate is a :data:`schema.RELATIONS` entry with a ``neo4j_type`` becomes a
  relationship of that type, turned round when the relation is ``reverse``;
* a qualified relation (``sb:Responsibility``, ``sb:Oversight``, ``sb:Alignment``) becomes
  the qualifiers of its shortcut relationship (``LEADS``…, ``OVERSEES``, ``ALIGNED_WITH``):
  :data:`schema.EDGE_PROPERTIES`, read from the model record the qualified node was made
  from (the alignment's ``score`` from the graph).

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
import typing
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from graphbuild import model
from graphbuild.model import Corpus
from graphbuild.schema import (
    EDGE_PROPERTIES,
    ID,
    KINDS,
    PROPERTIES,
    RELATIONS,
    ROLE_IRIS,
    ROLE_RELATIONS,
    SB,
    stable_id_of,
)

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
    "naive_load",
    "schema_statements",
]

#: The label every node of this project carries (what ``--replace`` deletes).
PROJECT_LABEL = "SixBattles"

DEFAULT_BATCH_SIZE = 1000

#: Annotation predicates the schema leaves out of PROPERTIES, and their Neo4j property.
#: ``None`` means "name, suffixed by the language unless it is Chinese or absent".
ANNOTATIONS: dict[URIRef, str | None] = {
    RDFS.label: "name",
    SKOS.prefLabel: None,
    SKOS.altLabel: "aliases",
}
_LIST_ANNOTATIONS = {"aliases"}

#: Range indexes the catalog questions filter or join on: (label, property).
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

_SPAN_FIELDS = ("file", "start", "end")
#: Every source span of a node, as the span's stable ID ``FILE/START-END``.
SPANS_PROPERTY = "spans"


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True)
class RelGroup:
    """Relationships of one type between two labels (one Cypher statement per group)."""

    type: str
    start: str
    end: str


@dataclass
class GraphRows:
    """What to load: node rows per label and relationship rows per (type, start, end)."""

    nodes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    relationships: dict[RelGroup, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def node_count(self) -> int:
        return sum(len(r) for r in self.nodes.values())

    @property
    def relationship_count(self) -> int:
        return sum(len(r) for r in self.relationships.values())

    def label_counts(self) -> dict[str, int]:
        """Nodes per label, as :func:`graph_counts` reports them after a load."""
        return {label: len(rows) for label, rows in sorted(self.nodes.items()) if rows}

    def type_counts(self) -> dict[str, int]:
        """Relationships per type, as :func:`graph_counts` reports them after a load."""
        counts: Counter[str] = Counter()
        for group, rows in self.relationships.items():
            counts[group.type] += len(rows)
        return dict(sorted(counts.items()))


def _model_class(kind: str) -> type | None:
    return getattr(model, "".join(p.capitalize() for p in kind.split("_")), None)


def _list_attrs() -> dict[str, set[str]]:
    """Per kind, the schema properties that are lists in the model and not joined."""
    out: dict[str, set[str]] = {}
    for kind, fields in PROPERTIES.items():
        cls = _model_class(kind)
        hints = typing.get_type_hints(cls) if cls is not None else {}
        out[kind] = {
            f.attr
            for f in fields
            if f.join is None and typing.get_origin(hints.get(f.attr)) is list
        }
    return out


def _property_names() -> tuple[dict[tuple[str, URIRef], str], dict[URIRef, str]]:
    """Predicate → property name, per kind and (fallback) across every kind."""
    per_kind: dict[tuple[str, URIRef], str] = {}
    anywhere: dict[URIRef, str] = {}
    for kind, fields in PROPERTIES.items():
        for f in fields:
            per_kind[(kind, f.predicate)] = f.attr
            anywhere.setdefault(f.predicate, f.attr)
    return per_kind, anywhere


def _value(literal: Literal) -> Any:
    value = literal.toPython()
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):  # xsd:decimal: Bolt has no decimal; SPARQL answers float
        return float(value)
    if isinstance(value, Literal):  # a datatype rdflib cannot map
        return str(value)
    return value


def _relations_by_predicate() -> dict[URIRef, Any]:
    out: dict[URIRef, Any] = {}
    for rel in RELATIONS.values():
        if rel.neo4j_type is None:
            continue
        if rel.predicate in out:
            raise ValueError(f"two Neo4j relationship types for {rel.predicate}")
        out[rel.predicate] = rel
    return out


def build_rows(build_dir: Path, corpus: Corpus | None = None) -> GraphRows:
    """The rows of a build folder: its ``graph.nt`` (the very triples the embedded store
    loads) read through the schema, with the qualifiers from its ``model.json``.

    A build without ``graph.nt`` is projected from its model.

    Raises
    ------
    graphbuild.store.ModelNotBuilt
        If the folder has no model.
    """
    from rdflib import Graph

    from graphbuild.graphfile import GRAPH_FILE
    from graphbuild.store import load_corpus

    corpus = corpus if corpus is not None else load_corpus(Path(build_dir))
    path = Path(build_dir) / GRAPH_FILE
    graph = Graph().parse(path, format="nt") if path.exists() else None
    return graph_rows(corpus, graph=graph)


def graph_rows(
    corpus: Corpus, battles: list[Any] | None = None, graph: Graph | None = None
) -> GraphRows:
    """The node and relationship rows of a corpus (see the module docstring).

    Parameters
    ----------
    corpus : Corpus
        The model.
    battles : list of graphbuild.resolve.Battle, optional
        Battle labels; read from ``data/battles.csv`` when not given.
    graph : rdflib.Graph, optional
        The corpus' RDF projection when it is at hand (``build/graph.nt``); made with
        :func:`graphbuild.rdf.build_graph` otherwise.

    Returns
    -------
    GraphRows
        Node rows ``{"id": …, property: value…}`` per label, in a stable order, and
        relationship rows ``{"start": id, "end": id, "props": {…}}`` per
        (type, start label, end label).
    """
    if graph is None:
        from graphbuild.rdf import build_graph

        graph = build_graph(corpus, battles)
    per_kind, anywhere = _property_names()
    list_attrs = _list_attrs()
    by_predicate = _relations_by_predicate()
    role_of = {v: k for k, v in ROLE_IRIS.items()}
    id_prefix = str(ID)

    kinds: dict[URIRef, tuple[str, str]] = {}

    def kind_of(node: Any) -> tuple[str, str] | None:
        if not isinstance(node, URIRef):
            return None
        found = kinds.get(node)
        if found is None:
            if not str(node).startswith(id_prefix):
                return None
            kind, stable = stable_id_of(node)
            if kind not in KINDS:
                return None
            found = kinds[node] = (kind, stable)
        return found

    typed: set[URIRef] = set()
    literals: dict[URIRef, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    annotations: dict[URIRef, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    spans: dict[URIRef, list[URIRef]] = defaultdict(list)
    links: list[tuple[Any, URIRef, URIRef]] = []
    qualified: dict[URIRef, dict[URIRef, URIRef]] = defaultdict(dict)

    for s, p, o in graph:
        ks = kind_of(s)
        if ks is None:
            continue
        kind = ks[0]
        if p == RDF.type:
            typed.add(s)
        elif isinstance(o, Literal):
            attr = per_kind.get((kind, p)) or anywhere.get(p)
            if attr is not None:
                literals[s][attr].append(_value(o))
            elif p in ANNOTATIONS:
                name = ANNOTATIONS[p]
                if name is None:
                    lang = (o.language or "").split("-")[0]
                    name = "name" if lang in ("", "zh") else f"name_{lang}"
                annotations[s][name].append(_value(o))
        elif p == PROV.wasDerivedFrom:
            spans[s].append(o)
        elif KINDS[kind].neo4j_label is None:
            qualified[s][p] = o
        elif p in by_predicate:
            links.append((by_predicate[p], s, o))

    def span_of(node: URIRef) -> dict[str, Any]:
        found = []
        for span in spans.get(node, ()):
            values = literals.get(span, {})
            if all(f in values for f in _SPAN_FIELDS):
                found.append(tuple(values[f][0] for f in _SPAN_FIELDS))
        if not found:
            return {}
        out: dict[str, Any] = dict(zip(_SPAN_FIELDS, min(found), strict=True))
        out[SPANS_PROPERTY] = sorted(stable_id_of(span)[1] for span in spans[node])
        return out

    rows = GraphRows()
    labelled: dict[URIRef, tuple[str, str]] = {}
    for node in sorted(typed, key=str):
        kind, stable = kinds[node]
        label = KINDS[kind].neo4j_label
        if label is None:
            continue
        labelled[node] = (label, stable)
        row: dict[str, Any] = {"id": stable}
        for attr, values in literals.get(node, {}).items():
            row[attr] = _collapse(values, attr in list_attrs.get(kind, set()))
        for attr, values in annotations.get(node, {}).items():
            row.setdefault(attr, _collapse(values, attr in _LIST_ANNOTATIONS))
        for attr, value in span_of(node).items():
            row.setdefault(attr, value)
        rows.nodes.setdefault(label, []).append(row)

    edges: dict[RelGroup, dict[tuple[str, str], dict[str, Any]]] = defaultdict(dict)

    def add_edge(rel_type: str, start: URIRef, end: URIRef, props: dict[str, Any]) -> None:
        if start not in labelled or end not in labelled:
            return  # a reference to a record the corpus does not have: no node to attach to
        (start_label, start_id), (end_label, end_id) = labelled[start], labelled[end]
        group = RelGroup(rel_type, start_label, end_label)
        edges[group].setdefault((start_id, end_id), {}).update(props)

    for rel, s, o in links:
        start, end = (o, s) if rel.reverse else (s, o)
        add_edge(rel.neo4j_type, start, end, {})

    units, refs = _qualifier_records(corpus)
    for node, preds in sorted(qualified.items(), key=lambda kv: str(kv[0])):
        kind, stable = kinds[node]
        if kind == "responsibility":
            role = role_of.get(preds.get(SB.role))
            unit = units.get(stable)
            if role is None or SB.agency not in preds or SB.task not in preds:
                continue
            props = _edge_props("responsibility", unit) if unit is not None else {}
            add_edge(ROLE_RELATIONS[role].neo4j_type, preds[SB.agency], preds[SB.task], props)
        elif kind == "alignment":
            if SB.task not in preds or SB.alignedWith not in preds:
                continue
            values = literals.get(node, {})
            props = {
                name: _collapse(values[name], False)
                for name in EDGE_PROPERTIES["alignment"]
                if name in values
            }
            add_edge(
                RELATIONS["aligned_with"].neo4j_type, preds[SB.task], preds[SB.alignedWith], props
            )
        elif kind == "oversight":
            ref = refs.get(stable)
            if SB.person not in preds or SB.task not in preds:
                continue
            props = _edge_props("oversight", ref) if ref is not None else {}
            add_edge(RELATIONS["oversees"].neo4j_type, preds[SB.person], preds[SB.task], props)

    for group in sorted(edges, key=lambda g: (g.type, g.start, g.end)):
        rows.relationships[group] = [
            {"start": a, "end": b, "props": props} for (a, b), props in sorted(edges[group].items())
        ]
    return rows


def _collapse(values: list[Any], as_list: bool) -> Any:
    """One value, or a sorted list (RDF keeps no order, and a load must be reproducible)."""
    unique = sorted(set(values), key=lambda v: (str(type(v)), v))
    if as_list:
        return unique
    return unique[0] if len(unique) == 1 else unique


def _qualifier_records(corpus: Corpus) -> tuple[dict[str, Any], dict[str, Any]]:
    """The model records behind qualified nodes, by the stable ID rdf.py gives them."""
    units: dict[str, Any] = {}
    refs: dict[str, Any] = {}
    for task in corpus.tasks:
        for unit in task.units:
            units.setdefault(f"{task.id}/{unit.canonical or unit.name}", unit)
        for ref in task.persons:
            if ref.name:
                refs.setdefault(f"{task.id}/{ref.name}", ref)
    return units, refs


def _edge_props(kind: str, record: Any) -> dict[str, Any]:
    """The :data:`EDGE_PROPERTIES` of a qualified relation, from its model record."""
    props: dict[str, Any] = {}
    source = getattr(record, "source", None)
    for name in EDGE_PROPERTIES[kind]:
        if name in _SPAN_FIELDS:
            value = getattr(source, name, None) if source is not None else None
        elif name == "clause":
            mentions = getattr(record, "mentions", [])
            value = list(dict.fromkeys(m.clause for m in mentions if m.clause))
        else:
            value = getattr(record, name, None)
        if value not in (None, "", []):
            props[name] = value
    return props


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


def _batched(rows: GraphRows, size: int) -> Iterator[_Statement]:
    if size < 1:
        raise ValueError("the batch size must be at least 1")
    for label in sorted(rows.nodes):
        items = rows.nodes[label]
        for i in range(0, len(items), size):
            yield "nodes", node_query(label), {"rows": items[i : i + size]}
    for group in rows.relationships:
        items = rows.relationships[group]
        for i in range(0, len(items), size):
            yield "relationships", relationship_query(group), {"rows": items[i : i + size]}


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
    conn : graphbuild.neo4j_client.Connection
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
