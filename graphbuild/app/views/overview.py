"""Overview: the two counties side by side, per battle, and what the corpus is."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st
from lib import data, ui
from lib.answer import text_width
from lib.i18n import (
    battle_en,
    battle_keys,
    battle_zh,
    county_label,
    county_short,
    t,
)

st.title(t("ov.title"))
st.write(t("ov.intro"))

ix = data.index()
if ix is None:
    st.stop()

rows = data.overview_rows(ix)
df = pd.DataFrame(rows)
df["battle_label"] = df["battle"].map(lambda k: data.section_label(ix, k))
# the six battles, then the plans' own top-level sections (a plan grouped by its sections)
keys = list(dict.fromkeys(k for c in ix.counties for k in data.section_keys(ix, c)))
df["county_label"] = df["county"].map(county_short)

metrics = ["tasks", "agencies", "people", "working_groups"]
st.subheader(t("ov.matrix"))
totals = data.overview_totals(ix)


def header(metric: str) -> str:
    """A metric's column header (capitalised in English)."""
    text = t(metric)
    return text[:1].upper() + text[1:]


# one table per county, one under the other: every column as wide as its header
for county in ix.counties:
    own = data.section_keys(ix, county)
    mine = df[df["county"] == county].set_index("battle").reindex(own)
    table = pd.DataFrame(
        {
            t("battle"): [data.section_label(ix, k) for k in own] + ["Σ"],
            **{header(m): [int(v) for v in mine[m]] + [totals[county][m]] for m in metrics},
        }
    )
    with st.container():
        st.markdown(f"**{county_label(county)}**")
        st.dataframe(
            table,
            hide_index=True,
            key=f"ov-matrix-{county}",
            column_config={
                header(m): st.column_config.NumberColumn(width=text_width(header(m)) + 36)
                for m in metrics
            },
        )
st.caption(t("ov.total_note"))
long = pd.DataFrame([*rows, *({"county": c, "battle": "Σ", **totals[c]} for c in ix.counties)])
st.download_button(
    t("download.csv"),
    long.to_csv(index=False).encode("utf-8-sig"),
    file_name="overview.csv",
    mime="text/csv",
    key="ov-matrix-csv",
)

c1, c2 = st.columns(2)
for col, metric, title in ((c1, "tasks", "ov.chart"), (c2, "agencies", "ov.chart_units")):
    chart = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X(
                "battle_label:N",
                sort=[data.section_label(ix, k) for k in keys],
                title=t("battle"),
                axis=alt.Axis(labelAngle=-30, labelLimit=220, labelOverlap=False),
            ),
            xOffset=alt.XOffset("county_label:N", sort=[county_short(c) for c in ix.counties]),
            y=alt.Y(f"{metric}:Q", title=t(metric)),
            color=alt.Color(
                "county_label:N", title=t("county"), sort=[county_short(c) for c in ix.counties]
            ),
            tooltip=["county", "battle_label", *metrics],
        )
        .properties(title=t(title), height=340)
    )
    col.altair_chart(chart, width="stretch")

st.subheader(t("ov.documents"))
for plan in ix.corpus.plans:
    st.markdown(
        f"**{county_label(plan.county)}** — "
        + t("ov.doc_line", title=plan.title, issuer=plan.issuer, number=plan.number, date=plan.date)
    )
    ui.page_link(
        "documents", f"{t('ov.read')}: `{plan.file}`", icon=":material/description:", doc=plan.id
    )

with st.expander(t("ov.battles")):
    st.dataframe(
        pd.DataFrame(
            [{"key": k, "中文": battle_zh(k), "English": battle_en(k)} for k in battle_keys()]
        ),
        hide_index=True,
    )

ui.catalog_answer("battle-overview", {})
