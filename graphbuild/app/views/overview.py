"""Overview: the two counties side by side, per battle, and what the corpus is."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st
from lib import data, ui
from lib.i18n import (
    battle_en,
    battle_keys,
    battle_label,
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
df["battle_label"] = df["battle"].map(lambda k: battle_label(k))
df["county_label"] = df["county"].map(county_short)

metrics = ["tasks", "agencies", "people", "working_groups"]
st.subheader(t("ov.matrix"))
matrix = df.pivot_table(index="battle", columns="county_label", values=metrics, aggfunc="sum")
matrix = matrix.reindex(battle_keys())
matrix.index = [battle_label(k) for k in matrix.index]
matrix = matrix.swaplevel(axis=1).sort_index(axis=1, level=0, sort_remaining=False)
ordered = [(county_short(c), m) for c in ix.counties for m in metrics]
matrix = matrix[ordered]
totals = data.overview_totals(ix)
matrix.loc["Σ"] = [totals[c][m] for c in ix.counties for m in metrics]
matrix.columns = [f"{c} · {t(m)}" for c, m in matrix.columns]
ui.table(
    matrix.reset_index(names=t("battle")),
    key="ov-matrix",
    download="overview",
    column_config={c: st.column_config.NumberColumn(width="small") for c in matrix.columns},
)

c1, c2 = st.columns(2)
for col, metric, title in ((c1, "tasks", "ov.chart"), (c2, "agencies", "ov.chart_units")):
    chart = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X(
                "battle_label:N",
                sort=[battle_label(k) for k in battle_keys()],
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
    ui.page_link("documents", f"📄 {t('ov.read')}: `{plan.file}`", doc=plan.id)

with st.expander(t("ov.battles")):
    st.dataframe(
        pd.DataFrame(
            [{"key": k, "中文": battle_zh(k), "English": battle_en(k)} for k in battle_keys()]
        ),
        hide_index=True,
    )

ui.catalog_answer("battle-overview", {})
