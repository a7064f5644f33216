"""Corrections as data: NAME.corrections.csv changes exactly the facts it names, each marked
corrected, in tasks.jsonl, graph.nt and Neo4j; a correction whose task is gone is stale."""
# ruff: noqa: F811  (pytest fixtures are imported by name and requested as arguments)

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDFS

from graphbuild.cli.main import main
from graphbuild.graph.schema import ROLE_RELATIONS, SB, stable_id_of
from graphbuild.neo4j.load import graph_rows, load
from graphbuild.store import load_corpus
from tests.neo4j_fixtures import neo4j_settings  # noqa: F401
from tests.neo4j_graph import loaded, neo4j_conn, reload  # noqa: F401

# Written for this test in the layout of tests/fixtures/district-lines.txt (label lines after
# each item). The sentence 此外…十处 is a task of its own that the reader leaves in item 3's text.
PLAN = """\
南湖区人民政府办公室

南湖区2024年重点工作任务分工方案

一、稳住经济增长

1.全年地区生产总值增长6%左右。

牵头单位：区发改局

责任单位：区统计局，区财政局

2.新增市场主体三千户。

牵头单位：区市场监管局

配合单位：区税务局、区商务局

二、保障和改善民生

3.新建社区养老服务中心五个。

牵头单位：区民政局

责任单位：区卫健局。

此外，汛期前完成城区积水点整治十处。

三、工作要求

各单位要按季度报送进展情况。
"""

CORRECTIONS = """\
task,unit,role,action,note,by,span
plan/1.1,区统计局,,remove,统计局只提供数据,李研究员,
plan/1.1,区审计局,cooperate,add,审计跟踪,李研究员,
plan/1.2,区税务局,responsible,set-role,原文应为责任单位,王老师,新增市场主体
plan/2.3.1,区城管局,lead,add-task,漏读的任务,李研究员,"汛期前完成城区积水点整治十处"
"""


