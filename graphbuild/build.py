"""Build the canonical model from a folder of plans: read, parse, extract, resolve."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphbuild.analyse.review import review_plan
from graphbuild.extract.metadata import county_slug, plan_metadata, read_sidecar
from graphbuild.extract.tree import Extraction, extract_document
from graphbuild.model import Agency, Corpus, Plan
from graphbuild.parse.document import parse_document
from graphbuild.read.corpus import InputError, find_documents
from graphbuild.read.genre import Genre, load_genre
from graphbuild.read.readers import read_any
from graphbuild.resolve import Resolver, load_battles

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
    ``assessment`` the review of what was read (kept even for a plan without tasks).
    """

    file: str
    plan: Plan | None = None
    extraction: Extraction | None = None
    text: str = ""
    unresolved: set[tuple[str, str]] = field(default_factory=set)
    problem: str = ""
    input_error: bool = False
    assessment: dict[str, Any] | None = None


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
        result = PlanResult(path.name, plan, ext, doc.text, set(resolver.unresolved))
        result.assessment = assessment
        return result
    except InputError as exc:
        return PlanResult(path.name, problem=str(exc), input_error=True)
    except Exception as exc:
        problem = (
            f"{path.name}: could not be read ({type(exc).__name__}: {exc}); please report this file"
        )
        return PlanResult(path.name, problem=problem)
    finally:
        resolver.unresolved.update(before)


def assemble(
    results: Iterable[PlanResult],
    resolver: Resolver,
    genre: Genre,
    *,
    strict: bool = False,
    folder: Path | None = None,
) -> Corpus:
    """The corpus of the plans' results (in file order) and the cross-plan steps.

    Agencies, targets, alignments and inconsistencies need every plan; the rest was made
    per plan. A plan whose ID another file already gave is skipped with its reason.

    Raises
    ------
    InputError
        When no file is usable, or (``strict``) for the first unusable file.
    """
    corpus = Corpus()
    slugs: set[str] = set()
    texts: dict[str, str] = {}
    for result in results:
        problem = result.problem
        if result.plan is not None and result.plan.id in slugs:
            problem = (
                f"{result.file}: another file gives the same plan id {result.plan.id!r}; rename it"
            )
        elif result.assessment is not None:
            corpus.assessments.append(result.assessment)
        if problem:
            if strict:
                raise InputError(problem)
            corpus.skipped.append(problem)
            continue
        plan, ext = result.plan, result.extraction
        assert plan is not None and ext is not None
        slugs.add(plan.id)
        resolver.unresolved.update(result.unresolved)
        texts[plan.file] = result.text
        _add(corpus, plan, ext)
    if not corpus.plans:
        if len(corpus.skipped) == 1:
            raise InputError(corpus.skipped[0])
        raise InputError(
            f"{folder or 'the input folder'}: no usable plan; {len(corpus.skipped)} files "
            "failed: " + " | ".join(corpus.skipped)
        )
    corpus.agencies = _agencies(corpus, resolver, genre)
    from graphbuild.analyse.compare import enrich

    enrich(corpus, folder, texts=texts)
    return corpus


def _add(corpus: Corpus, plan: Plan, ext: Extraction) -> None:
    corpus.plans.append(plan)
    corpus.attachments.extend(ext.attachments)
    corpus.sections.extend(ext.sections)
    corpus.tasks.extend(ext.tasks)
    corpus.people.extend(ext.people)
    corpus.working_groups.extend(ext.working_groups)
    corpus.groups.extend(ext.groups)
    corpus.warnings.extend(ext.warnings)


def _agencies(corpus: Corpus, resolver: Resolver, genre: Genre) -> list[Agency]:
    """One agency per (county, canonical name), with every surface form seen."""
    seen: dict[tuple[str, str], Agency] = {}
    slug = {p.county: p.id for p in corpus.plans}

    def add(county: str, name: str) -> None:
        res = resolver.resolve(county, name)
        key = (county, res.canonical)
        agency = seen.get(key)
        if agency is None:
            agency = Agency(
                id=f"{slug[county]}/agency/{res.canonical}",
                county=county,
                canonical=res.canonical,
                names=[],
                functions=list(res.functions),
                collective=genre.is_collective(name),
                resolved=res.resolved,
            )
            seen[key] = agency
        if name not in agency.names:
            agency.names.append(name)

    for task in corpus.tasks:
        for unit in task.units:
            add(task.county, unit.name)
    for section in corpus.sections:
        county = next(p.county for p in corpus.plans if p.id == section.plan)
        for unit in section.units:
            add(county, unit.name)
    for wg in corpus.working_groups:
        for name in wg.member_units:
            add(wg.county, name)
        if wg.office:
            add(wg.county, wg.office)
    return sorted(seen.values(), key=lambda a: (a.county, a.canonical))


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
