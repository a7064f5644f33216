"""The document tree: paragraphs re-joined across page breaks, headings, items and tables.

The tree keeps, for every node, the clean text of its own paragraphs as
:class:`~graphbuild.read.text.Span` objects, so every later fact can point at the raw file.
Nothing here knows about responsibility; it only recovers the document's structure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graphbuild.parse.numbering import STYLES, cn_number, label_of
from graphbuild.parse.paragraphs import (
    ATTACHMENT,
    FOOTNOTE,
    HEADING_MAX,
    LONE_MARKER,
    Para,
    is_plan_title,
    paragraphs,
)
from graphbuild.parse.tables import cell_name, is_header, table_columns
from graphbuild.read.corpus import InputError, RawDocument
from graphbuild.read.text import Span

__all__ = [
    "STYLES",
    "Node",
    "Para",
    "ParsedDocument",
    "Part",
    "cn_number",
    "label_of",
    "parse_document",
]

_APPENDIX = re.compile(r"^附\s*表")


@dataclass
class Node:
    """A node of the document tree: a heading, a numbered item, a table or a table row."""

    kind: str  # "root" | "item" | "table" | "row"
    style: str | None
    label: str
    number: int | None
    paras: list[Para] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    cells: dict[str, Span] = field(default_factory=dict)

    @property
    def head(self) -> Span:
        """The node's first paragraph (its heading line, label included)."""
        return self.paras[0].span

    def own_text(self) -> Span:
        """The node's own paragraphs joined by newlines (children excluded)."""
        spans = [p.span for p in self.paras]
        return Span.join(spans, "\n") if spans else Span("", (), "")

    def walk(self) -> list[Node]:
        """This node and all its descendants, depth first."""
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


@dataclass
class Part:
    """The general plan (number 0) or one attachment (附件 N)."""

    number: int
    title: Span
    marker: Span | None
    root: Node
    start: int
    end: int


@dataclass
class ParsedDocument:
    """A document split into header lines, the general plan and its attachments."""

    raw: RawDocument
    header: list[Para]
    parts: list[Part]
    standalone: bool = False  # no attachments: the top-level sections group the tasks
    lines: list[Para] = field(default_factory=list)  # every paragraph, header included


class _TreeBuilder:
    """Build one part's tree from its paragraphs with a stack of numbering styles."""

    def __init__(self, root: Node) -> None:
        self.root = root
        self.stack: list[Node] = [root]
        self.table: Node | None = None
        self.columns: dict[str, int] = {}
        self.group = ""
        self.rows = 0
        self.loose_heading: Node | None = None  # a heading line read inside a table

    def add(self, para: Para) -> None:
        if para.row is not None:
            self._add_row(para)
            return
        if self.table is not None:
            if FOOTNOTE.match(para.simple):
                self.table.paras.append(para)
                self._close_table()
                return
            lab = label_of(para.text)
            if lab and lab[0] == "cn" and len(para.text) <= HEADING_MAX:
                self._table_section(para, lab)
                self.loose_heading = self.table_section
                return
            self._close_table()
        if _APPENDIX.match(para.simple):
            del self.stack[1:]
        lab = label_of(para.text)
        if lab is None:
            self.stack[-1].paras.append(para)
            return
        style, label, number = lab
        node = Node(kind="item", style=style, label=label, number=number, paras=[para])
        styles = [n.style for n in self.stack]
        if style in styles:
            del self.stack[styles.index(style) :]
        self.stack[-1].children.append(node)
        self.stack.append(node)

    def _add_row(self, para: Para) -> None:
        cells = para.row or []
        texts = [cell_name(c) for c in cells]
        if is_header(texts):
            if self.loose_heading is not None:
                # the heading line just read opens a new table: it was a heading, not a
                # section of the table before it
                heading = self.loose_heading
                assert self.table is not None
                self.table.children.remove(heading)
                self._close_table()
                self.add(heading.paras[0])
            if self.table is None:
                self.table = Node(kind="table", style="table", label="table", number=None)
                self.stack[-1].children.append(self.table)
                self.table_section: Node = self.table
                self.table.paras.append(para)
            self.columns = table_columns(cells)
            self.group = ""
            self.rows = 0
            return
        if self.table is None:
            self.stack[-1].paras.append(Para(span=para.span))
            return
        self.loose_heading = None
        first = texts[0] if texts else ""
        lab = label_of(first)
        if lab and lab[0] in ("cn", "pcn") and not any(c.text for c in cells[1:]):
            self._table_section(Para(span=cells[0]), lab)
            return
        if "no" in self.columns:
            no = self.columns["no"]
            # a row number as written: 12, 12., 12、 or marked 12* / 12★
            number = texts[no].rstrip(".．、*＊★☆※ ") if no < len(texts) else ""
        else:
            # a table without a number column: its rows are numbered in order
            task = self.columns.get("task")
            has_task = task is not None and task < len(texts) and bool(texts[task])
            number = str(self.rows + 1) if has_task else ""
        if re.fullmatch(r"[0-9０-９]{1,4}", number):
            self.rows += 1
            last = self.table_section.children[-1] if self.table_section.children else None
            if last is not None and last.kind == "row" and last.label == number:
                self._continue_row(last, para, cells)  # a 序号 cell merged over two lines
                return
            self._group_row(cells)
            row = Node(kind="row", style="row", label=number, number=int(number), paras=[para])
            for key, idx in self.columns.items():
                if idx < len(cells):
                    row.cells[key] = cells[idx]
            self.table_section.children.append(row)
            return
        self.table_section.paras.append(para)

    def _continue_row(self, row: Node, para: Para, cells: list[Span]) -> None:
        """Add a line whose number cell is merged with the row above to that row: its cells
        join the row's, except those merged too (the same text repeated)."""
        row.paras.append(para)
        for key, idx in self.columns.items():
            if idx >= len(cells) or not cells[idx].text or key == "no":
                continue
            old = row.cells.get(key)
            if old is None or not old.text:
                row.cells[key] = cells[idx]
            elif cells[idx].text != old.text:
                row.cells[key] = Span.join([old, cells[idx]], "；" if key != "task" else "\n")

    def _group_row(self, cells: list[Span]) -> None:
        """Open a table section when the row's category cell (类别, 领域…) changes."""
        idx = self.columns.get("group")
        if idx is None or idx >= len(cells) or not cells[idx].text:
            return
        cell = cells[idx]
        if cell.text == self.group:
            return
        self.group = cell.text
        assert self.table is not None
        number = sum(1 for c in self.table.children if c.kind == "item") + 1
        lab = label_of(cell.text)
        label = lab[1] if lab else ""
        self._table_section(Para(span=cell), ("tcn", label, number))

    def _table_section(self, para: Para, lab: tuple[str, str, int]) -> None:
        assert self.table is not None
        _style, label, number = lab
        node = Node(kind="item", style="tcn", label=label, number=number, paras=[para])
        self.table.children.append(node)
        self.table_section = node

    def _close_table(self) -> None:
        self.table = None
        self.columns = {}
        self.group = ""
        self.loose_heading = None


