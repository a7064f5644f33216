"""Walk a parsed document and turn it into sections, tasks, people and working groups."""

from __future__ import annotations

from dataclasses import replace

from graphbuild.extract.clauses import depth, find_clauses, heading_clause
from graphbuild.extract.context import (
    NOTE,
    TASK_STYLES,
    TOP_STYLES,
    Ctx,
    Extraction,
    RawMention,
    prose_nodes,
    short_heading,
    without_clauses,
)
from graphbuild.extract.inline_items import InlineWalk, paren_items
from graphbuild.extract.names import check_unit_name, repair_unit_name
from graphbuild.extract.walk_people import PeopleWalk
from graphbuild.extract.walk_tables import TableWalk
from graphbuild.model import (
    ROLES,
    Attachment,
    Clause,
    Group,
    Mention,
    Person,
    PersonRef,
    Section,
    Task,
    UnitRef,
)
from graphbuild.parse.document import Node, ParsedDocument, Part
from graphbuild.read.genre import Genre
from graphbuild.read.text import Span
from graphbuild.resolve import Battle, Resolver, battle_of

__all__ = ["Extraction", "RawMention", "extract_document", "short_heading"]


def _rule_in_prose(text: str, genre: Genre) -> bool:
    """A sentence of the document's own prose (outside any bracket or clause) saying that the
    first unit of each list leads: it governs the whole document, wherever it is stated
    (``……各项任务中列第一位的为牵头单位。`` in the requirements at the end)."""
    if genre.label_re.search(text):
        return False
    return any(depth(text[: m.start()]) <= 0 for m in genre.first_is_lead_re.finditer(text))


