"""Task tables flattened to one cell per line, rebuilt as rows.

A table copied out of a web page or a PDF often arrives with every cell on a line of its own
(blank lines between them are dropped before this step): first the header cells (序号 /
工作任务 / 责任单位 / 牵头单位 / 配合单位 / 责任领导 / 完成时限 …), then each row cell by cell.
The header gives the number of columns and what each holds; a row starts at the line that
is the next number of the 序号 sequence; the lines between two row starts are shared out
among the columns in order by what they look like (a list of units, a person, a deadline,
running text), so a cell written over two lines, a person column and a row whose merged
cells were lost (fewer lines than columns) still land in their columns. A heading line
between rows (（一）…重点工作) opens a section of the table, as in a table with tabs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graphbuild.parse.numbering import label_of
from graphbuild.parse.tables import cell_name, is_header, table_columns
from graphbuild.read.genre import Genre, load_genre
from graphbuild.read.text import Span

__all__ = ["FlatRow", "header_cell", "unflatten"]

Line = tuple[Span, bool, bool]  # (clean line, is a row with tabs, is a bullet line)


@dataclass
class FlatRow:
    """A table row rebuilt from lines: the whole row's span and one span per column."""

    span: Span
    cells: list[Span]


_HEADER_WORDS = (
    "序号",
    "任务",
    "工作",
    "事项",
    "内容",
    "项目",
    "目标",
    "措施",
    "单位",
    "部门",
    "领导",
    "责任人",
    "时限",
    "时间",
    "节点",
    "备注",
    "进度",
    "完成",
    "标准",
)
_BRACKETED = re.compile(r"[（(][^（）()]*[)）]")
_NUMBER = re.compile(r"^(\d{1,3})\s*[*＊★☆※.．、]?$")
_DEADLINE = re.compile(
    r"^(?:\d{4}\s*年)?.{0,8}(?:\d{1,2}\s*月|年底|年内|季度|长期|持续|常态|完成|前)[^。]{0,10}$"
)
_PERSON = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_MIN_HEADER = 3


def header_cell(span: Span) -> bool:
    """A line that reads as one header cell (序号, 重点工作任务（N项）, 责任单位, 完成时限…)."""
    name = _BRACKETED.sub("", cell_name(span))
    return 0 < len(name) <= 12 and (name in ("编号", "序") or any(w in name for w in _HEADER_WORDS))


def _header_run(lines: list[Line], at: int) -> int:
    """How many lines from ``at`` form a flattened header (0 when they do not)."""
    n = 0
    while at + n < len(lines) and not lines[at + n][1] and header_cell(lines[at + n][0]):
        n += 1
    if n < _MIN_HEADER:
        return 0
    names = [_BRACKETED.sub("", cell_name(lines[at + k][0])) for k in range(n)]
    if "序号" not in names[0] and names[0] not in ("编号", "序"):
        return 0
    return n if is_header(names) or any("单位" in x or "部门" in x for x in names) else 0


def _kind(span: Span, genre: Genre) -> str:
    """What a line looks like: ``units``, ``person``, ``deadline`` or ``text``."""
    text = span.simple.strip()
    if genre.label_re.search(text):
        return "units"
    if _DEADLINE.match(text) and len(text) <= 16:
        return "deadline"
    names = [n for n in re.split(r"[、，,；;\s]+", text) if n]
    if names and "。" not in text and all(genre.is_unit_name(n) for n in names):
        return "units"
    if _PERSON.match(text) or any(text.endswith(p) for p in genre.posts):
        return "person"
    return "text"


_FITS = {
    "task": {"text": 2.0, "units": -1.0, "person": -2.0, "deadline": -1.0},
    "units": {"units": 2.0, "text": -2.0, "person": -2.0, "deadline": -2.0},
    "leaders": {"person": 2.0, "units": -1.0, "text": -1.0, "deadline": -2.0},
    "deadline": {"deadline": 2.0, "text": 0.0, "units": -2.0, "person": -2.0},
    "other": {"text": 0.5, "units": -0.5, "person": 0.0, "deadline": 0.5},
}
_EMPTY = -1.0


