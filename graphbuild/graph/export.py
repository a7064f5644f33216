"""Exports of the built graph: Turtle, JSON-LD, GraphML and neo4j-admin CSV files.

* ``ttl`` / ``jsonld`` — the RDF projection together with the ontology
  (``ontology/sixbattles.ttl``), prefixes from :mod:`graphbuild.graph.schema`.
* ``graphml`` — ``graph.graphml``: the property graph (labels, types and properties as in
  Neo4j; open in Gephi or yEd), and ``coresponsibility.graphml``: the weighted agency
  co-responsibility network of both counties (:mod:`graphbuild.analyse.network`).
* ``csv`` — one node file per label (``id:ID(Label)``, ``:LABEL``, typed properties) and
  one relationship file per type and end labels (``:START_ID(Label)``,
  ``:END_ID(Label)``, ``:TYPE``), as ``neo4j-admin database import full`` reads them; the
  command is written to ``neo4j-admin-import.txt``.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph

from graphbuild.graph.property_graph import PGNode, PGRel, PropertyGraph, property_graph
from graphbuild.graph.schema import ONTOLOGY_PATH, PREFIXES, bind_prefixes
from graphbuild.model import Corpus
from graphbuild.settings import EXPORT_FORMATS

__all__ = ["EXPORT_FORMATS", "export", "rdf_with_ontology"]

#: Separates the items of an array property in the CSV files (``--array-delimiter``).
ARRAY_DELIMITER = "|"


def rdf_with_ontology(corpus: Corpus) -> Graph:
    """The RDF projection of ``corpus`` plus the ontology's triples."""
    from graphbuild.graph.rdf import build_graph

    graph = build_graph(corpus)
    graph.parse(ONTOLOGY_PATH, format="turtle")
    return bind_prefixes(graph)


def export(corpus: Corpus, fmt: str, out: Path) -> list[Path]:
    """Write ``corpus`` in format ``fmt`` into the folder ``out``; return the files written.

    Raises
    ------
    ValueError
        For an unknown format.
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "ttl":
        path = out / "graph.ttl"
        rdf_with_ontology(corpus).serialize(path, format="turtle", encoding="utf-8")
        return [path]
    if fmt == "jsonld":
        path = out / "graph.jsonld"
        context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
        text = rdf_with_ontology(corpus).serialize(format="json-ld", context=context, indent=1)
        path.write_text(text, encoding="utf-8")
        return [path]
    pg = property_graph(corpus)
    if fmt == "graphml":
        from graphbuild.analyse.network import coresponsibility_graph, write_graphml

        return [
            write_graphml(_nx_graph(pg), out / "graph.graphml"),
            write_graphml(coresponsibility_graph(corpus), out / "coresponsibility.graphml"),
        ]
    return _write_csv(pg, out)


def _uniform(items: list[dict[str, Any]]) -> None:
    """Make each property one GraphML type: stringify it where kinds of value are mixed."""
    kinds: dict[str, set[type]] = defaultdict(set)
    for data in items:
        for k, v in data.items():
            kinds[k].add(type(v))
    for data in items:
        for k, v in list(data.items()):
            if len(kinds[k]) > 1 or isinstance(v, list):
                data[k] = ARRAY_DELIMITER.join(map(str, v)) if isinstance(v, list) else str(v)


def _nx_graph(pg: PropertyGraph) -> nx.MultiDiGraph:
    """The property graph as a networkx multigraph (node key ``Label:id``).

    ``neo4j_label`` holds the node label and ``type`` the relationship type; ``label`` is
    the display text Gephi and yEd show (the model's own ``label`` becomes ``notation``).
    """
    node_data = []
    for n in pg.nodes:
        data = {**n.props, "neo4j_label": n.label}
        if "label" in data:  # the model's label (a task's 1. / （一）) yields to the display one
            data["notation"] = data.pop("label")
        data["label"] = str(n.props.get("name", n.id))
        node_data.append(data)
    edge_data = [{**r.props, "type": r.type, "label": r.type} for r in pg.rels]
    _uniform(node_data)
    _uniform(edge_data)
    g = nx.MultiDiGraph()
    for n, data in zip(pg.nodes, node_data, strict=True):
        g.add_node(n.key, **data)
    for r, data in zip(pg.rels, edge_data, strict=True):
        g.add_edge(r.start.key, r.end.key, **data)
    return g


def _csv_type(values: list[Any]) -> str:
    kinds = {type(v) for v in values if v is not None}
    if kinds == {bool}:
        return "boolean"
    if kinds == {int}:
        return "long"
    if kinds <= {int, float} and kinds:
        return "double"
    if kinds == {list}:
        return "string[]"
    return "string"


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ARRAY_DELIMITER.join(str(v) for v in value)
    return str(value)


def _columns(items: list[dict[str, Any]], skip: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    names = sorted({k for d in items for k in d if k not in skip})
    return [(k, _csv_type([d.get(k) for d in items])) for k in names]


def _write_table(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _write_csv(pg: PropertyGraph, out: Path) -> list[Path]:
    files: list[Path] = []
    args = []
    by_label: dict[str, list[PGNode]] = defaultdict(list)
    for n in pg.nodes:
        by_label[n.label].append(n)
    for label, nodes in sorted(by_label.items()):
        cols = _columns([n.props for n in nodes], skip=("id",))
        header = [f"id:ID({label})", ":LABEL"] + [
            k if t == "string" else f"{k}:{t}" for k, t in cols
        ]
        rows = [[n.id, label] + [_csv_cell(n.props.get(k)) for k, _ in cols] for n in nodes]
        path = _write_table(out / f"nodes_{label}.csv", header, rows)
        files.append(path)
        args.append(f"--nodes={path.name}")
    by_type: dict[tuple[str, str, str], list[PGRel]] = defaultdict(list)
    for r in pg.rels:
        by_type[(r.type, r.start.label, r.end.label)].append(r)
    for (rel_type, start, end), rels in sorted(by_type.items()):
        cols = _columns([r.props for r in rels])
        header = [f":START_ID({start})", f":END_ID({end})", ":TYPE"] + [
            k if t == "string" else f"{k}:{t}" for k, t in cols
        ]
        rows = [
            [r.start.id, r.end.id, rel_type] + [_csv_cell(r.props.get(k)) for k, _ in cols]
            for r in rels
        ]
        path = _write_table(out / f"rels_{rel_type}_{start}_{end}.csv", header, rows)
        files.append(path)
        args.append(f"--relationships={path.name}")
    command = (
        "# run in this folder; the database must not exist yet (or add --overwrite-destination)\n"
        "neo4j-admin database import full neo4j \\\n"
        f"  --array-delimiter={json.dumps(ARRAY_DELIMITER)} --multiline-fields=true \\\n  "
        + " \\\n  ".join(args)
        + "\n"
    )
    readme = out / "neo4j-admin-import.txt"
    readme.write_text(command, encoding="utf-8")
    files.append(readme)
    return files
