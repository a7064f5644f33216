"""Cypher console: the user's own read-only query on Neo4j, starting from catalog queries."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st
from lib import data, ui
from lib.cypher import refusal
from lib.i18n import lang, t

MAX_ROWS = 1000
st.title(t("cy.title"))
if data.backend_name() != "neo4j":
    st.info(t("cy.only_neo4j"))
    st.stop()

questions, _ = data.catalog()
examples = {q.id: q for q in questions if q.cypher}


def fill(qid: str) -> None:
    q = examples.get(qid)
    if q is None:
        return
    st.session_state["cy_query"] = q.cypher
    defaults = {p.name: p.default for p in q.params}
    st.session_state["cy_params"] = json.dumps(defaults, ensure_ascii=False)


if examples:
    st.selectbox(
        t("cy.example"),
        list(examples),
        key="cy_example",
        index=None,
        format_func=ui.frozen(
            examples,
            lambda i: f"{examples[i].title_en if lang() == 'en' else examples[i].title_zh} · {i}",
        ),
        on_change=lambda: fill(st.session_state.get("cy_example")),
    )
if "cy_query" not in st.session_state:
    st.session_state["cy_query"] = (
        "MATCH (n) RETURN labels(n) AS kind, count(*) AS n ORDER BY n DESC"
    )
    st.session_state["cy_params"] = "{}"
query = st.text_area(t("cy.query"), key="cy_query", height=220)
params_text = st.text_input(t("cy.params"), key="cy_params")
run = st.button(t("cy.run"), type="primary")


def _checked_params() -> dict:
    """The parameters typed in, after refusing a query that writes; stops the page on an error."""
    reason = refusal(query)
    if reason:
        st.error(t("cy.refused", reason=reason))
        st.stop()
    try:
        params = json.loads(params_text or "{}")
        if not isinstance(params, dict):
            raise ValueError("not an object")
    except ValueError as exc:
        st.error(t("cy.bad_params", error=exc))
        st.stop()
    return params


if run:
    params = _checked_params()
    try:
        bk, error = data.backend()
        if bk is None or not hasattr(bk, "cypher"):
            raise RuntimeError(error or "the backend has no Cypher access")
        rows = bk.cypher(query, params)  # a READ transaction on the server
    except Exception as exc:
        st.error(t("error.backend", error=data.friendly_error(exc)))
        st.stop()
    keys = list(rows[0]) if rows else []
    rows = rows[:MAX_ROWS]
    st.caption(t("cy.limit", n=MAX_ROWS))
    df = pd.DataFrame(rows, columns=list(keys))
    ui.table(df.astype(str) if not df.empty else df, key="cy-result", download="cypher")

# ------------------------------------------------------------------ save as a question
with st.expander(t("cy.save"), expanded=False):
    st.caption(t("cy.save.help"))
    with st.form("cy-save", border=False):
        save_id = st.text_input(t("cy.save.id"), key="cy_save_id")
        save_zh = st.text_input(t("cy.save.title_zh"), key="cy_save_zh")
        save_en = st.text_input(t("cy.save.title_en"), key="cy_save_en")
        save = st.form_submit_button(t("cy.save.button"))
    if save:
        from pathlib import Path

        from graphbuild.query.user import save_cypher, user_dir

        params = _checked_params()
        try:
            bk, error = data.backend()
            if bk is None or not hasattr(bk, "connection"):
                raise RuntimeError(error or "the backend has no Cypher access")
            columns = bk.connection.columns(query, params)  # the query must run (read-only)
            folder = user_dir() or Path("queries")
            saved = save_cypher(
                folder,
                save_id.strip(),
                query,
                save_zh,
                save_en,
                params,
                columns=columns,
                vocabulary=bk.vocabulary(),
            )
        except Exception as exc:
            st.error(t("error.backend", error=data.friendly_error(exc)))
            st.stop()
        st.success(t("cy.save.done", path=saved))
        ui.page_link("ask", f"→ {t('cy.save.open')}: {saved.name}", q=saved.name)
