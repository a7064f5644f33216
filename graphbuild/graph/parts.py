"""The part of a corpus one plan needs, and the lookups the projection resolves names with."""

from __future__ import annotations

from dataclasses import dataclass, field

from graphbuild.model import Agency, Corpus, Person, Plan, WorkingGroup

__all__ = ["Index", "members", "plan_corpus"]


def plan_corpus(corpus: Corpus, plan: Plan) -> Corpus:
    """The part of a corpus one plan needs: its own records and the shared ones it touches.

    Agencies are those of the plan's county plus any its tasks and working groups name in
    another county; people are those of its file or county.
    """
    tasks = [t for t in corpus.tasks if t.plan == plan.id]
    groups = [g for g in corpus.working_groups if g.plan == plan.id]
    named = {(t.county, u.canonical) for t in tasks for u in t.units}
    named |= {(g.county, c) for g in groups for c in (*members(g), g.office_canonical)}
    return Corpus(
        plans=[plan],
        attachments=[a for a in corpus.attachments if a.plan == plan.id],
        sections=[s for s in corpus.sections if s.plan == plan.id],
        tasks=tasks,
        people=[
            p
            for p in corpus.people
            if p.county == plan.county or p.source.file in (plan.file, plan.source.file)
        ],
        working_groups=groups,
        groups=[g for g in corpus.groups if g.plan == plan.id],
        targets=[t for t in corpus.targets if t.plan == plan.id],
        alignments=[a for a in corpus.alignments if a.a in {t.id for t in tasks}],
        inconsistencies=[i for i in corpus.inconsistencies if i.plan == plan.id],
        agencies=[
            a
            for a in corpus.agencies
            if a.county == plan.county or (a.county, a.canonical) in named
        ],
    )


def members(group: WorkingGroup) -> list[str]:
    """Canonical names of a group's member units (the surface forms when none resolved)."""
    return list(group.member_canonical or group.member_units)


@dataclass
class Index:
    """Lookups from names as written to the records that describe them."""

    agencies: dict[tuple[str, str], Agency] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    people_by_name: dict[tuple[str, str], Person] = field(default_factory=dict)
    groups: dict[tuple[str, str], WorkingGroup] = field(default_factory=dict)

    @classmethod
    def of(cls, corpus: Corpus) -> Index:
        index = cls()
        for agency in corpus.agencies:
            for name in agency.names:
                index.agencies.setdefault((agency.county, name), agency)
        for agency in corpus.agencies:
            index.agencies[(agency.county, agency.canonical)] = agency
        for person in corpus.people:
            index.people[person.id] = person
            for key in (person.name, person.post + person.name):
                if key:
                    index.people_by_name.setdefault((person.county, key), person)
        for group in corpus.working_groups:
            index.groups[(group.county, group.name)] = group
        return index
