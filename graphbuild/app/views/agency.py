"""Agency: everything one unit leads, is responsible for and cooperates on, by battle."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from lib import data, ui
from lib.i18n import (
    agency_gloss,
    battle_keys,
    battle_label,
    county_label,
    county_short,
    function_label,
    lang,
    role_label,
    t,
)

from graphbuild.model import ROLES

st.title(t("ag.title"))
ix = data.index()
if ix is None:
    st.stop()

# ------------------------------------------------------------------ search
agencies = sorted(
    ix.corpus.agencies,
    key=lambda a: (
        ix.counties.index(a.county),
        -len(ix.tasks_of_agency.get(a.id, [])),
        a.canonical,
    ),
)
wanted_id = st.query_params.get("aid")
if not wanted_id and st.query_params.get("agency"):
    found = ix.agency_by_name.get((st.query_params.get("county", ""), st.query_params["agency"]))
    if found is None:
        found = next(
            (a for a in agencies if st.query_params["agency"] in (a.canonical, *a.names)), None
        )
    wanted_id = found.id if found else None
    if found is None:
        ui.unknown("agency", st.query_params["agency"])
elif wanted_id and wanted_id not in ix.agencies:
    ui.unknown("aid", wanted_id)
if wanted_id and st.session_state.get("_qp_ag_pick") != wanted_id and wanted_id in ix.agencies:
    st.session_state["ag_pick"] = wanted_id
    st.session_state["_qp_ag_pick"] = wanted_id
    st.session_state["ag_search"] = ""

query = st.text_input(t("ag.search"), key="ag_search", placeholder="财政 / finance / 县应急")
options = [a.id for a in agencies]
if query:
    q = query.strip().lower()
    options = [
        a.id
        for a in agencies
        if q in a.canonical.lower()
        or any(q in n.lower() for n in a.names)
        or q in agency_gloss(a.county, a.canonical).lower()
        or any(q in f for f in a.functions)
    ]
    if st.session_state.get("ag_pick") in options:
        pass
    elif options:
        st.session_state["ag_pick"] = options[0]
if not options:
    st.warning(t("ag.not_found"))
    st.stop()
if st.session_state.get("ag_pick") not in options:
    st.session_state["ag_pick"] = options[0]


def fmt(aid: str) -> str:
    a = ix.agencies[aid]
    n = len(ix.tasks_of_agency.get(aid, []))
    gloss = agency_gloss(a.county, a.canonical) if lang() == "en" else ""
    return f"{a.canonical}{f' ({gloss})' if gloss else ''} · {county_short(a.county)} · {n}"


aid = st.selectbox(t("ag.pick"), options, key="ag_pick", format_func=ui.frozen(options, fmt))
if st.query_params.get("aid") != aid:
    st.query_params.from_dict(ui.with_lang({"aid": aid}))
    st.session_state["_qp_ag_pick"] = aid
agency = ix.agencies[aid]

# ------------------------------------------------------------------ header
st.header(agency.canonical)
meta = [county_label(agency.county)]
if agency_gloss(agency.county, agency.canonical):
    meta.append(f"*{agency_gloss(agency.county, agency.canonical)}*")
if agency.functions:
    meta.append(f"{t('function')}: " + ", ".join(function_label(f) for f in agency.functions))
if agency.collective:
    meta.append(t("collective"))
st.markdown(" · ".join(meta))
if len(agency.names) > 1 or agency.names[0] != agency.canonical:
    st.caption(f"{t('ag.names')}: " + "、".join(agency.names))

# ------------------------------------------------------------------ roles by battle
counts = data.role_counts(ix, aid)
st.subheader(t("ag.by_battle"))
rows = []
for b in [*battle_keys(), "-"]:
    if b not in counts:
        continue
    row = {t("battle"): battle_label(b) if b != "-" else "—"}
    for role in ROLES:
        row[role_label(role)] = counts[b].get(role, 0)
    rows.append(row)
if rows:
    total = {
        t("battle"): "Σ",
        **{role_label(r): sum(c.get(r, 0) for c in counts.values()) for r in ROLES},
    }
    rows.append(total)
ui.table(rows, key="ag-roles")

# ------------------------------------------------------------------ tasks
st.subheader(t("ag.tasks"))
task_rows = []
for task, unit in ix.tasks_of_agency.get(aid, []):
    flags = []
    if unit.inherited:
        flags.append(t("inherited"))
    if unit.inferred:
        flags.append(t("inferred"))
    task_rows.append(
        {
            "id": task.id,
            t("battle"): battle_label(task.battle) if task.battle else "—",
            t("role"): role_label(unit.role),
            t("note"): "; ".join(flags),
            t("task"): (task.title or task.text)[:80],
        }
    )
event = ui.table(
    pd.DataFrame(task_rows),
    key="ag-tasks",
    download=f"agency-{agency.canonical}",
    on_select="rerun",
    selection_mode="single-row",
)
picked = ui.selected_row(event)
if picked is not None:
    ui.go("task", task=task_rows[picked]["id"])

# ------------------------------------------------------------------ partners and counterpart
left, right = st.columns(2)
with left:
    st.subheader(t("ag.partners"))
    partner_rows = [
        {t("agency"): a.canonical, t("ag.shared"): n, "id": a.id} for a, n in data.partners(ix, aid)
    ]
    event = ui.table(
        pd.DataFrame(partner_rows),
        key="ag-partners",
        on_select="rerun",
        selection_mode="single-row",
        column_order=[t("agency"), t("ag.shared")],
    )
    picked = ui.selected_row(event)
    if picked is not None:
        ui.go("agency", aid=partner_rows[picked]["id"])
with right:
    st.subheader(t("ag.counterpart"))
    found, how = data.counterparts(ix, aid)
    if not found:
        st.info(t("ag.counterpart.none"))
    else:
        if how == "function":
            st.caption(t("ag.counterpart.by_function"))
        for other, score in found:
            fns = ", ".join(function_label(f) for f in other.functions)
            ui.page_link(
                "agency",
                f"{other.canonical} · {county_short(other.county)} · {score:.2f} · {fns}",
                aid=other.id,
            )

# ------------------------------------------------------------------ working groups
groups = [
    (w, "office")
    for w in ix.corpus.working_groups
    if w.county == agency.county and w.office_canonical == agency.canonical
]
groups += [
    (w, "member")
    for w in ix.corpus.working_groups
    if w.county == agency.county
    and agency.canonical in w.member_canonical
    and w.office_canonical != agency.canonical
]
if groups:
    st.subheader(t("ag.groups"))
    for w, how in groups:
        st.markdown(
            f"- {battle_label(w.battle)} · {w.name} — "
            f"{t('ag.office') if how == 'office' else t('ag.member')}"
        )

ui.catalog_answer("agency-portfolio", {"county": agency.county, "agency": agency.canonical})
