"""The canonical records every projection is built from.

Parsing and extraction produce these plain dataclasses; the JSONL/CSV contract, the RDF
graph, the networkx projection and the Neo4j load are all derived from a :class:`Corpus`.
IDs are readable and stable (``shaodong/risk/2.1.3``): they depend only on the document.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

__all__ = [
    "BATTLES",
    "ROLES",
    "Agency",
    "AgencyAlignment",
    "Alignment",
    "Attachment",
    "Clause",
    "Corpus",
    "Group",
    "Inconsistency",
    "Mention",
    "Person",
    "PersonRef",
    "Plan",
    "Section",
    "SectionAlignment",
    "Source",
    "Target",
    "Task",
    "UnitRef",
    "WorkingGroup",
    "to_dict",
]

#: Responsibility roles, strongest first.
ROLES: tuple[str, ...] = ("lead", "responsible", "cooperate")

#: Canonical battle keys, in the order the provincial programme lists them.
#: How a SPARQL body joins a list column (``GROUP_CONCAT(DISTINCT ?x; separator="|")``).
LIST_SEPARATOR = "|"

BATTLES: tuple[str, ...] = ("growth", "innovation", "environment", "risk", "safety", "livelihood")


@dataclass(frozen=True, order=True)
class Source:
    """A span of characters in one input file (offsets into the decoded text)."""

    file: str
    start: int
    end: int


@dataclass
class Mention:
    """One place where a unit is named for a task, with the name and role written there."""

    name: str
    role: str
    source: Source
    clause: str = ""
    inherited: bool = False
    inferred: bool = False


@dataclass
class UnitRef:
    """A unit responsible for a task.

    ``name`` is the unit exactly as written (PDF artefacts removed, nothing else changed);
    ``canonical`` is its resolved name within the county. A unit named several times in
    one task is one ``UnitRef`` with every mention kept; ``role`` is the strongest role
    among them and ``inherited`` / ``inferred`` describe the mention that gave that role:
    ``inherited`` when it comes from a section heading or a parent task, ``inferred`` when
    the clause names the unit without a role word (it is then taken as responsible).
    """

    name: str
    canonical: str
    role: str
    inherited: bool
    collective: bool
    source: Source
    inferred: bool = False
    functions: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    #: set by a correction (``NAME.corrections.csv``): who made it and why
    corrected: bool = False
    note: str = ""
    by: str = ""


@dataclass
class PersonRef:
    """A person attached to a task (e.g. the 牵头市领导 column of a table)."""

    name: str
    role: str
    source: Source | None = None


@dataclass
class Clause:
    """A responsibility clause as written, with its span."""

    text: str
    source: Source
    inherited: bool = False


@dataclass
class Group:
    """A grouping concept of a document that does not follow the six battles.

    Its top-level sections play the part the battles play: tasks point at a group by
    ``key`` through ``Task.battle``; the groups of one plan form one concept scheme.
    """

    key: str
    scheme: str
    plan: str
    label: str
    source: Source


@dataclass
class Plan:
    """One input document: a general plan with its attachments."""

    id: str
    county: str
    issuer: str
    number: str
    date: str
    title: str
    file: str
    source: Source
    metadata_from: dict[str, str] = field(default_factory=dict)


@dataclass
class Attachment:
    """An attachment (附件) of a plan, mapped to a battle or to what else it is."""

    id: str
    plan: str
    number: int
    title: str
    kind: str  # "battle" | "leading_group" | "other"
    battle: str | None
    source: Source


@dataclass
class Section:
    """A heading in the document tree (一、 / （一） / a numbered heading with no task)."""

    id: str
    plan: str
    attachment: str | None
    parent: str | None
    label: str
    title: str
    path: list[str]
    battle: str | None
    organisational: bool
    source: Source
    text: str = ""
    units: list[UnitRef] = field(default_factory=list)


@dataclass
class Task:
    """A numbered task, a sub-item of one, or a row of a task table."""

    id: str
    county: str
    plan: str
    attachment: str | None
    battle: str | None
    section: str | None
    parent: str | None
    kind: str  # "task" | "subitem" | "row"
    path: list[str]
    label: str
    title: str
    text: str
    source: Source
    units: list[UnitRef] = field(default_factory=list)
    persons: list[PersonRef] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    #: a correction added the task or removed one of its units: who and why
    corrected: bool = False
    note: str = ""
    by: str = ""


@dataclass
class Person:
    """A person in a role as the document states it (组长, 召集人, 牵头市领导, …)."""

    id: str
    county: str
    name: str
    role: str
    post: str
    body: str
    source: Source


@dataclass
class WorkingGroup:
    """A working group (工作专班) of one battle."""

    id: str
    county: str
    plan: str
    battle: str | None
    name: str
    convenor: str
    deputy_convenors: list[str]
    member_units: list[str]
    member_canonical: list[str]
    office: str
    office_canonical: str
    source: Source
    #: The role of each deputy convenor as written (常务副召集人 or 副召集人), parallel to
    #: ``deputy_convenors``; empty in models built before it was recorded.
    deputy_roles: list[str] = field(default_factory=list)


@dataclass
class Agency:
    """A canonical unit of one county, with every surface form seen and its functions."""

    id: str
    county: str
    canonical: str
    names: list[str]
    functions: list[str]
    collective: bool
    resolved: bool


@dataclass
class Target:
    """A quantitative target stated in a goal section, a section lead or a task.

    ``metric`` is the metric as written (a bare verb such as 净增 gets the subject of the
    previous target of its sentence); ``metric_key`` is its key in ``data/metrics.csv``
    ("" when no row matches). ``value_to`` is the upper end of a range (``2-3 家``) or the
    new value of a from–to target (``600元/月提高到650元/月``). ``matched`` is the text
    the target was read from and ``source`` its exact span in the raw file; ``text`` is
    the whole sentence.
    """

    id: str
    county: str
    plan: str
    battle: str | None
    task: str | None
    section: str | None
    metric: str
    metric_key: str
    value: float
    value_to: float | None
    unit: str
    qualifier: str
    deadline: str
    text: str
    matched: str
    source: Source


@dataclass
class SectionAlignment:
    """Two sections of one battle in two counties that cover the same ground."""

    id: str
    battle: str
    a: str
    b: str
    score: float
    by: str  # "heading" | "content"


@dataclass
class Alignment:
    """An aligned pair of tasks of two counties (``kind`` "pair"), or a task unique to
    its county (``kind`` "unique": the other side is None, ``nearest`` is the closest
    task of the other county and ``score`` its similarity, below the threshold)."""

    id: str
    battle: str
    kind: str  # "pair" | "unique"
    county_a: str
    county_b: str
    a: str | None
    b: str | None
    score: float
    section_a: str | None
    section_b: str | None
    source_a: Source | None
    source_b: Source | None
    nearest: str | None = None


@dataclass
class AgencyAlignment:
    """Agencies of two counties that share functions (``score``: Jaccard of the sets)."""

    id: str
    county_a: str
    county_b: str
    a: str
    b: str
    functions: list[str]
    score: float


@dataclass
class Inconsistency:
    """One metric given different values within one county's documents."""

    id: str
    county: str
    plan: str
    metric_key: str
    targets: list[str]
    values: list[str]
    sources: list[Source]
    compatible: bool


