"""Build the canonical model from a folder of plans: read, parse, extract, resolve."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphbuild.analyse.compare import align, plan_targets
from graphbuild.analyse.review import review_plan
from graphbuild.extract.metadata import county_slug, plan_metadata, read_sidecar
from graphbuild.extract.tree import Extraction, extract_document
from graphbuild.model import Corpus, Inconsistency, Plan, Target
from graphbuild.parse.document import parse_document
from graphbuild.read.corpus import InputError, find_documents
from graphbuild.read.genre import Genre, load_genre
from graphbuild.read.readers import read_any
from graphbuild.resolve import Resolver, load_battles
from graphbuild.summary import PlanSummary, accepted, agencies_of, own_agencies, summarise

__all__ = [
    "PlanResult",
    "assemble",
    "build_corpus",
    "county_slug",
    "extract_plan",
    "plan_metadata",
]


@dataclass
class PlanResult:
    """One file's extraction, as the per-plan cache keeps it.

    ``text`` is the decoded text the offsets index (the comparison step gives targets their
    spans from it, so no file is read twice); ``unresolved`` the names the alias table did
    not cover; ``problem`` the one-line reason when the file could not be used;
    ``assessment`` the review of what was read (kept even for a plan without tasks);
    ``targets`` and ``inconsistencies`` the plan's own (:func:`plan_targets`); ``summary``
    what the cross-plan steps need of it (:mod:`graphbuild.summary`).
    """

    file: str
    plan: Plan | None = None
    extraction: Extraction | None = None
    text: str = ""
    unresolved: set[tuple[str, str]] = field(default_factory=set)
    problem: str = ""
    input_error: bool = False
    assessment: dict[str, Any] | None = None
    targets: list[Target] = field(default_factory=list)
    inconsistencies: list[Inconsistency] = field(default_factory=list)
    summary: PlanSummary = field(default_factory=lambda: PlanSummary(""))

    def part(self) -> Corpus:
        """The plan's own records as a corpus of one plan (empty for an unusable file)."""
        if self.plan is None or self.extraction is None:
            return Corpus()
        ext = self.extraction
        return Corpus(
            plans=[self.plan],
            attachments=list(ext.attachments),
            sections=list(ext.sections),
            tasks=list(ext.tasks),
            people=list(ext.people),
            working_groups=list(ext.working_groups),
            groups=list(ext.groups),
            targets=list(self.targets),
            inconsistencies=list(self.inconsistencies),
            warnings=list(ext.warnings),
        )


def extract_plan(
    path: Path, genre: Genre, resolver: Resolver, options: dict[str, str] | None = None
) -> PlanResult:
    """Read, parse and extract one plan; a file that cannot be used gives its ``problem``.

    The per-plan step of the build: it needs nothing from the other plans, so it runs in a
    worker process and its result is cached.
    """
    before = set(resolver.unresolved)
    resolver.unresolved.clear()
    try:
        result = _extract(path, genre, resolver, options)
    finally:
        resolver.unresolved.update(before)
    result.summary = summarise(
        result.part(),
        result.file,
        problem=result.problem,
        input_error=result.input_error,
        unresolved=result.unresolved,
        assessment=result.assessment,
    )
    if result.plan is not None:
        own_agencies(result.summary, resolver, genre)
    return result


def _extract(
    path: Path, genre: Genre, resolver: Resolver, options: dict[str, str] | None
) -> PlanResult:
    try:
        doc = read_any(path)
        parsed = parse_document(doc)
        plan = plan_metadata(parsed, read_sidecar(doc.path), options)
        ext = extract_document(parsed, plan.id, plan.county, genre, load_battles(), resolver)
        # the per-plan review: the plan's corrections applied, then what was read assessed
        assessment = review_plan(doc, parsed, plan, ext, genre, resolver)
        if not ext.tasks:
            return PlanResult(
                path.name,
                problem=f"{doc.name}: no numbered task found; is this a task-division plan?",
                input_error=True,
                assessment=assessment,
            )
        targets, inconsistencies = plan_targets(plan, ext.sections, ext.tasks, doc.text)
        return PlanResult(
            path.name,
            plan,
            ext,
            doc.text,
            set(resolver.unresolved),
            assessment=assessment,
            targets=targets,
            inconsistencies=inconsistencies,
        )
    except InputError as exc:
        return PlanResult(path.name, problem=str(exc), input_error=True)
    except Exception as exc:
        problem = (
            f"{path.name}: could not be read ({type(exc).__name__}: {exc}); please report this file"
        )
        return PlanResult(path.name, problem=problem)


