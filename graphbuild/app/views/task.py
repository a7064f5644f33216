"""Task: the text in its paragraph with the source highlighted, units, path, group, leaders."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from lib import curation, data, ui
from lib.highlight import highlight, paragraph_bounds
from lib.i18n import (
    agency_label,
    battle_label,
    county_label,
    county_short,
    gloss,
    lang,
    role_label,
    t,
)

st.title(t("tk.title"))
ix = data.index()
if ix is None:
    st.stop()

# ------------------------------------------------------------------ pick a task
tasks = ix.corpus.tasks
wanted = st.query_params.get("task")
if wanted and wanted in ix.tasks and st.session_state.get("_qp_tk_pick") != wanted:
    st.session_state["tk_pick"] = wanted
    st.session_state["_qp_tk_pick"] = wanted
    st.session_state["tk_search"] = ""
elif wanted and wanted not in ix.tasks:
    ui.unknown("task", wanted)

query = st.text_input(t("tk.search"), key="tk_search", placeholder="xinhuang/risk/2.1 · 债务")
options = [tk.id for tk in tasks]
if query.strip():
    q = query.strip()
    options = [tk.id for tk in tasks if q in tk.id or q in tk.text or q in tk.title]
if not options:
    st.warning(t("tk.not_found"))
    st.stop()
if st.session_state.get("tk_pick") not in options:
    st.session_state["tk_pick"] = options[0]
tid = st.selectbox(
    t("tk.pick"),
    options,
    key="tk_pick",
    format_func=ui.frozen(options, lambda i: f"{i} · {ix.tasks[i].title[:40]}"),
)
if st.query_params.get("task") != tid:
    st.query_params.from_dict(ui.with_lang({"task": tid}))
    st.session_state["_qp_tk_pick"] = tid
task = ix.tasks[tid]

# ------------------------------------------------------------------ header and path
curation.saved_notice()
st.header(f"{task.label} {task.title}")
if task.corrected:
    st.caption(curation.unit_mark(task))
st.markdown(
    f"{county_label(task.county)} · {battle_label(task.battle, both=True)} · "
    f"{t('kind.' + task.kind)} · `{task.id}`"
)
st.markdown(f"**{t('tk.path')}:** " + " › ".join(task.path))
if task.parent and task.parent in ix.tasks:
    ui.page_link(
        "task", f"{t('tk.parent')}: {task.parent}", icon=":material/arrow_upward:", task=task.parent
    )

# ------------------------------------------------------------------ source
st.subheader(t("tk.source"))
try:
    text = ix.text_of(task.source.file)
except Exception as exc:
    st.error(data.friendly_error(exc))
    text = None
if text is not None:
    lo, hi = paragraph_bounds(text, task.source.start, task.source.end, extra_lines=1)
    spans = [(task.source.start, task.source.end, "task")]
    spans += [
        (c.source.start, c.source.end, "clause")
        for c in task.clauses
        if c.source.file == task.source.file
    ]
    spans += [
        (m.source.start, m.source.end, "unit")
        for u in task.units
        for m in u.mentions
        if m.source.file == task.source.file and not m.inherited and m.source != task.source
    ]
    st.html(highlight(text, lo, hi, spans))
    st.caption(f"{task.source.file} [{task.source.start}:{task.source.end}]")
    ui.page_link(
        "documents",
        task.source.file,
        icon=":material/description:",
        doc=task.plan,
        start=task.source.start,
        end=task.source.end,
    )

# ------------------------------------------------------------------ units
st.subheader(t("tk.units"))
rows = []
for u in task.units:
    agency = ix.agency_by_name.get((task.county, u.canonical))
    rows.append(
        {
            t("agency"): u.canonical,
            t("ag.names"): u.name,
            t("role"): role_label(u.role),
            "✎": curation.unit_mark(u),
            t("inherited"): "✓" if u.inherited else "",
            t("inferred"): "✓" if u.inferred else "",
            t("collective"): "✓" if u.collective else "",
            t("tk.clause"): " | ".join(dict.fromkeys(m.clause for m in u.mentions if m.clause)),
            "id": agency.id if agency else "",
        }
    )
event = ui.table(
    pd.DataFrame(rows),
    key="tk-units",
    on_select="rerun",
    selection_mode="single-row",
    column_order=[c for c in (rows[0] if rows else {}) if c != "id"],
)
picked = ui.selected_row(event)
if picked is not None and rows[picked]["id"]:
    ui.go("agency", aid=rows[picked]["id"])
for u in task.units:
    agency = ix.agency_by_name.get((task.county, u.canonical))
    if agency is not None:
        mark = f" {curation.unit_mark(u)}" if u.corrected else ""
        ui.page_link(
            "agency",
            f"{agency_label(task.county, u.canonical)} ({role_label(u.role)}){mark}",
            icon=":material/account_balance:",
            aid=agency.id,
        )

curation.show_editor(ix, task)

kids = ix.children.get(task.id, [])
if kids:
    st.markdown(f"**{t('tk.subtasks')}**")
    for kid in kids:
        ui.page_link("task", f"{kid} · {ix.tasks[kid].title[:40]}", task=kid)

# ------------------------------------------------------------------ group and leaders
st.subheader(t("tk.group"))
if task.persons:
    st.markdown(
        f"**{t('tk.persons')}:** " + "、".join(f"{p.name}（{gloss(p.role)}）" for p in task.persons)
    )
group = ix.groups.get((task.county, task.battle))
if group is None:
    st.info(t("tk.no_group"))
else:
    st.markdown(f"**{group.name}**")
    roles = data.group_roles(group)
    colon = ": " if lang() == "en" else "："
    if not any(role == "召集人" for role, _ in roles):
        st.markdown(f"- {gloss('召集人')}{colon}—")
    # each holder once, under the role the text gives them in this group
    for role, holders in roles:
        st.markdown(f"- {gloss(role)}{colon}" + "；".join(holders))
    if group.office:
        st.markdown(f"- {t('tk.office')}{colon}{group.office_canonical or group.office}")
lg = data.leading_group(ix, task.county)
if lg:
    heads = [p for p in lg if p.role in ("组长", "常务副组长")] or lg[:1]
    st.markdown(
        f"**{t('tk.leading_group')}** ({county_short(task.county)}): "
        + "、".join(f"{p.name}（{gloss(p.role)}，{p.post}）" for p in heads)
    )
ui.page_link("governance", t("nav.governance"), icon=":material/account_tree:", county=task.county)
