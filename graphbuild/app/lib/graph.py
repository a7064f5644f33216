"""The graph the explorer shows: plans, battles, sections, tasks, agencies, groups, people.

Node ids are ``kind:stable-id`` (``agency:shaodong/agency/市财政局``, ``task:shaodong/risk/2.1.3``).
Labels are data as written; every tooltip is HTML-escaped.
"""

from __future__ import annotations

import html
from collections import deque
from collections.abc import Collection
from dataclasses import dataclass

import networkx as nx

from graphbuild.model import Corpus

KINDS: dict[str, tuple[str, str, str]] = {
    # kind: (colour, zh, en)
    "plan": ("#4c566a", "方案", "plan"),
    "battle": ("#d08770", "战役", "battle"),
    "section": ("#b48ead", "章节", "section"),
    "task": ("#5e81ac", "任务", "task"),
    "agency": ("#a3be8c", "单位", "agency"),
    "group": ("#ebcb8b", "工作专班", "working group"),
    "person": ("#bf616a", "人员", "person"),
}

ROLE_COLOURS = {"lead": "#bf616a", "responsible": "#5e81ac", "cooperate": "#a3a3a3"}


def node_id(kind: str, stable: str) -> str:
    """The explorer id of a record."""
    return f"{kind}:{stable}"


def _short(text: str, limit: int = 16) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def build_graph(corpus: Corpus) -> nx.MultiDiGraph:
    """The whole model as one graph (a few thousand nodes)."""
    g = nx.MultiDiGraph()
    agency_of = {}
    for a in corpus.agencies:
        nid = node_id("agency", a.id)
        g.add_node(nid, kind="agency", label=a.canonical, title=a.canonical, county=a.county)
        agency_of[(a.county, a.canonical)] = nid
        for name in a.names:
            agency_of.setdefault((a.county, name), nid)
    for p in corpus.plans:
        g.add_node(
            node_id("plan", p.id), kind="plan", label=p.county, title=p.title, county=p.county
        )
    battles = {}
    for att in corpus.attachments:
        if att.battle:
            nid = node_id("battle", f"{att.plan}/{att.battle}")
            battles[(att.plan, att.battle)] = nid
            g.add_node(nid, kind="battle", label=att.battle, title=att.title, battle=att.battle)
            g.add_edge(node_id("plan", att.plan), nid, label="attachment")
    for s in corpus.sections:
        if s.organisational:
            continue
        nid = node_id("section", s.id)
        g.add_node(
            nid,
            kind="section",
            label=_short(f"{s.label}{s.title}"),
            title=f"{s.label}{s.title}",
            full=f"{s.label}{s.title}",
        )
        if s.parent and g.has_node(node_id("section", s.parent)):
            g.add_edge(node_id("section", s.parent), nid, label="part")
        elif s.battle and (s.plan, s.battle) in battles:
            g.add_edge(battles[(s.plan, s.battle)], nid, label="part")
    for t in corpus.tasks:
        nid = node_id("task", t.id)
        g.add_node(
            nid,
            kind="task",
            label=_short(f"{t.label} {t.title}"),
            title=t.text,
            county=t.county,
            full=f"{t.label} {t.title}",
        )
        if t.parent:
            g.add_edge(node_id("task", t.parent), nid, label="sub-item")
        elif t.section and g.has_node(node_id("section", t.section)):
            g.add_edge(node_id("section", t.section), nid, label="part")
        elif t.battle and (t.plan, t.battle) in battles:
            g.add_edge(battles[(t.plan, t.battle)], nid, label="part")
        for u in t.units:
            aid = agency_of.get((t.county, u.canonical))
            if aid:
                g.add_edge(aid, nid, label=u.role, role=u.role)
        for p in t.persons:
            pid = node_id("person", f"{t.plan}/{p.name}")
            if not g.has_node(pid):
                g.add_node(pid, kind="person", label=p.name, title=f"{p.name} {p.role}")
            g.add_edge(pid, nid, label=p.role)
    for w in corpus.working_groups:
        nid = node_id("group", w.id)
        g.add_node(
            nid, kind="group", label=_short(w.name), title=w.name, county=w.county, full=w.name
        )
        if w.battle and (w.plan, w.battle) in battles:
            g.add_edge(nid, battles[(w.plan, w.battle)], label="fights")
        for m in w.member_canonical:
            aid = agency_of.get((w.county, m))
            if aid:
                g.add_edge(aid, nid, label="member")
        if w.office_canonical and (w.county, w.office_canonical) in agency_of:
            g.add_edge(agency_of[(w.county, w.office_canonical)], nid, label="office")
    for person in corpus.people:
        pid = node_id("person", f"{person.id.split('/')[0]}/{person.name}")
        if not g.has_node(pid):
            g.add_node(
                pid,
                kind="person",
                label=person.name,
                title=f"{person.name} {person.role} {person.post}",
            )
        for w in corpus.working_groups:
            if w.county == person.county and w.name == person.body:
                g.add_edge(pid, node_id("group", w.id), label=person.role)
    return g


@dataclass
class Neighbourhood:
    """The nodes and edges around a centre, capped."""

    nodes: list[str]
    edges: list[tuple[str, str, dict]]
    total: int
    capped: bool


#: the layout's random seed: the same neighbourhood is drawn the same way on every load
SEED = 13


def neighbourhood(
    g: nx.MultiDiGraph,
    centre: str,
    depth: int = 1,
    cap: int = 120,
    kinds: Collection[str] | None = None,
) -> Neighbourhood:
    """Breadth-first nodes within ``depth`` hops (either direction), nearest first, capped.

    ``kinds`` keeps only nodes of those kinds (the centre is always kept); the walk goes
    through kept nodes only, so every node drawn is connected to the centre.
    """
    if centre not in g:
        return Neighbourhood([], [], 0, False)
    allowed = set(kinds) if kinds else None
    seen = {centre: 0}
    queue = deque([centre])
    order = [centre]
    while queue:
        node = queue.popleft()
        if seen[node] >= depth:
            continue
        around = sorted(set(g.successors(node)) | set(g.predecessors(node)))
        for other in around:
            if allowed is not None and g.nodes[other].get("kind") not in allowed:
                continue
            if other not in seen:
                seen[other] = seen[node] + 1
                order.append(other)
                queue.append(other)
    total = len(order)
    keep = order[:cap]
    kept = set(keep)
    edges = [(u, v, d) for u, v, d in g.edges(keep, data=True) if u in kept and v in kept]
    return Neighbourhood(keep, edges, total, total > cap)


def tooltip(g: nx.MultiDiGraph, nid: str, heading: str = "") -> str:
    """The escaped tooltip of a node: ``heading`` (its kind and full name), then its text.

    Document text never reaches HTML unescaped; lines are joined with ``<br>``.
    """
    data = g.nodes[nid]
    title = str(data.get("title") or data.get("label") or nid)
    if len(title) > 300:
        title = title[:299] + "…"
    lines = [heading, title] if heading and title not in heading else [heading or title]
    body = "<br>".join(html.escape(line) for line in lines)
    # wrapped, so a long name stays inside the drawing instead of running off its edge
    return f'<div style="white-space:normal;max-width:340px">{body}</div>'
