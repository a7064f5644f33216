"""The RDF graph as a build file (``build/graph.nt``), which the embedded store loads.

``graphbuild build`` writes the RDF projection of the model as sorted N-Triples, so the
file is byte-identical for identical input and an app loads it into pyoxigraph in a few
tens of milliseconds instead of rebuilding the graph from the model (about ten times
slower; see ``benchmarks/catalog_latency.py``). The lines are written from the projected
triples directly (:mod:`graphbuild.graph.terms`), with no rdflib graph in between.
"""

from __future__ import annotations

import heapq
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from graphbuild.graph.terms import nt_line
from graphbuild.graph.triples import Triple, plan_triples
from graphbuild.model import Corpus

__all__ = ["GRAPH_FILE", "merge_sorted", "nt_lines", "ntriples"]

GRAPH_FILE = "graph.nt"


def nt_lines(triples: Iterable[Triple]) -> list[str]:
    """The sorted, distinct N-Triples lines of some triples (no newlines)."""
    return sorted({nt_line(s, p, o) for s, p, o in triples})


def ntriples(corpus: Corpus) -> str:
    """The RDF projection of ``corpus`` as N-Triples, one triple a line, lines sorted.

    Projected plan by plan (each plan's triples with the shared nodes it touches); the
    file is the sorted union of the plans' lines.
    """
    lines: set[str] = set()
    for _, triples in plan_triples(corpus):
        lines.update(nt_line(s, p, o) for s, p, o in triples)
    return "\n".join(sorted(lines)) + "\n"


def merge_sorted(parts: Iterable[Path], out: Path) -> None:
    """Write the sorted union of sorted N-Triples files into ``out``.

    By ``sort --merge --unique`` in the C locale where the system has it (bytes of UTF-8
    sort as Python sorts the characters, so the file is the same), else here, one line at a
    time: memory holds one line per part, so a corpus of any size is merged in constant
    space.
    """
    parts = list(parts)
    if len(parts) > 1 and _sort_merge(parts, out):
        return
    files = [open(p, encoding="utf-8") for p in parts]  # noqa: SIM115 - closed below
    try:
        with open(out, "w", encoding="utf-8") as sink:
            last = None
            for line in heapq.merge(*(_lines(f) for f in files)):
                if line != last:
                    sink.write(line)
                    last = line
    finally:
        for f in files:
            f.close()


def _sort_merge(parts: list[Path], out: Path) -> bool:
    """Merge with the system's ``sort``; False when there is none (or it failed)."""
    sort = shutil.which("sort")
    if sort is None:
        return False
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".files", delete=False) as fh:
        fh.write("\0".join(str(p) for p in parts) + "\0")
        listing = fh.name
    # every part in one pass (sort merges 16 at a time by default, through temporary files)
    try:
        import resource

        files = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    except (ImportError, ValueError):  # pragma: no cover - not a Unix system
        files = 64
    if files < 0:  # no limit
        files = len(parts) + 16
    batch = max(2, min(len(parts), files - 16))
    try:
        done = subprocess.run(
            [
                sort,
                "--merge",
                "--unique",
                f"--batch-size={batch}",
                f"--files0-from={listing}",
                "-o",
                str(out),
            ],
            env={**os.environ, "LC_ALL": "C"},
            capture_output=True,
            check=False,
        )
    except OSError:
        return False
    finally:
        os.unlink(listing)
    return done.returncode == 0


def _lines(handle: Iterable[str]) -> Iterator[str]:
    for line in handle:
        if line.strip():
            yield line if line.endswith("\n") else line + "\n"
