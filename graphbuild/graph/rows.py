"""Property-graph rows for Neo4j, from the same facts as the RDF graph, labelled by :mod:`schema`.

How the rows are made
---------------------
The corpus is projected plan by plan with :func:`graphbuild.graph.triples.plan_triples`, the very
triples ``build/graph.nt`` is written from, so that Neo4j holds exactly the nodes and facts
the embedded SPARQL store holds (minted stubs included). The triples are read, in one pass and
without an rdflib graph, through the one mapping in :mod:`graphbuild.graph.schema`:

* a data IRI of kind ``k`` with stable ID ``s`` (:func:`schema.stable_id_of`) becomes a node
  labelled ``KINDS[k].neo4j_label`` (the loader adds its project label) with
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
"""

from __future__ import annotations

import typing
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from graphbuild import model
from graphbuild.graph.schema import (
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
from graphbuild.graph.terms import Lit, literal, python_value
from graphbuild.graph.triples import Triple, plan_triples, project
from graphbuild.model import Corpus

__all__ = [
    "ANNOTATIONS",
    "SPANS_PROPERTY",
    "GraphRows",
    "RelGroup",
    "county_rows",
    "graph_rows",
]

ANNOTATIONS: dict[str, str | None] = {
    str(RDFS.label): "name",
    str(SKOS.prefLabel): None,
    str(SKOS.altLabel): "aliases",
}
_LIST_ANNOTATIONS = {"aliases"}

#: Range indexes the catalog questions filter or join on: (label, property).
_SPAN_FIELDS = ("file", "start", "end")
#: Every source span of a node, as the span's stable ID ``FILE/START-END``.
SPANS_PROPERTY = "spans"


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


def _property_names() -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    """Predicate → property name, per kind and (fallback) across every kind."""
    per_kind: dict[tuple[str, str], str] = {}
    anywhere: dict[str, str] = {}
    for kind, fields in PROPERTIES.items():
        for f in fields:
            per_kind[(kind, str(f.predicate))] = f.attr
            anywhere.setdefault(str(f.predicate), f.attr)
    return per_kind, anywhere


def _relations_by_predicate() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for rel in RELATIONS.values():
        if rel.neo4j_type is None:
            continue
        if str(rel.predicate) in out:
            raise ValueError(f"two Neo4j relationship types for {rel.predicate}")
        out[str(rel.predicate)] = rel
    return out


_TYPE, _DERIVED = str(RDF.type), str(PROV.wasDerivedFrom)
_ROLE, _AGENCY, _TASK = str(SB.role), str(SB.agency), str(SB.task)
_PERSON, _ALIGNED = str(SB.person), str(SB.alignedTask)


def graph_rows(
    corpus: Corpus, battles: list[Any] | None = None, triples: Iterable[Triple] | None = None
) -> GraphRows:
    """The node and relationship rows of a corpus (see the module docstring).

    Parameters
    ----------
    corpus : Corpus
        The model.
    battles : list of graphbuild.resolve.Battle, optional
        Battle labels; read from ``data/battles.csv`` when not given.
    triples : iterable of Triple, optional
        The corpus' projected triples when they are at hand; by default the union of
        :func:`graphbuild.graph.triples.plan_triples` (what ``build/graph.nt`` holds).

    Returns
    -------
    GraphRows
        Node rows ``{"id": …, property: value…}`` per label, in a stable order, and
        relationship rows ``{"start": id, "end": id, "props": {…}}`` per
        (type, start label, end label).
    """
    if triples is None:
        triples = _union(corpus, battles)
    per_kind, anywhere = _property_names()
    list_attrs = _list_attrs()
    by_predicate = _relations_by_predicate()
    role_of = {str(v): k for k, v in ROLE_IRIS.items()}
    id_prefix = str(ID)

    kinds: dict[str, tuple[str, str]] = {}

    def kind_of(node: str) -> tuple[str, str] | None:
        found = kinds.get(node)
        if found is None:
            if not str(node).startswith(id_prefix):
                return None
            kind, stable = stable_id_of(node)
            if kind not in KINDS:
                return None
            found = kinds[node] = (kind, stable)
        return found

    typed: set[str] = set()
    literals: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    annotations: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    spans: dict[str, list[str]] = defaultdict(list)
    links: list[tuple[Any, str, str]] = []
    qualified: dict[str, dict[str, str]] = defaultdict(dict)

    for s, p, o in triples:
        ks = kind_of(s)
        if ks is None:
            continue
        kind = ks[0]
        if p == _TYPE:
            typed.add(s)
        elif isinstance(o, Lit):
            attr = per_kind.get((kind, p)) or anywhere.get(p)
            if attr is not None:
                literals[s][attr].append(python_value(o))
            elif p in ANNOTATIONS:
                name = ANNOTATIONS[p]
                if name is None:
                    lang = o.lang.split("-")[0]
                    name = "name" if lang in ("", "zh") else f"name_{lang}"
                annotations[s][name].append(python_value(o))
        elif p == _DERIVED:
            spans[s].append(o)
        elif KINDS[kind].neo4j_label is None:
            qualified[s][p] = o
        elif p in by_predicate:
            links.append((by_predicate[p], s, o))

    def span_of(node: str) -> dict[str, Any]:
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
    labelled: dict[str, tuple[str, str]] = {}
    for node in sorted(typed):
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

    def add_edge(rel_type: str, start: str, end: str, props: dict[str, Any]) -> None:
        if start not in labelled or end not in labelled:
            return  # a reference to a record the corpus does not have: no node to attach to
        (start_label, start_id), (end_label, end_id) = labelled[start], labelled[end]
        group = RelGroup(rel_type, start_label, end_label)
        edges[group].setdefault((start_id, end_id), {}).update(props)

    for rel, s, o in links:
        start, end = (o, s) if rel.reverse else (s, o)
        add_edge(rel.neo4j_type, start, end, {})

    units, refs = _qualifier_records(corpus)
    for node, preds in sorted(qualified.items()):
        kind, stable = kinds[node]
        if kind == "responsibility":
            role = role_of.get(preds.get(_ROLE, ""))
            unit = units.get(stable)
            if role is None or _AGENCY not in preds or _TASK not in preds:
                continue
            props = _edge_props("responsibility", unit) if unit is not None else {}
            add_edge(ROLE_RELATIONS[role].neo4j_type, preds[_AGENCY], preds[_TASK], props)
        elif kind == "alignment":
            if _TASK not in preds or _ALIGNED not in preds:
                continue
            values = literals.get(node, {})
            props = {
                name: _collapse(values[name], False)
                for name in EDGE_PROPERTIES["alignment"]
                if name in values
            }
            add_edge(RELATIONS["aligned_with"].neo4j_type, preds[_TASK], preds[_ALIGNED], props)
        elif kind == "oversight":
            ref = refs.get(stable)
            if _PERSON not in preds or _TASK not in preds:
                continue
            props = _edge_props("oversight", ref) if ref is not None else {}
            add_edge(RELATIONS["oversees"].neo4j_type, preds[_PERSON], preds[_TASK], props)

    for group in sorted(edges, key=lambda g: (g.type, g.start, g.end)):
        rows.relationships[group] = [
            {"start": a, "end": b, "props": props} for (a, b), props in sorted(edges[group].items())
        ]
    return rows


def _union(corpus: Corpus, battles: list[Any] | None) -> set[Triple]:
    """Every plan's triples together: the triples of ``build/graph.nt``."""
    out: set[Triple] = set()
    for _, part in plan_triples(corpus, battles):
        out |= part
    return out


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
    markers = {f.attr for f in PROPERTIES.get(kind, ()) if f.marker}  # stated only when true
    for name in EDGE_PROPERTIES[kind]:
        if name in _SPAN_FIELDS:
            value = getattr(source, name, None) if source is not None else None
        elif name == "clause":
            mentions = getattr(record, "mentions", [])
            value = list(dict.fromkeys(m.clause for m in mentions if m.clause))
        else:
            value = getattr(record, name, None)
        if value not in (None, "", []) and not (value is False and name in markers):
            props[name] = value
    return props


def county_rows(
    corpus: Corpus, battles: list[Any] | None = None
) -> Iterator[tuple[str, GraphRows]]:
    """The rows county by county, so that a load never holds a province's graph at once.

    Each part is :func:`graph_rows` of the triples of one county's plans (what those plans'
    lines of ``graph.nt`` hold); a node several parts share (a battle, a function) has the
    same row in each. The last part, named ``""``, holds the relationships between nodes
    of different counties (the cross-county alignments), which no county's part can hold.
    The parts together are :func:`graph_rows` of the whole corpus (a test checks it).
    """
    from graphbuild.graph.parts import plan_corpus
    from graphbuild.resolve import load_battles

    battles = battles if battles is not None else load_battles()
    counties: dict[str, list[Any]] = {}
    for plan in corpus.plans:
        counties.setdefault(plan.county, []).append(plan)
    county_of: dict[str, str] = {}
    for county, plans in counties.items():
        triples: set[Triple] = set()
        tasks = []
        for plan in plans:
            part = plan_corpus(corpus, plan)
            triples |= project(part, battles)
            tasks.extend(part.tasks)
        county_of.update((t.id, county) for t in tasks)
        yield county, graph_rows(Corpus(tasks=tasks), battles, triples)
        del triples
    cross = GraphRows()
    group = RelGroup(RELATIONS["aligned_with"].neo4j_type or "", "Task", "Task")
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for alignment in corpus.alignments:
        a, b = alignment.a, alignment.b
        if alignment.kind != "pair" or a not in county_of or b not in county_of:
            continue
        if county_of[a] != county_of[b]:
            score = python_value(literal(alignment.score, str(XSD.decimal)))
            edges.setdefault((a, b), {}).update(score=score)
    if edges:
        cross.relationships[group] = [
            {"start": a, "end": b, "props": props} for (a, b), props in sorted(edges.items())
        ]
    yield "", cross
