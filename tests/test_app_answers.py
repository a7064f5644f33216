"""The app's answers checked against the build's own files (issue 13).

Each test reads what the build wrote (tasks.jsonl, working_groups.jsonl, people.jsonl)
independently of the app and compares it with what a page shows: every working group's
office is in the governance chart, the overview's totals count distinct units, and each
convenor is listed once, under the role the text gives them in that group.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.test_app import env, no_failure, open_page  # noqa: F401 - env is a fixture

SVG = "{http://www.w3.org/2000/svg}"


def records(build: Path, name: str) -> list[dict]:
    with (build / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def governance_svg(county: str, **params: str) -> ET.Element:
    """The SVG the Governance page embeds for a county."""
    at = open_page("governance", county=county, **params)
    no_failure(at)
    frames = [el for el in at.main if getattr(el, "type", "") == "iframe"]
    assert frames, "no chart on the page"
    srcdoc = frames[0].proto.srcdoc
    return ET.fromstring(re.search(r"<svg.*</svg>", srcdoc, re.S).group(0))


def node_texts(root: ET.Element, kind: str) -> list[tuple[str | None, str]]:
    """(data-battle, text) of every drawn node of one kind."""
    out = []
    for g in root.iter(f"{SVG}g"):
        if g.get("class") == f"node {kind}":
            text = "".join("".join(t.itertext()) for t in g.iter(f"{SVG}text"))
            out.append((g.get("data-battle"), text))
    return out


# ------------------------------------------------------------------ 1: offices


@pytest.mark.parametrize("county", ["邵东市", "新晃侗族自治县"])
def test_every_working_group_office_is_drawn(env: Path, county: str) -> None:  # noqa: F811
    groups = [w for w in records(env, "working_groups.jsonl") if w["county"] == county]
    with_office = [w for w in groups if w["office_canonical"]]
    assert with_office, "the plan names offices for its working groups"
    root = governance_svg(county)
    drawn = node_texts(root, "group_office")
    missing = [
        (w["battle"], w["office_canonical"])
        for w in with_office
        if not any(
            battle == w["battle"] and w["office_canonical"] in text for battle, text in drawn
        )
    ]
    assert not missing, f"offices not drawn in their group: {missing}"


# ------------------------------------------------------------------ 2: overview totals


def test_overview_totals_count_distinct_units(env: Path) -> None:  # noqa: F811
    units: dict[str, set[str]] = {}
    per_battle: dict[str, int] = {}
    seen: set[tuple[str, str, str]] = set()
    for task in records(env, "tasks.jsonl"):
        for unit in task["units"]:
            units.setdefault(task["county"], set()).add(unit["canonical"])
            key = (task["county"], task["battle"], unit["canonical"])
            if key not in seen:
                seen.add(key)
                per_battle[task["county"]] = per_battle.get(task["county"], 0) + 1
    at = open_page("overview", "en")
    no_failure(at)
    for i, county in enumerate(("邵东市", "新晃侗族自治县")):  # one table per county
        matrix = at.dataframe[i].value
        total = matrix[matrix.iloc[:, 0] == "Σ"].iloc[0]
        # a unit with tasks in several battles is one unit of the county
        assert per_battle[county] > len(units[county])
        assert total["Agencies"] == len(units[county])
        battles = matrix[matrix.iloc[:, 0] != "Σ"]
        assert total["Tasks"] == battles["Tasks"].sum()


# ------------------------------------------------------------------ 5: roles per group


def test_convenor_roles_are_per_group(env: Path) -> None:  # noqa: F811
    people = [p for p in records(env, "people.jsonl") if p["name"] == "申文武"]
    roles = {p["body"]: p["role"] for p in people}
    assert len({p["id"] for p in people}) == 1 and len(roles) == 2  # one person, two groups
    groups = {w["name"]: w for w in records(env, "working_groups.jsonl")}
    risk = next(b for b in roles if "风险" in b)
    safety = next(b for b in roles if "安全" in b)
    assert (roles[risk], roles[safety]) == ("常务副召集人", "副召集人")

    # the Task page of a risk task lists him once, under the role he holds in that group
    task = next(
        t["id"]
        for t in records(env, "tasks.jsonl")
        if t["county"] == "邵东市" and t["battle"] == groups[risk]["battle"]
    )
    at = open_page("task", task=task)
    no_failure(at)
    lines = [m.value for m in at.markdown if "申文武" in m.value]
    assert len(lines) == 1, lines
    assert lines[0].startswith("- 常务副召集人："), lines

    # the Governance chart gives each group its own role for him
    root = governance_svg("邵东市")
    convenors = dict(node_texts(root, "convenor"))
    risk_box = convenors[groups[risk]["battle"]]
    safety_box = convenors[groups[safety]["battle"]]
    assert re.search(r"(?<!常务)副召集人：[^：]*申文武", risk_box) is None, risk_box
    assert re.search(r"常务副召集人：[^：]*申文武", risk_box), risk_box
    assert re.search(r"(?<!常务)副召集人：[^：]*申文武", safety_box), safety_box


# ------------------------------------------------------------------ presentation


def test_presentation_mode_draws_large_type(env: Path) -> None:  # noqa: F811
    normal = governance_svg("新晃侗族自治县")
    big = governance_svg("新晃侗族自治县", present="1")
    size = {
        name: max(int(t.get("font-size")) for t in root.iter(f"{SVG}text"))
        for name, root in (("normal", normal), ("big", big))
    }
    assert size["big"] >= 20 > size["normal"]


# ------------------------------------------------------------------ readable answers


RAW_KEYS = {"agency", "stated_leads", "inherited_leads", "total_leads", "task_id", "battle"}


def test_ask_answer_is_readable_in_english(env: Path) -> None:  # noqa: F811
    glosses = {}
    import csv

    from graphbuild.settings import DATA_DIR

    with (DATA_DIR / "agencies.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            glosses[(row["county"], row["canonical"])] = row["en"]
    at = open_page("ask", "en", q="top-lead-units", county="新晃侗族自治县")
    no_failure(at)
    shown = at.dataframe[0].value
    assert not RAW_KEYS & set(shown.columns), list(shown.columns)
    first = shown["Unit"].iloc[0]
    name = first.split(" (")[0]
    assert first == f"{name} ({glosses[('新晃侗族自治县', name)]})"
    cells = {str(v) for v in shown.to_numpy().ravel()}
    assert not cells & {"None", "all", "nan"}


def test_topic_answer_links_to_compare_and_hides_ids(env: Path) -> None:  # noqa: F811
    at = open_page("ask", q="topic-compare", topic="政府债务", battle="risk")
    no_failure(at)
    shown = at.dataframe[0].value
    for column in shown.columns:
        values = [str(v) for v in shown[column]]
        if column == "任务":  # a link to the Task page, shown as "打开"
            assert all(v.startswith("task?task=") for v in values)
            continue
        ids = [v for v in values if re.fullmatch(r"[a-z]+/[a-z]+/[\w.]+", v)]
        assert not ids, (column, ids[:3])
    assert not {"risk", "lead", "None"} & {str(v) for v in shown.to_numpy().ravel()}
    links = [link.proto for link in at.get("page_link")]
    to_compare = [p for p in links if "compare" in p.page]
    assert to_compare and "topic=" in to_compare[0].query_string


# ------------------------------------------------------------------ links


@pytest.mark.parametrize(
    ("page", "param", "value"),
    [
        ("task", "task", "xinhuang/risk/9.9.9"),
        ("agency", "aid", "nowhere/agency/无"),
        ("ask", "q", "no-such-question"),
    ],
)
def test_unknown_url_parameter_says_so(env: Path, page: str, param: str, value: str) -> None:  # noqa: F811
    at = open_page(page, "en", **{param: value})
    no_failure(at)
    warnings = " ".join(w.value for w in at.warning)
    assert value in warnings and param in warnings, warnings


def test_language_kept_in_url(env: Path) -> None:  # noqa: F811
    at = open_page("overview", "en")
    assert at.query_params["lang"] == ["en"] or at.query_params["lang"] == "en"
    at.switch_page("views/task.py").run()
    no_failure(at)
    assert "en" in at.query_params["lang"]
    links = [link.proto for link in at.get("page_link")]
    assert links and all("lang=en" in p.query_string for p in links)


# ------------------------------------------------------------------ explorer


def test_explorer_draws_only_the_kinds_chosen(env: Path) -> None:  # noqa: F811
    from lib.graph import build_graph, neighbourhood, tooltip

    from graphbuild.store import load_corpus

    g = build_graph(load_corpus(env))
    centre = "agency:shaodong/agency/市财政局"
    everything = neighbourhood(g, centre, depth=1, cap=400)
    kinds_all = {g.nodes[n]["kind"] for n in everything.nodes}
    assert "group" in kinds_all  # a member of working groups
    chosen = neighbourhood(g, centre, depth=2, cap=400, kinds={"agency", "task"})
    assert {g.nodes[n]["kind"] for n in chosen.nodes} == {"agency", "task"}
    assert all(u in chosen.nodes and v in chosen.nodes for u, v, _ in chosen.edges)
    # the tooltip carries the full name, escaped, before the text
    task = next(n for n in chosen.nodes if g.nodes[n]["kind"] == "task")
    tip = tooltip(g, task, f"[任务] {g.nodes[task]['full']}")
    assert ">[任务] " in tip and g.nodes[task]["full"].split(" ")[-1][:10] in tip


def test_explorer_drawing_is_seeded_filtered_and_labelled(env: Path) -> None:  # noqa: F811
    at = open_page("explorer", node="agency:shaodong/agency/市财政局")
    no_failure(at)
    html = " ".join(h.proto.body for h in at.get("html"))
    for word in ("牵头", "负责", "配合", "单位", "任务"):  # the legend: roles and node kinds
        assert word in html, word
    drawn = [el for el in at.main if getattr(el, "type", "") == "component_instance"]
    assert drawn, "no graph drawn"
    args = json.loads(drawn[0].proto.json_args)
    config, graph = json.loads(args["config"]), json.loads(args["data"])
    assert config["layout"]["randomSeed"] == 13  # the same layout on every load
    kinds = {node["id"].split(":", 1)[0] for node in graph["nodes"]}
    assert kinds == {"agency", "task"}, kinds  # the default kinds, and only them
    centre = next(n for n in graph["nodes"] if n["id"] == "agency:shaodong/agency/市财政局")
    assert ">[单位] 市财政局" in centre["title"]
