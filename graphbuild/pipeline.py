"""``graphbuild build`` as a pipeline over plans: cached, on every core, streamed to disk.

Per plan, in a process pool (``jobs`` workers, the results taken in file order so the output
is the same for any number of workers):

1. **extract** — read the file once, parse, find its metadata, extract and resolve, find
   its targets (:func:`graphbuild.build.extract_plan`) and render its share of every output
   file (:func:`graphbuild.fragments.render_plan`). The result and those fragments are
   kept on disk in the per-plan cache, under a key made of the file's bytes, its
   ``.meta.toml``, its ``.corrections.csv``, the command-line options and
   :func:`code_version` (the package's code and tables); this process keeps only the
   plan's small :class:`~graphbuild.summary.PlanSummary`.
2. **cross-plan steps**, in this process, on the summaries — which plans are used,
   agencies, the report; alignments only for a handful of plans
   (:data:`~graphbuild.analyse.compare.MAX_ALIGNED_PAIRS`), whose results are then read.
3. **project and validate** — a worker reads the plan's result back, with its county's
   agencies (and the people of its county's other plans), projects it to N-Triples and
   validates it with SHACL; the sorted lines go to a file per plan, cached under a hash
   of what the plan's graph depends on (:class:`~graphbuild.workers.GraphJob`). In a
   build too large to align, step 1 already projected each plan with its own agencies
   while it had it in memory; that graph is used unless the plan shares its county.
4. **write** — ``graph.nt`` is the merge of the plans' sorted files, every other output
   file the concatenation of the plans' fragments, copied from disk: no graph, model or
   rendered file of the whole corpus is ever held in memory.

The cache lives beside the output folder (``.NAME.cache/`` for ``--out NAME``); ``rebuild``
ignores what it holds (a build with ``use_cache=False`` keeps it in a temporary folder).
Adding or editing one plan re-extracts and re-projects that plan only (and the other
plans of its county, whose agencies may change); the cross-plan steps run again on the
summaries.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from graphbuild import workers
from graphbuild.analyse.compare import align, aligned_at_build
from graphbuild.analyse.compare.report import skipped_alignment
from graphbuild.build import check_usable
from graphbuild.cache import PlanCache, cache_dir, code_version, plan_key
from graphbuild.fragments import has_fragments, join_outputs
from graphbuild.model import Agency, Alignment, Corpus, Plan, to_dict
from graphbuild.read.corpus import find_documents
from graphbuild.read.genre import Genre, load_genre
from graphbuild.resolve import Resolver
from graphbuild.summary import PlanSummary, accepted, county_agencies, report_of
from graphbuild.workers import GraphJob, default_jobs

__all__ = ["BuildResult", "cache_dir", "code_version", "default_jobs", "run_build"]


@dataclass
class BuildResult:
    """What a build did: the plans used (their summaries), the files skipped, the
    warnings, the SHACL verdict and the cache's use."""

    summaries: list[PlanSummary] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    conforms: bool = True
    violations_text: str = ""
    extracted: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    projected: list[str] = field(default_factory=list)

    @property
    def plans(self) -> list[Plan]:
        """The plans used, in file order."""
        return [s.plan for s in self.summaries if s.plan is not None]

    @property
    def tasks(self) -> int:
        """How many tasks, sub-items and rows the plans have."""
        return sum(s.totals["tasks"] for s in self.summaries)


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
    run = _Run(
        find_documents(folder),
        folder,
        Path(out),
        jobs or default_jobs(),
        validate,
        rebuild,
        dict(options or {}),
        strict,
        progress,
    )
    if use_cache:
        return run.build(cache_dir(run.out))
    with tempfile.TemporaryDirectory(prefix=f".{run.out.name}.work.", dir=_parent(run.out)) as tmp:
        run.rebuild = True
        return run.build(Path(tmp))


