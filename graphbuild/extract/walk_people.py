"""The walk's people: persons named in tables and lists, leading groups, working groups."""

from __future__ import annotations

from graphbuild.extract.names import repair_unit_name
from graphbuild.extract.people import leading_group, split_post_name, working_group
from graphbuild.model import Person, WorkingGroup
from graphbuild.parse.document import Part
from graphbuild.read.text import Span
from graphbuild.resolve import battle_of

__all__ = ["PeopleWalk"]


class PeopleWalk:
    """The people part of the document walker (mixed into it: uses its ``plan_id``,
    ``county``, ``genre``, ``resolver``, ``persons``, ``out`` and ``_unique``)."""

    def _person(self, name: str, role: str, post: str, body: str, span: Span) -> None:
        key = (name, role, body)
        if key in self.persons:
            return
        person = Person(
            id=f"{self.plan_id}/person/{name}",
            county=self.county,
            name=name,
            role=role,
            post=post,
            body=body,
            source=span.source(),
        )
        self.persons[key] = person
        self.out.people.append(person)

    def _leading_group(self, part: Part, title: str) -> None:
        body = title.removesuffix("人员名单").removesuffix("名单")
        raw = self.parsed.raw.text
        lines: list[tuple[str, Span]] = []
        for para in part.root.paras:
            src = para.span.source()
            end = raw.find("\n", src.start)
            end = src.end if end < 0 else min(end, src.end)
            first = para.span[: sum(1 for o in para.span.offsets if o < end)]
            lines.append((raw[src.start : end], first))
        for hit in leading_group(lines, self.genre):
            self._person(hit.name, hit.role, hit.post, body, hit.span)

    def working_groups(self) -> None:
        """Find the working group set up in each battle attachment's organisational text."""
        for part in self.parsed.parts:
            battle = battle_of(part.title.text, self.battles) if part.number else None
            if not battle:
                continue
            for node in part.root.walk():
                for para in node.paras:
                    hit = working_group(para.span, self.genre)
                    if hit is None:
                        continue
                    self._group(hit, battle)
                    break

    def _group(self, hit, battle: str) -> None:
        ident = self._unique(f"{self.plan_id}/wg/{battle}")
        repaired = [repair_unit_name(m, self.genre) for m in hit.members]
        members = [m.text for m in repaired if m is not None]
        canon = [self.resolver.resolve(self.county, m).canonical for m in members]
        office = hit.office.text if hit.office else ""
        deputies = [d.text for _, d in hit.deputies]
        self.out.working_groups.append(
            WorkingGroup(
                id=ident,
                county=self.county,
                plan=self.plan_id,
                battle=battle,
                name=hit.name,
                convenor=hit.convenor.text if hit.convenor else "",
                deputy_convenors=deputies,
                deputy_roles=[role for role, _ in hit.deputies],
                member_units=members,
                member_canonical=canon,
                office=office,
                office_canonical=self.resolver.resolve(self.county, office).canonical
                if office
                else "",
                source=hit.span.source(),
            )
        )
        named = [("召集人", hit.convenor)] if hit.convenor else []
        for role, span in [*named, *hit.deputies]:
            post, name = split_post_name(span.text, self.genre)
            if name:
                self._person(name, role, post, hit.name, span)
