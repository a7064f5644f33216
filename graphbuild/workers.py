"""The per-plan steps of ``graphbuild build``, run in a process pool (or in this process).

:func:`extract_step` reads one plan, keeps its result and output fragments in the cache
and returns its small summary; when the build asks for it, it also projects and validates
the plan's graph right away, as :func:`graph_step` would with the plan's own agencies and no
alignments (what a plan alone in its county gets in a large build), so the plan is read
once and its records cross no process boundary. :func:`graph_step` projects and validates
one plan from its cached result and what the cross-plan steps gave it (:class:`GraphJob`).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path
from typing import Any

from graphbuild.build import extract_plan
from graphbuild.cache import PlanCache, code_version
from graphbuild.fragments import render_plan, write_fragments
from graphbuild.model import Agency, Alignment
from graphbuild.read.genre import Genre
from graphbuild.resolve import Resolver
from graphbuild.summary import PlanSummary

__all__ = ["POOL_MIN_ITEMS", "GraphJob", "default_jobs", "extract_step", "graph_step", "run"]

#: Below this many plans the work runs in this process: starting the pool's processes
#: (about two seconds, each imports the package) costs more than it saves.
POOL_MIN_ITEMS = 4

_WORKER: dict[str, Any] = {}


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


@dataclass
class GraphJob:
    """What the projection of one plan needs: its result's key (then those of the other
    plans of its county, for their people), the agencies it may name, the alignments."""

    plan: str
    keys: list[str]
    agencies: list[Agency]
    alignments: list[Alignment]
    validate: bool
    folder: Path

    def digest(self) -> str:
        """The cache key of the plan's graph: a hash of everything it is made from."""
        digest = hashlib.sha256(f"{code_version()}|{self.validate}|{self.keys}".encode())
        digest.update(pickle.dumps((self.agencies, self.alignments), pickle.HIGHEST_PROTOCOL))
        return digest.hexdigest()


def init(
    genre: Genre | None,
    resolver: Resolver | None,
    options: dict[str, str],
    project: bool = False,
    validate: bool = True,
) -> None:
    """Set what every step of this process uses (the pool's initializer)."""
    _WORKER.update(
        genre=genre, resolver=resolver, options=options, project=project, validate=validate
    )


def extract_step(item: tuple[Path, str, Path]) -> tuple[PlanSummary, str]:
    """Step 1 for one plan: extract, keep the result and its fragments; return the summary
    and the key of the graph projected at once (empty when none was)."""
    path, key, folder = item
    genre, resolver = _WORKER["genre"], _WORKER["resolver"]
    result = extract_plan(path, genre, resolver, _WORKER["options"])
    store = PlanCache(folder)
    store.put("plans", key, result)
    if result.plan is None:
        return result.summary, ""
    write_fragments(store.fragments(key), render_plan(result.part(), result.text))
    if not _WORKER["project"]:
        return result.summary, ""
    agencies = result.summary.agencies or []
    job = GraphJob(result.plan.id, [key], agencies, [], _WORKER["validate"], folder)
    return result.summary, _project(job, [result])


def graph_step(job: GraphJob) -> str:
    """Step 3 for one plan: project and validate it from its cached result; the graph's
    key (the lines and the SHACL result are in the cache under it)."""
    store = PlanCache(job.folder)
    return _project(job, [store.get("plans", key) for key in job.keys])


def _project(job: GraphJob, results: list[Any]) -> str:
    from graphbuild.graph.graphfile import nt_lines
    from graphbuild.graph.parts import plan_corpus
    from graphbuild.graph.triples import project

    own, *others = results
    corpus = own.part()
    for other in others:
        corpus.people.extend(other.part().people)
    corpus.agencies, corpus.alignments = job.agencies, job.alignments
    triples = project(plan_corpus(corpus, corpus.plans[0]))
    lines = nt_lines(triples)
    verdict = None
    if job.validate:
        from graphbuild.graph.validate import validate_triples

        verdict = validate_triples(triples, job.plan, lines)
    key = job.digest()
    store = PlanCache(job.folder)
    store.write(store.path("graphs", key, ".nt"), "".join(f"{x}\n" for x in lines).encode())
    store.put("graphs", key, verdict)
    return key


def _single_threaded() -> bool:
    """True when this process runs no thread but this one, native threads included (a
    validator's or a numerical library's): only then is forking it safe."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:  # not Linux: count Python's own threads only
        return threading.active_count() == 1


def run(
    function: Callable[[Any], Any], items: list[Any], jobs: int, initargs: tuple[Any, ...]
) -> Iterator[Any]:
    """``function`` over ``items`` in order, in up to ``jobs`` processes.

    A large batch runs in workers forked from a clean server process (``forkserver``), never
    from this one, whose threads (a native validator's, a driver's, the app's) could leave
    locks held in a child. Below :data:`POOL_MIN_ITEMS` items starting that server costs
    more than it saves: the items run in workers forked from this process when no other
    thread runs in it (a fresh command line, before any validation or matrix product),
    else here, one after the other.
    """
    if jobs <= 1 or len(items) < 2:
        init(*initargs)
        yield from map(function, items)
        return
    if len(items) >= POOL_MIN_ITEMS:
        context = get_context("forkserver")
        context.set_forkserver_preload(["graphbuild.build", "graphbuild.graph.validate"])
    elif _single_threaded() and "fork" in get_all_start_methods():
        context = get_context("fork")
    else:
        init(*initargs)
        yield from map(function, items)
        return
    workers = min(jobs, len(items))
    with ProcessPoolExecutor(workers, context, initializer=init, initargs=initargs) as pool:
        yield from pool.map(function, items, chunksize=1)
