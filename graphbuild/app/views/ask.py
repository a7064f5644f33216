"""Ask: every catalog question with a generated form, and a free-text box that routes."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st
from lib import data, ui
from lib.answer import column_label, present, text_width, value_label
from lib.i18n import (
    agency_label,
    battle_keys,
    battle_label,
    county_label,
    function_keys,
    function_label,
    lang,
    role_label,
    t,
)
from lib.router import route, vocabulary_from_corpus

from graphbuild.model import ROLES

st.title(t("ask.title"))

ix = data.index()
questions, cat_error = data.catalog()
vocab = data.vocabulary()


@st.cache_resource(show_spinner=False)
def _vocabulary(stamp: float):
    return vocabulary_from_corpus(data.index(quiet=True).corpus)


def title_of(q: Any) -> str:
    title = q.title_en if lang() == "en" else q.title_zh
    return f"{t('ask.mine')} · {title}" if getattr(q, "origin", "") == "user" else title


def widget_key(qid: str, name: str) -> str:
    return f"ask-{qid}-{name}"


def apply_params(q: Any, params: dict[str, Any]) -> None:
    """Put parameter values into the widgets of question ``q``."""
    for p in q.params:
        if p.name in params and params[p.name] not in (None, ""):
            value = params[p.name]
            if p.type == "int":
                try:
                    value = int(value)
                except (TypeError, ValueError):
                    continue
            if p.type == "county" and vocab is not None:
                value = vocab.county(str(value)) or value
            allowed = p.allowed(vocab)
            if p.type in ("county", "battle") and allowed and value not in allowed:
                continue
            st.session_state[widget_key(q.id, p.name)] = value


# ------------------------------------------------------------------ free text
with st.form("free-text", border=True):
    text = st.text_input(t("ask.free"), key="free_text", placeholder=t("ask.free.placeholder"))
    asked = st.form_submit_button(t("ask.free.button"))

by_id = {q.id: q for q in questions}
if asked and text.strip() and ix is not None:
    found = route(text, _vocabulary(data.model_stamp(data.build_dir())))
    if found is None or found.qid not in by_id:
        st.session_state["ask_routed"] = None
        st.warning(t("ask.unrouted") if found is None else t("missing.question", qid=found.qid))
    else:
        st.session_state["ask_q"] = found.qid
        apply_params(by_id[found.qid], found.params)
        st.session_state["ask_routed"] = (found.qid, found.params)
        st.session_state["_qp_ask_q"] = found.qid
        st.query_params.from_dict(ui.with_lang({"q": found.qid, **found.params}))

if not questions:
    st.info(t("missing.catalog", error=cat_error))
    st.stop()
if ix is None:
    st.stop()

# ------------------------------------------------------------------ deep link ?q=…&param=…
wanted = st.query_params.get("q")
if wanted is not None and wanted not in by_id:
    ui.unknown("q", wanted)
signature = "&".join(f"{k}={v}" for k, v in sorted(st.query_params.to_dict().items()))
if wanted in by_id and st.session_state.get("_ask_sig") != signature:
    st.session_state["ask_q"] = wanted
    apply_params(by_id[wanted], st.query_params.to_dict())
    st.session_state["_ask_sig"] = signature
if st.session_state.get("ask_q") not in by_id:
    st.session_state["ask_q"] = "top-lead-units" if "top-lead-units" in by_id else questions[0].id

qid = st.selectbox(
    t("ask.question"),
    list(by_id),
    key="ask_q",
    format_func=ui.frozen(by_id, lambda i: title_of(by_id[i])),
)
q = by_id[qid]
routed_box = st.empty()
desc = q.description_en if lang() == "en" else q.description_zh
if desc:
    st.caption(desc)

# ------------------------------------------------------------------ the form
given: dict[str, Any] = {}
shown_values: dict[str, str] = {}  # parameter label → the value as the form shows it


def need(p: Any) -> int:
    """Pixels a parameter's widget needs to show its longest choice uncut."""
    if p.type == "int":
        return 170
    if p.type == "county" or (p.choices and set(p.choices) & set(ix.counties)):
        words = [county_label(c) for c in ix.counties]
    elif p.type == "battle":
        words = [battle_label(k, both=True) for k in battle_keys()]
    elif p.type == "function":
        words = [function_label(k) for k in function_keys()]
    elif p.type == "agency":
        return 560
    elif p.choices:
        words = [str(value_label(p.name, c)) for c in p.choices]
    else:
        return 280
    return max(150, max(text_width(w) for w in words) + 70)


