"""The networkx projection: the agency co-responsibility network and the analyses on it.

Two units are linked when they are named on the same task (in any role); the edge weight
is the number of tasks they share. Collective names (各相关职能部门…) are not nodes.

The catalog's networkx questions fetch the network as an *edge list* — rows with ``a``,
``b`` (canonical names, ``a < b``), ``weight`` and ``tasks`` (shared task IDs) — with
SPARQL on the embedded store or Cypher on Neo4j, and hand it to the answer functions here
(:func:`centrality`, :func:`communities`, :func:`path`), so both backends give the same
answer. :func:`edge_rows` computes the same list from the model.

>>> from graphbuild import settings
>>> from graphbuild.store import load_corpus
>>> g = coresponsibility_graph(load_corpus(settings.build_dir()), county="邵东市")
>>> g.number_of_nodes() > 50, g.has_edge("市财政局", "市发改局")
(True, True)
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from graphbuild.errors import CatalogError
from graphbuild.model import LIST_SEPARATOR, Corpus

__all__ = [
    "centrality",
    "communities",
    "coresponsibility_graph",
    "edge_rows",
    "normalise_edges",
    "path",
    "write_graphml",
]

#: Digits kept for float answers, so that two backends compare equal.
DIGITS = 6


def _agency_index(corpus: Corpus) -> dict[tuple[str, str], tuple[str, bool]]:
    """(county, name or canonical) → (canonical, collective), as the RDF projection resolves."""
    index: dict[tuple[str, str], tuple[str, bool]] = {}
    for agency in corpus.agencies:
        for name in agency.names:
            index.setdefault((agency.county, name), (agency.canonical, agency.collective))
    for agency in corpus.agencies:
        index[(agency.county, agency.canonical)] = (agency.canonical, agency.collective)
    return index


def edge_rows(corpus: Corpus, county: str | None = None) -> list[dict[str, Any]]:
    """The co-responsibility edge list of the model (one county, or all with a ``county``
    column), in the shape the catalog's ``query.rq`` returns, sorted by (county, a, b)."""
    index = _agency_index(corpus)
    shared: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for task in corpus.tasks:
        if county is not None and task.county != county:
            continue
        names = set()
        for unit in task.units:
            canonical, collective = index.get((task.county, unit.canonical)) or index.get(
                (task.county, unit.name), (unit.canonical or unit.name, False)
            )
            if canonical and not collective:
                names.add(canonical)
        for a, b in itertools.combinations(sorted(names), 2):
            shared[(task.county, a, b)].add(task.id)
    rows = []
    for (c, a, b), tasks in sorted(shared.items()):
        row = {"a": a, "b": b, "weight": len(tasks), "tasks": sorted(tasks)}
        if county is None:
            row = {"county": c, **row}
        rows.append(row)
    return rows


