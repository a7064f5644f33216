"""The RDF projection as an rdflib graph, for the exports, SHACL validation and tests.

The triples come from :func:`graphbuild.graph.triples.project` (the one projection); this
module only turns them into an :class:`rdflib.Graph` with the project's prefixes bound. The
build itself never makes an rdflib graph of the corpus: ``graph.nt`` is written from the
triples directly (:mod:`graphbuild.graph.graphfile`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from graphbuild.graph.schema import bind_prefixes
from graphbuild.graph.terms import Lit
from graphbuild.graph.triples import Triple, plan_corpus, plan_triples, project
from graphbuild.model import Corpus
from graphbuild.resolve import Battle

__all__ = ["build_graph", "load_graph", "plan_corpus", "plan_graphs", "to_graph"]


def build_graph(corpus: Corpus, battles: list[Battle] | None = None) -> Graph:
    """Project a corpus to RDF (see :mod:`graphbuild.graph.triples` for what it holds).

    Parameters
    ----------
    corpus : Corpus
        The canonical records.
    battles : list of Battle, optional
        The battle labels; read from ``data/battles.csv`` when not given.

    Returns
    -------
    rdflib.Graph
        The triples of :func:`graphbuild.graph.triples.project`, prefixes bound.
    """
    return to_graph(project(corpus, battles))


def plan_graphs(corpus: Corpus, battles: list[Battle] | None = None) -> dict[str, Graph]:
    """One graph per plan, with the shared nodes it touches, for per-document validation.

    Returns
    -------
    dict of str to rdflib.Graph
        Keyed by plan ID, in corpus order: the plan, its parts, its tasks, the agencies
        and people they reference (with their functions) and the battle concepts.
    """
    if not corpus.plans:
        return {}
    return {plan: to_graph(triples) for plan, triples in plan_triples(corpus, battles)}


def to_graph(triples: Iterable[Triple]) -> Graph:
    """An rdflib graph of projected triples, with the project's prefixes bound."""
    graph = bind_prefixes(Graph())
    graph.addN((URIRef(s), URIRef(p), _term(o), graph) for s, p, o in triples)
    return graph


def _term(obj: str | Lit) -> URIRef | Literal:
    if isinstance(obj, Lit):
        if obj.lang:
            return Literal(obj.lexical, lang=obj.lang)
        return Literal(obj.lexical, datatype=URIRef(obj.datatype) if obj.datatype else None)
    return URIRef(obj)


def load_graph(path: Path) -> Graph:
    """Parse a Turtle file with the project's prefixes bound."""
    return bind_prefixes(Graph()).parse(path, format="turtle")
