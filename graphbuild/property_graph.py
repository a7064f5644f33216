"""The property-graph view of the RDF projection: labelled nodes and typed relationships.

Read off the RDF graph through :mod:`graphbuild.schema`, so it says exactly what the RDF
says in Neo4j's terms: a data IRI of kind ``k`` is a node labelled
``KINDS[k].neo4j_label`` whose ``id`` is the stable ID; literal properties take the model's
attribute names (:data:`~graphbuild.schema.PROPERTIES`); a source span becomes the
``file``/``start``/``end`` properties; a qualified relation (``sb:Responsibility``,
``sb:Oversight``) becomes the edge of its shortcut relation with the qualifiers as edge
properties (:data:`~graphbuild.schema.EDGE_PROPERTIES`). Used by ``graphbuild export``
for the neo4j-admin CSV files and GraphML.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, fields
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from graphbuild import model
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

__all__ = ["PGNode", "PGRel", "PropertyGraph", "property_graph"]

#: The model class of each kind, to know which attributes are lists.
_RECORDS = {
    "plan": model.Plan,
    "attachment": model.Attachment,
    "section": model.Section,
    "task": model.Task,
    "target": model.Target,
    "person": model.Person,
    "working_group": model.WorkingGroup,
    "agency": model.Agency,
    "responsibility": model.UnitRef,
}
_QUALIFIED = {"responsibility", "oversight"}
_SHORTCUTS = {RELATIONS["oversees"].predicate, *(r.predicate for r in ROLE_RELATIONS.values())}
_ROLE_BY_IRI = {v: k for k, v in ROLE_IRIS.items()}
_REL_BY_PREDICATE = {r.predicate: r for r in RELATIONS.values()}


@dataclass
class PGNode:
    """A node: its label (Neo4j label), stable ID and properties."""

    label: str
    id: str
    props: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """Unique across labels (stable IDs are unique within a kind only)."""
        return f"{self.label}:{self.id}"


@dataclass
class PGRel:
    """A relationship from one node to another, with its type and properties."""

    type: str
    start: PGNode
    end: PGNode
    props: dict[str, Any] = field(default_factory=dict)


@dataclass
class PropertyGraph:
    """Nodes sorted by (label, id); relationships by (type, start, end)."""

    nodes: list[PGNode]
    rels: list[PGRel]


def _list_attrs(kind: str) -> set[str]:
    record = _RECORDS.get(kind)
    if record is None:
        return set()
    return {f.name for f in fields(record) if str(f.type).startswith("list")}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _prop_name(kind: str, predicate: URIRef, literal: Literal) -> tuple[str, bool]:
    """(property name, is a list) for a literal triple of a node of ``kind``."""
    for spec in PROPERTIES.get(kind, ()):
        if spec.predicate == predicate:
            return spec.attr, spec.join is None and spec.attr in _list_attrs(kind)
    if predicate == RDFS.label:
        return "caption", False
    local = re.split(r"[#/]", str(predicate))[-1]
    name = _snake(local)
    if literal.language:
        name = f"{name}_{literal.language}"
    return name, False


def _value(literal: Literal) -> Any:
    value = literal.toPython()
    return value if isinstance(value, bool | int | float | str) else str(literal)


def _span_props(spans: list[tuple[str, int, int]]) -> dict[str, Any]:
    if not spans:
        return {}
    file, start, end = min(spans)
    return {"file": file, "start": start, "end": end}


def property_graph(graph: Graph) -> PropertyGraph:
    """The property graph of an RDF projection (see the module docstring)."""
    literals: dict[URIRef, list[tuple[URIRef, Literal]]] = defaultdict(list)
    objects: dict[URIRef, list[tuple[URIRef, URIRef]]] = defaultdict(list)
    for s, p, o in graph:
        if not isinstance(s, URIRef) or not str(s).startswith(str(ID)):
            continue
        if isinstance(o, Literal):
            literals[s].append((p, o))
        elif isinstance(o, URIRef) and p != RDF.type:
            objects[s].append((p, o))

    kinds = {s: stable_id_of(s) for s in set(literals) | set(objects)}
    spans = {
        s: (
            next(str(o) for p, o in literals[s] if p == SB.file),
            next(int(o) for p, o in literals[s] if p == SB.startOffset),
            next(int(o) for p, o in literals[s] if p == SB.endOffset),
        )
        for s, (kind, _) in kinds.items()
        if kind == "span"
    }

    def spans_of(s: URIRef) -> list[tuple[str, int, int]]:
        return [spans[o] for p, o in objects[s] if p == PROV.wasDerivedFrom and o in spans]

    nodes: dict[URIRef, PGNode] = {}
    for s, (kind, sid) in kinds.items():
        spec = KINDS.get(kind)
        if spec is None or spec.neo4j_label is None:
            continue
        props: dict[str, Any] = {"id": sid}
        lists: dict[str, list[Any]] = defaultdict(list)
        for p, o in literals[s]:
            name, is_list = _prop_name(kind, p, o)
            lists[name].append(_value(o))
            if is_list:
                props[name] = None
        for name, values in lists.items():
            values = sorted(set(values), key=str)
            props[name] = values if (name in props or len(values) > 1) else values[0]
        props.update(_span_props(spans_of(s)))
        nodes[s] = PGNode(spec.neo4j_label, sid, props)

    rels: list[PGRel] = []
    for s, pairs in objects.items():
        kind = kinds[s][0]
        if kind in _QUALIFIED:
            rel = _qualified(kind, s, pairs, literals[s], nodes, spans_of(s))
            if rel is not None:
                rels.append(rel)
            continue
        if s not in nodes:
            continue
        for p, o in pairs:
            relation = _REL_BY_PREDICATE.get(p)
            if relation is None or relation.neo4j_type is None or p in _SHORTCUTS:
                continue
            if o not in nodes:
                continue
            start, end = (nodes[o], nodes[s]) if relation.reverse else (nodes[s], nodes[o])
            rels.append(PGRel(relation.neo4j_type, start, end))
    return PropertyGraph(
        nodes=sorted(nodes.values(), key=lambda n: (n.label, n.id)),
        rels=sorted(rels, key=lambda r: (r.type, r.start.key, r.end.key)),
    )


def _qualified(
    kind: str,
    subject: URIRef,
    pairs: list[tuple[URIRef, URIRef]],
    literals: list[tuple[URIRef, Literal]],
    nodes: dict[URIRef, PGNode],
    spans: list[tuple[str, int, int]],
) -> PGRel | None:
    """The edge a responsibility or oversight node stands for, with its qualifiers."""
    linked = {p: o for p, o in pairs}
    task = nodes.get(linked.get(SB.task))
    if kind == "responsibility":
        start = nodes.get(linked.get(SB.agency))
        role = _ROLE_BY_IRI.get(linked.get(SB.role))
        if start is None or task is None or role is None:
            return None
        rel_type = ROLE_RELATIONS[role].neo4j_type
        wanted = EDGE_PROPERTIES["responsibility"]
    else:
        start = nodes.get(linked.get(SB.person))
        if start is None or task is None:
            return None
        rel_type = RELATIONS["oversees"].neo4j_type
        wanted = EDGE_PROPERTIES["oversight"]
    values: dict[str, list[Any]] = defaultdict(list)
    for p, o in literals:
        if p == SB.clauseText:
            values["clause"].append(str(o))
        else:
            values[_prop_name(kind, p, o)[0]].append(_value(o))
    props: dict[str, Any] = {}
    for name in wanted:
        if name in values:
            items = sorted(set(values[name]), key=str)
            props[name] = items[0] if len(items) == 1 else "|".join(str(v) for v in items)
    props.update(_span_props(spans))
    return PGRel(rel_type, start, task, {k: v for k, v in props.items() if k in wanted})