def _build(folder: Path, out: Path) -> None:
    assert main(["build", "-q", "--no-validate", "--input", str(folder), "--out", str(out)]) == 0


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The plan built without and with its corrections file (and the plan's folder)."""
    root = tmp_path_factory.mktemp("corrections")
    plain, fixed = root / "plain", root / "fixed"
    plain.mkdir()
    fixed.mkdir()
    for folder in (plain, fixed):
        (folder / "nanhu-2024.txt").write_text(PLAN, encoding="utf-8")
    (fixed / "nanhu-2024.corrections.csv").write_text(CORRECTIONS, encoding="utf-8")
    _build(plain, root / "plain-build")
    _build(fixed, root / "fixed-build")
    return root / "plain-build", root / "fixed-build", fixed


def _tasks(build: Path) -> dict[str, dict]:
    lines = (build / "tasks.jsonl").read_text(encoding="utf-8").splitlines()
    return {t["id"]: t for t in map(json.loads, lines)}


def test_tasks_jsonl_changes_exactly_the_corrected_facts(builds):
    plain, fixed, _ = builds
    before, after = _tasks(plain), _tasks(fixed)
    assert set(after) - set(before) == {"nanhu/plan/2.3.1"}
    changed = {i for i in before if before[i] != after[i]}
    assert changed == {"nanhu/plan/1.1", "nanhu/plan/1.2"}

    t11 = after["nanhu/plan/1.1"]
    assert [(u["name"], u["role"], u.get("corrected", False)) for u in t11["units"]] == [
        ("区发改局", "lead", False),
        ("区财政局", "responsible", False),
        ("区审计局", "cooperate", True),
    ]
    assert t11["corrected"] is True and "removed 区统计局" in t11["note"]
    audit = t11["units"][2]
    assert (audit["note"], audit["by"]) == ("审计跟踪", "李研究员")

    tax = next(u for u in after["nanhu/plan/1.2"]["units"] if u["name"] == "区税务局")
    assert (tax["role"], tax["corrected"], tax["note"]) == ("responsible", True, "原文应为责任单位")
    # the unit's span is unchanged: it is still where the document names it
    old = next(u for u in before["nanhu/plan/1.2"]["units"] if u["name"] == "区税务局")
    assert tax["source"] == old["source"]

    new = after["nanhu/plan/2.3.1"]
    assert new["text"] == "汛期前完成城区积水点整治十处"
    assert PLAN[new["source"]["start"] : new["source"]["end"]] == new["text"]
    assert (new["kind"], new["parent"], new["corrected"]) == ("subitem", "nanhu/plan/2.3", True)
    assert [(u["name"], u["role"], u["corrected"]) for u in new["units"]] == [
        ("区城管局", "lead", True)
    ]


def _roles(build: Path) -> set[tuple[str, str, str]]:
    graph = Graph().parse(build / "graph.nt", format="nt")
    out = set()
    for role, rel in ROLE_RELATIONS.items():
        for agency, task in graph.subject_objects(rel.predicate):
            out.add((stable_id_of(agency)[1].rsplit("/", 1)[-1], role, stable_id_of(task)[1]))
    return out


def test_graph_nt_changes_exactly_the_corrected_facts(builds):
    plain, fixed, _ = builds
    before, after = _roles(plain), _roles(fixed)
    assert before - after == {
        ("区统计局", "responsible", "nanhu/plan/1.1"),
        ("区税务局", "cooperate", "nanhu/plan/1.2"),
    }
    assert after - before == {
        ("区审计局", "cooperate", "nanhu/plan/1.1"),
        ("区税务局", "responsible", "nanhu/plan/1.2"),
        ("区城管局", "lead", "nanhu/plan/2.3.1"),
    }
    graph = Graph().parse(fixed / "graph.nt", format="nt")
    corrected = {stable_id_of(s)[1] for s in graph.subjects(SB.corrected, Literal(True))}
    assert corrected == {
        "nanhu/plan/1.1",
        "nanhu/plan/2.3.1",
        "nanhu/plan/1.1/区审计局",
        "nanhu/plan/1.2/区税务局",
        "nanhu/plan/2.3.1/区城管局",
    }
    who = {
        (stable_id_of(s)[1], str(graph.value(p, RDFS.label)))
        for s, p in graph.subject_objects(PROV.wasAttributedTo)
    }
    assert ("nanhu/plan/1.2/区税务局", "王老师") in who
    assert ("nanhu/plan/1.1/区审计局", "李研究员") in who
    plain_graph = Graph().parse(plain / "graph.nt", format="nt")
    assert not list(plain_graph.triples((None, SB.corrected, None)))


@pytest.mark.neo4j
def test_neo4j_holds_the_corrected_facts_marked(builds, loaded, neo4j_conn):
    _, fixed, _ = builds
    seed_rows, _ = loaded
    try:
        load(neo4j_conn, graph_rows(load_corpus(fixed)), replace=True, progress=False)
        edges = neo4j_conn.read(
            "MATCH (a:Agency)-[r]->(t:Task) WHERE r.corrected "
            "RETURN a.canonical AS unit, type(r) AS type, t.id AS task, r.note AS note, "
            "r.by AS by ORDER BY task, unit"
        )
        assert [(e["unit"], e["type"], e["task"], e["by"]) for e in edges] == [
            ("区审计局", "COOPERATES_ON", "nanhu/plan/1.1", "李研究员"),
            ("区税务局", "RESPONSIBLE_FOR", "nanhu/plan/1.2", "王老师"),
            ("区城管局", "LEADS", "nanhu/plan/2.3.1", "李研究员"),
        ]
        tasks = neo4j_conn.read(
            "MATCH (t:Task) WHERE t.corrected RETURN t.id AS id, t.note AS note ORDER BY id"
        )
        assert [t["id"] for t in tasks] == ["nanhu/plan/1.1", "nanhu/plan/2.3.1"]
        gone = neo4j_conn.read(
            "MATCH (a:Agency {canonical: '区统计局'})-[r]->(t:Task {id: 'nanhu/plan/1.1'}) "
            "RETURN count(r) AS n"
        )
        assert gone == [{"n": 0}]
        plain = neo4j_conn.read(
            "MATCH ()-[r:LEADS]->(:Task {id: 'nanhu/plan/1.1'}) RETURN r.corrected AS c"
        )
        assert plain == [{"c": None}]  # a fact no one corrected says nothing
    finally:
        reload(neo4j_conn, seed_rows)


def test_a_renumbered_task_makes_its_correction_stale(capsys, tmp_path: Path):
    moved = tmp_path / "plans"
    moved.mkdir()
    # item 2 renumbered 5: the task's id is now nanhu/plan/1.5
    (moved / "nanhu-2024.txt").write_text(
        PLAN.replace("2.新增市场主体", "5.新增市场主体"), encoding="utf-8"
    )
    (moved / "nanhu-2024.corrections.csv").write_text(CORRECTIONS, encoding="utf-8")
    assert main(["check", "--format", "json", str(moved / "nanhu-2024.txt")]) == 1
    [result] = json.loads(capsys.readouterr().out)
    assert result["verdict"] == "review"
    assert result["corrections"]["applied"] == 3
    [stale] = result["corrections"]["stale"]
    assert "line 4" in stale and "nanhu/plan/1.2" in stale and "stale" in stale
    assert "1 stale corrections" in result["reasons"]

    out = tmp_path / "build"
    _build(moved, out)
    err = capsys.readouterr().err
    assert err == ""
    tasks = _tasks(out)
    tax = next(u for u in tasks["nanhu/plan/1.5"]["units"] if u["name"] == "区税务局")
    assert (tax["role"], tax.get("corrected")) == ("cooperate", None)  # not applied elsewhere
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert any("stale" in w and "nanhu/plan/1.2" in w for w in report["warnings"])


def test_a_bad_corrections_file_is_a_one_line_error(tmp_path: Path, capsys):
    (tmp_path / "nanhu-2024.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "nanhu-2024.corrections.csv").write_text(
        "task,unit,role,action,note\nplan/1.1,区统计局,,delete,\n", encoding="utf-8"
    )
    code = main(["build", "-q", "--strict", "--input", str(tmp_path), "--out", str(tmp_path / "b")])
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: nanhu-2024.corrections.csv line 2: action 'delete'")
    assert "\n" not in err


def test_add_task_by_offsets_and_a_span_outside_the_text(tmp_path: Path, capsys):
    snippet = "汛期前完成城区积水点整治十处"
    start = PLAN.index(snippet)
    (tmp_path / "nanhu-2024.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "nanhu-2024.corrections.csv").write_text(
        "task,unit,role,action,note,by,span\n"
        f"plan/2.3.1,区城管局,lead,add-task,,李研究员,{start}-{start + len(snippet)}\n"
        "plan/2.3.2,区水利局,lead,add-task,,李研究员,99999-100010\n",
        encoding="utf-8",
    )
    out = tmp_path / "build"
    _build(tmp_path, out)
    added = _tasks(out)["nanhu/plan/2.3.1"]
    assert (added["text"], added["source"]["start"]) == (snippet, start)
    assert "nanhu/plan/2.3.2" not in _tasks(out)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    [stale] = report["assessment"][0]["corrections"]["stale"]
    assert "line 3" in stale and "outside the document" in stale
