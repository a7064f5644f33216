"""The walk over a task table: one section per table and per category, one task per row."""

from __future__ import annotations

from dataclasses import replace

from graphbuild.extract.context import Ctx, RawMention, short_heading, table_prefix
from graphbuild.extract.table import cell_hits, cell_persons, cell_units
from graphbuild.model import Clause, PersonRef, Section
from graphbuild.parse.document import Node, Part

__all__ = ["TableWalk"]


class TableWalk:
    """The table part of the document walker (mixed into it: uses its ``_unique``,
    ``_grouping``, ``_add_task`` and ``_person``)."""

    def _table(self, table: Node, ctx: Ctx, part: Part) -> None:
        notes = " ".join(p.text for n in table.walk() for p in n.paras)
        first_is_lead = bool(self.genre.first_is_lead_re.search(notes)) or self.first_leads
        header = table.paras[0].row or []
        leaders_col = next((c.text for c in header if "领导" in c.simple), "")
        title = next(
            (p.text for p in reversed(part.root.paras) if p.simple.endswith("表")),
            "附表",
        )
        table_id = self._unique(f"{self.plan_id}/{ctx.part_key}/{table_prefix(ctx)}table")
        self.out.sections.append(
            Section(
                id=table_id,
                plan=self.plan_id,
                attachment=ctx.attachment,
                parent=ctx.section,
                label="附表",
                title=title,
                path=list(ctx.path),
                battle=ctx.battle,
                organisational=False,
                source=table.head.source(),
            )
        )
        path = (*ctx.path, title)
        # a task table that is the whole document: its category rows (or, without them,
        # the document's title) group the tasks, as top-level sections do elsewhere
        grouped = part.number in self.grouped_parts and ctx.battle is None
        for child in table.children:
            if child.kind == "row":
                row_ctx = ctx
                if grouped:
                    row_ctx = replace(ctx, battle=self._grouping(None, short_heading(title), part))
                self._row(child, row_ctx, path, table_id, first_is_lead, leaders_col, title)
                continue
            sec_id = self._unique(f"{table_id}.s{child.number}")
            heading = short_heading(child.head.text)
            sec_ctx = replace(ctx, battle=self._grouping(child, heading, part)) if grouped else ctx
            self.out.sections.append(
                Section(
                    id=sec_id,
                    plan=self.plan_id,
                    attachment=ctx.attachment,
                    parent=table_id,
                    label=child.label,
                    title=heading[len(child.label) :].strip(),
                    path=list(path),
                    battle=sec_ctx.battle,
                    organisational=False,
                    source=child.head.source(),
                )
            )
            for row in child.children:
                self._row(
                    row,
                    sec_ctx,
                    (*path, heading),
                    sec_id,
                    first_is_lead,
                    leaders_col,
                    title,
                )

    def _row(
        self,
        row: Node,
        ctx: Ctx,
        path: tuple[str, ...],
        section: str,
        first_is_lead: bool,
        leaders_col: str,
        table_title: str,
    ) -> None:
        ident = self._unique(f"{self.plan_id}/{ctx.part_key}/{table_prefix(ctx)}table.{row.number}")
        task_cell = row.cells.get("task") or row.head
        mentions: list[RawMention] = []
        clauses: list[Clause] = []
        for column in ("lead", "units", "cooperate"):
            cell = row.cells.get(column)
            if cell is None or not cell.text:
                continue
            clauses.append(Clause(cell.text, cell.source()))
            column_role = {"lead": "lead", "units": "responsible"}.get(column, "cooperate")
            hits = cell_hits(cell, column_role, self.genre)
            if hits is not None:
                mentions.extend(RawMention(h.name, h.role, cell, inferred=h.inferred) for h in hits)
                continue
            for i, name in enumerate(cell_units(cell, self.genre)):
                if column == "units":
                    role = "lead" if first_is_lead and i == 0 else "responsible"
                else:
                    role = "lead" if column == "lead" else "cooperate"
                mentions.append(RawMention(name, role, cell))
        persons: list[PersonRef] = []
        leader_cell = row.cells.get("leaders")
        if leader_cell is not None:
            for name in cell_persons(leader_cell):
                persons.append(PersonRef(name.text, leaders_col, name.source()))
                self._person(name.text, leaders_col, "", table_title, name)
        self._add_task(
            replace(ctx, section=section, parent_task=None, path=path),
            ident,
            "row",
            row.label,
            task_cell.text,
            row.head,
            mentions,
            clauses,
            persons=persons,
        )
