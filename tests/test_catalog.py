"""The question catalog on the embedded store, checked against facts read in the documents.

Facts (data/raw):
* 邵东 附件5 二、（一）防范化解政府债务风险（市财政局牵头）: tasks 1.–5. 严格遏制新增政府隐性债务,
  多措并举化解存量债务, 常态化监测预警债务风险, 加强政府债券管理, 加强平台公司综合治理; the lead
  市财政局 comes from the heading.
* 新晃 附件4 二、（一）防范化解政府债务风险（县财政局牵头）: the same five titles as 1.–5., each
  with sub-items （1）… naming 县财政局 and 晃源集团 among the 责任单位.
* 邵东 附件4 task table row 1: 牵头市领导 陈业华 李佑军 杨振明.
* 邵东 附件1: 组长 李国军 (市委副书记、市长) and ten 副组长; 新晃's plan lists no leading group.
* 邵东 附件5 三、: the risk working group's office is at 市财政局; 新晃's at 县财政局.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphbuild.cli.main import main
from graphbuild.graph.graphfile import GRAPH_FILE, ntriples
from graphbuild.model import Corpus, Task
from graphbuild.query.backends import get_backend
from graphbuild.query.catalog import (
    CatalogError,
    coerce_params,
    finish_rows,
    get_question,
    load_catalog,
)
from graphbuild.query.embedded import EmbeddedBackend, bind_params
from graphbuild.settings import QUERIES_DIR

SD, XH = "邵东市", "新晃侗族自治县"
DEBT_TITLES = [
    "严格遏制新增政府隐性债务",
    "多措并举化解存量债务",
    "常态化监测预警债务风险",
    "加强政府债券管理",
    "加强平台公司综合治理",
]
REQUIRED = {
    "top-lead-units": {"county", "battle", "lead_kind", "top_n"},
    "agency-portfolio": {"county", "agency"},
    "battle-tasks": {"county", "battle"},
    "topic-compare": {"topic", "battle"},
    "working-groups": {"county"},
    "leaders-oversee": {"county"},
    "tasks-without-units": {"county", "battle"},
    "collective-units": {"county"},
    "function-load": {"function"},
    "co-responsibility-pairs": {"county", "top_n"},
    "leading-group": {"county"},
    "agency-centrality": {"county", "top_n"},
    "agency-communities": {"county"},
    "agency-path": {"county", "source", "target"},
    "battle-overview": {"county"},
    "inherited-leads": {"county", "battle"},
    "task-search": {"keyword"},
}


@pytest.fixture(scope="session")
def build_dir(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build folder holding only the graph file of the seed corpus."""
    folder = tmp_path_factory.mktemp("catalog-build")
    (folder / GRAPH_FILE).write_text(ntriples(corpus), encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def backend(build_dir: Path) -> EmbeddedBackend:
    return EmbeddedBackend(build_dir)


def ask(backend: EmbeddedBackend, qid: str, **given: object) -> list[dict]:
    q = get_question(qid)
    return backend.ask(q, coerce_params(q, {k: str(v) for k, v in given.items()}))


# -- the catalog itself --------------------------------------------------------------------


def test_catalog_has_the_agreed_questions_and_parameters():
    catalog = {q.id: q for q in load_catalog()}
    assert len(catalog) >= 15
    for qid, params in REQUIRED.items():
        assert qid in catalog, qid
        assert {p.name for p in catalog[qid].params} == params, qid


@pytest.mark.parametrize("question", load_catalog(QUERIES_DIR), ids=lambda q: q.id)
def test_every_question_is_complete(question, backend):
    q = question
    assert q.folder is not None and q.folder.name == q.id
    assert q.title_zh and q.title_en and q.description_zh and q.description_en
    assert q.engine in ("sparql", "networkx")
    assert q.sparql, "every question has a SPARQL body (query.rq)"
    assert q.columns, "declare the answer's columns"
    assert all(c == c.lower() and " " not in c for c in q.columns), "snake_case columns"
    assert set(q.lists) <= set(q.columns)
    if q.engine == "networkx":
        assert q.function and q.function.startswith("graphbuild.analyse.network:")
    vocabulary = backend.vocabulary()
    for p in q.params:
        if p.type in ("function",) or p.name == "lead_kind":
            assert p.choices, f"{q.id}.{p.name} is finite and must declare choices"
        if p.type in ("county", "battle"):  # the build's values, never a fixed list of them
            assert not set(p.choices or ()) & {SD, XH, "risk"}, f"{q.id}.{p.name}"
            found = vocabulary.counties if p.type == "county" else vocabulary.battles
            assert set(p.allowed(vocabulary)) >= set(found), f"{q.id}.{p.name}"
        allowed = p.allowed(vocabulary)
        if allowed is not None:
            assert p.default in allowed, f"{q.id}.{p.name} default not allowed"
        assert p.label_zh and p.label_en


@pytest.mark.parametrize("question", load_catalog(), ids=lambda q: q.id)
def test_every_question_answers_with_plain_deterministic_rows(backend, question):
    params = coerce_params(question, {})
    rows = backend.ask(question, params)
    assert rows, f"{question.id} has no answer with its defaults"
    assert all(list(r) == list(question.columns) for r in rows)
    json.dumps(rows, ensure_ascii=False)  # JSON-able
    for r in rows:
        for c in question.lists:
            assert isinstance(r[c], list) and r[c] == sorted(r[c])
        for v in r.values():
            assert v is None or isinstance(v, bool | int | float | str | list)
    assert backend.ask(question, params) == rows


def test_finish_rows_splits_sorts_and_limits():
    q = get_question("co-responsibility-pairs")
    rows = [
        {"a": "x", "b": "y", "weight": 2, "tasks": "t2|t1", "extra": 1},
        {"a": "x", "b": "z", "weight": 1, "tasks": ""},
    ]
    assert finish_rows(q, {"top_n": 1}, rows) == [
        {"a": "x", "b": "y", "weight": 2, "tasks": ["t1", "t2"]}
    ]


# -- parameters and errors ----------------------------------------------------------------


def test_bad_ids_and_parameters_are_catalog_errors(backend):
    with pytest.raises(CatalogError, match="ask --list"):
        get_question("no-such-question")
    q = get_question("top-lead-units")
    vocabulary = backend.vocabulary()
    with pytest.raises(CatalogError, match="unknown parameter"):
        coerce_params(q, {"countyy": SD}, vocabulary)
    with pytest.raises(CatalogError, match="not allowed"):
        coerce_params(q, {"county": "邵阳市"}, vocabulary)
    with pytest.raises(CatalogError, match="not allowed"):
        coerce_params(q, {"battle": "war"}, vocabulary)
    with pytest.raises(CatalogError, match="whole number"):
        coerce_params(q, {"top_n": "ten"})
    assert coerce_params(q, {"top_n": "3"})["top_n"] == 3


def test_values_are_bound_as_rdf_terms_not_pasted(backend):
    text, bound = bind_params(
        "SELECT ?x WHERE { BIND ($keyword AS ?x) }", {"keyword": '"} UNION { ?s ?p ?o } #'}
    )
    assert bound == {"param_keyword": '"} UNION { ?s ?p ?o } #'}
    assert 'VALUES (?param_keyword) { ("\\"} UNION { ?s ?p ?o } #") }' in text
    # an injection attempt is just a keyword that matches nothing
    assert ask(backend, "task-search", keyword='"} UNION { ?s ?p ?o } #') == []
    # and a parameter named like an answer column does not filter it
    overview = ask(backend, "battle-overview", county="all")
    assert {r["county"] for r in overview} == {SD, XH}


# -- answers checked against the documents ------------------------------------------------


def test_topic_compare_debt_risk_tasks_of_each_county(backend, tasks):
    rows = ask(backend, "topic-compare")  # topic 政府债务, battle risk
    sd = [r for r in rows if r["county"] == SD]
    xh = [r for r in rows if r["county"] == XH]
    assert [r["task_id"] for r in sd] == [f"shaodong/risk/2.1.{i}" for i in range(1, 6)]
    assert [r["title"] for r in sd] == DEBT_TITLES
    assert all(r["lead_units"] == ["市财政局"] for r in sd)
    assert {"城发集团", "市审计局", "市纪委监委"} <= set(sd[0]["responsible_units"])
    top = [r for r in xh if r["kind"] == "task"]
    assert [r["task_id"] for r in top] == [f"xinhuang/risk/2.1.{i}" for i in range(1, 6)]
    assert [r["title"] for r in top] == DEBT_TITLES
    assert [r["label"] for r in top] == ["1.", "2.", "3.", "4.", "5."]
    subitems = [r for r in xh if r["kind"] == "subitem"]
    assert len(subitems) >= 12
    assert all(r["task_id"].startswith("xinhuang/risk/2.1.") for r in subitems)
    assert all(r["lead_units"] == ["县财政局"] for r in xh)
    assert (
        "晃源集团"
        in next(r for r in subitems if r["task_id"] == "xinhuang/risk/2.1.2.1")["responsible_units"]
    )
    assert all("finance" in r["functions"] for r in rows)
    # every listed task really sits under the debt heading in the model
    assert all("政府债务" in " ".join(tasks[r["task_id"]].path) for r in rows)


def test_topic_functions_sets_the_two_finance_bureaus_side_by_side(backend):
    rows = ask(backend, "topic-functions")
    finance = {(r["county"], r["role"]): r["agencies"] for r in rows if r["function"] == "finance"}
    assert finance[(SD, "lead")] == ["市财政局"]
    assert finance[(XH, "lead")] == ["县财政局"]
    soe = {r["county"]: r["agencies"] for r in rows if r["function"] == "state-owned-enterprise"}
    assert "城发集团" in soe[SD] and "晃源集团" in soe[XH]


def test_inherited_leads_come_from_the_debt_heading(backend):
    rows = ask(backend, "inherited-leads", county=SD, battle="risk")
    debt = [r for r in rows if r["task_id"].startswith("shaodong/risk/2.1.")]
    assert [r["task_id"] for r in debt] == [f"shaodong/risk/2.1.{i}" for i in range(1, 6)]
    assert all(r["agency"] == "市财政局" for r in debt)
    assert all("防范化解政府债务风险（市财政局牵头）" in r["heading"] for r in debt)


def test_top_lead_units_per_county(backend, corpus):
    sd = ask(backend, "top-lead-units", county=SD)
    assert sd[0]["agency"] == "市住房和城乡建设局"
    assert {r["county"] for r in sd} == {SD}
    stated = ask(backend, "top-lead-units", county=XH, lead_kind="stated", top_n=1)
    assert stated == [
        {
            "county": XH,
            "agency": "县商务科技和工业信息化局",
            "stated_leads": 21,
            "inherited_leads": 0,
            "total_leads": 21,
        }
    ]
    assert (
        ask(backend, "top-lead-units", county=SD, lead_kind="stated", top_n=1)[0]["agency"]
        == "市商务局"
    )
    # stated + inherited = total, each lead counted at the level that carries it: a
    # sub-item led by the same unit as its task is not counted again
    tasks = {t.id: t for t in corpus.tasks}

    def counted(t: Task, unit: str) -> bool:
        parent = tasks.get(t.parent) if t.parent else None
        return not (parent and any(u.role == "lead" and u.canonical == unit for u in parent.units))

    for r in sd:
        leads = [
            u
            for t in corpus.tasks
            if t.county == SD
            for u in t.units
            if u.role == "lead" and u.canonical == r["agency"] and counted(t, r["agency"])
        ]
        assert r["total_leads"] == len(leads) == r["stated_leads"] + r["inherited_leads"]
        assert r["inherited_leads"] == sum(u.inherited for u in leads)
    risk = ask(backend, "top-lead-units", county=SD, battle="risk", lead_kind="inherited")
    assert {r["agency"]: r["inherited_leads"] for r in risk}["市财政局"] == 5
    assert len(ask(backend, "top-lead-units", county=SD, top_n=3)) == 3


def test_top_lead_units_counts_tasks_not_sub_steps(backend):
    """Checked in the text of 新晃's plan:

    * 附件4 （四）防范化解疫情风险（县卫生健康局牵头） heads tasks 17.–29. (13), whose sub-items
      （1）… and steps ①… inherit the lead; 附件6 names 县卫生健康局 / 县卫健局 as 牵头责任单位
      of 2. 启动县人民医院城西分院建设 and 5. 开展妇幼保健守护行动. So 15 tasks, 2 stated and 13
      inherited (counting the sub-steps made it 30).
    * 县财政局: the debt heading （一） over tasks 1.–5. (their 15 sub-items not counted again),
      and 牵头 in three 附件3 brackets (（晃源集团、县财政局牵头） and two longer lists): 8, not 24.
    """
    xh = {r["agency"]: r for r in ask(backend, "top-lead-units", county=XH, top_n=50)}
    health = xh["县卫生健康局"]
    assert (health["stated_leads"], health["inherited_leads"], health["total_leads"]) == (2, 13, 15)
    finance = xh["县财政局"]
    assert (finance["stated_leads"], finance["inherited_leads"], finance["total_leads"]) == (
        3,
        5,
        8,
    )
    top = ask(backend, "top-lead-units", county=XH, top_n=2)
    assert [r["agency"] for r in top] == ["县商务科技和工业信息化局", "县发展和改革局"]


def test_top_lead_units_without_a_county_answers_for_both(backend):
    rows = ask(backend, "top-lead-units")
    counties = [r["county"] for r in rows]
    assert set(counties) == {SD, XH}
    # each county's top N, one county after the other
    assert counties.count(SD) == counties.count(XH) == 10
    assert counties == sorted(counties)
    for county in (SD, XH):
        alone = ask(backend, "top-lead-units", county=county)
        assert [r for r in rows if r["county"] == county] == alone


def test_agency_portfolio_by_canonical_name_or_as_written(backend):
    rows = ask(backend, "agency-portfolio", county=SD, agency="市财政局")
    debt = [r for r in rows if r["task_id"].startswith("shaodong/risk/2.1.")]
    assert [(r["role"], r["inherited"]) for r in debt] == [("lead", True)] * 5
    assert {r["role"] for r in rows} >= {"lead", "responsible"}
    assert [r["battle"] for r in rows] == sorted(
        (r["battle"] for r in rows),
        key=["growth", "innovation", "environment", "risk", "safety", "livelihood"].index,
    )
    written = ask(backend, "agency-portfolio", county=SD, agency="市住建局")
    assert written and written == ask(
        backend, "agency-portfolio", county=SD, agency="市住房和城乡建设局"
    )
    assert ask(backend, "agency-portfolio", county=XH, agency="市财政局") == []


def test_battle_tasks_in_document_order_with_leads(backend, corpus):
    rows = ask(backend, "battle-tasks", county=XH, battle="risk")
    model = [t for t in corpus.tasks if t.county == XH and t.battle == "risk"]
    assert [r["task_id"] for r in rows] == [
        t.id for t in sorted(model, key=lambda t: (t.source.start, t.id))
    ]
    first = rows[0]
    assert first["task_id"] == "xinhuang/risk/2.1.1"
    assert first["title"] == "严格遏制新增政府隐性债务" and first["lead_units"] == ["县财政局"]


def test_leaders_oversee_the_table_rows(backend, tasks: dict[str, Task]):
    rows = ask(backend, "leaders-oversee", county=SD)
    row1 = "shaodong/environment/table.1"
    assert tasks[row1].text.startswith("不折不扣落实党中央")
    assert sorted(r["leader"] for r in rows if row1 in r["task_ids"]) == [
        "李佑军",
        "杨振明",
        "陈业华",
    ]
    assert rows[0]["leader"] == "陈业华"
    for r in rows:
        assert r["tasks"] == len(r["task_ids"])
        assert all(r["leader"] in {p.name for p in tasks[t].persons} for t in r["task_ids"])
    assert ask(backend, "leaders-oversee", county=XH) == []


def test_working_groups_and_the_leading_group(backend):
    sd = {r["battle"]: r for r in ask(backend, "working-groups", county=SD)}
    xh = {r["battle"]: r for r in ask(backend, "working-groups", county=XH)}
    assert (
        set(sd)
        == set(xh)
        == {"growth", "innovation", "environment", "risk", "safety", "livelihood"}
    )
    assert sd["risk"]["office"] == "市财政局" and xh["risk"]["office"] == "县财政局"
    assert sd["risk"]["convenor"] == "常务副市长"
    assert sd["safety"]["convenor"] == "陈业华"  # 常务副市长陈业华
    assert "市发改局" in sd["growth"]["members"]
    assert all(r["member_count"] == len(r["members"]) for r in sd.values())

    lg = ask(backend, "leading-group", county=SD)
    heads = [r for r in lg if r["part"] == "leading_group"]
    assert heads[0] == {
        "part": "leading_group",
        "body": "邵东市打好“发展六仗”领导小组",
        "battle": None,
        "role": "组长",
        "holder": "李国军",
        "post": "市委副书记、市长",
    }
    assert [r["role"] for r in heads].count("副组长") == 10
    under = [r for r in lg if r["part"] == "working_group"]
    assert {r["battle"] for r in under} == set(sd)
    assert {
        "part": "working_group",
        "body": sd["risk"]["working_group"],
        "battle": "risk",
        "role": "办公室",
        "holder": "市财政局",
        "post": None,
    } in under
    xh_lg = ask(backend, "leading-group", county=XH)
    assert xh_lg and all(r["part"] == "working_group" for r in xh_lg)


def test_tasks_without_units_and_collective_units(backend, tasks):
    bare = ask(backend, "tasks-without-units", county=XH, battle="innovation")
    assert bare and all(not tasks[r["task_id"]].units for r in bare)
    assert len(bare) == sum(
        1 for t in tasks.values() if t.county == XH and t.battle == "innovation" and not t.units
    )
    sd = {r["task_id"] for r in ask(backend, "tasks-without-units", county=SD)}
    assert "shaodong/innovation/2.1.1" in sd  # 皮具箱包领域: no unit named
    assert sd == {t.id for t in tasks.values() if t.county == SD and not t.units}

    coll = {r["agency"]: r for r in ask(backend, "collective-units", county=SD)}
    debt = coll["各相关债务单位"]  # named in 附件5 tasks 1, 2, 3 and 5
    assert debt["tasks"] == 4 and debt["battles"] == ["risk"]
    assert "市财政局" not in coll


def test_function_load_compares_the_finance_bureaus(backend):
    rows = ask(backend, "function-load", function="finance")
    assert [(r["county"], r["agency"]) for r in rows] == [(XH, "县财政局"), (SD, "市财政局")]
    for r in rows:
        assert r["tasks"] <= r["leads"] + r["responsible"] + r["cooperates"]
    everything = ask(backend, "function-load")
    for function in {r["function"] for r in everything}:
        assert {r["county"] for r in everything if r["function"] == function} == {SD, XH}


def test_pairs_overview_and_search_agree_with_the_model(backend, corpus, tasks):
    pairs = ask(backend, "co-responsibility-pairs", county=SD, top_n=5)
    assert len(pairs) == 5
    assert [p["weight"] for p in pairs] == sorted((p["weight"] for p in pairs), reverse=True)
    top = pairs[0]
    assert top["weight"] == len(top["tasks"])
    for tid in top["tasks"]:
        names = {u.canonical for u in tasks[tid].units}
        assert {top["a"], top["b"]} <= names

    overview = ask(backend, "battle-overview")
    assert len(overview) == 12
    for r in overview:
        ts = [t for t in corpus.tasks if t.county == r["county"] and t.battle == r["battle"]]
        assert r["tasks"] == len(ts)
        assert r["without_units"] == sum(not t.units for t in ts)
        assert r["with_lead"] == sum(any(u.role == "lead" for u in t.units) for t in ts)
    assert [r["county"] for r in ask(backend, "battle-overview", county=XH)] == [XH] * 6

    found = ask(backend, "task-search", keyword="债务")
    assert "shaodong/risk/2.1.1" in {r["task_id"] for r in found}
    assert all("债务" in tasks[r["task_id"]].text + tasks[r["task_id"]].title for r in found)


# -- backends and the command line ----------------------------------------------------------


def test_get_backend_default_and_unknown(build_dir, monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    b = get_backend(None, build_dir)
    assert b.name == "embedded" and b.triples > 10_000 and b.load_seconds < 5
    with pytest.raises(CatalogError, match="embedded, neo4j"):
        get_backend("sqlite", build_dir)
    rows = b.sparql("SELECT (COUNT(?t) AS ?n) WHERE { ?t a sb:Task ; sb:county $c }", {"c": SD})
    assert rows[0]["n"] > 100


def test_cli_ask_list_and_answer(build_dir, capsys):
    assert main(["ask", "--list", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {"top-lead-units", "topic-compare"} <= {q["id"] for q in listed}
    assert all({"id", "title_zh", "title_en", "params"} <= set(q) for q in listed)

    code = main(
        [
            "ask",
            "top-lead-units",
            "--param",
            f"county={XH}",
            "--param",
            "top_n=2",
            "--format",
            "json",
            "--build",
            str(build_dir),
            "--show-query",
        ]
    )
    captured = capsys.readouterr()
    assert code == 0
    rows = json.loads(captured.out)
    assert [r["agency"] for r in rows] == ["县商务科技和工业信息化局", "县发展和改革局"]
    assert "VALUES (" in captured.err and "?param_county" in captured.err

    assert main(["ask", "battle-tasks", "--format", "csv", "--build", str(build_dir)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "task_id,kind,label,title,lead_units,responsible_units,cooperating_units"


@pytest.mark.parametrize(
    "argv",
    [
        ["ask", "no-such-question"],
        ["ask", "top-lead-units", "--param", "county=邵阳市"],
        ["ask", "top-lead-units", "--param", "top_n=ten"],
        ["ask", "top-lead-units", "--param", "nonsense"],
        ["ask", "agency-path", "--param", "source=不存在局"],
    ],
)
def test_cli_ask_errors_are_one_line_exit_2(build_dir, capsys, argv):
    assert main([*argv, "--build", str(build_dir)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "\n" not in err
