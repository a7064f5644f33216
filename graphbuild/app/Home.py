"""The graphbuild app: who is responsible for what in two county six-battle plans.

Run with ``graphbuild app`` (or ``streamlit run app/Home.py``). Pages live in ``views/``;
shared helpers in ``lib/``.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# the app's own packages (lib, views); not the folder above, whose graphbuild/neo4j would
# shadow the neo4j driver
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import streamlit as st  # noqa: E402
from lib import data, ui  # noqa: E402
from lib.i18n import t  # noqa: E402

st.set_page_config(page_title=t("app.title"), page_icon=":material/account_tree:", layout="wide")
ui.init_lang()

# Material icons: drawn by Streamlit's own icon font, so they need no emoji font
PAGES = [
    ("overview", "nav.overview", ":material/dashboard:"),
    ("ask", "nav.ask", ":material/help:"),
    ("compare", "nav.compare", ":material/compare_arrows:"),
    ("agency", "nav.agency", ":material/account_balance:"),
    ("task", "nav.task", ":material/assignment:"),
    ("governance", "nav.governance", ":material/account_tree:"),
    ("explorer", "nav.explorer", ":material/hub:"),
    ("documents", "nav.documents", ":material/description:"),
]
if data.backend_name() == "neo4j":
    PAGES.append(("cypher", "nav.cypher", ":material/terminal:"))

nav = st.navigation(
    [
        st.Page(ui.PAGES[key], title=t(title), icon=icon, url_path=key, default=key == "overview")
        for key, title, icon in PAGES
    ]
)
ui.sidebar()
nav.run()
