"""What the cross-plan steps need of one plan, and those steps over every plan's summary.

A :class:`PlanSummary` is small (counts, names, the plan record): the build keeps one per
plan in memory while the plans' records stay on disk, so the memory of a build does not
grow with the size of the plans, only with their number. The same functions serve the
in-memory build (:func:`graphbuild.build.assemble`) and the report of any corpus
(:func:`graphbuild.store.report`), so both give the same agencies and report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from graphbuild.model import BATTLES, Agency, Corpus, Plan, to_dict
from graphbuild.read.genre import Genre
from graphbuild.resolve import Resolver

__all__ = [
    "PlanSummary",
    "accepted",
    "agencies_of",
    "county_agencies",
    "own_agencies",
    "plan_stats",
    "report_of",
    "summaries_of",
    "summarise",
]


@dataclass
class PlanSummary:
    """One file's result as the cross-plan steps see it.

    ``unit_names`` holds the (county, name) of every unit named by the plan's tasks, its
    sections and its working groups, in that order and in document order (agencies take
    their surface forms in this order); ``mentions`` counts the names as the text gives
    them (for the report's unresolved names); ``counts`` is tasks, units and leads per
    county, battle and kind; ``totals`` the records of each kind.
    """

    file: str
    plan: Plan | None = None
    problem: str = ""
    input_error: bool = False
    assessment: dict[str, Any] | None = None
    unresolved: set[tuple[str, str]] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    unit_names: tuple[list[tuple[str, str]], ...] = field(default_factory=lambda: ([], [], []))
    mentions: Counter[tuple[str, str]] = field(default_factory=Counter)
    counts: dict[str, dict[str, Counter[str]]] = field(default_factory=dict)
    totals: Counter[str] = field(default_factory=Counter)
    without_responsibility: list[str] = field(default_factory=list)
    stats: list[dict[str, Any]] = field(default_factory=list)
    agencies: list[Agency] | None = None
    agency_unresolved: set[tuple[str, str]] = field(default_factory=set)


def summarise(part: Corpus, file: str = "", **fields: Any) -> PlanSummary:
    """The summary of one plan's records (``part`` holds that plan and its records only).

    ``fields`` sets the rest (``problem``, ``assessment``, ``unresolved``, …).
    """
    plan = part.plans[0] if part.plans else None
    county = plan.county if plan else ""
    out = PlanSummary(file or (plan.file if plan else ""), plan, **fields)
    out.warnings = list(part.warnings)
    tasks, sections, groups = out.unit_names
    for task in part.tasks:
        tasks.extend((task.county, u.name) for u in task.units)
        per = out.counts.setdefault(task.county, {}).setdefault(task.battle or "-", Counter())
        per[task.kind] += 1
        per["units"] += len(task.units)
        per["leads"] += sum(u.role == "lead" for u in task.units)
        per["inherited_leads"] += sum(u.role == "lead" and u.inherited for u in task.units)
        for unit in task.units:
            for m in unit.mentions:
                if not m.inherited:
                    out.mentions[(task.county, m.name)] += 1
        if not task.units:
            out.without_responsibility.append(task.id)
    for section in part.sections:
        sections.extend((county, u.name) for u in section.units)
    for wg in part.working_groups:
        names = [*wg.member_units, *([wg.office] if wg.office else [])]
        groups.extend((wg.county, n) for n in names)
        for name in names:
            out.mentions[(wg.county, name)] += 1
    out.stats = plan_stats(part)
    out.totals.update(
        tasks=len(part.tasks),
        sections=len(part.sections),
        responsibilities=sum(len(t.units) for t in part.tasks),
        people=len(part.people),
        working_groups=len(part.working_groups),
    )
    return out


def plan_stats(part: Corpus) -> list[dict[str, Any]]:
    """Per battle of the plan (in the six battles' order, then the plan's own sections):
    tasks, sub-items, rows, leads, units and working groups."""
    if not part.plans:
        return []
    plan = part.plans[0]
    found = dict.fromkeys(t.battle for t in part.tasks if t.plan == plan.id)
    own = [b for b in found if b is not None and b not in BATTLES]
    order = [b for b in BATTLES if b in found] + own + ([None] if None in found else [])
    rows = []
    for battle in order:
        tasks = [t for t in part.tasks if t.plan == plan.id and t.battle == battle]
        units = [u for t in tasks for u in t.units]
        rows.append(
            {
                "county": plan.county,
                "battle": battle or "-",
                "tasks": sum(t.kind == "task" for t in tasks),
                "subitems": sum(t.kind == "subitem" for t in tasks),
                "rows": sum(t.kind == "row" for t in tasks),
                "with_lead": sum(any(u.role == "lead" for u in t.units) for t in tasks),
                "no_unit": sum(not t.units for t in tasks),
                "responsibilities": len(units),
                "agencies": len({u.canonical for u in units}),
                "working_groups": sum(
                    w.plan == plan.id and w.battle == battle for w in part.working_groups
                ),
            }
        )
    return rows


def summaries_of(corpus: Corpus) -> list[PlanSummary]:
    """The summary of each plan of an in-memory corpus (people go with the plan of the
    file they were read from; any left over are counted apart)."""
    by_plan: dict[str, Corpus] = {p.id: Corpus(plans=[p]) for p in corpus.plans}
    by_file = {p.file: by_plan[p.id] for p in corpus.plans}
    for name in ("sections", "tasks", "working_groups"):
        for record in getattr(corpus, name):
            part = by_plan.get(record.plan)
            if part is not None:
                getattr(part, name).append(record)
    others = 0
    for person in corpus.people:
        part = by_file.get(person.source.file)
        if part is None:
            others += 1
        else:
            part.people.append(person)
    out = [summarise(part) for part in by_plan.values()]
    if others:
        out.append(PlanSummary("", totals=Counter(people=others)))
    return out


def accepted(
    summaries: Iterable[PlanSummary],
) -> tuple[list[PlanSummary], list[str], list[dict[str, Any]]]:
    """The summaries whose plan is used (in file order), the reasons the others were
    skipped, and the assessments to report: a file that could not be used, or whose plan
    ID another file already gave, is skipped with its one-line reason."""
    used: list[PlanSummary] = []
    skipped: list[str] = []
    assessments: list[dict[str, Any]] = []
    ids: set[str] = set()
    for s in summaries:
        problem = s.problem
        if s.plan is not None and s.plan.id in ids:
            problem = f"{s.file}: another file gives the same plan id {s.plan.id!r}; rename it"
        elif s.assessment is not None:
            assessments.append(s.assessment)
        if problem:
            skipped.append(problem)
            continue
        assert s.plan is not None
        ids.add(s.plan.id)
        used.append(s)
    return used, skipped, assessments


def agencies_of(summaries: list[PlanSummary], resolver: Resolver, genre: Genre) -> list[Agency]:
    """One agency per (county, canonical name), with every surface form seen: the names
    of every plan's tasks first, then its sections', then its working groups'."""
    seen: dict[tuple[str, str], Agency] = {}
    slug = {s.plan.county: s.plan.id for s in summaries if s.plan}
    for kind in range(3):
        for s in summaries:
            for county, name in s.unit_names[kind]:
                res = resolver.resolve(county, name)
                key = (county, res.canonical)
                agency = seen.get(key)
                if agency is None:
                    agency = seen[key] = Agency(
                        id=f"{slug[county]}/agency/{res.canonical}",
                        county=county,
                        canonical=res.canonical,
                        names=[],
                        functions=list(res.functions),
                        collective=genre.is_collective(name),
                        resolved=res.resolved,
                    )
                if name not in agency.names:
                    agency.names.append(name)
    return sorted(seen.values(), key=lambda a: (a.county, a.canonical))


def own_agencies(summary: PlanSummary, resolver: Resolver, genre: Genre) -> None:
    """Set the summary's own agencies (the per-plan step does this, so that a build of many
    plans, each alone in its county, resolves no name again); the resolver is left as it
    was."""
    before = set(resolver.unresolved)
    summary.agencies = agencies_of([summary], resolver, genre)
    summary.agency_unresolved = resolver.unresolved - before
    resolver.unresolved.intersection_update(before)


def county_agencies(summaries: list[PlanSummary], resolver: Resolver, genre: Genre) -> list[Agency]:
    """:func:`agencies_of` the plans, taking a plan's own agencies where it is alone in its
    county and names no unit of another."""
    by_county: dict[str, list[PlanSummary]] = {}
    for s in summaries:
        assert s.plan is not None
        by_county.setdefault(s.plan.county, []).append(s)
    out: list[Agency] = []
    for county, group in by_county.items():
        own = group[0]
        alone = len(group) == 1 and own.agencies is not None
        if alone and all(c == county for names in own.unit_names for c, _ in names):
            out.extend(own.agencies or [])
            resolver.unresolved.update(own.agency_unresolved)
        else:
            out.extend(agencies_of(group, resolver, genre))
    return sorted(out, key=lambda a: (a.county, a.canonical))


def report_of(
    summaries: list[PlanSummary],
    resolver: Resolver,
    *,
    agencies: int,
    warnings: list[str],
    skipped: list[str],
    assessments: list[dict[str, Any]],
) -> dict[str, Any]:
    """``report.json``: counts per county and battle, gaps, unresolved names, warnings."""
    counts: dict[str, dict[str, Counter[str]]] = {}
    totals: Counter[str] = Counter()
    mentions: Counter[tuple[str, str]] = Counter()
    for s in summaries:
        for county, battles in s.counts.items():
            for battle, c in battles.items():
                counts.setdefault(county, {}).setdefault(battle, Counter()).update(c)
        totals.update(s.totals)
        mentions.update(s.mentions)
    plans = [s.plan for s in summaries if s.plan]
    return {
        "plans": [{k: v for k, v in to_dict(p).items() if k != "source"} for p in plans],
        "counts": {
            county: {battle: dict(sorted(c.items())) for battle, c in per.items()}
            for county, per in counts.items()
        },
        "totals": {
            "tasks": totals["tasks"],
            "sections": totals["sections"],
            "responsibilities": totals["responsibilities"],
            "people": totals["people"],
            "working_groups": totals["working_groups"],
            "agencies": agencies,
        },
        "tasks_without_responsibility": [t for s in summaries for t in s.without_responsibility],
        "unresolved_names": [
            {"county": c, "name": n, "mentions": mentions.get((c, n), 0)}
            for c, n in sorted(resolver.unresolved)
        ],
        "warnings": warnings,
        "skipped_files": skipped,
        "metadata_from": {p.file: p.metadata_from for p in plans},
        "assessment": assessments,
    }
