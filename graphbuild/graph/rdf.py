"""The RDF projection of a corpus, built from the model through :mod:`graphbuild.graph.schema`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, ORG, PROV, RDF, RDFS, SKOS, XSD

from graphbuild.graph.schema import (
    ID,
    KINDS,
    PROPERTIES,
    RELATIONS,
    ROLE_IRIS,
    ROLE_RELATIONS,
    SB,
    bind_prefixes,
    iri,
    span_iri,
)
from graphbuild.model import (
    Agency,
    Alignment,
    Attachment,
    Corpus,
    Group,
    Inconsistency,
    Person,
    PersonRef,
    Plan,
    Section,
    Source,
    Target,
    Task,
    UnitRef,
    WorkingGroup,
)
from graphbuild.resolve import Battle, load_battles

__all__ = ["build_graph", "load_graph", "plan_corpus", "plan_graphs"]


def build_graph(corpus: Corpus, battles: list[Battle] | None = None) -> Graph:
    """Project a corpus to RDF.

    Parameters
    ----------
    corpus : Corpus
        The canonical records.
    battles : list of Battle, optional
        The battle labels; read from ``data/battles.csv`` when not given.

    Returns
    -------
    rdflib.Graph
        Every record as a typed node with stable IRIs (:func:`graphbuild.graph.schema.iri`); every
        fact with a source ``prov:wasDerivedFrom`` an ``sb:SourceSpan``; every responsibility
        as an ``sb:Responsibility`` node and as its shortcut triple (``sb:leads``…). The six
        battles are SKOS concepts of ``sb:BattleScheme``.

    Notes
    -----
    A unit, person or issuer that no record of the corpus describes still gets a node
    (typed, named, sourced) so that every triple has both ends; its IRI is derived from the
    county and the name as written, so it is as stable as the document.
    """
    builder = _Builder(bind_prefixes(Graph()), _Index.of(corpus))
    builder.add_battles(battles if battles is not None else load_battles())
    builder.add_groups(corpus.groups)
    for plan in corpus.plans:
        builder.add_plan(plan)
    for attachment in corpus.attachments:
        builder.add_attachment(attachment)
    for section in corpus.sections:
        builder.add_section(section)
    for task in corpus.tasks:
        builder.add_task(task)
    for person in corpus.people:
        builder.add_person(person)
    for group in corpus.working_groups:
        builder.add_working_group(group)
    for agency in corpus.agencies:
        builder.add_agency(agency)
    for target in corpus.targets:
        builder.add_target(target)
    task_ids = {t.id for t in corpus.tasks}
    for alignment in corpus.alignments:
        if alignment.a in task_ids or alignment.b in task_ids:
            builder.add_alignment(alignment)
    for inconsistency in corpus.inconsistencies:
        builder.add_inconsistency(inconsistency)
    return builder.graph


def plan_corpus(corpus: Corpus, plan: Plan) -> Corpus:
    """The part of a corpus one plan needs: its own records and the shared ones it touches.

    Agencies are those of the plan's county plus any its tasks and working groups name in
    another county; people are those of its file or county.
    """
    tasks = [t for t in corpus.tasks if t.plan == plan.id]
    groups = [g for g in corpus.working_groups if g.plan == plan.id]
    named = {(t.county, u.canonical) for t in tasks for u in t.units}
    named |= {(g.county, c) for g in groups for c in (*_members(g), g.office_canonical)}
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


def plan_graphs(corpus: Corpus, battles: list[Battle] | None = None) -> dict[str, Graph]:
    """One graph per plan, with the shared nodes it touches, for per-document validation.

    Returns
    -------
    dict of str to rdflib.Graph
        Keyed by plan ID, in corpus order. Each graph is :func:`build_graph` of
        :func:`plan_corpus`: the plan, its parts, its tasks, the agencies and people they
        reference (with their functions) and the battle concepts.
    """
    battles = battles if battles is not None else load_battles()
    return {plan.id: build_graph(plan_corpus(corpus, plan), battles) for plan in corpus.plans}


def _members(group: WorkingGroup) -> list[str]:
    """Canonical names of a group's member units (the surface forms when none resolved)."""
    return list(group.member_canonical or group.member_units)