@dataclass
class Corpus:
    """Everything extracted from a set of plans: the single source of truth."""

    plans: list[Plan] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    working_groups: list[WorkingGroup] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    alignments: list[Alignment] = field(default_factory=list)
    inconsistencies: list[Inconsistency] = field(default_factory=list)
    section_alignments: list[SectionAlignment] = field(default_factory=list)
    agency_alignments: list[AgencyAlignment] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    #: the self-assessment of each document (:mod:`graphbuild.analyse.assess`), as data
    assessments: list[dict[str, Any]] = field(default_factory=list)
    #: the decoded text of each plan's file (file name → text, what offsets index), written
    #: to ``<build>/sources/`` by the build; transient: not part of model.json
    texts: dict[str, str] = field(default_factory=dict, repr=False, metadata={"transient": True})


def to_dict(record: Any) -> dict[str, Any]:
    """Return a record as plain JSON-ready data (without its transient fields).

    What :func:`dataclasses.asdict` gives, made several times faster by knowing the fields
    of each record class once (the build turns every record of a province into JSON).

    >>> to_dict(Source("a.txt", 3, 9))
    {'file': 'a.txt', 'start': 3, 'end': 9}
    """
    return _plain(record)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(
            f.name for f in fields(cls) if not f.metadata.get("transient")
        )
    return names


def _plain(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return {name: _plain(getattr(value, name)) for name in _names(type(value))}
    return copy.deepcopy(value)