def _column_kind(header: Span, role: str | None) -> str:
    if role in ("lead", "units", "cooperate"):
        return "units"
    if role == "task":
        return "task"
    if role in ("leaders", "person"):
        return "leaders"
    name = cell_name(header)
    if any(w in name for w in ("时限", "时间", "节点")):
        return "deadline"
    return "other"


def _share(kinds: list[str], columns: list[str]) -> list[tuple[int, int]]:
    """Share consecutive lines (of ``kinds``) out among ``columns`` in order: for each
    column the (start, end) of its lines, the fit of the whole being the best."""
    m, k = len(kinds), len(columns)
    neg = float("-inf")
    best = [[neg] * (m + 1) for _ in range(k + 1)]
    back = [[0] * (m + 1) for _ in range(k + 1)]
    best[0][0] = 0.0
    for c in range(1, k + 1):
        fits = _FITS[columns[c - 1]]
        for j in range(m + 1):
            for i in range(j + 1):  # column c takes lines i..j-1
                if best[c - 1][i] == neg:
                    continue
                # of two equal shares, the one that fills the earlier column (a lead column
                # before a cooperating one when the row has one list only)
                taken = sum(fits[kinds[x]] for x in range(i, j)) - 0.01 * c * (j - i)
                score = best[c - 1][i] + (_EMPTY if i == j else taken)
                if score > best[c][j]:
                    best[c][j], back[c][j] = score, i
    out: list[tuple[int, int]] = []
    j = m
    for c in range(k, 0, -1):
        i = back[c][j]
        out.append((i, j))
        j = i
    return out[::-1]


def _cell(parts: list[Span], kind: str, file: str) -> Span:
    if not parts:
        return Span("", (), file)
    # a unit list wraps between names or inside one (the cell splitter joins what a wrap cut)
    return Span.join(parts, " " if kind == "units" else "")


def _ends_table(span: Span) -> bool:
    lab = label_of(span.simple)
    return bool(lab and lab[0] in ("cn", "chap", "art")) or span.simple.startswith(("附件", "注"))


def unflatten(lines: list[Line], genre: Genre | None = None) -> list[Line | FlatRow]:
    """``lines`` with every flattened task table replaced by its header and rows."""
    genre = genre or load_genre()
    out: list[Line | FlatRow] = []
    i = 0
    while i < len(lines):
        width = _header_run(lines, i)
        if not width:
            out.append(lines[i])
            i += 1
            continue
        header = [lines[i + k][0] for k in range(width)]
        out.append(FlatRow(Span.join(header, "\t"), header))
        roles = {idx: role for role, idx in table_columns(header).items()}
        columns = [_column_kind(header[c], roles.get(c)) for c in range(1, width)]
        i += width
        expected = 1
        row: list[Span] = []
        while i < len(lines) and not lines[i][1]:
            span = lines[i][0]
            number = _NUMBER.match(span.simple)
            restart = number and int(number.group(1)) == 1 and not row
            if number and (int(number.group(1)) == expected or restart):
                _close(out, row, columns, genre)
                row = [span]
                expected = int(number.group(1)) + 1
            elif _header_run(lines, i) or _ends_table(span):
                break
            elif row and label_of(span.simple) and label_of(span.simple)[0] == "pcn":
                _close(out, row, columns, genre)
                row = []
                out.append(FlatRow(span, [span]))  # （一）…: a section of the table
            elif row:
                row.append(span)
            else:
                out.append(FlatRow(span, [span]))
            i += 1
        _close(out, row, columns, genre)
    return out


def _close(out: list[Line | FlatRow], row: list[Span], columns: list[str], genre: Genre) -> None:
    """Append the row gathered in ``row`` (its number line first) as a FlatRow."""
    if not row:
        return
    body = row[1:]
    kinds = [_kind(s, genre) for s in body]
    shares = _share(kinds, columns)
    cells = [row[0]] + [
        _cell(body[a:b], columns[c], row[0].file) for c, (a, b) in enumerate(shares)
    ]
    out.append(FlatRow(Span.join(row, "\t"), cells))
    row.clear()