@dataclass
class _Run:
    """One build: its files and options, then :meth:`build` with a cache folder."""

    files: list[Path]
    folder: Path
    out: Path
    jobs: int
    validate: bool
    rebuild: bool
    options: dict[str, str]
    strict: bool
    progress: Callable[[Iterable[Path]], Iterable[Path]] | None

    def build(self, cache: Path) -> BuildResult:
        """Steps 1 to 4 of the module docstring."""
        from graphbuild.store import agencies_csv, jsonl, write_outputs

        genre, resolver = load_genre(), Resolver.load()
        store = PlanCache(cache)
        outcome = BuildResult()
        keys = {path: plan_key(path, self.options) for path in self.files}
        summaries, fresh = self._extract(store, keys, genre, resolver, outcome)

        # step 2: cross-plan steps, on the summaries
        used, skipped, assessments = accepted(summaries[p] for p in self.files)
        check_usable(used, skipped, strict=self.strict, folder=self.folder)
        key_of = {summaries[p].file: keys[p] for p in self.files}
        for summary in used:
            resolver.unresolved.update(summary.unresolved)
        agencies = county_agencies(used, resolver, genre)
        warnings = [w for s in used for w in s.warnings]
        aligned = _align(used, key_of, agencies, store, warnings)
        outcome.summaries, outcome.skipped, outcome.warnings = used, skipped, warnings

        # step 3: each plan's graph
        graph_jobs = _graph_jobs(used, key_of, agencies, aligned.alignments, self.validate, cache)
        graphs = self._graphs(graph_jobs, store, fresh, outcome)

        # step 4: the build folder
        report = report_of(
            used,
            resolver,
            agencies=len(agencies),
            warnings=warnings,
            skipped=skipped,
            assessments=assessments,
        )
        files_out = {
            "agencies.csv": agencies_csv(agencies),
            "alignments.jsonl": jsonl([to_dict(a) for a in aligned.alignments]),
            "report.json": json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
        }
        if self.validate:
            from graphbuild.graph.validate import format_violations, merge_results

            verdict = merge_results([store.get("graphs", key) for key in graphs])
            files_out["shacl_report.txt"] = format_violations(verdict)
            outcome.conforms = verdict.conforms
            outcome.violations_text = files_out["shacl_report.txt"]
        cross_plan = {
            "agencies": agencies,
            "agency_alignments": aligned.agency_alignments,
            "alignments": aligned.alignments,
            "assessments": assessments,
            "section_alignments": aligned.section_alignments,
            "skipped": skipped,
            "warnings": warnings,
        }
        fragments = [(s.plan.id, s.file, store.fragments(key_of[s.file])) for s in used if s.plan]
        with tempfile.TemporaryDirectory(prefix=f".{self.out.name}.", dir=_parent(self.out)) as tmp:
            from graphbuild.graph.graphfile import merge_sorted

            graph = Path(tmp) / "graph.nt"
            parts = [store.path("graphs", key, ".nt") for key in graphs]
            # the merge (a `sort` process) and the joining (copies in the kernel) both wait
            # on the disk: side by side they take the time of the longer
            with ThreadPoolExecutor(1) as merging:
                merged = merging.submit(merge_sorted, parts, graph)
                moved = join_outputs(fragments, cross_plan, Path(tmp))
                merged.result()
            write_outputs(files_out, self.out, moved={"graph.nt": graph, **moved})
        return outcome

    def _extract(
        self,
        store: PlanCache,
        keys: dict[Path, str],
        genre: Genre,
        resolver: Resolver,
        outcome: BuildResult,
    ) -> tuple[dict[Path, PlanSummary], set[str]]:
        """Step 1: each plan's summary, from the cache or extracted (in the pool); and the
        keys of the graphs projected on the way."""
        summaries: dict[Path, PlanSummary] = {}
        if not self.rebuild:
            for path in self.files:
                hit = store.get("summaries", keys[path])
                if not isinstance(hit, PlanSummary) or not store.path("plans", keys[path]).exists():
                    continue
                if hit.plan is None or has_fragments(store.fragments(keys[path])):
                    summaries[path] = hit
                    outcome.reused.append(path.name)
        todo = [p for p in self.files if p not in summaries]
        # a plan alone in its county, in a build too large to align, needs only itself
        # for its graph: project it while it is in memory
        early = not aligned_at_build(len(self.files))
        items = [(p, keys[p], store.folder) for p in todo]
        initargs = (genre, resolver, self.options, early, self.validate)
        done = workers.run(workers.extract_step, items, self.jobs, initargs)
        fresh: set[str] = set()
        for path, (summary, graph) in zip(
            self.progress(todo) if self.progress else todo, done, strict=True
        ):
            store.put("summaries", keys[path], summary)
            summaries[path] = summary
            outcome.extracted.append(path.name)
            fresh.add(graph)
        for kind in ("plans", "summaries", "fragments"):
            store.keep_only(kind, set(keys.values()))
        return summaries, fresh

    def _graphs(
        self, jobs_in: list[GraphJob], store: PlanCache, fresh: set[str], outcome: BuildResult
    ) -> list[str]:
        """Step 3: the graph key of each plan, projected (in the pool) where the cache (or
        step 1) does not have it."""
        keys = [job.digest() for job in jobs_in]

        def cached(key: str) -> bool:
            return (key in fresh or not self.rebuild) and all(
                store.path("graphs", key, suffix).exists() for suffix in (".nt", ".pickle")
            )

        todo = [(job, key) for job, key in zip(jobs_in, keys, strict=True) if not cached(key)]
        list(workers.run(workers.graph_step, [job for job, _ in todo], self.jobs, (None, None, {})))
        made = fresh | {key for _, key in todo}
        outcome.projected = [
            job.plan for job, key in zip(jobs_in, keys, strict=True) if key in made
        ]
        store.keep_only("graphs", set(keys))
        return keys