@dataclass
class _Index:
    """Lookups from names as written to the records that describe them."""

    agencies: dict[tuple[str, str], Agency] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    people_by_name: dict[tuple[str, str], Person] = field(default_factory=dict)
    groups: dict[tuple[str, str], WorkingGroup] = field(default_factory=dict)

    @classmethod
    def of(cls, corpus: Corpus) -> _Index:
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


class _Builder:
    """Adds records to one graph; remembers the nodes it minted so each is added once."""

    def __init__(self, graph: Graph, index: _Index) -> None:
        self.graph = graph
        self.index = index
        self.minted: set[URIRef] = set()

    # -- helpers ---------------------------------------------------------------

    def node(self, kind: str, stable_id: str, record: Any = None) -> URIRef:
        """Type a node and add the literal properties the schema lists for its kind."""
        subject = iri(kind, stable_id)
        self.graph.add((subject, RDF.type, KINDS[kind].rdf_class))
        if record is not None:
            self.literals(subject, kind, record)
        return subject

    def literals(self, subject: URIRef, kind: str, record: Any) -> None:
        """Add the schema's literal properties of ``record``, skipping empty values."""
        for spec in PROPERTIES.get(kind, ()):
            value = getattr(record, spec.attr, None)
            if isinstance(value, list) and spec.join is not None:
                value = spec.join.join(str(v) for v in value)
            values = value if isinstance(value, list) else [value]
            for item in values:
                if item is None or item == "":
                    continue
                self.graph.add((subject, spec.predicate, _literal(item, spec.datatype)))

    def link(self, subject: URIRef, relation: str, obj: URIRef | None) -> None:
        """Add one relation triple when its object is known."""
        if obj is not None:
            self.graph.add((subject, RELATIONS[relation].predicate, obj))

    def source(self, subject: URIRef, source: Source | None) -> None:
        """Say that ``subject`` was read from ``source`` (nothing when there is none)."""
        if source is None:
            return
        span = span_iri(source)
        self.graph.add((subject, PROV.wasDerivedFrom, span))
        if span not in self.minted:
            self.minted.add(span)
            self.graph.add((span, RDF.type, SB.SourceSpan))
            self.literals(span, "span", source)

    def label(self, subject: URIRef, *parts: str) -> None:
        """Add an ``rdfs:label`` made of the non-empty parts."""
        text = " ".join(p for p in parts if p)
        if text:
            self.graph.add((subject, RDFS.label, Literal(text)))

    @staticmethod
    def ref(kind: str, stable_id: str | None) -> URIRef | None:
        """The IRI of a referenced record, or None when there is no reference."""
        return iri(kind, stable_id) if stable_id else None

    # -- shared nodes ----------------------------------------------------------

    def add_battles(self, battles: Iterable[Battle]) -> None:
        """The battles as SKOS concepts, with zh/en labels and the wordings as altLabels."""
        g = self.graph
        for battle in battles:
            concept = self.node("battle", battle.key)
            g.add((concept, SKOS.inScheme, SB.BattleScheme))
            g.add((concept, SKOS.topConceptOf, SB.BattleScheme))
            g.add((concept, SKOS.notation, Literal(battle.key)))
            g.add((concept, SKOS.prefLabel, Literal(battle.zh, lang="zh")))
            g.add((concept, SKOS.prefLabel, Literal(battle.en, lang="en")))
            for alias in dict.fromkeys(battle.aliases):
                if alias != battle.zh:
                    g.add((concept, SKOS.altLabel, Literal(alias, lang="zh")))
            g.add((SB.BattleScheme, SKOS.hasTopConcept, concept))
        g.add((SB.BattleScheme, RDF.type, SKOS.ConceptScheme))

    def add_target(self, target: Target) -> None:
        """A quantified target, attached to its task or goal section, with its span."""
        subject = self.node("target", target.id, target)
        self.label(subject, target.metric, target.matched)
        self.link(subject, "in_plan", self.ref("plan", target.plan))
        self.link(subject, "in_battle", self.battle(target.battle))
        owner = self.ref("task", target.task) or self.ref("section", target.section)
        if owner is not None:
            self.link(owner, "has_target", subject)
        self.source(subject, target.source)

    def add_alignment(self, alignment: Alignment) -> None:
        """A pair of corresponding tasks: an ``sb:Alignment`` node (``sb:task`` the first,
        ``sb:alignedTask`` the second, with the score) plus the shortcut ``sb:alignedWith``
        between the tasks."""
        if alignment.kind != "pair" or not alignment.a or not alignment.b:
            return
        subject = self.node("alignment", alignment.id, alignment)
        a, b = self.ref("task", alignment.a), self.ref("task", alignment.b)
        self.graph.add((subject, SB.task, a))
        self.link(subject, "aligned_task", b)
        self.link(a, "aligned_with", b)

    def add_inconsistency(self, inconsistency: Inconsistency) -> None:
        """The same metric with different values in one county's documents."""
        subject = self.node("inconsistency", inconsistency.id, inconsistency)
        self.label(subject, inconsistency.metric_key, " / ".join(inconsistency.values))
        self.link(subject, "in_plan", self.ref("plan", inconsistency.plan))
        for target in inconsistency.targets:
            self.link(subject, "involves", self.ref("target", target))

    def add_groups(self, groups: Iterable[Group]) -> None:
        """Groupings of documents without battles: one concept scheme per plan."""
        g = self.graph
        for group in groups:
            concept = self.node("battle", group.key)
            scheme = ID[f"scheme/{quote(group.scheme, safe='')}"]
            g.add((scheme, RDF.type, SKOS.ConceptScheme))
            g.add((concept, RDF.type, SKOS.Concept))
            g.add((concept, SKOS.inScheme, scheme))
            g.add((concept, SKOS.topConceptOf, scheme))
            g.add((scheme, SKOS.hasTopConcept, concept))
            g.add((concept, SKOS.notation, Literal(group.key)))
            g.add((concept, SKOS.prefLabel, Literal(group.label, lang="zh")))
            self.source(concept, group.source)

    def battle(self, key: str | None) -> URIRef | None:
        return self.ref("battle", key)

    def agency(self, county: str, canonical: str, name: str = "") -> URIRef | None:
        """The agency a name refers to in a county; minted when no record describes it."""
        if not canonical and not name:
            return None
        found = self.index.agencies.get((county, canonical)) or self.index.agencies.get(
            (county, name)
        )
        if found is not None:
            return iri("agency", found.id)
        subject = iri("agency", f"{county}/{canonical or name}")
        if subject not in self.minted:
            self.minted.add(subject)
            stub = Agency(
                id="",
                county=county,
                canonical=canonical or name,
                names=list(dict.fromkeys(n for n in (name, canonical) if n)),
                functions=[],
                collective=False,
                resolved=False,
            )
            self.graph.add((subject, RDF.type, SB.Agency))
            self.literals(subject, "agency", stub)
            self.label(subject, stub.canonical)
        return subject

    def find_person(self, county: str, text: str) -> URIRef | None:
        """The person record an ID, a name or post+name refers to, if any."""
        found = self.index.people.get(text) or self.index.people_by_name.get((county, text))
        return iri("person", found.id) if found is not None else None

    def person(self, county: str, name: str, source: Source | None) -> URIRef:
        """The person a name refers to; minted from the name when no record has it."""
        found = self.find_person(county, name)
        if found is not None:
            return found
        subject = iri("person", f"{county}/{name}")
        if subject not in self.minted:
            self.minted.add(subject)
            self.graph.add((subject, RDF.type, KINDS["person"].rdf_class))
            self.graph.add((subject, FOAF.name, Literal(name)))
            self.graph.add((subject, SB.county, Literal(county)))
            self.label(subject, name)
            self.source(subject, source)
        return subject

    def holder(self, county: str, text: str, source: Source | None) -> URIRef:
        """A convenor: the person the text names or, for a bare post (``常务副市长``), the post."""
        found = self.find_person(county, text)
        return found if found is not None else self.post(county, text, source)

    def post(self, county: str, text: str, source: Source | None) -> URIRef:
        """The post a text names in a county: one node per wording, shared by its holders."""
        subject = iri("post", f"{county}/{text}")
        if subject not in self.minted:
            self.minted.add(subject)
            self.graph.add((subject, RDF.type, KINDS["post"].rdf_class))
            self.graph.add((subject, SB.county, Literal(county)))
            self.label(subject, text)
        self.source(subject, source)
        return subject

    def organization(self, county: str, name: str, source: Source | None) -> URIRef:
        """A body named only as text (an issuer, a leading group): an agency if one matches."""
        found = self.index.groups.get((county, name))
        if found is not None:
            return iri("working_group", found.id)
        agency = self.index.agencies.get((county, name))
        if agency is not None:
            return iri("agency", agency.id)
        subject = iri("organization", f"{county}/{name}")
        if subject not in self.minted:
            self.minted.add(subject)
            self.graph.add((subject, RDF.type, ORG.Organization))
            self.graph.add((subject, SB.county, Literal(county)))
            self.label(subject, name)
            self.source(subject, source)
        return subject

    # -- records ---------------------------------------------------------------

    def add_plan(self, plan: Plan) -> None:
        subject = self.node("plan", plan.id, plan)
        self.label(subject, plan.title)
        if plan.issuer:
            self.link(
                subject, "published_by", self.organization(plan.county, plan.issuer, plan.source)
            )
        self.source(subject, plan.source)

    def add_attachment(self, attachment: Attachment) -> None:
        subject = self.node("attachment", attachment.id, attachment)
        self.label(subject, attachment.title)
        self.link(subject, "in_plan", self.ref("plan", attachment.plan))
        self.link(subject, "in_battle", self.battle(attachment.battle))
        self.source(subject, attachment.source)

    def add_section(self, section: Section) -> None:
        subject = self.node("section", section.id, section)
        self.label(subject, section.label, section.title)
        self.link(subject, "in_plan", self.ref("plan", section.plan))
        self.link(subject, "in_attachment", self.ref("attachment", section.attachment))
        self.link(subject, "in_section", self.ref("section", section.parent))
        self.link(subject, "in_battle", self.battle(section.battle))
        self.source(subject, section.source)

    def add_task(self, task: Task) -> None:
        subject = self.node("task", task.id, task)
        self.label(subject, task.label, task.title or _head(task.text))
        self.link(subject, "in_plan", self.ref("plan", task.plan))
        self.link(subject, "in_attachment", self.ref("attachment", task.attachment))
        self.link(subject, "in_section", self.ref("section", task.section))
        self.link(subject, "sub_item_of", self.ref("task", task.parent))
        self.link(subject, "in_battle", self.battle(task.battle))
        self.source(subject, task.source)
        for unit in task.units:
            self.add_responsibility(task, subject, unit)
        for ref in task.persons:
            self.add_oversight(task, subject, ref)

    def add_responsibility(self, task: Task, task_node: URIRef, unit: UnitRef) -> None:
        """An ``sb:Responsibility`` node plus its shortcut triple (``sb:leads``…)."""
        agency = self.agency(task.county, unit.canonical, unit.name)
        if agency is None:
            return
        subject = self.node("responsibility", f"{task.id}/{unit.canonical or unit.name}", unit)
        self.graph.add((subject, SB.agency, agency))
        self.graph.add((subject, SB.task, task_node))
        role = ROLE_IRIS.get(unit.role)
        if role is not None:
            self.graph.add((subject, SB.role, role))
            self.graph.add((agency, ROLE_RELATIONS[unit.role].predicate, task_node))
        for clause in dict.fromkeys(m.clause for m in unit.mentions if m.clause):
            self.graph.add((subject, SB.clauseText, Literal(clause)))
        self.source(subject, unit.source)
        for mention in unit.mentions:
            self.source(subject, mention.source)
            if mention.name:
                self.graph.add((subject, SB.surfaceForm, Literal(mention.name)))

    def add_oversight(self, task: Task, task_node: URIRef, ref: PersonRef) -> None:
        """An ``sb:Oversight`` node plus the shortcut ``sb:oversees``."""
        if not ref.name:
            return
        person = self.person(task.county, ref.name, ref.source)
        subject = self.node("oversight", f"{task.id}/{ref.name}", ref)
        self.graph.add((subject, SB.person, person))
        self.graph.add((subject, SB.task, task_node))
        self.link(person, "oversees", task_node)
        self.source(subject, ref.source)

    def add_person(self, person: Person) -> None:
        """A person, the post they hold and their membership of a body in a role.

        The model has one record per (person, role, body), all with the person's ID: the
        person node collects them, and each record adds its own membership.
        """
        subject = self.node("person", person.id, person)
        self.label(subject, person.name)
        self.source(subject, person.source)
        if person.post:
            self.link(subject, "holds", self.post(person.county, person.post, person.source))
        if person.body:
            stable = f"{person.id}/{person.body}/{person.role}"
            membership = self.node("membership", stable, person)
            self.label(membership, person.role)
            self.link(membership, "member", subject)
            body = self.organization(person.county, person.body, person.source)
            self.link(membership, "membership_in", body)
            self.source(membership, person.source)

    def add_working_group(self, group: WorkingGroup) -> None:
        subject = self.node("working_group", group.id, group)
        self.link(subject, "in_plan", self.ref("plan", group.plan))
        self.link(subject, "in_battle", self.battle(group.battle))
        self.source(subject, group.source)
        if group.convenor:
            convenor = self.holder(group.county, group.convenor, group.source)
            self.link(subject, "convenes", convenor)
        for deputy in group.deputy_convenors:
            person = self.holder(group.county, deputy, group.source)
            self.link(subject, "deputy_convenes", person)
        surfaces = list(group.member_units)
        for i, canonical in enumerate(_members(group)):
            name = surfaces[i] if i < len(surfaces) else canonical
            self.link(subject, "member_of", self.agency(group.county, canonical, name))
        office = group.office_canonical or group.office
        if office:
            self.link(subject, "has_office", self.agency(group.county, office, group.office))

    def add_agency(self, agency: Agency) -> None:
        subject = self.node("agency", agency.id, agency)
        self.label(subject, agency.canonical)
        for function in agency.functions:
            concept = self.node("function", function)
            self.graph.add((concept, SKOS.inScheme, SB.FunctionScheme))
            self.graph.add((concept, SKOS.prefLabel, Literal(function)))
            self.link(subject, "has_function", concept)
        if agency.functions:
            self.graph.add((SB.FunctionScheme, RDF.type, SKOS.ConceptScheme))


def _literal(value: Any, datatype: URIRef | None) -> Literal:
    """A literal of ``datatype``; a malformed date stays a plain string for SHACL to report."""
    if datatype == XSD.date and not _is_iso_date(str(value)):
        return Literal(str(value))
    return Literal(value, datatype=datatype)


def _is_iso_date(text: str) -> bool:
    """True for a calendar date written YYYY-MM-DD."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _head(text: str, limit: int = 40) -> str:
    """The start of a text, for a label: up to the first full stop or ``limit`` characters."""
    first = text.split("。", 1)[0]
    return first if len(first) <= limit else first[:limit] + "…"


def load_graph(path: Path) -> Graph:
    """Parse a Turtle file with the project's prefixes bound."""
    return bind_prefixes(Graph()).parse(path, format="turtle")