def assemble(
    results: Iterable[PlanResult],
    resolver: Resolver,
    genre: Genre,
    *,
    strict: bool = False,
    folder: Path | None = None,
) -> Corpus:
    """The corpus of the plans' results (in file order) and the cross-plan steps.

    Agencies and alignments need every plan; the rest was made per plan. A plan whose ID
    another file already gave is skipped with its reason.

    Raises
    ------
    InputError
        When no file is usable, or (``strict``) for the first unusable file.
    """
    results = list(results)
    used, skipped, assessments = accepted(r.summary for r in results)
    check_usable(used, skipped, strict=strict, folder=folder)
    by_file = {r.file: r for r in results}
    corpus = Corpus(skipped=skipped, assessments=assessments)
    for summary in used:
        result = by_file[summary.file]
        resolver.unresolved.update(result.unresolved)
        corpus.texts[summary.file] = result.text
        part = result.part()
        for name in PER_PLAN:
            getattr(corpus, name).extend(getattr(part, name))
    corpus.agencies = agencies_of(used, resolver, genre)
    for summary in sorted(used, key=lambda s: s.plan.id if s.plan else ""):
        corpus.targets.extend(by_file[summary.file].targets)
        corpus.inconsistencies.extend(by_file[summary.file].inconsistencies)
    align(corpus)
    return corpus


#: The lists of a corpus each plan's own records fill, in file order.
PER_PLAN = (
    "plans",
    "attachments",
    "sections",
    "tasks",
    "people",
    "working_groups",
    "groups",
    "warnings",
)


def check_usable(
    used: list[PlanSummary], skipped: list[str], *, strict: bool, folder: Path | None
) -> None:
    """Raise the build's error when no plan is usable, or (``strict``) when one is not.

    Raises
    ------
    InputError
        With the file's own reason when it is the only one.
    """
    if skipped and strict:
        raise InputError(skipped[0])
    if not used:
        if len(skipped) == 1:
            raise InputError(skipped[0])
        raise InputError(
            f"{folder or 'the input folder'}: no usable plan; {len(skipped)} files "
            "failed: " + " | ".join(skipped)
        )


def build_corpus(
    folder: Path,
    *,
    genre: Genre | None = None,
    resolver: Resolver | None = None,
    progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None,
    options: dict[str, str] | None = None,
    strict: bool = False,
) -> tuple[Corpus, Resolver]:
    """Read every plan in ``folder`` and return the model and the resolver used.

    The plans are read one after the other in this process; ``graphbuild build`` runs the
    same steps in a process pool with a per-plan cache (:mod:`graphbuild.pipeline`).
    A file that cannot be used is skipped and its one-line reason kept in
    ``corpus.skipped``; with ``strict`` the first such file stops the build.

    Raises
    ------
    InputError
        For a missing folder, when no file is usable, or (``strict``) for any bad file.
    """
    genre = genre or load_genre()
    resolver = resolver or Resolver.load()
    files = find_documents(folder)

    def results() -> Iterator[PlanResult]:
        for path in progress(files) if progress else files:
            result = extract_plan(path, genre, resolver, options)
            if strict and result.problem:
                raise InputError(result.problem)
            yield result

    corpus = assemble(results(), resolver, genre, strict=strict, folder=folder)
    return corpus, resolver
