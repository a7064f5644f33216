"""The property-graph view of the model: labelled nodes and typed relationships.

It is exactly what ``graphbuild load`` writes to Neo4j (:func:`graphbuild.graph.rows.graph_rows`
reads the projected triples through :mod:`graphbuild.graph.schema`), in a shape the exports use:
GraphML for Gephi and yEd, and the CSV files of ``neo4j-admin database import``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphbuild.model import Corpus

__all__ = ["PGNode", "PGRel", "PropertyGraph", "property_graph"]


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


def property_graph(corpus: Corpus) -> PropertyGraph:
    """The nodes and relationships the Neo4j load writes for ``corpus``."""
    from graphbuild.graph.rows import graph_rows

    rows = graph_rows(corpus)
    nodes = {
        (label, row["id"]): PGNode(label, row["id"], dict(row))
        for label, label_rows in rows.nodes.items()
        for row in label_rows
    }
    rels = [
        PGRel(
            group.type,
            nodes[(group.start, r["start"])],
            nodes[(group.end, r["end"])],
            dict(r["props"]),
        )
        for group, group_rows in rows.relationships.items()
        for r in group_rows
    ]
    return PropertyGraph(
        nodes=sorted(nodes.values(), key=lambda n: (n.label, n.id)),
        rels=sorted(rels, key=lambda r: (r.type, r.start.key, r.end.key)),
    )
