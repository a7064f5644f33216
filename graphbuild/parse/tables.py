"""Task tables: which row is a header, and what each header cell's column holds."""

from __future__ import annotations

import re

from graphbuild.read.text import Span

__all__ = ["GROUP_HEADERS", "TASK_WORDS", "cell_name", "is_header", "table_columns"]

#: Header cells of a table column that groups rows (a category cell merged over its rows).
GROUP_HEADERS = ("类别", "类型", "领域", "板块", "重点领域", "工作类别", "任务类别", "项目类别")
_UNIT_HEADER = re.compile(
    r"^(牵头|责任|配合|协办|主办|主责|承办|参与|参加|协同|会同|指导|督办|牵头责任|协同责任|主要责任)?"
    r"(单位|部门|科室|处室)$"
)
TASK_WORDS = ("任务", "工作", "事项", "内容", "项目", "目标")
_TASK_HEADER = re.compile(rf"^.{{0,6}}({'|'.join(TASK_WORDS)}|项目名称)$")


def is_header(texts: list[str]) -> bool:
    """A task table's header row: it has a 序号 column, or short cells naming a unit column
    (牵头单位, 责任单位…) and a task column (任务, 工作, 事项)."""
    if any("序号" in t for t in texts) or (texts and texts[0] in ("编号", "序")):
        return True
    units = any(_UNIT_HEADER.match(t) for t in texts)
    return units and any(_TASK_HEADER.match(t) for t in texts)


#: Words of a unit column's header that make its units cooperating ones.
_COOPERATE_WORDS = ("配合", "协办", "参与", "参加", "协同", "会同", "指导", "督办")


def table_columns(header: list[Span]) -> dict[str, int]:
    """Map table header cells to column roles by their wording."""
    cols: dict[str, int] = {}
    for i, cell in enumerate(header):
        name = cell_name(cell)
        if "序号" in name or name in ("编号", "序"):
            cols.setdefault("no", i)
        elif name in GROUP_HEADERS:
            cols.setdefault("group", i)
        elif any(w in name for w in TASK_WORDS) and "单位" not in name and "领导" not in name:
            cols.setdefault("task", i)
        elif any(w in name for w in ("单位", "部门", "科室", "处室")):
            if ("牵头" in name or "主办" in name) and "责任" not in name:
                cols.setdefault("lead", i)
            elif any(w in name for w in _COOPERATE_WORDS):
                cols.setdefault("cooperate", i)
            elif "牵头" in name:
                cols.setdefault("lead", i)
            else:
                cols.setdefault("units", i)
        elif "领导" in name:
            cols.setdefault("leaders", i)
        elif "责任人" in name:
            cols.setdefault("person", i)
    # 主要责任单位 set against 协同配合单位 is the lead column
    main = "units" in cols and any(w in cell_name(header[cols["units"]]) for w in ("主要", "主责"))
    if main and "cooperate" in cols and "lead" not in cols:
        cols["lead"] = cols.pop("units")
    return cols


def cell_name(cell: Span) -> str:
    """A cell's simplified text without spaces (目 标 任 务 is spaced out to fit)."""
    return "".join(cell.simple.split())
