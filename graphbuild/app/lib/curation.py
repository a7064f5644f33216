"""Check and correct in the app: the Documents page's verdict and doubts per plan, and the
Task page's editor that writes ``NAME.corrections.csv`` beside the plan and rebuilds.

Correcting needs a local build: the plan's file in the plans folder ($GRAPHBUILD_INPUT),
writable, and the app reading its own build folder (not Neo4j). Otherwise the page says so.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from graphbuild.model import ROLES, Plan, Task
from lib import data, ui
from lib.i18n import lang, role_label

__all__ = ["editable_plan", "saved_notice", "show_assessment", "show_editor", "unit_mark"]

_STRINGS: dict[str, tuple[str, str]] = {
    "verdict.ok": ("未见遗漏", "ok"),
    "verdict.review": ("需要复核", "review"),
    "verdict.failed": ("未能读出", "failed"),
    "assess.title": ("自查结果", "Self-assessment"),
    "assess.counts": (
        "编号条目 {items} 条，表格行 {rows} 行；"
        "有责任单位的任务 {unit:.0%}，有牵头单位的 {lead:.0%}",
        "{items} numbered items, {rows} table rows; {unit:.0%} of tasks with a unit, "
        "{lead:.0%} with a lead",
    ),
    "assess.none": ("本次构建没有该文件的自查结果。", "This build has no assessment of the file."),
    "assess.doubts": (
        "存疑之处（点击查看原文位置）",
        "Doubts (click to see the place in the text)",
    ),
    "assess.meta": ("元数据来源", "Metadata and where from"),
    "kind.orphan": ("未挂到任务的责任表述", "responsibility text attached to no task"),
    "kind.name": ("可疑单位名称", "doubtful unit name"),
    "kind.header": ("未识别的表头", "unknown table header"),
    "kind.table": ("未读出的表格", "table not read"),
    "kind.stale": ("失效的更正", "stale correction"),
    "ed.title": ("更正单位与角色", "Correct the units and roles"),
    "ed.help": (
        "修改、增加或删除行，填写更正人和理由后保存：更正写入 {file}，随后重新构建。",
        "Edit, add or delete rows, say who and why, then save: the corrections go to {file} "
        "and the plans are rebuilt.",
    ),
    "ed.unit": ("单位", "Unit"),
    "ed.role": ("角色", "Role"),
    "ed.by": ("更正人", "Corrected by"),
    "ed.note": ("理由", "Why"),
    "ed.save": ("保存更正并重新构建", "Save the corrections and rebuild"),
    "ed.nothing": ("没有改动。", "Nothing changed."),
    "ed.need_by": ("请填写更正人。", "Say who corrects."),
    "ed.saved": ("已写入 {n} 条更正并重新构建。", "{n} corrections written; rebuilt."),
    "ed.failed": ("重新构建失败（退出码 {code}）。", "The rebuild failed (exit code {code})."),
    "ed.readonly": (
        "只有在本机构建上运行时才能更正（{why}）。",
        "Corrections only when the app runs on a local build ({why}).",
    ),
    "ed.why.neo4j": ("应用正在读取 Neo4j", "the app reads Neo4j"),
    "ed.why.missing": ("找不到原文 {path}", "the plan {path} is not here"),
    "ed.why.readonly": ("原文所在文件夹不可写", "the plans folder is not writable"),
    "mark": ("✎ 已更正", "✎ corrected"),
}


def _t(key: str, **fmt: Any) -> str:
    zh, en = _STRINGS[key]
    text = en if lang() == "en" else zh
    return text.format(**fmt) if fmt else text


def unit_mark(record: Any) -> str:
    """The mark of a corrected unit or task: ``✎ 已更正 · 李研究员: 理由``."""
    if not getattr(record, "corrected", False):
        return ""
    who = " · ".join(x for x in (record.by, record.note) if x)
    return f"{_t('mark')} · {who}" if who else _t("mark")


# ------------------------------------------------------------------ Documents page


def show_assessment(ix: data.Index, plan: Plan) -> None:
    """The plan's verdict as a badge, its reasons, counts, metadata and doubts; every doubt
    with a place links to that place in the text."""
    found = next((a for a in ix.corpus.assessments if a.get("file") == plan.file), None)
    st.subheader(_t("assess.title"))
    if found is None:
        st.caption(_t("assess.none"))
        return
    verdict = found["verdict"]
    color, icon = {
        "ok": ("green", "check_circle"),
        "review": ("orange", "warning"),
        "failed": ("red", "block"),
    }[verdict]
    st.markdown(f":{color}-badge[:material/{icon}: {_t('verdict.' + verdict)}]")
    for reason in found["reasons"]:
        st.markdown(f"- {reason}")
    st.caption(
        _t(
            "assess.counts",
            items=found["items"],
            rows=found["rows"],
            unit=found["share_with_unit"],
            lead=found["share_with_lead"],
        )
    )
    meta = found.get("metadata", {})
    if meta:
        st.caption(
            f"{_t('assess.meta')}: "
            + "；".join(f"{k} {v['value']}（{v['from']}）" for k, v in meta.items())
        )
    doubts = found.get("doubts", [])
    if not doubts:
        return
    with st.expander(f"{_t('assess.doubts')} ({len(doubts)})", expanded=verdict != "ok"):
        for doubt in doubts:
            label = f"{_t('kind.' + doubt['kind'])}: {doubt['text']}"
            if doubt["end"] > doubt["start"]:
                ui.page_link(
                    "documents",
                    label,
                    icon=":material/location_on:",
                    doc=plan.id,
                    start=doubt["start"],
                    end=doubt["end"],
                )
            else:
                st.markdown(f"- {label}")


# ------------------------------------------------------------------ Task page


def editable_plan(plan_file: str) -> tuple[Path | None, str]:
    """The plan's path when its corrections can be written here, else None and why not."""
    if data.requested_backend() == "neo4j":
        return None, _t("ed.why.neo4j")
    path = data.raw_dir() / plan_file
    if not path.is_file():
        return None, _t("ed.why.missing", path=path)
    if not os.access(path.parent, os.W_OK):
        return None, _t("ed.why.readonly")
    return path, ""