class _Walker(TableWalk, PeopleWalk, InlineWalk):
    """Stateful walk over one document's parts."""

    def __init__(
        self,
        parsed: ParsedDocument,
        plan_id: str,
        county: str,
        genre: Genre,
        battles: list[Battle],
        resolver: Resolver,
    ) -> None:
        self.parsed = parsed
        self.plan_id = plan_id
        self.county = county
        self.genre = genre
        self.battles = battles
        self.resolver = resolver
        self.out = Extraction()
        self.ids: set[str] = set()
        self.persons: dict[tuple[str, str, str], Person] = {}
        # a note before the tasks, or a footnote, says the first unit of every list leads
        notes = [
            *parsed.header,
            *(p for part in parsed.parts for p in part.root.paras),
            *(
                p
                for part in parsed.parts
                for n in prose_nodes(part.root)
                for p in n.paras
                if NOTE.match(p.simple)
            ),
        ]
        self.first_leads = any(
            genre.first_is_lead_re.search(p.simple) and not genre.label_re.match(p.text)
            for p in notes
        ) or any(
            _rule_in_prose(p.simple, genre)
            for part in parsed.parts
            for n in prose_nodes(part.root)
            for p in n.paras
        )

    # -- ids -----------------------------------------------------------------
    def _unique(self, ident: str) -> str:
        if ident not in self.ids:
            self.ids.add(ident)
            return ident
        n = 2
        while f"{ident}~{n}" in self.ids:
            n += 1
        self.out.warnings.append(f"{self.parsed.raw.name}: duplicate id {ident}, kept as ~{n}")
        self.ids.add(f"{ident}~{n}")
        return f"{ident}~{n}"

    # -- units ---------------------------------------------------------------
    def _mentions(self, span: Span) -> tuple[list[RawMention], list[Clause]]:
        mentions: list[RawMention] = []
        clauses: list[Clause] = []
        for hit in find_clauses(span, self.genre, self.first_leads):
            clauses.append(Clause(text=hit.span.text, source=hit.span.source()))
            note = hit.span.simple
            if "下同" in note and self.genre.first_is_lead_re.search(note):
                self.first_leads = True  # 排名第一的为牵头单位，下同: from here on
            for n in hit.names:
                mentions.append(RawMention(n.name, n.role, hit.span, inferred=n.inferred))
                if not self.genre.is_unit_name(n.name.text) and not self.resolver.covers(
                    self.county, n.name.text
                ):
                    self.out.warnings.append(
                        f"{self.parsed.raw.name}: unusual unit name {n.name.text!r} "
                        f"in {hit.span.text[:40]!r}"
                    )
        return mentions, clauses

    def _guarded(self, mentions: list[RawMention]) -> list[RawMention]:
        """The mentions whose names pass the unit-name guard, repaired where the repair is
        certain; the others are reported in the warnings, never emitted."""
        kept: list[RawMention] = []
        for m in mentions:
            fixed = repair_unit_name(m.name, self.genre)
            if fixed is None:
                reason = check_unit_name(m.name.text, self.genre)
                self.out.warnings.append(
                    f"{self.parsed.raw.name}: {m.name.text!r} is not a unit name ({reason}); "
                    f"not emitted, in {m.clause.text[:40]!r}"
                )
                continue
            kept.append(m if fixed is m.name else replace(m, name=fixed))
        return kept

    def _units(self, mentions: list[RawMention]) -> list[UnitRef]:
        by_canon: dict[str, list[RawMention]] = {}
        order: list[str] = []
        for m in self._guarded(mentions):
            canon = self.resolver.resolve(self.county, m.name.text).canonical
            if canon not in by_canon:
                by_canon[canon] = []
                order.append(canon)
            by_canon[canon].append(m)
        units: list[UnitRef] = []
        for canon in order:
            group = by_canon[canon]
            chosen = min(group, key=lambda m: (ROLES.index(m.role), m.inherited, m.inferred))
            res = self.resolver.resolve(self.county, chosen.name.text)
            units.append(
                UnitRef(
                    name=chosen.name.text,
                    canonical=canon,
                    role=chosen.role,
                    inherited=chosen.inherited,
                    inferred=chosen.inferred,
                    collective=self.genre.is_collective(chosen.name.text),
                    source=chosen.name.source(),
                    functions=list(res.functions),
                    mentions=[
                        Mention(
                            name=m.name.text,
                            role=m.role,
                            source=m.name.source(),
                            clause=m.clause.text,
                            inherited=m.inherited,
                            inferred=m.inferred,
                        )
                        for m in group
                    ],
                )
            )
        return units

    # -- walk ----------------------------------------------------------------
    def run(self) -> Extraction:
        # Parts whose tasks are grouped by their own top-level sections, as battles group
        # those of a six-battles plan: the text of a document without attachments, the
        # general part of a document that names no battle at all, and any attachment that
        # is not a battle (a 任务分解 attached to its notice).
        parts = self.parsed.parts
        six_battles = any(battle_of(p.title.text, self.battles) for p in parts if p.number) or any(
            battle_of(n.head.text[:30], self.battles)
            for p in parts
            if p.number == 0
            for n in p.root.children
            if n.kind == "item"
        )
        self.grouped_parts = {
            p.number
            for p in parts
            if (p.number == 0 and (self.parsed.standalone or not six_battles))
            or (p.number > 0 and self._kind(p)[1] == "other")
        }
        for part in parts:
            self._part(part)
        return self.out

    def _part(self, part: Part) -> None:
        title = part.title.text
        if part.number == 0:
            key = "plan" if self.parsed.standalone else "general"
            battle, kind, att_id = None, "general", None
        else:
            battle, kind = self._kind(part)
            key = battle or f"att{part.number}"
            att_id = self._unique(f"{self.plan_id}/att{part.number}")
            self.out.attachments.append(
                Attachment(
                    id=att_id,
                    plan=self.plan_id,
                    number=part.number,
                    title=title,
                    kind=kind,
                    battle=battle,
                    source=part.title.source(),
                )
            )
        if kind == "leading_group":
            self._leading_group(part, title)
            return
        ctx = Ctx(
            part_key=key,
            attachment=att_id,
            battle=battle,
            organisational=False,
            nums=(),
            path=(short_heading(title),),
            section=None,
            parent_task=None,
        )
        self._children(part.root, ctx, part)

    def _kind(self, part: Part) -> tuple[str | None, str]:
        """An attachment's battle and kind: ``battle``, ``leading_group`` or ``other``."""
        battle = battle_of(part.title.text, self.battles)
        if battle:
            return battle, "battle"
        return None, "leading_group" if "领导小组" in part.title.simple else "other"

    def _children(self, node: Node, ctx: Ctx, part: Part) -> None:
        for child in node.children:
            if child.kind == "table":
                self._table(child, ctx, part)
            elif child.kind == "item":
                self._item(child, ctx, part)

    def _grouping(self, node: Node | None, heading: str, part: Part) -> str:
        """A grouping concept for a top-level section of a document without battles."""
        number = node.number if node is not None else 0
        key = (
            f"{self.plan_id}-{number}"
            if part.number == 0
            else f"{self.plan_id}-a{part.number}-{number}"
        )
        if not any(g.key == key for g in self.out.groups):
            span = node.head if node is not None else part.title
            label = heading[len(node.label) :].strip() if node is not None else heading
            self.out.groups.append(
                Group(
                    key=key,
                    scheme=self.plan_id,
                    plan=self.plan_id,
                    label=label,
                    source=span.source(),
                )
            )
        return key

    def _is_org(self, node: Node, ctx: Ctx) -> bool:
        if ctx.organisational:
            return True
        title = node.head.simple
        if node.style == "pcn":
            # （一）工作目标: a sub-heading that is only an organisational word
            rest = title[len(node.label) :].strip(" 。.：:")
            return rest in self.genre.organisational
        if node.style not in TOP_STYLES:
            return False
        return any(word in title.replace(" ", "")[:16] for word in self.genre.organisational)

    def _item(self, node: Node, ctx: Ctx, part: Part) -> None:
        own = node.own_text()
        heading = short_heading(node.head.text)
        org = self._is_org(node, ctx)
        battle = ctx.battle
        standalone = part.number in self.grouped_parts
        if standalone and not ctx.nums and node.style in TOP_STYLES:
            # a top-level section groups its tasks; one that reads as organisational
            # (主要目标) still groups the items in it that carry their own clauses
            if not org or any(find_clauses(n.own_text(), self.genre) for n in node.walk()):
                battle = self._grouping(node, heading, part)
        elif part.number == 0 and not org and node.style in ("cn", "pcn"):
            battle = battle_of(node.head.text[:30], self.battles) or battle
        if standalone and not org and battle is None and node.style in TASK_STYLES:
            battle = self._grouping(None, short_heading(part.title.text), part)
        mentions, clauses = self._mentions(own)
        has_children = any(c.kind in ("item", "table") for c in node.children)
        leaf_section = (
            (part.number > 0 or standalone)
            and node.style == "pcn"
            and not has_children
            and ("。" in own.text or bool(clauses))
        )
        numbered = node.style in TASK_STYLES or leaf_section
        is_task = numbered and (not org or bool(clauses)) and (battle or part.number)
        nums = (*ctx.nums, str(node.number))
        ident = self._unique(f"{self.plan_id}/{ctx.part_key}/{'.'.join(nums)}")
        sub = replace(ctx, nums=nums, battle=battle, organisational=org)
        if is_task:
            self._task(node, own, heading, ident, mentions, clauses, sub, ctx, part)
            return
        if not clauses:
            mentions = self._heading_mentions(node)
        leads = tuple(m for m in mentions if m.role == "lead") or ctx.leads
        self.out.sections.append(
            Section(
                id=ident,
                plan=self.plan_id,
                attachment=ctx.attachment,
                parent=ctx.section,
                label=node.label,
                title=heading[len(node.label) :].strip()
                if heading.startswith(node.label)
                else heading,
                path=list(ctx.path),
                battle=battle,
                organisational=org,
                source=own.source(),
                text=own.text,
                units=self._units(mentions),
            )
        )
        self._children(
            node, replace(sub, path=(*ctx.path, heading), section=ident, leads=leads), part
        )

    def _heading_mentions(self, node: Node) -> list[RawMention]:
        """Units named by a heading that groups its items by who leads them."""
        head = node.head
        if node.label and head.text.startswith(node.label):
            head = head[len(node.label) :]
        hit = heading_clause(head.strip(), self.genre)
        if hit is None:
            return []
        return [RawMention(n.name, n.role, hit.span) for n in hit.names]

    def _task(
        self,
        node: Node,
        own: Span,
        heading: str,
        ident: str,
        mentions: list[RawMention],
        clauses: list[Clause],
        sub: Ctx,
        ctx: Ctx,
        part: Part,
    ) -> None:
        body = own[len(node.label) :].strip() if own.text.startswith(node.label) else own
        items = paren_items(body)
        if items:
            # each inline sub-item keeps its own clause; the task keeps those outside them
            spans = [(p.offsets[0], p.offsets[-1]) for p, _, _ in items if p.offsets]
            inside = {
                m.clause.offsets[0]
                for m in mentions
                if m.clause.offsets and any(a <= m.clause.offsets[0] <= b for a, b in spans)
            }
            mentions = [
                m for m in mentions if not m.clause.offsets or m.clause.offsets[0] not in inside
            ]
            clauses = [c for c in clauses if c.source.start not in inside]
        if not any(m.role == "lead" for m in mentions) and ctx.leads:
            inherited = [replace(m, inherited=True) for m in ctx.leads]
            mentions = [*mentions, *inherited]
            clauses = [
                *clauses,
                *(Clause(m.clause.text, m.clause.source(), True) for m in inherited[:1]),
            ]
        self._add_task(
            replace(ctx, battle=sub.battle),
            ident,
            "subitem" if ctx.parent_task else "task",
            node.label,
            body.text,
            own,
            mentions,
            clauses,
            title=without_clauses(body.text, clauses),
        )
        leads = tuple(m for m in mentions if m.role == "lead") or ctx.leads
        inner = replace(sub, path=(*ctx.path, heading), parent_task=ident, leads=leads)
        self._inline_items(body, ident, inner)
        self._paren_items(items, ident, inner, leads)
        self._children(node, inner, part)

    def _add_task(
        self,
        ctx: Ctx,
        ident: str,
        kind: str,
        label: str,
        text: str,
        span: Span,
        mentions: list[RawMention],
        clauses: list[Clause],
        title: str | None = None,
        persons: list[PersonRef] | None = None,
    ) -> None:
        """Record a task, sub-item or row where ``ctx`` says it stands."""
        self.out.tasks.append(
            Task(
                id=ident,
                county=self.county,
                plan=self.plan_id,
                attachment=ctx.attachment,
                battle=ctx.battle,
                section=ctx.section,
                parent=ctx.parent_task,
                kind=kind,
                path=list(ctx.path),
                label=label,
                title=short_heading(text if title is None else title, 60),
                text=text,
                source=span.source(),
                units=self._units(mentions),
                persons=persons or [],
                clauses=clauses,
            )
        )


def extract_document(
    parsed: ParsedDocument,
    plan_id: str,
    county: str,
    genre: Genre,
    battles: list[Battle],
    resolver: Resolver,
) -> Extraction:
    """Sections, tasks (with units and persons), people and working groups of a document."""
    walker = _Walker(parsed, plan_id, county, genre, battles, resolver)
    walker.run()
    walker.working_groups()
    return walker.out
