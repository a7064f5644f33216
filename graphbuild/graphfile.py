"""The RDF graph as a build file (``build/graph.nt``) and the embedded store loaded from it.

``graphbuild build`` writes the RDF projection of the model as sorted N-Triples, so the
file is byte-identical for identical input and an app loads it into pyoxigraph in a few
tens of milliseconds instead of rebuilding the graph from the model (about ten times
slower; see ``benchmarks/catalog_latency.py``).
"""

from __future__ import annotations

import time
from pathlib import Path

from graphbuild.model import Corpus

__all__ = ["GRAPH_FILE", "load_store", "ntriples"]

GRAPH_FILE = "graph.nt"


def ntriples(corpus: Corpus) -> str:
    """The RDF projection of ``corpus`` as N-Triples, one triple a line, lines sorted.

    Projected plan by plan (each plan's graph with the shared nodes it touches), so memory
    holds one plan's rdflib graph at a time rather than the whole corpus's.
    """
    from graphbuild.rdf import build_graph, plan_corpus

    lines: set[str] = set()
    parts = [plan_corpus(corpus, plan) for plan in corpus.plans] or [corpus]
    for part in parts:
        text = build_graph(part).serialize(format="nt", encoding="utf-8").decode("utf-8")
        lines.update(line for line in text.splitlines() if line.strip())
    return "\n".join(sorted(lines)) + "\n"


def load_store(build_dir: Path):
    """An in-memory pyoxigraph store with the graph of a build, and the seconds it took.

    Reads ``build_dir/graph.nt``; a build made before that file existed is projected from
    its ``model.json`` instead.

    Raises
    ------
    graphbuild.store.ModelNotBuilt
        If the folder has neither file.
    """
    import pyoxigraph as ox

    started = time.perf_counter()
    store = ox.Store()
    path = Path(build_dir) / GRAPH_FILE
    if path.exists():
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    else:
        from graphbuild.store import load_corpus

        data = ntriples(load_corpus(Path(build_dir))).encode("utf-8")
        store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
    return store, time.perf_counter() - started