def show_editor(ix: data.Index, task: Task) -> None:
    """The editor of the task's units and roles (local builds only)."""
    from graphbuild.analyse.corrections import (
        corrections_path,
        edits,
        merge_corrections,
        read_corrections,
        render_corrections,
    )

    plan = next(p for p in ix.corpus.plans if p.id == task.plan)
    st.subheader(_t("ed.title"))
    path, why = editable_plan(plan.file)
    if path is None:
        st.info(_t("ed.readonly", why=why))
        return
    target = corrections_path(path)
    st.caption(_t("ed.help", file=target.name))
    roles = {role_label(r): r for r in ROLES}
    frame = pd.DataFrame(
        [{_t("ed.unit"): u.name, _t("ed.role"): role_label(u.role)} for u in task.units],
        columns=[_t("ed.unit"), _t("ed.role")],
    )
    edited = st.data_editor(
        frame,
        num_rows="dynamic",
        hide_index=True,
        key=f"ed-{task.id}-{data.model_stamp(data.build_dir())}",  # fresh after a rebuild
        column_config={
            _t("ed.unit"): st.column_config.TextColumn(required=True),
            _t("ed.role"): st.column_config.SelectboxColumn(
                options=list(roles), required=True, default=role_label("responsible")
            ),
        },
    )
    left, right = st.columns(2)
    by = left.text_input(_t("ed.by"), key=f"ed-by-{task.id}")
    note = right.text_input(_t("ed.note"), key=f"ed-note-{task.id}")
    if not st.button(_t("ed.save"), key=f"ed-save-{task.id}", type="primary"):
        return
    wanted = [
        (str(row[_t("ed.unit")] or ""), roles.get(row[_t("ed.role")], "responsible"))
        for row in edited.to_dict("records")
        if str(row.get(_t("ed.unit")) or "").strip()
    ]
    rows = edits(task, wanted, note=note.strip(), by=by.strip())
    if not rows:
        st.info(_t("ed.nothing"))
        return
    if not by.strip():
        st.warning(_t("ed.need_by"))
        return
    merged = merge_corrections(read_corrections(target), rows)
    target.write_text(render_corrections(merged), encoding="utf-8")
    from graphbuild.cli.build import build_quietly

    with st.spinner("…"):
        code = build_quietly(data.build_dir())
    if code != 0:
        st.error(_t("ed.failed", code=code))
        return
    st.cache_resource.clear()
    st.cache_data.clear()
    st.session_state["ed-saved"] = len(rows)
    st.rerun()


def saved_notice() -> None:
    """After a rerun that followed a save: say how many corrections were written."""
    n = st.session_state.pop("ed-saved", None)
    if n:
        st.success(_t("ed.saved", n=n))
