"""The RDF graph as a build file (``build/graph.nt``), which the embedded store loads.

``graphbuild build`` writes the RDF projection of the model as sorted N-Triples, so the
file is byte-identical for identical input and an app loads it into pyoxigraph in a few
tens of milliseconds instead of rebuilding the graph from the model (about ten times
slower; see ``benchmarks/catalog_latency.py``).
"""

from __future__ import annotations

from graphbuild.model import Corpus

__all__ = ["GRAPH_FILE", "ntriples"]

GRAPH_FILE = "graph.nt"


def ntriples(corpus: Corpus) -> str:
    """The RDF projection of ``corpus`` as N-Triples, one triple a line, lines sorted.

    Projected plan by plan (each plan's graph with the shared nodes it touches), so memory
    holds one plan's rdflib graph at a time rather than the whole corpus's.
    """
    from graphbuild.graph.rdf import build_graph, plan_corpus

    lines: set[str] = set()
    parts = [plan_corpus(corpus, plan) for plan in corpus.plans] or [corpus]
    for part in parts:
        text = build_graph(part).serialize(format="nt", encoding="utf-8").decode("utf-8")
        lines.update(line for line in text.splitlines() if line.strip())
    return "\n".join(sorted(lines)) + "\n"
