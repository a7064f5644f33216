"""Page helpers shared by every page: language, sidebar, widgets bound to the URL, tables."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from lib import data
from lib.i18n import LANGS, battle_keys, battle_label, county_label, t

PAGES = {
    "overview": "views/overview.py",
    "ask": "views/ask.py",
    "compare": "views/compare.py",
    "agency": "views/agency.py",
    "task": "views/task.py",
    "governance": "views/governance.py",
    "explorer": "views/explorer.py",
    "cypher": "views/cypher.py",
    "documents": "views/documents.py",
}


def init_lang() -> None:
    """Take the language from ``?lang=`` on the first run of a session."""
    if "lang" not in st.session_state:
        wanted = st.query_params.get("lang", "zh")
        st.session_state["lang"] = wanted if wanted in LANGS else "zh"


def keep_lang() -> None:
    """Write the language into the URL (``?lang=en``; Chinese, the default, writes nothing).

    Called on every run, so the language survives navigation, reloads and shared links.
    """
    code = st.session_state.get("lang", "zh")
    if code == "zh":
        if "lang" in st.query_params:
            del st.query_params["lang"]
    elif st.query_params.get("lang") != code:
        st.query_params["lang"] = code


def with_lang(params: dict[str, Any]) -> dict[str, str]:
    """Query parameters as strings, with the interface language when it is not Chinese."""
    out = {k: str(v) for k, v in params.items()}
    if st.session_state.get("lang", "zh") != "zh":
        out["lang"] = st.session_state["lang"]
    return out


def unknown(param: str, value: str) -> None:
    """Say that a URL parameter names nothing in the model."""
    st.warning(t("unknown.param", param=param, value=value), icon=":material/link_off:")


def sidebar() -> None:
    """Language switch, the backend that answers, and what model is loaded."""
    with st.sidebar:
        st.radio(
            t("side.lang"),
            LANGS,
            key="lang",
            format_func=lambda code: "中文" if code == "zh" else "English",
            horizontal=True,
        )
        keep_lang()
        bk, error = data.backend()
        name = data.backend_name()
        label = {"embedded": t("side.backend.embedded"), "neo4j": t("side.backend.neo4j")}
        if bk is not None:
            st.success(
                f"**{t('side.backend')}:** `{name}` — {label.get(name, name)}",
                icon=":material/check_circle:",
            )
        else:
            st.error(
                f"**{t('side.backend')}:** `{name}` — {t('side.backend.none')}\n\n{error}",
                icon=":material/error:",
            )
        ix = data.index(quiet=True)
        if ix is not None:
            st.caption(
                t("side.model.counts", tasks=len(ix.corpus.tasks), agencies=len(ix.corpus.agencies))
            )
        path = data.build_dir()
        stamp = data.model_stamp(path)
        if stamp:
            from datetime import datetime

            when = datetime.fromtimestamp(stamp).strftime("%Y-%m-%d %H:%M")
            st.caption(f"{t('side.model')}: `{path.name}/model.json` · {when}")


def page_link(page: str, label: str, icon: str | None = None, **params: Any) -> None:
    """A link to another page with query parameters (and the interface language)."""
    st.page_link(PAGES[page], label=label, icon=icon, query_params=with_lang(params))


def go(page: str, **params: Any) -> None:
    """Switch to another page with query parameters."""
    st.switch_page(PAGES[page], query_params=with_lang(params))


def frozen(options: Sequence[Any], format_func: Callable[[Any], str]) -> Callable[[Any], str]:
    """A format function with every label computed now (in this run's language)."""
    labels = {str(o): format_func(o) for o in options}
    return lambda o: labels.get(str(o), str(o))


def bound_select(
    label: str,
    options: Sequence[Any],
    key: str,
    param: str | None = None,
    default: Any = None,
    format_func: Callable[[Any], str] = str,
    container: Any = None,
) -> Any:
    """A selectbox whose value follows ``?param=`` in the URL and writes it back."""
    options = list(options)
    param = param or key
    wanted = st.query_params.get(param)
    marker = f"_qp_{key}"
    if wanted is not None and options and wanted not in [str(o) for o in options]:
        unknown(param, wanted)
    if (
        wanted is not None
        and st.session_state.get(marker) != wanted
        and wanted in [str(o) for o in options]
    ):
        st.session_state[key] = next(o for o in options if str(o) == wanted)
        st.session_state[marker] = wanted
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]
    if key not in st.session_state and options:
        st.session_state[key] = default if default in options else options[0]
    where = container or st
    value = where.selectbox(label, options, key=key, format_func=frozen(options, format_func))
    if value is not None and st.query_params.get(param) != str(value):
        st.query_params[param] = str(value)
        st.session_state[marker] = str(value)
    return value


