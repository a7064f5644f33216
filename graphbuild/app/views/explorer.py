"""Graph explorer: the neighbourhood of any node, interactive, capped."""

from __future__ import annotations

import streamlit as st
from lib import data, ui
from lib.graph import KINDS, ROLE_COLOURS, SEED, build_graph, neighbourhood, node_id, tooltip
from lib.i18n import agency_label, battle_label, county_short, lang, role_label, t

st.title(t("ex.title"))
ix = data.index()
if ix is None:
    st.stop()


@st.cache_resource(show_spinner=False)
def graph(stamp: float):
    return build_graph(data.index(quiet=True).corpus)


g = graph(data.model_stamp(data.build_dir()))


def label_of(nid: str, full: bool = False) -> str:
    """``[kind] label · county``; ``full``: the whole name, and the unit's English gloss."""
    d = g.nodes[nid]
    kind = d.get("kind", "")
    label = str(d.get("full") if full and d.get("full") else d.get("label", nid))
    if kind == "battle":
        label = battle_label(label)
    elif kind == "agency" and full and d.get("county"):
        label = agency_label(d["county"], label)
    county = d.get("county")
    suffix = f" · {county_short(county)}" if county and kind in ("agency", "task") else ""
    name = KINDS.get(kind, ("", kind, kind))[2 if lang() == "en" else 1]
    return f"[{name}] {label}{suffix}"


# centre: ?node=…, else the agency with the most tasks
default = max(ix.corpus.agencies, key=lambda a: len(ix.tasks_of_agency.get(a.id, []))).id
nodes = sorted(g.nodes, key=lambda n: (list(KINDS).index(g.nodes[n].get("kind", "plan")), n))
c1, c2, c3, c4 = st.columns([3, 2, 1, 1])
kinds = c2.multiselect(
    t("ex.kind"),
    list(KINDS),
    default=["agency", "task"],
    key="ex_kinds",
    format_func=ui.frozen(KINDS, lambda k: KINDS[k][2 if lang() == "en" else 1]),
)
choices = [n for n in nodes if g.nodes[n].get("kind") in kinds] or nodes
wanted = st.query_params.get("node")
if wanted in g and wanted not in choices:
    choices = [wanted, *choices]
centre = ui.bound_select(
    t("ex.node"),
    choices,
    "ex_node",
    "node",
    default=node_id("agency", default),
    format_func=label_of,
    container=c1,
)
depth = c3.number_input(t("ex.depth"), 1, 3, 1, key="ex_depth")
cap = c4.number_input(t("ex.cap"), 10, 400, 120, step=10, key="ex_cap")

# the kinds chosen are what is drawn (the centre always is)
hood = neighbourhood(g, centre, depth=int(depth), cap=int(cap), kinds=kinds or None)
if hood.capped:
    st.warning(t("ex.warning", n=hood.total, cap=int(cap)))
st.caption(t("ex.hint"))

try:
    from streamlit_agraph import Config, Edge, Node, agraph
except ImportError as exc:  # pragma: no cover - the app extra installs it
    st.error(f"streamlit-agraph is not installed ({exc}); run `pip install -e .[app]`")
    st.stop()

vis_nodes = []
for nid in hood.nodes:
    d = g.nodes[nid]
    kind = d.get("kind", "plan")
    label = str(d.get("label", nid))
    if kind == "battle":
        label = battle_label(label)
    elif len(hood.nodes) > 40 and nid != centre and kind in ("task", "section"):
        label = label.split(" ", 1)[-1][:6]
    vis_nodes.append(
        Node(
            id=nid,
            label=label,
            title=tooltip(g, nid, label_of(nid, full=True)),
            color=KINDS.get(kind, KINDS["plan"])[0],
            size=30 if nid == centre else 16,
            shape="dot",
            font={"size": 14 if nid == centre else 11},
        )
    )
vis_edges = []
for u, v, d in hood.edges:
    role = d.get("role")
    vis_edges.append(
        Edge(
            source=u,
            target=v,
            color=ROLE_COLOURS.get(role, "#c0c6d2"),
            title=role_label(role) if role else str(d.get("label", "")),
        )
    )
config = Config(
    width=1100,
    height=620,
    directed=True,
    physics=True,
    hierarchical=False,
    stabilization=True,
    fit=True,
    layout={"randomSeed": SEED, "improvedLayout": True, "hierarchical": {"enabled": False}},
)

dot = (
    '<span style="display:inline-block;width:11px;height:11px;border-radius:50%;'
    'background:{};vertical-align:middle"></span>'
)
bar = (
    '<span style="display:inline-block;width:22px;height:3px;background:{};'
    'vertical-align:middle"></span>'
)
item = '<span style="margin-right:14px;white-space:nowrap">{} {}</span>'
node_items = " ".join(
    item.format(dot.format(colour), zh if lang() != "en" else en)
    for kind, (colour, zh, en) in KINDS.items()
    if kind in kinds or not kinds
)
edge_items = " ".join(
    item.format(bar.format(colour), role_label(role)) for role, colour in ROLE_COLOURS.items()
)
edge_items += " " + item.format(bar.format("#c0c6d2"), t("ex.other_edge"))
st.html(
    f"<div style='line-height:1.9'><b>{t('ex.legend_nodes')}:</b> {node_items}<br>"
    f"<b>{t('ex.legend_edges')}:</b> {edge_items}</div>"
)
clicked = agraph(nodes=vis_nodes, edges=vis_edges, config=config)

if clicked and clicked in g and clicked != centre:
    kind = g.nodes[clicked].get("kind")
    if st.session_state.get("_ex_clicked") != clicked:
        st.session_state["_ex_clicked"] = clicked
        stable = clicked.split(":", 1)[1]
        if kind == "agency":
            ui.go("agency", aid=stable)
        elif kind == "task":
            ui.go("task", task=stable)
        else:
            st.query_params["node"] = clicked
            st.session_state["_qp_ex_node"] = None
            st.rerun()