# parameters side by side while they fit (about 900 px), each as wide as its longest choice
slots = []
row: list[int] = []
for p in q.params:
    if row and sum(row) + need(p) > 900:
        slots.extend(st.columns([*row, max(1, 900 - sum(row))])[: len(row)])
        row = []
    row.append(need(p))
if row:
    slots.extend(st.columns([*row, max(1, 900 - sum(row))])[: len(row)])
for i, p in enumerate(q.params):
    col = slots[i]
    label = (p.label_en if lang() == "en" else p.label_zh) or p.name
    key = widget_key(q.id, p.name)
    if p.type == "int":
        if key not in st.session_state:
            st.session_state[key] = int(p.default or 10)
        given[p.name] = col.number_input(label, min_value=1, max_value=500, step=1, key=key)
        shown_values[label] = str(given[p.name])
        continue
    allowed = p.allowed(vocab)
    if allowed is not None:
        options = list(allowed)
    elif p.type == "county":
        options = list(ix.counties)
    elif p.type == "battle":
        options = [p.default] if p.default and p.default not in battle_keys() else []
        options += battle_keys()
    elif p.type == "agency":
        county = given.get("county")
        options = sorted(
            a.canonical for a in ix.corpus.agencies if county is None or a.county == county
        )
        options = list(dict.fromkeys(options))
    elif p.type == "function":
        options = function_keys()
    elif p.type == "role":
        options = list(ROLES)
    else:
        options = None
    if options is None:
        if key not in st.session_state:
            st.session_state[key] = "" if p.default is None else str(p.default)
        given[p.name] = col.text_input(label, key=key)
        shown_values[label] = given[p.name] or "—"
        continue
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]
    if key not in st.session_state:
        default = p.default_in(vocab)
        st.session_state[key] = default if default in options else options[0]

    def fmt(value: Any, ptype: str = p.type, name: str = p.name) -> str:
        if ptype == "county" or value in ix.counties:
            return t("both_counties") if value == "all" else county_label(str(value))
        if ptype == "battle" or value in battle_keys():
            return t("all_battles") if value == "all" else battle_label(value, both=True)
        if ptype == "function":
            return t("all_functions") if value == "all" else function_label(value)
        if ptype == "role":
            return role_label(value)
        if ptype == "agency":
            return agency_label(str(given.get("county") or ""), str(value))
        return str(value_label(name, value))

    given[p.name] = col.selectbox(label, options, key=key, format_func=ui.frozen(options, fmt))
    shown_values[label] = fmt(given[p.name])

coerced, error = data.coerce(q.id, given)
if coerced is None:
    st.error(error)
    st.stop()

routed = st.session_state.get("ask_routed")
if routed and routed[0] == qid:
    shown = ("; " if lang() == "en" else "；").join(
        f"{k}{': ' if lang() == 'en' else '：'}{v}" for k, v in shown_values.items()
    )
    shown = shown or "—"
    routed_box.success(t("ask.routed", title=title_of(q), params=shown))

# keep the URL in step with the form so an answer can be shared
want = {"q": q.id, **{k: str(v) for k, v in coerced.items() if v is not None}}
if "lang" in st.query_params:
    want["lang"] = st.query_params["lang"]
if st.query_params.to_dict() != want:
    st.query_params.from_dict(want)
st.session_state["_ask_sig"] = "&".join(f"{k}={v}" for k, v in sorted(want.items()))

# ------------------------------------------------------------------ the answer
st.subheader(t("ask.answer"))
with st.spinner():
    rows, error = data.ask(q.id, coerced)
if error:
    st.error(error)
    st.stop()
