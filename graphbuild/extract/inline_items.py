"""Sub-items numbered （1）（2）… inside a task's running text, each with its own clause:
``3.优化营商环境。（1）压缩开办时间（县市场监管局负责）；（2）推行告知承诺制（县住建局负责）。``"""

from __future__ import annotations

import re
from dataclasses import replace

from graphbuild.extract.clauses import depth
from graphbuild.extract.context import Ctx, without_clauses
from graphbuild.model import Clause
from graphbuild.read.text import Span

__all__ = ["InlineWalk", "paren_items"]

_MARK = re.compile(r"[（(]\s*(\d{1,2})\s*[）)]")


def paren_items(body: Span) -> list[tuple[Span, str, int]]:
    """The inline sub-items of ``body`` as (text, label, number), or [] when it has fewer
    than two, numbered from 1 in order, outside brackets and not at a line start (a
    sub-item on a line of its own is a node of the tree already)."""
    text = body.text
    marks = [
        m
        for m in _MARK.finditer(text)
        if m.start() > 0 and text[m.start() - 1] != "\n" and depth(text[: m.start()]) <= 0
    ]
    run: list[re.Match[str]] = []
    for m in marks:
        if int(m.group(1)) == len(run) + 1:
            run.append(m)
    if len(run) < 2:
        return []
    out: list[tuple[Span, str, int]] = []
    for k, m in enumerate(run):
        if k + 1 < len(run):
            end = run[k + 1].start()
        else:
            line_end = text.find("\n", m.start())
            end = line_end if line_end >= 0 else len(text)
        piece = body[m.start() : end].strip("；;，,。 ")
        out.append((piece, m.group(0), int(m.group(1))))
    return out


class InlineWalk:
    """Sub-items inside a task's running text (mixed into the document walker: uses its
    ``_mentions``, ``_unique`` and ``_add_task``)."""

    def _inline_items(self, body: Span, parent: str, ctx: Ctx) -> None:
        """Sub-items numbered ①②… inside a task's running text (not at a line start)."""
        marks = [
            i
            for i, ch in enumerate(body.text)
            if "\u2460" <= ch <= "\u2473" and i > 0 and body.text[i - 1] != "\n"
        ]
        if not marks or body.text[marks[0]] != "①":
            return
        for k, start in enumerate(marks):
            if k + 1 < len(marks):
                end = marks[k + 1]
            else:
                stops = [body.text.find(c, start) for c in "；;。\n"]
                end = min([x for x in stops if x > 0], default=len(body.text))
            piece = body[start:end].strip("；;，, ")
            label = body.text[start]
            text = piece[1:].strip()
            mentions = [replace(m, inherited=True) for m in ctx.leads]
            self._add_task(
                ctx,
                self._unique(f"{parent}.{ord(label) - 0x2460 + 1}"),
                "subitem",
                label,
                text.text,
                piece,
                mentions,
                [Clause(m.clause.text, m.clause.source(), True) for m in mentions[:1]],
            )

    # -- tables --------------------------------------------------------------

    def _paren_items(
        self, items: list[tuple[Span, str, int]], ident: str, inner: Ctx, leads: tuple
    ) -> None:
        """Record the inline （1）（2） sub-items of task ``ident``, each with its own clause
        (or the lead it inherits)."""
        for piece, label, number in items:
            sub_mentions, sub_clauses = self._mentions(piece)
            if not any(m.role == "lead" for m in sub_mentions) and leads:
                inherited = [replace(m, inherited=True) for m in leads]
                sub_mentions = [*sub_mentions, *inherited]
                sub_clauses = [
                    *sub_clauses,
                    *(Clause(m.clause.text, m.clause.source(), True) for m in inherited[:1]),
                ]
            text = piece[len(label) :].strip()
            self._add_task(
                inner,
                self._unique(f"{ident}.{number}"),
                "subitem",
                label,
                text.text,
                piece,
                sub_mentions,
                sub_clauses,
                title=without_clauses(text.text, sub_clauses),
            )
