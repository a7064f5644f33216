"""Compare counties: one battle and topic, the two counties' measures side by side."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st
from lib import comparison, data, ui
from lib.i18n import county_short, function_label, role_label, t
from lib.router import TOPICS

from graphbuild.model import Task

st.title(t("cmp.title"))
ix = data.index()
if ix is None:
    st.stop()
if len(ix.counties) < 2:
    st.info(t("cmp.none"))
    st.stop()

c1, c2 = st.columns([1, 1])
with c1:
    battle = ui.battle_select(key="cmp_battle", default="risk")
topics = list(dict.fromkeys(topic for _, topic, b in TOPICS if b == battle))
with c2:
    wanted = st.query_params.get("topic")
    if wanted is not None and st.session_state.get("_qp_cmp_topic") != wanted:
        st.session_state["cmp_topic"] = wanted
        st.session_state["_qp_cmp_topic"] = wanted
    if "cmp_topic" not in st.session_state:
        st.session_state["cmp_topic"] = "政府债务" if battle == "risk" else ""
    topic = st.text_input(t("cmp.topic"), key="cmp_topic").strip()
    if topics:
        st.caption(t("cmp.suggest") + " " + " · ".join(topics))
if st.query_params.get("topic") != topic:
    st.query_params["topic"] = topic
    st.session_state["_qp_cmp_topic"] = topic


@st.cache_data(show_spinner=False)
def _report(battle: str, topic: str, stamp: float) -> tuple[dict, bool]:
    return comparison.report(data.index(quiet=True).corpus, battle, topic or None)


try:
    rep, aligned = _report(battle, topic, data.model_stamp(data.build_dir()))
except Exception as exc:
    st.error(data.friendly_error(exc))
    st.stop()
county_a, county_b = rep["counties"][:2]


def units_line(task: Task) -> str:
    """The task's units by role, then those named only in its sub-items (marked so)."""
    parts = []
    for role, names in comparison.card_units(task, ix.children, ix.tasks).items():
        text = "、".join(names["task"])
        if names["sub_items"]:
            sub = t("cmp.in_sub_items", units="、".join(names["sub_items"]))
            text = f"{text}；{sub}" if text else sub
        parts.append(f"**{role_label(role)}**：{html.escape(text)}")
    return " · ".join(parts) or "—"


def show(tid: str | None, col, note: str = "") -> None:
    task = ix.tasks.get(tid or "")
    if task is None:
        col.markdown(f"*{html.escape(note)}*" if note else "—")
        return
    body = task.text if len(task.text) <= 200 else task.text[:199] + "…"
    col.markdown(f"**{html.escape(task.label)} {html.escape(task.title)}**")
    col.markdown(html.escape(body))
    kids = [ix.tasks[k] for k in ix.children.get(task.id, []) if k in ix.tasks]
    if kids:
        col.markdown(
            "\n".join(f"- {html.escape(k.label)} {html.escape(k.title)}" for k in kids[:8])
            + ("\n- …" if len(kids) > 8 else "")
        )
    col.caption(units_line(task))
    with col:
        ui.page_link("task", f"→ {task.id}", task=task.id)


# ------------------------------------------------------------ measures
st.subheader(t("cmp.measures"))
if not aligned:
    st.info(t("cmp.no_alignment"))
if rep["sections"]:
    st.caption(
        t("cmp.sections")
        + " "
        + " · ".join(f"{s['a_title']} ↔ {s['b_title']} ({s['score']:.2f})" for s in rep["sections"])
    )
head_a, head_b = st.columns(2)
head_a.markdown(f"### {county_short(county_a)}")
head_b.markdown(f"### {county_short(county_b)}")
if not rep["pairs"] and not any(rep["unique"].values()):
    st.info(t("cmp.none"))
for pair in rep["pairs"]:
    with st.container(border=True):
        st.caption(t("cmp.aligned", score=pair["score"]))
        a, b = st.columns(2)
        show(pair["a"], a)
        show(pair["b"], b)
for county in (county_a, county_b):
    for item in rep["unique_detail"].get(county, []):
        with st.container(border=True):
            if aligned:
                st.caption(t("cmp.only", county=county_short(county)))
            a, b = st.columns(2)
            near = ix.tasks.get(item.get("nearest") or "")
            note = (
                t("cmp.nearest", title=near.title, score=item.get("score", 0.0))
                if near is not None
                else ""
            )
            if county == county_a:
                show(item["task"], a)
                show(None, b, note)
            else:
                show(None, a, note)
                show(item["task"], b)

# ------------------------------------------------------------ units by function
st.subheader(t("cmp.by_function"))
rows = []
for row in rep["units"]:
    fn = row["function"]
    out = {t("function"): function_label(fn) if fn != "-" else "—"}
    for county in (county_a, county_b):
        for role in ("lead", "responsible"):
            out[f"{county_short(county)} · {role_label(role)}"] = "、".join(row[county][role])
    rows.append(out)
ui.table(pd.DataFrame(rows), key="cmp-fn", download=f"compare-{battle}-functions")

# ------------------------------------------------------------ differences
st.subheader(t("cmp.differences"))
diffs = comparison.differences(rep, t, county_short, function_label)
st.markdown("\n".join(f"- {html.escape(d)}" for d in diffs))

# ------------------------------------------------------------ targets
st.subheader(t("cmp.targets"))
if not ix.corpus.targets:
    st.info(t("cmp.no_targets"))
else:
    ta, tb = st.columns(2)
    for col, county in ((ta, county_a), (tb, county_b)):
        col.markdown(f"**{county_short(county)}**")
        items = rep["targets"].get(county, [])
        if not items:
            col.caption(t("no_rows"))
            continue
        col.dataframe(
            pd.DataFrame(
                [
                    {
                        t("cmp.metric"): x["metric"],
                        t("cmp.value"): comparison._value(x),
                        t("cmp.text"): x.get("matched") or x["text"],
                    }
                    for x in items
                ]
            ),
            hide_index=True,
        )
    if rep.get("inconsistencies"):
        st.warning(t("cmp.inconsistent", n=len(rep["inconsistencies"])))

ui.catalog_answer("topic-compare", {"topic": topic, "battle": battle})
