"""Catalog answers made readable: localised headers and values, glossed units, no internal IDs.

The backends answer with machine keys (``agency``, ``stated_leads``, ``risk``, ``lead``,
``None``, ``xinhuang/risk/2.1.1``). A reader sees the header in the interface language,
battles, roles, kinds, functions and counties by name, units with their English gloss in
the English interface, empty cells for missing values, and a link to the Task page instead
of a task id. The CSV download keeps the machine keys (see the Ask page).
No Streamlit widgets here, so it is unit-tested on its own.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from lib.i18n import (
    agency_label,
    battle_keys,
    battle_label,
    county_short,
    function_label,
    lang,
    metric_label,
    post_label,
    role_label,
    t,
)

__all__ = ["COLUMNS", "column_label", "present", "text_width", "value_label"]

#: column → (zh, en) header
COLUMNS: dict[str, tuple[str, str]] = {
    "agency": ("单位", "Unit"),
    "a": ("单位甲", "Unit A"),
    "b": ("单位乙", "Unit B"),
    "source": ("起点单位", "From unit"),
    "target": ("终点单位", "To unit"),
    "county": ("县市", "County"),
    "battle": ("战役", "Battle"),
    "battles": ("涉及战役", "Battles"),
    "task_id": ("任务", "Task"),
    "task": ("任务", "Task"),
    "kind": ("类型", "Kind"),
    "label": ("序号", "No."),
    "title": ("标题", "Title"),
    "text": ("原文", "Text"),
    "heading": ("所继承的标题", "Heading it inherits from"),
    "role": ("角色", "Role"),
    "inherited": ("继承自标题", "Inherited from a heading"),
    "lead_units": ("牵头单位", "Lead units"),
    "responsible_units": ("负责单位", "Responsible units"),
    "cooperating_units": ("配合单位", "Cooperating units"),
    "stated_leads": ("明确牵头", "Stated leads"),
    "inherited_leads": ("继承牵头", "Inherited leads"),
    "total_leads": ("牵头合计", "Total leads"),
    "leads": ("牵头", "Leads"),
    "responsible": ("负责", "Responsible"),
    "cooperates": ("配合", "Cooperates"),
    "tasks": ("任务数", "Tasks"),
    "with_lead": ("有牵头单位", "With a lead unit"),
    "without_units": ("无责任单位", "Without units"),
    "agencies": ("单位", "Units"),
    "partners": ("合作单位数", "Partners"),
    "shared_tasks": ("共同任务数", "Shared tasks"),
    "shared_with_next": ("与下一步共同任务", "Shared with the next"),
    "degree_centrality": ("度中心性", "Degree centrality"),
    "betweenness": ("中介中心性", "Betweenness"),
    "community": ("社群", "Community"),
    "size": ("单位数", "Units"),
    "internal_weight": ("内部共同任务", "Shared tasks inside"),
    "members": ("成员单位", "Member units"),
    "member_count": ("成员单位数", "Member units"),
    "weight": ("共同任务数", "Shared tasks"),
    "step": ("步", "Step"),
    "surface_forms": ("原文写法", "As written"),
    "function": ("职能", "Function"),
    "functions": ("职能", "Functions"),
    "metric": ("指标（原文）", "Metric (as written)"),
    "metric_key": ("指标", "Metric"),
    "value": ("目标值", "Value"),
    "value_to": ("至", "Up to"),
    "values": ("各处数值", "Values given"),
    "unit": ("单位（量纲）", "Unit of measure"),
    "qualifier": ("限定词", "Qualifier"),
    "deadline": ("期限", "Deadline"),
    "compatible": ("可相容", "Compatible"),
    "leader": ("领导", "Leader"),
    "part": ("机构", "Body"),
    "body": ("名称", "Name"),
    "holder": ("担任者", "Held by"),
    "post": ("职务", "Post"),
    "working_group": ("工作专班", "Working group"),
    "convenor": ("召集人", "Convenor"),
    "deputy_convenors": ("副召集人", "Deputy convenors"),
    "office": ("办公室", "Office"),
    "score": ("相似度", "Similarity"),
}

#: columns of units named as written, glossed in English
UNIT_COLUMNS = {
    "agency",
    "a",
    "b",
    "source",
    "target",
    "lead_units",
    "responsible_units",
    "cooperating_units",
    "members",
    "agencies",
    "office",
}

#: words some answers use as values, with their labels
WORDS: dict[str, tuple[str, str]] = {
    "all": ("全部", "All"),
    "stated": ("明确写出", "Stated"),
    "inherited": ("继承自标题", "Inherited"),
    "leading_group": ("领导小组", "Leading group"),
    "working_group": ("工作专班", "Working group"),
    "office": ("办公室", "Office"),
}

_ID = re.compile(r"^[a-z0-9-]+/[a-z0-9-]+/[\w.\-]+$")


def column_label(name: str) -> str:
    """The header of a column in the interface language (unknown keys made readable)."""
    pair = COLUMNS.get(name)
    if pair:
        return pair[1] if lang() == "en" else pair[0]
    return name.replace("_", " ").capitalize()


def _is_id(value: Any) -> bool:
    return isinstance(value, str) and bool(_ID.match(value))


def _join(items: list[str]) -> str:
    return ("; " if lang() == "en" else "、").join(items)


def value_label(column: str, value: Any, county: str | None = None) -> Any:
    """One cell as a reader sees it (numbers stay numbers)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return ("✓ yes" if value else "no") if lang() == "en" else ("✓ 是" if value else "否")
    if isinstance(value, (list, tuple)):
        return _join([str(value_label(column, v, county)) for v in value if v is not None])
    if isinstance(value, (int, float)):
        return round(value, 3) if isinstance(value, float) else value
    text = str(value)
    if text in ("-", ""):
        return "—" if text else ""
    if column in ("battle", "battles") or (column == "community" and text in battle_keys()):
        return t("all_battles") if text == "all" else battle_label(text)
    if column == "county":
        # the short name (邵东 / Shaodong): the full one is in the question's form
        return t("both_counties") if text == "all" else county_short(text)
    if column == "role":
        return (
            role_label(text) if text in ("lead", "responsible", "cooperate") else post_label(text)
        )
    if column == "kind":
        key = f"kind.{text}"
        label = t(key)
        return text if label == key else label
    if column in ("function", "functions"):
        return function_label(text)
    if column == "metric_key":
        return metric_label(text)
    if column in ("post", "holder") or column.endswith("convenor"):
        return text
    if column in UNIT_COLUMNS and county:
        return agency_label(county, text)
    if text in WORDS:
        return WORDS[text][1] if lang() == "en" else WORDS[text][0]
    return text