def parse_document(doc: RawDocument) -> ParsedDocument:
    """Split a document into header, general plan and attachments, each as a tree.

    Raises
    ------
    InputError
        If the text has no attachment (附件 N) at all.
    """
    paras = paragraphs(doc)
    marks = [i for i, p in enumerate(paras) if p.row is None and _is_marker(paras, i)]
    has_table = any(p.row and is_header([cell_name(c) for c in p.row]) for p in paras)
    if not marks and not has_table and not any(label_of(p.simple) for p in paras if p.row is None):
        raise InputError(
            f"{doc.name}: no attachment (附件 N), numbered item or task table (序号) found; "
            "is this a plan?"
        )
    body_start = _general_plan_start(paras, marks[0] if marks else len(paras))
    header = paras[:body_start]
    parts: list[Part] = []
    bounds = [(0, body_start, marks[0] if marks else len(paras))] + [
        (_attachment_number(paras[m].simple), m, nxt)
        for m, nxt in zip(marks, [*marks[1:], len(paras)][: len(marks)], strict=True)
    ]
    for number, start, end in bounds:
        marker = paras[start].span if number else None
        title_idx = start + 1 if number else start
        if title_idx >= end:
            continue
        title = paras[title_idx].span
        root = Node(kind="root", style=None, label="", number=None, paras=[])
        builder = _TreeBuilder(root)
        # a part that opens with its task table has no title line of its own
        first = title_idx if paras[title_idx].row is not None else title_idx + 1
        for para in paras[first:end]:
            builder.add(para)
        last = paras[end - 1].span
        parts.append(
            Part(
                number=number,
                title=title,
                marker=marker,
                root=root,
                start=(marker or title).offsets[0],
                end=last.offsets[-1] + 1 if last.offsets else title.offsets[-1] + 1,
            )
        )
    return ParsedDocument(raw=doc, header=header, parts=parts, standalone=not marks, lines=paras)


def _is_marker(paras: list[Para], i: int) -> bool:
    """An attachment's marker line: 附件1, 附件, or a lone 附件： that is followed by the
    attachment's title rather than by a numbered list of the attachments (1.…名单)."""
    text = paras[i].simple
    if ATTACHMENT.match(text):
        return True
    if not LONE_MARKER.match(text) or i + 1 >= len(paras):
        return False
    return label_of(paras[i + 1].simple) is None


def _attachment_number(text: str) -> int:
    """The number of an attachment marker line, given as its simplified shadow (a lone 附件
    is number 1)."""
    m = ATTACHMENT.match(text)
    return int(m.group(1)) if m and m.group(1) else 1


def _general_plan_start(paras: list[Para], first_mark: int) -> int:
    """Index of the general plan's title: the last 方案 title before the first label."""
    first_label = next(
        (i for i, p in enumerate(paras[:first_mark]) if p.row is None and label_of(p.text)),
        first_mark,
    )
    candidates = [i for i, p in enumerate(paras[:first_label]) if is_plan_title(p.simple)]
    if candidates:
        return candidates[-1]
    # a covering notice with numbered requirements of its own (一、务必高度重视。…) comes
    # before the plan: the plan starts at the first plan title after the notice
    later = (
        i
        for i, p in enumerate(paras[first_label:first_mark], first_label)
        if p.row is None and is_plan_title(p.simple)
    )
    return next(later, 0)
