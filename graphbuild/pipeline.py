"""``graphbuild build`` as a pipeline over plans: cached, on every core, streamed to disk.

Per plan, in a process pool (``jobs`` workers, the results taken in file order so the output
is the same for any number of workers):

1. **extract** — read the file once, parse, find its metadata, extract and resolve
   (:func:`graphbuild.build.extract_plan`); the result, with the decoded text, is kept in
   the per-plan cache under a key made of the file's bytes, its ``.meta.toml``, its
   ``.corrections.csv``, the command-line options and :func:`code_version` (the package's
   code and tables);
2. **cross-plan steps**, in this process — agencies, targets, alignments, inconsistencies
   (:func:`graphbuild.build.assemble`): only these need every plan at once;
3. **project and validate** — each plan's part of the corpus (:func:`graph.parts.plan_corpus`)
   is projected to N-Triples and validated with SHACL on its own; the sorted lines go to a
   file per plan, cached under the hash of the part, and ``graph.nt`` is the merge of
   those files, so no graph of the whole corpus is ever held in memory.

The cache lives beside the output folder (``.NAME.cache/`` for ``--out NAME``); ``rebuild``
ignores what it holds. Adding or editing one plan re-extracts that plan only; the
cross-plan steps run again, and only the plans whose part of the graph changed are
projected and validated again.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from graphbuild.analyse.corrections import corrections_path
from graphbuild.build import PlanResult, assemble, extract_plan
from graphbuild.model import Corpus
from graphbuild.read.corpus import find_documents
from graphbuild.read.genre import Genre, load_genre
from graphbuild.resolve import Resolver
from graphbuild.settings import PACKAGE_DIR

__all__ = ["BuildResult", "code_version", "default_jobs", "run_build"]

_CACHE_FORMAT = "1"


@dataclass
class BuildResult:
    """What a build did: the model, the resolver, the SHACL verdict and the cache's use."""

    corpus: Corpus
    resolver: Resolver
    conforms: bool = True
    violations_text: str = ""
    extracted: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    projected: list[str] = field(default_factory=list)


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