def normalise_edges(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Edge rows with int weights and task lists (a ``|``-joined string is split), sorted."""
    out = []
    for row in rows:
        tasks = row.get("tasks") or []
        if isinstance(tasks, str):
            tasks = tasks.split(LIST_SEPARATOR)
        a, b = sorted((str(row["a"]), str(row["b"])))
        item = {
            "a": a,
            "b": b,
            "weight": int(row.get("weight") or len(tasks)),
            "tasks": sorted(tasks),
        }
        if row.get("county") is not None:
            item["county"] = row["county"]
        out.append(item)
    return sorted(out, key=lambda r: (r.get("county", ""), r["a"], r["b"]))


def coresponsibility_graph(
    source: Corpus | Iterable[dict[str, Any]], county: str | None = None
) -> nx.Graph:
    """The weighted co-responsibility network.

    Parameters
    ----------
    source : Corpus or iterable of dict
        The model, or edge rows (``a``, ``b``, ``weight``, ``tasks``, optional ``county``).
    county : str, optional
        Keep one county (for a corpus; edge rows are taken as given).

    Returns
    -------
    networkx.Graph
        Nodes are canonical names (``county/name`` when the rows span several counties),
        with attributes ``name``, ``label`` and ``county`` when known; edges have
        ``weight`` (shared tasks) and ``tasks`` (their IDs). Nodes and edges are added in
        sorted order, so every algorithm run on it is deterministic.
    """
    rows = edge_rows(source, county) if isinstance(source, Corpus) else list(source)
    rows = normalise_edges(rows)
    several = len({r.get("county") for r in rows}) > 1

    def key(row: dict[str, Any], name: str) -> str:
        return f"{row['county']}/{name}" if several else name

    graph = nx.Graph()
    nodes = sorted({(key(r, n), n, r.get("county")) for r in rows for n in (r["a"], r["b"])})
    for node, name, c in nodes:
        attrs = {"name": name, "label": name}
        if c is not None:
            attrs["county"] = c
        graph.add_node(node, **attrs)
    for r in rows:
        graph.add_edge(key(r, r["a"]), key(r, r["b"]), weight=r["weight"], tasks=r["tasks"])
    return graph


def _graph(rows: list[dict[str, Any]]) -> nx.Graph:
    return coresponsibility_graph(rows)


def centrality(rows: list[dict[str, Any]], params: dict[str, Any]) -> list[dict[str, Any]]:
    """Agencies by betweenness in the network (how often they sit on shortest paths
    between two others), with their partners and shared tasks.

    Columns: ``agency``, ``partners`` (degree), ``shared_tasks`` (weighted degree: the
    sum of edge weights), ``degree_centrality`` and ``betweenness`` (normalised,
    unweighted), rounded to :data:`DIGITS`. Order: betweenness, shared tasks, partners
    (all descending), then name. ``top_n`` is applied by the catalog.
    """
    g = _graph(rows)
    between = nx.betweenness_centrality(g, normalized=True)
    degree = nx.degree_centrality(g) if len(g) > 1 else {n: 0.0 for n in g}
    out = [
        {
            "agency": g.nodes[n]["name"],
            "partners": g.degree(n),
            "shared_tasks": int(g.degree(n, weight="weight")),
            "degree_centrality": round(degree[n], DIGITS),
            "betweenness": round(between[n], DIGITS),
        }
        for n in g
    ]
    out.sort(key=lambda r: (-r["betweenness"], -r["shared_tasks"], -r["partners"], r["agency"]))
    return out


def communities(rows: list[dict[str, Any]], params: dict[str, Any]) -> list[dict[str, Any]]:
    """Groups of agencies that share tasks more among themselves than with others.

    Louvain modularity maximisation on the weighted network with a fixed seed (0) on a
    graph built in sorted order, so the answer is the same on every run and backend.
    Columns: ``community`` (1 = largest), ``size``, ``internal_weight`` (shared tasks
    inside it), ``members`` (sorted). Order: size descending, then first member.
    """
    g = _graph(rows)
    if not len(g):
        return []
    found = nx.community.louvain_communities(g, weight="weight", seed=0)
    groups = [sorted(g.nodes[n]["name"] for n in c) for c in found]
    keyed = {tuple(sorted(g.nodes[n]["name"] for n in c)): c for c in found}
    groups.sort(key=lambda m: (-len(m), m[0]))
    out = []
    for i, members in enumerate(groups, start=1):
        nodes = keyed[tuple(members)]
        inside = g.subgraph(nodes).size(weight="weight")
        out.append(
            {
                "community": i,
                "size": len(members),
                "internal_weight": int(inside),
                "members": members,
            }
        )
    return out


def path(rows: list[dict[str, Any]], params: dict[str, Any]) -> list[dict[str, Any]]:
    """The shortest chain of shared tasks from ``source`` to ``target``.

    Fewest hops; among equally short chains, the one with most shared tasks, then the
    first by names. One row per agency on the chain: ``step`` (0 = source), ``agency``,
    ``shared_with_next`` (tasks shared with the next agency; None on the last row) and
    ``tasks`` (their IDs). No chain gives no rows.

    Raises
    ------
    CatalogError
        If ``source`` or ``target`` is not a node of the county's network.
    """
    g = _graph(rows)
    by_name = {g.nodes[n]["name"]: n for n in g}
    ends = []
    for which in ("source", "target"):
        name = params.get(which)
        if name not in by_name:
            raise CatalogError(
                f"agency-path: {which}={name!r} shares no task with another unit of "
                f"{params.get('county')}; give a canonical name (see `graphbuild ask "
                f"co-responsibility-pairs`)"
            )
        ends.append(by_name[name])
    source, target = ends
    if source == target:
        chains = [[source]]
    else:
        try:
            chains = list(nx.all_shortest_paths(g, source, target))
        except nx.NetworkXNoPath:
            return []

    def strength(chain: list[str]) -> tuple[int, list[str]]:
        total = sum(g.edges[u, v]["weight"] for u, v in itertools.pairwise(chain))
        return (-total, [g.nodes[n]["name"] for n in chain])

    best = min(chains, key=strength)
    out = []
    for i, node in enumerate(best):
        nxt = best[i + 1] if i + 1 < len(best) else None
        edge = g.edges[node, nxt] if nxt is not None else None
        out.append(
            {
                "step": i,
                "agency": g.nodes[node]["name"],
                "shared_with_next": edge["weight"] if edge else None,
                "tasks": list(edge["tasks"]) if edge else [],
            }
        )
    return out


def _graphml_value(value: Any) -> Any:
    if isinstance(value, list | tuple | set):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if value is None:
        return ""
    return value


def write_graphml(graph: nx.Graph | nx.MultiDiGraph, path: Path | str) -> Path:
    """Write a graph as GraphML for Gephi and yEd.

    List attributes are joined with ``|`` and missing values written as empty strings
    (GraphML has neither); every node keeps a ``label`` attribute for display.
    """
    out = graph.copy()
    for _, data in out.nodes(data=True):
        for k, v in list(data.items()):
            data[k] = _graphml_value(v)
    for *_, data in out.edges(data=True):
        for k, v in list(data.items()):
            data[k] = _graphml_value(v)
    path = Path(path)
    nx.write_graphml(out, path, encoding="utf-8", prettyprint=True)
    return path