def _parent(out: Path) -> Path:
    parent = Path(out).resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    return parent


def _align(
    used: list[PlanSummary],
    key_of: dict[str, str],
    agencies: list[Agency],
    store: PlanCache,
    warnings: list[str],
) -> Corpus:
    """The alignments of a handful of plans (their results read back), else none and a
    warning (:func:`~graphbuild.analyse.compare.aligned_at_build`): ``graphbuild compare``
    then aligns a pair on demand."""
    if not aligned_at_build(len(used)):
        warnings.append(skipped_alignment(len(used)))
        return Corpus()
    full = Corpus(agencies=agencies)
    for summary in used:
        part = store.get("plans", key_of[summary.file]).part()
        for name in ("plans", "sections", "tasks"):
            getattr(full, name).extend(getattr(part, name))
    align(full)
    return full


def _graph_jobs(
    used: list[PlanSummary],
    key_of: dict[str, str],
    agencies: list[Agency],
    alignments: list[Alignment],
    validate: bool,
    cache: Path,
) -> list[GraphJob]:
    """One projection job per plan, with the agencies of the counties it names."""
    by_county: dict[str, list[Agency]] = {}
    for agency in agencies:
        by_county.setdefault(agency.county, []).append(agency)
    plans_of: dict[str, list[str]] = {}
    for s in used:
        assert s.plan is not None
        plans_of.setdefault(s.plan.county, []).append(key_of[s.file])
    jobs = []
    for s in used:
        assert s.plan is not None
        own = key_of[s.file]
        counties = sorted({s.plan.county} | {c for names in s.unit_names for c, _ in names})
        jobs.append(
            GraphJob(
                s.plan.id,
                [own, *(k for k in plans_of[s.plan.county] if k != own)],
                [a for c in counties for a in by_county.get(c, [])],
                alignments,
                validate,
                cache,
            )
        )
    return jobs


def remove_cache(out: Path) -> None:
    """Delete the per-plan cache of a build into ``out``."""
    shutil.rmtree(cache_dir(out), ignore_errors=True)