def bound_toggle(label: str, key: str, param: str) -> bool:
    """A toggle whose state follows ``?param=1`` in the URL and writes it back."""
    wanted = st.query_params.get(param)
    marker = f"_qp_{key}"
    if wanted is not None and st.session_state.get(marker) != wanted:
        st.session_state[key] = wanted in ("1", "true", "yes", "on")
        st.session_state[marker] = wanted
    value = bool(st.toggle(label, key=key))
    shown = "1" if value else None
    if st.query_params.get(param) != shown:
        if shown:
            st.query_params[param] = shown
        elif param in st.query_params:
            del st.query_params[param]
        st.session_state[marker] = shown
    return value


def county_select(ix: data.Index, key: str = "county", container: Any = None) -> str:
    """Pick a county (bound to ``?county=``)."""
    return bound_select(
        t("county"), ix.counties, key, "county", format_func=county_label, container=container
    )


def battle_select(
    key: str = "battle", with_all: bool = False, default: str | None = None, container: Any = None
) -> str:
    """Pick a battle key (bound to ``?battle=``)."""
    options = (["all"] if with_all else []) + battle_keys()
    return bound_select(
        t("battle"),
        options,
        key,
        "battle",
        default=default,
        format_func=lambda k: t("all_battles") if k == "all" else battle_label(k, both=True),
        container=container,
    )


def table(
    rows: list[dict[str, Any]] | pd.DataFrame, key: str, download: str | None = None, **kwargs: Any
) -> Any:
    """A dataframe with a CSV download button."""
    df = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(rows)
    if df.empty:
        st.info(t("no_rows"))
        return None
    shown = st.dataframe(df, hide_index=True, key=key, **kwargs)
    if download:
        buf = io.StringIO()
        df.to_csv(buf, index=False)
        st.download_button(
            t("download.csv"),
            buf.getvalue().encode("utf-8-sig"),
            file_name=f"{download}.csv",
            mime="text/csv",
            key=f"{key}-csv",
        )
    return shown


def selected_row(event: Any) -> int | None:
    """The index of the row a user selected in a dataframe, if any."""
    try:
        rows = event.selection.rows  # type: ignore[union-attr]
    except AttributeError:
        return None
    return rows[0] if rows else None


def catalog_answer(qid: str, params: dict[str, Any], expanded: bool = False) -> None:
    """Show a catalog question's answer from the backend in an expander (or a notice)."""
    q = data.question(qid)
    title = (q.title_en if st.session_state.get("lang") == "en" else q.title_zh) if q else qid
    with st.expander(
        t("catalog_check", title=title, backend=data.backend_name()), expanded=expanded
    ):
        coerced, error = data.coerce(qid, params)
        if coerced is None:
            st.info(error if q is not None else t("missing.question", qid=qid))
            return
        rows, error = data.ask(qid, coerced)
        if error:
            st.info(error)
            return
        table(rows or [], key=f"cat-{qid}", download=qid)
        page_link(
            "ask",
            t("nav.ask"),
            icon=":material/help:",
            q=qid,
            **{k: v for k, v in coerced.items() if v is not None},
        )
