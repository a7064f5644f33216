"""Source documents: the plans as extracted, with an optional highlighted span."""

from __future__ import annotations

import streamlit as st
from lib import curation, data, ui
from lib.highlight import highlight, paragraph_bounds
from lib.i18n import county_label, t

st.title(t("doc.title"))
ix = data.index()
if ix is None:
    st.stop()

plans = {p.id: p for p in ix.corpus.plans}
pid = ui.bound_select(
    t("doc.pick"),
    list(plans),
    "doc_pick",
    "doc",
    format_func=lambda i: f"{county_label(plans[i].county)} · {plans[i].file}",
)
plan = plans[pid]
st.header(plan.title)
st.caption(t("doc.meta", issuer=plan.issuer, number=plan.number, date=plan.date))
curation.show_assessment(ix, plan)
try:
    text = ix.text_of(plan.file)
except Exception as exc:
    st.error(data.friendly_error(exc))
    st.stop()
st.download_button(
    t("doc.download"), text.encode("utf-8"), file_name=plan.file, mime="text/plain", key="doc-dl"
)

try:
    start = int(st.query_params.get("start", -1))
    end = int(st.query_params.get("end", -1))
except ValueError:
    start = end = -1
if 0 <= start < end <= len(text):
    lo, hi = paragraph_bounds(text, start, end, extra_lines=3)
    st.html(highlight(text, lo, hi, [(start, end, "task")]))
    st.divider()
st.html(
    highlight(text, 0, len(text), [], context="plain").replace(
        '<div class="src">', '<div class="src" style="max-height:70vh;overflow:auto">'
    )
)
