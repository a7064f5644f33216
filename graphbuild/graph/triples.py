"""The projection of the model to RDF triples, through :mod:`graphbuild.graph.schema`.

This is the one projection: ``build/graph.nt`` (:mod:`graphbuild.graph.graphfile`), the rdflib
graph of the exports and of SHACL validation (:mod:`graphbuild.graph.rdf`) and the Neo4j rows
(:mod:`graphbuild.graph.rows`) are all made from the triples :func:`project` returns. A triple
is ``(subject, predicate, object)`` with IRIs as ``str`` and literals as
:class:`graphbuild.graph.terms.Lit`; no rdflib graph is built on the way.

Every record becomes a typed node with a stable IRI (:func:`graphbuild.graph.schema.iri`); every
fact with a source is ``prov:wasDerivedFrom`` an ``sb:SourceSpan``; every responsibility is an
``sb:Responsibility`` node and its shortcut triple (``sb:leads``…); the six battles are SKOS
concepts of ``sb:BattleScheme``. A unit, person or issuer that no record of the corpus
describes still gets a node (typed, named, sourced) so that every triple has both ends; its
IRI is derived from the county and the name as written, so it is as stable as the document.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import quote

from rdflib.namespace import FOAF, ORG, PROV, RDF, RDFS, SKOS

from graphbuild.graph.parts import Index, members, plan_corpus
from graphbuild.graph.schema import (
    ID,
    KINDS,
    PROPERTIES,
    RELATIONS,
    ROLE_IRIS,
    ROLE_RELATIONS,
    SB,
    iri_text,
)
from graphbuild.graph.terms import Lit, lang_literal, literal
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

__all__ = ["Triple", "plan_corpus", "plan_triples", "project"]

#: ``(subject, predicate, object)``: IRIs as ``str``, a literal as a :class:`Lit`.
Triple = tuple[str, str, "str | Lit"]


class _Terms(dict):
    """The IRIs of a namespace as plain strings: ``_SB["Agency"]``."""

    def __init__(self, namespace: Any) -> None:
        super().__init__()
        self.namespace = str(namespace)

    def __missing__(self, name: str) -> str:
        self[name] = value = self.namespace + name
        return value


_SB, _SKOS, _PROV, _FOAF = _Terms(SB), _Terms(SKOS), _Terms(PROV), _Terms(FOAF)
_ORG, _RDFS = _Terms(ORG), _Terms(RDFS)
_TYPE = str(RDF.type)
_CLASSES = {key: str(kind.rdf_class) for key, kind in KINDS.items()}
_RELATIONS = {key: str(rel.predicate) for key, rel in RELATIONS.items()}
_ROLE_IRIS = {role: str(term) for role, term in ROLE_IRIS.items()}
_FIELDS = {
    kind: tuple(
        (f.attr, str(f.predicate), str(f.datatype) if f.datatype else None, f.join, f.marker)
        for f in fields
    )
    for kind, fields in PROPERTIES.items()
}


def project(corpus: Corpus, battles: list[Battle] | None = None) -> set[Triple]:
    """The triples of a corpus, in one pass over its records.

    Parameters
    ----------
    corpus : Corpus
        The canonical records.
    battles : list of Battle, optional
        The battle labels; read from ``data/battles.csv`` when not given.
    """
    builder = _Builder(Index.of(corpus))
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
    return builder.triples


def plan_triples(
    corpus: Corpus, battles: list[Battle] | None = None
) -> Iterator[tuple[str, set[Triple]]]:
    """``(plan ID, triples)`` per plan: each plan's records with the shared nodes it touches.

    A corpus without plans gives one part, ``("", project(corpus))``.
    """
    battles = battles if battles is not None else load_battles()
    if not corpus.plans:
        yield "", project(corpus, battles)
    for plan in corpus.plans:
        yield plan.id, project(plan_corpus(corpus, plan), battles)


def _span_iri(source: Source) -> str:
    """The IRI of a source span: equal spans share one node."""
    return iri_text("span", f"{source.file}/{source.start}-{source.end}")


class _Builder:
    """Adds records to one set of triples; remembers the nodes it minted so each is added once."""

    def __init__(self, index: Index) -> None:
        self.triples: set[Triple] = set()
        self.add = self.triples.add
        self.index = index
        self.minted: set[str] = set()

    # -- helpers ---------------------------------------------------------------

    def node(self, kind: str, stable_id: str, record: Any = None) -> str:
        """Type a node and add the literal properties the schema lists for its kind."""
        subject = iri_text(kind, stable_id)
        self.add((subject, _TYPE, _CLASSES[kind]))
        if record is not None:
            self.literals(subject, kind, record)
        return subject

    def literals(self, subject: str, kind: str, record: Any) -> None:
        """Add the schema's literal properties of ``record``, skipping empty values."""
        for attr, predicate, datatype, join, marker in _FIELDS.get(kind, ()):
            value = getattr(record, attr, None)
            if isinstance(value, list) and join is not None:
                value = join.join(str(v) for v in value)
            values = value if isinstance(value, list) else [value]
            for item in values:
                if item is None or item == "" or (marker and not item):
                    continue
                self.add((subject, predicate, literal(item, datatype)))

    def link(self, subject: str, relation: str, obj: str | None) -> None:
        """Add one relation triple when its object is known."""
        if obj is not None:
            self.add((subject, _RELATIONS[relation], obj))

    def source(self, subject: str, source: Source | None) -> None:
        """Say that ``subject`` was read from ``source`` (nothing when there is none)."""
        if source is None:
            return
        span = _span_iri(source)
        self.add((subject, _PROV["wasDerivedFrom"], span))
        if span not in self.minted:
            self.minted.add(span)
            self.add((span, _TYPE, _SB["SourceSpan"]))
            self.literals(span, "span", source)

    def attribute(self, subject: str, record: Task | UnitRef) -> None:
        """A corrected fact is attributed to the person who corrected it."""
        if not (record.corrected and record.by):
            return
        curator = iri_text("curator", record.by)
        self.add((curator, _TYPE, _CLASSES["curator"]))
        self.add((curator, _RDFS["label"], literal(record.by)))
        self.link(subject, "attributed_to", curator)

    def label(self, subject: str, *parts: str) -> None:
        """Add an ``rdfs:label`` made of the non-empty parts."""
        text = " ".join(p for p in parts if p)
        if text:
            self.add((subject, _RDFS["label"], literal(text)))

    @staticmethod
    def ref(kind: str, stable_id: str | None) -> str | None:
        """The IRI of a referenced record, or None when there is no reference."""
        return iri_text(kind, stable_id) if stable_id else None

    # -- shared nodes ----------------------------------------------------------

    def add_battles(self, battles: Iterable[Battle]) -> None:
        """The battles as SKOS concepts, with zh/en labels and the wordings as altLabels."""
        for battle in battles:
            concept = self.node("battle", battle.key)
            self.add((concept, _SKOS["inScheme"], _SB["BattleScheme"]))
            self.add((concept, _SKOS["topConceptOf"], _SB["BattleScheme"]))
            self.add((concept, _SKOS["notation"], literal(battle.key)))
            self.add((concept, _SKOS["prefLabel"], lang_literal(battle.zh, "zh")))
            self.add((concept, _SKOS["prefLabel"], lang_literal(battle.en, "en")))
            for alias in dict.fromkeys(battle.aliases):
                if alias != battle.zh:
                    self.add((concept, _SKOS["altLabel"], lang_literal(alias, "zh")))
            self.add((_SB["BattleScheme"], _SKOS["hasTopConcept"], concept))
        self.add((_SB["BattleScheme"], _TYPE, _SKOS["ConceptScheme"]))

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
        self.add((subject, _SB["task"], a))
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
        for group in groups:
            concept = self.node("battle", group.key)
            scheme = f"{ID}scheme/{quote(group.scheme, safe='')}"
            self.add((scheme, _TYPE, _SKOS["ConceptScheme"]))
            self.add((concept, _TYPE, _SKOS["Concept"]))
            self.add((concept, _SKOS["inScheme"], scheme))
            self.add((concept, _SKOS["topConceptOf"], scheme))
            self.add((scheme, _SKOS["hasTopConcept"], concept))
            self.add((concept, _SKOS["notation"], literal(group.key)))
            self.add((concept, _SKOS["prefLabel"], lang_literal(group.label, "zh")))
            self.source(concept, group.source)

    def battle(self, key: str | None) -> str | None:
        return self.ref("battle", key)

    def agency(self, county: str, canonical: str, name: str = "") -> str | None:
        """The agency a name refers to in a county; minted when no record describes it."""
        if not canonical and not name:
            return None
        found = self.index.agencies.get((county, canonical)) or self.index.agencies.get(
            (county, name)
        )
        if found is not None:
            return iri_text("agency", found.id)
        subject = iri_text("agency", f"{county}/{canonical or name}")
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
            self.add((subject, _TYPE, _SB["Agency"]))
            self.literals(subject, "agency", stub)
            self.label(subject, stub.canonical)
        return subject

    def find_person(self, county: str, text: str) -> str | None:
        """The person record an ID, a name or post+name refers to, if any."""
        found = self.index.people.get(text) or self.index.people_by_name.get((county, text))
        return iri_text("person", found.id) if found is not None else None

    def person(self, county: str, name: str, source: Source | None) -> str:
        """The person a name refers to; minted from the name when no record has it."""
        found = self.find_person(county, name)
        if found is not None:
            return found
        subject = iri_text("person", f"{county}/{name}")
        if subject not in self.minted:
            self.minted.add(subject)
            self.add((subject, _TYPE, _CLASSES["person"]))
            self.add((subject, _FOAF["name"], literal(name)))
            self.add((subject, _SB["county"], literal(county)))
            self.label(subject, name)
            self.source(subject, source)
        return subject

    def holder(self, county: str, text: str, source: Source | None) -> str:
        """A convenor: the person the text names or, for a bare post (``常务副市长``), the post."""
        found = self.find_person(county, text)
        return found if found is not None else self.post(county, text, source)

    def post(self, county: str, text: str, source: Source | None) -> str:
        """The post a text names in a county: one node per wording, shared by its holders."""
        subject = iri_text("post", f"{county}/{text}")
        if subject not in self.minted:
            self.minted.add(subject)
            self.add((subject, _TYPE, _CLASSES["post"]))
            self.add((subject, _SB["county"], literal(county)))
            self.label(subject, text)
        self.source(subject, source)
        return subject

    def organization(self, county: str, name: str, source: Source | None) -> str:
        """A body named only as text (an issuer, a leading group): an agency if one matches."""
        found = self.index.groups.get((county, name))
        if found is not None:
            return iri_text("working_group", found.id)
        agency = self.index.agencies.get((county, name))
        if agency is not None:
            return iri_text("agency", agency.id)
        subject = iri_text("organization", f"{county}/{name}")
        if subject not in self.minted:
            self.minted.add(subject)
            self.add((subject, _TYPE, _ORG["Organization"]))
            self.add((subject, _SB["county"], literal(county)))
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
        self.attribute(subject, task)
        for unit in task.units:
            self.add_responsibility(task, subject, unit)
        for ref in task.persons:
            self.add_oversight(task, subject, ref)

    def add_responsibility(self, task: Task, task_node: str, unit: UnitRef) -> None:
        """An ``sb:Responsibility`` node plus its shortcut triple (``sb:leads``…)."""
        agency = self.agency(task.county, unit.canonical, unit.name)
        if agency is None:
            return
        subject = self.node("responsibility", f"{task.id}/{unit.canonical or unit.name}", unit)
        self.add((subject, _SB["agency"], agency))
        self.add((subject, _SB["task"], task_node))
        role = _ROLE_IRIS.get(unit.role)
        if role is not None:
            self.add((subject, _SB["role"], role))
            self.add((agency, _RELATIONS[ROLE_RELATIONS[unit.role].key], task_node))
        for clause in dict.fromkeys(m.clause for m in unit.mentions if m.clause):
            self.add((subject, _SB["clauseText"], literal(clause)))
        self.source(subject, unit.source)
        self.attribute(subject, unit)
        for mention in unit.mentions:
            self.source(subject, mention.source)
            if mention.name:
                self.add((subject, _SB["surfaceForm"], literal(mention.name)))

    def add_oversight(self, task: Task, task_node: str, ref: PersonRef) -> None:
        """An ``sb:Oversight`` node plus the shortcut ``sb:oversees``."""
        if not ref.name:
            return
        person = self.person(task.county, ref.name, ref.source)
        subject = self.node("oversight", f"{task.id}/{ref.name}", ref)
        self.add((subject, _SB["person"], person))
        self.add((subject, _SB["task"], task_node))
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
        for i, canonical in enumerate(members(group)):
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
            self.add((concept, _SKOS["inScheme"], _SB["FunctionScheme"]))
            self.add((concept, _SKOS["prefLabel"], literal(function)))
            self.link(subject, "has_function", concept)
        if agency.functions:
            self.add((_SB["FunctionScheme"], _TYPE, _SKOS["ConceptScheme"]))


def _head(text: str, limit: int = 40) -> str:
    """The start of a text, for a label: up to the first full stop or ``limit`` characters."""
    first = text.split("。", 1)[0]
    return first if len(first) <= limit else first[:limit] + "…"
