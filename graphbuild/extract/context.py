"""What the walk over a document carries: where it stands, the mentions it found, what it yields."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graphbuild.model import (
    Attachment,
    Clause,
    Group,
    Person,
    Section,
    Task,
    WorkingGroup,
)
from graphbuild.parse.document import Node
from graphbuild.read.text import Span

__all__ = [
    "NOTE",
    "TASK_STYLES",
    "TOP_STYLES",
    "Ctx",
    "Extraction",
    "RawMention",
    "prose_nodes",
    "short_heading",
    "table_prefix",
    "without_clauses",
]

TASK_STYLES = ("ar", "par", "circ", "art")
#: Styles of top-level sections: 一、… and 第一章 ….
TOP_STYLES = ("cn", "chap")


@dataclass
class RawMention:
    """A unit named in a clause (or inherited from one), before resolution."""

    name: Span
    role: str
    clause: Span
    inferred: bool = False
    inherited: bool = False


@dataclass
class Extraction:
    """What one document yields."""

    attachments: list[Attachment] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    working_groups: list[WorkingGroup] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


NOTE = re.compile(r"^(注|备注|说明)\s*[：:]")


def table_prefix(ctx: Ctx) -> str:
    """Ids of a table under a numbered heading start with the heading's path (``2.table.1``),
    so two tables that both number their rows from 1 keep apart."""
    return ".".join(ctx.nums) + "." if ctx.nums else ""


def prose_nodes(node: Node) -> list[Node]:
    """A tree's nodes outside its tables."""
    if node.kind in ("table", "row"):
        return []
    return [node, *(n for child in node.children for n in prose_nodes(child))]


@dataclass(frozen=True)
class Ctx:
    """Where the walk is: enclosing part, sections, task, and the lead to inherit."""

    part_key: str
    attachment: str | None
    battle: str | None
    organisational: bool
    nums: tuple[str, ...]
    path: tuple[str, ...]
    section: str | None
    parent_task: str | None
    leads: tuple[RawMention, ...] = ()


def without_clauses(text: str, clauses: list[Clause]) -> str:
    """Text with its (stated) clauses cut out, for titles."""
    for clause in clauses:
        if not clause.inherited:
            text = text.replace(clause.text, "")
    return text.strip()


def short_heading(text: str, limit: int = 48) -> str:
    """A heading as written, cut at its first full stop and at ``limit`` characters."""
    head = text.split("。", 1)[0].split("\n", 1)[0]
    return head if len(head) <= limit else head[:limit] + "…"