raw = pd.DataFrame(rows or [])
shown_df, columns = present(rows or [], coerced)
st.caption(t("rows", n=len(raw)) + f" · {data.backend_name()}")
if raw.empty:
    st.info(t("no_rows"))
else:
    by = q.limit_by
    groups: list[tuple[str | None, list[dict[str, Any]]]] = [(None, rows or [])]
    if by and by in raw.columns and coerced.get(by) == "all" and raw[by].nunique() > 1:
        # one table per county, side by side (the top N of each)
        found = list(dict.fromkeys(r[by] for r in rows or []))
        order = [c for c in ix.counties if c in found] + [c for c in found if c not in ix.counties]
        groups = [
            (v, [{k: x for k, x in r.items() if k != by} for r in rows or [] if r[by] == v])
            for v in order
        ]
    for col, (value, part) in zip(st.columns(len(groups)), groups, strict=True):
        with col:
            if value is None:
                st.dataframe(shown_df, hide_index=True, key="ask-answer", column_config=columns)
                continue
            st.markdown(f"**{county_label(value)}**")
            part_df, part_columns = present(part, {**coerced, by: value}, budget=900 // len(groups))
            st.dataframe(
                part_df, hide_index=True, key=f"ask-answer-{value}", column_config=part_columns
            )
    st.download_button(  # the machine keys, as the command line writes them
        t("download.csv"),
        raw.to_csv(index=False).encode("utf-8-sig"),
        file_name=f"{q.id}.csv",
        mime="text/csv",
        key="ask-answer-csv",
    )
if q.id in ("topic-compare", "topic-functions") and coerced.get("topic"):
    battle = coerced.get("battle")
    ui.page_link(
        "compare",
        t("ask.to_compare"),
        icon=":material/compare_arrows:",
        topic=coerced["topic"],
        **({"battle": battle} if battle and battle != "all" else {}),
    )

chart = q.chart or {}
x, y = chart.get("x"), chart.get("y")
if not raw.empty and x in raw.columns and y in raw.columns:
    xl, yl = column_label(x), column_label(y)
    kind = chart.get("type", "bar")
    base = alt.Chart(shown_df.head(40))
    if kind == "bar" and xl in shown_df.columns and yl in shown_df.columns:
        mark = base.mark_bar().encode(
            y=alt.Y(
                f"{xl}:N", sort="-x", title=None, axis=alt.Axis(labelOverlap=False, labelLimit=420)
            ),
            x=alt.X(f"{yl}:Q", title=yl),
            tooltip=[c for c in shown_df.columns[:6] if c != column_label("task_id")],
        )
        color = chart.get("color")
        if color in raw.columns and column_label(color) in shown_df.columns:
            mark = mark.encode(color=f"{column_label(color)}:N")
        st.altair_chart(mark.properties(height=alt.Step(24)), width="stretch")
    elif xl in shown_df.columns and yl in shown_df.columns:
        mark = base.mark_line(point=True).encode(x=f"{xl}:N", y=f"{yl}:Q")
        st.altair_chart(mark.properties(height=alt.Step(24)), width="stretch")

with st.expander(t("show_query")):
    bodies = []
    if q.cypher:
        bodies.append(("Cypher", q.cypher, "cypher"))
    if q.sparql:
        bodies.append(("SPARQL", q.sparql, "sparql"))
    if q.function:
        bodies.append(("networkx", q.function, "python"))
    if data.backend_name() != "neo4j":
        bodies.reverse()
    if bodies:
        tabs = st.tabs([b[0] for b in bodies])
        for tab, (_, body, lang_name) in zip(tabs, bodies, strict=True):
            tab.code(body, language=lang_name if lang_name != "cypher" else None)
    st.caption(f"{t('ask.params')}: " + ", ".join(f"${k} = {v!r}" for k, v in coerced.items()))
    cli = " ".join(f"--param {k}={v}" for k, v in coerced.items() if v is not None and str(v) != "")
    st.caption(f"{t('ask.cli')}: `graphbuild ask {q.id} {cli}`".rstrip())