@cache
def code_version() -> str:
    """A digest of the package's code and tables: a cached plan is stale when it changes."""
    digest = hashlib.sha256(_CACHE_FORMAT.encode())
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".csv", ".toml", ".json", ".txt", ".ttl"):
            if "app" in path.relative_to(PACKAGE_DIR).parts[:1]:
                continue
            digest.update(str(path.relative_to(PACKAGE_DIR)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def cache_dir(out: Path) -> Path:
    """Where the per-plan cache of a build into ``out`` lives."""
    out = out.resolve()
    return out.parent / f".{out.name}.cache"


def _plan_key(path: Path, options: dict[str, str]) -> str:
    digest = hashlib.sha256(code_version().encode())
    digest.update(path.name.encode())
    digest.update(path.read_bytes())
    for side in (path.with_name(path.stem + ".meta.toml"), corrections_path(path)):
        digest.update(b"\0" + side.name.encode())
        if side.exists():
            digest.update(side.read_bytes())
    digest.update(json.dumps(options, sort_keys=True).encode())
    return digest.hexdigest()


class _Cache:
    """Pickled results by key under ``folder/kind/``; a damaged entry is a miss."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def get(self, kind: str, key: str) -> Any:
        if self.folder is None:
            return None
        path = self.folder / kind / f"{key}.pickle"
        try:
            with path.open("rb") as fh:
                return pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None

    def put(self, kind: str, key: str, value: Any) -> None:
        if self.folder is None:
            return
        folder = self.folder / kind
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / f"{key}.pickle")

    def keep_only(self, kind: str, keys: set[str]) -> None:
        """Forget entries no plan of this build uses (the cache does not grow forever)."""
        if self.folder is None or not (self.folder / kind).is_dir():
            return
        for path in (self.folder / kind).iterdir():
            if path.suffix == ".pickle" and path.stem not in keys:
                path.unlink(missing_ok=True)


# --------------------------------------------------------------------------- workers

_WORKER: dict[str, Any] = {}


def _init_worker(genre: Genre, resolver: Resolver, options: dict[str, str]) -> None:
    _WORKER.update(genre=genre, resolver=resolver, options=options)


def _extract(path: Path) -> PlanResult:
    return extract_plan(path, _WORKER["genre"], _WORKER["resolver"], _WORKER["options"])


def _project(item: tuple[str, Corpus, bool]) -> tuple[str, list[str], Any]:
    from graphbuild.graph.graphfile import nt_lines
    from graphbuild.graph.triples import project

    plan_id, part, validate = item
    triples = project(part)
    lines = nt_lines(triples)
    result = None
    if validate:
        from graphbuild.graph.validate import validate_triples

        result = validate_triples(triples, plan_id, lines)
    return plan_id, lines, result


def _map(
    function: Callable[[Any], Any], items: list[Any], jobs: int, init: tuple[Any, ...]
) -> Iterator[Any]:
    """``function`` over ``items`` in order, in ``jobs`` processes (here when 1 or 1 item)."""
    if jobs <= 1 or len(items) <= 1:
        _init_worker(*init)
        yield from map(function, items)
        return
    # forkserver: workers are forked from a clean server process, never from this one,
    # whose threads (a native validator's, a driver's) would leave locks held in a child
    context = get_context("forkserver")
    context.set_forkserver_preload(["graphbuild.build", "graphbuild.graph.validate"])
    workers = min(jobs, len(items))
    with ProcessPoolExecutor(workers, context, initializer=_init_worker, initargs=init) as pool:
        yield from pool.map(function, items, chunksize=1)


# --------------------------------------------------------------------------- the build


def run_build(
    folder: Path,
    out: Path,
    *,
    jobs: int | None = None,
    validate: bool = True,
    rebuild: bool = False,
    use_cache: bool = True,
    options: dict[str, str] | None = None,
    strict: bool = False,
    progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None,
) -> BuildResult:
    """Build ``folder`` into ``out`` (replaced atomically); see the module docstring.

    Raises
    ------
    graphbuild.errors.InputError
        For a missing folder, when no file is usable, or (``strict``) for any bad file.
    """
    from graphbuild.store import render_outputs, write_outputs

    jobs = jobs or default_jobs()
    options = dict(options or {})
    genre, resolver = load_genre(), Resolver.load()
    store = _Cache(cache_dir(out) if use_cache else None)
    files = find_documents(folder)
    keys = {path: _plan_key(path, options) for path in files}
    results: dict[Path, PlanResult] = {}
    outcome = BuildResult(Corpus(), resolver)
    if not rebuild:
        for path in files:
            hit = store.get("plans", keys[path])
            if isinstance(hit, PlanResult):
                results[path] = hit
                outcome.reused.append(path.name)
    todo = [p for p in files if p not in results]
    done = _map(_extract, todo, jobs, (genre, resolver, options))
    for path, result in zip(progress(todo) if progress else todo, done, strict=True):
        store.put("plans", keys[path], result)
        results[path] = result
        outcome.extracted.append(path.name)
    store.keep_only("plans", set(keys.values()))
    corpus = assemble([results[p] for p in files], resolver, genre, strict=strict, folder=folder)
    results.clear()
    outcome.corpus = corpus
    files_out = render_outputs(corpus, resolver, graph=False)
    with tempfile.TemporaryDirectory(prefix=f".{out.name}.parts.", dir=_parent(out)) as tmp:
        graph = Path(tmp) / "graph.nt"
        verdict = _project_all(corpus, validate, jobs, store, Path(tmp), graph, outcome)
        if validate:
            from graphbuild.graph.validate import format_violations

            files_out["shacl_report.txt"] = format_violations(verdict)
            outcome.conforms = verdict.conforms
            outcome.violations_text = format_violations(verdict)
        write_outputs(files_out, out, moved={"graph.nt": graph})
    return outcome


def _parent(out: Path) -> Path:
    parent = out.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    return parent


def _project_all(
    corpus: Corpus,
    validate: bool,
    jobs: int,
    store: _Cache,
    tmp: Path,
    graph: Path,
    outcome: BuildResult,
) -> Any:
    """Project (and validate) each plan's part; merge the sorted lines into ``graph``."""
    from graphbuild.graph.graphfile import merge_sorted
    from graphbuild.graph.parts import plan_corpus

    results: list[Any] = []
    parts: list[Path] = []
    todo: list[tuple[str, Corpus, bool]] = []
    keys: dict[str, str] = {}
    for i, plan in enumerate(corpus.plans):
        part = plan_corpus(corpus, plan)
        digest = hashlib.sha256(code_version().encode() + str(validate).encode())
        digest.update(pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL))
        keys[plan.id] = key = digest.hexdigest()
        parts.append(tmp / f"{i:06d}.nt")
        hit = store.get("graphs", key)
        if hit is not None:
            _write_part(parts[-1], hit[0])
            results.append(hit[1])
        else:
            todo.append((plan.id, part, validate))
            results.append(None)
    where = {plan.id: i for i, plan in enumerate(corpus.plans)}
    init = (None, None, {})
    for plan_id, lines, result in _map(_project, todo, jobs, init):
        store.put("graphs", keys[plan_id], (lines, result))
        _write_part(parts[where[plan_id]], lines)
        results[where[plan_id]] = result
        outcome.projected.append(plan_id)
    store.keep_only("graphs", set(keys.values()))
    if not corpus.plans:
        from graphbuild.graph.graphfile import ntriples

        graph.write_text(ntriples(corpus), encoding="utf-8")
    else:
        merge_sorted(parts, graph)
    if not validate:
        return None
    from graphbuild.graph.validate import merge_results, validate_orphans

    orphans = validate_orphans(corpus)
    return merge_results([r for r in results if r is not None] + orphans)


def _write_part(path: Path, lines: list[str]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for line in lines:
            fh.write(line + "\n")


def remove_cache(out: Path) -> None:
    """Delete the per-plan cache of a build into ``out``."""
    shutil.rmtree(cache_dir(out), ignore_errors=True)