def text_width(text: str) -> int:
    """Pixels a text needs in a table cell (CJK about 14 px, Latin about 8 px)."""
    return sum(14 if ord(ch) > 0x2E80 else 8 for ch in text)


def present(
    rows: list[dict[str, Any]],
    params: dict[str, Any],
    task_url: str = "task",
    budget: int = 900,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The readable table of an answer and its column configuration.

    ``params`` are the question's parameters (their ``county`` glosses units when the rows
    name none). Task ids become links to the Task page (``task_url``); other ids, and
    lists of ids, are left out. Every column is wide enough for its header; text columns
    share ``budget`` pixels (the table's width on the page).
    """
    import streamlit as st

    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame, {}
    county_param = params.get("county") if params.get("county") not in (None, "all") else None
    has_metric = "metric" in frame.columns
    out: dict[str, list[Any]] = {}
    config: dict[str, Any] = {}
    floors: dict[str, int] = {}
    wants: dict[str, int] = {}
    kinds: dict[str, str] = {}
    link_widths: dict[str, int] = {}
    lang_suffix = "&lang=en" if lang() == "en" else ""
    for column in frame.columns:
        values = list(frame[column])
        header = column_label(column)
        if column == "task_id":
            out[header] = [
                f"{task_url}?task={v}{lang_suffix}" if isinstance(v, str) else "" for v in values
            ]
            link_widths[header] = max(80, text_width(header) + 36)
            config[header] = st.column_config.LinkColumn(
                header, display_text=t("open"), width=link_widths[header]
            )
            continue
        if column == "metric_key" and has_metric:
            continue
        sample = [v for v in values if v not in (None, "")]
        flat = [x for v in sample for x in (v if isinstance(v, (list, tuple)) else [v])]
        if flat and all(_is_id(x) for x in flat):
            continue  # internal ids (targets, sections, lists of tasks): not data for a reader
        cells = []
        for i, v in enumerate(values):
            county = frame["county"].iloc[i] if "county" in frame.columns else county_param
            cells.append(value_label(column, v, county if isinstance(county, str) else None))
        while header in out:
            header += " "
        out[header] = cells
        numeric = all(isinstance(c, (int, float)) for c in cells)
        widest = max((text_width(str(c)) for c in cells), default=0)
        floors[header] = text_width(header) + (24 if numeric else 36)  # the header always fits
        if not numeric:  # a name column keeps enough room to be read, even beside numbers
            floors[header] = max(floors[header], min(widest + 24, 180))
        wants[header] = max(floors[header], min(widest + 24, 560))
        kinds[header] = "number" if numeric else "text"
    # text columns share what the page leaves (about 900 px) in proportion to their content,
    # never narrower than their header; numbers keep the width they need
    fixed = sum(w for h, w in wants.items() if kinds[h] == "number") + sum(
        w for h, w in link_widths.items()
    )
    texts = {h: w for h, w in wants.items() if kinds[h] == "text"}
    room = max(budget - fixed, sum(floors[h] for h in texts))
    scale = min(1.0, room / sum(texts.values())) if texts else 1.0
    for header, want in wants.items():
        width = int(max(floors[header], want * scale)) if kinds[header] == "text" else want
        column_type = (
            st.column_config.NumberColumn
            if kinds[header] == "number"
            else (st.column_config.TextColumn)
        )
        config[header] = column_type(header, width=width)
    return pd.DataFrame(out), config
