"""The Streamlit app, page by page, with streamlit.testing.v1.AppTest.

Every page renders without an exception in both languages, and the key answers are right:
the Ask page's top lead unit is the catalog's, the free-text box routes to the right
question, the Agency page's counts are the model's, the Task page highlights the source
sentence, and a failing backend shows a readable message instead of a trace.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

from graphbuild.store import load_corpus
from tests.neo4j_fixtures import neo4j_settings  # noqa: F401
from tests.neo4j_graph import loaded, neo4j_conn  # noqa: F401
from tests.utils import ROOT

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest

APP = ROOT / "graphbuild" / "app" / "Home.py"
if str(APP.parent) not in sys.path:
    sys.path.insert(0, str(APP.parent))

PAGES = ["overview", "ask", "compare", "agency", "task", "governance", "explorer", "documents"]


@pytest.fixture()
def env(build_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app reads the private build with the embedded backend."""
    monkeypatch.setenv("GRAPHBUILD_BUILD", str(build_dir))
    monkeypatch.setenv("GRAPHBUILD_BACKEND", "embedded")
    monkeypatch.delenv("NEO4J_URI", raising=False)
    return build_dir


def open_page(page: str, lang: str = "zh", **params: str) -> AppTest:
    """Run the app on one page with query parameters."""
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    if page != "overview":
        at.switch_page(f"views/{page}.py")
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at


def no_failure(at: AppTest) -> None:
    """No exception and no error box on the page."""
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def html_bodies(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def backend_answer(build: Path, qid: str, given: dict[str, str]) -> list[dict]:
    from graphbuild.query.backends import get_backend
    from graphbuild.query.catalog import coerce_params, get_question

    q = get_question(qid)
    return get_backend("embedded", build_dir=build).ask(q, coerce_params(q, given))


# ------------------------------------------------------------------ every page


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders(env: Path, page: str, lang: str) -> None:
    at = open_page(page, lang)
    no_failure(at)
    assert at.title, f"{page} has no title"
    sidebar = " ".join(s.value for s in at.sidebar.success)
    assert "embedded" in sidebar  # the sidebar says which backend answers


def test_sidebar_switches_language(env: Path) -> None:
    at = open_page("overview", "zh")
    assert at.title[0].value == "两县概览"
    at.sidebar.radio(key="lang").set_value("en").run()
    assert at.title[0].value == "The two counties at a glance"


# ------------------------------------------------------------------ overview


def test_overview_matrix_counts_the_model(env: Path) -> None:
    corpus = load_corpus(env)
    at = open_page("overview", "en")
    no_failure(at)
    for i, county in enumerate(("邵东市", "新晃侗族自治县")):  # one table per county
        matrix = at.dataframe[i].value
        total = matrix[matrix.iloc[:, 0] == "Σ"].iloc[0]
        expected = sum(t.county == county and t.battle is not None for t in corpus.tasks)
        assert total["Tasks"] == expected
        groups = sum(w.county == county for w in corpus.working_groups)
        assert total["Working groups"] == groups
    links = [link.proto.page for link in at.get("page_link")]
    assert any("documents" in page for page in links)


# ------------------------------------------------------------------ ask


@pytest.mark.parametrize("county", ["邵东市", "新晃侗族自治县"])
def test_ask_top_lead_unit_equals_catalog(env: Path, county: str) -> None:
    at = open_page("ask", q="top-lead-units", county=county)
    no_failure(at)
    shown = at.dataframe[0].value
    expected = backend_answer(env, "top-lead-units", {"county": county})
    assert list(shown["单位"]) == [r["agency"] for r in expected]  # headers in Chinese
    # and independently of the catalog: the unit with the most leads in the model
    corpus = load_corpus(env)
    by_id = {t.id: t for t in corpus.tasks}

    def parent_leads(t) -> set[str]:
        parent = by_id.get(t.parent) if t.parent else None
        return {u.canonical for u in parent.units if u.role == "lead"} if parent else set()

    leads = Counter(
        u.canonical
        for t in corpus.tasks
        if t.county == county
        for u in t.units
        if u.role == "lead" and u.canonical not in parent_leads(t)
    )
    assert leads[shown["单位"].iloc[0]] == max(leads.values())
    assert shown["牵头合计"].iloc[0] == max(leads.values())


def test_ask_top_lead_units_without_a_county_shows_both_side_by_side(env: Path) -> None:
    at = open_page("ask", q="top-lead-units")
    no_failure(at)
    assert len(at.dataframe) == 2, "one table per county"
    expected = backend_answer(env, "top-lead-units", {})
    for shown, county in zip(at.dataframe, ("邵东市", "新晃侗族自治县"), strict=True):
        table = shown.value
        assert "县市" not in table.columns
        assert list(table["单位"]) == [r["agency"] for r in expected if r["county"] == county]
    assert list(at.dataframe[1].value["单位"])[:2] == [
        "县商务科技和工业信息化局",
        "县发展和改革局",
    ]


def test_ask_shows_query_and_download(env: Path) -> None:
    at = open_page("ask", q="battle-tasks", county="新晃侗族自治县", battle="risk")
    no_failure(at)
    assert at.get("download_button"), "no CSV download"
    codes = [c.value for c in at.code]
    assert any("SELECT" in c.upper() for c in codes), "the SPARQL body is not shown"
    assert any("MATCH" in c.upper() for c in codes), "the Cypher body is not shown"
    assert len(at.dataframe[0].value) == len(
        backend_answer(env, "battle-tasks", {"county": "新晃侗族自治县", "battle": "risk"})
    )


@pytest.mark.parametrize(
    ("text", "qid", "params"),
    [
        ("哪个单位牵头的任务最多", "top-lead-units", {}),
        (
            "which unit leads the most tasks in Xinhuang",
            "top-lead-units",
            {"county": "新晃侗族自治县"},
        ),
        ("债务风险 两县 对比", "topic-compare", {"topic": "政府债务", "battle": "risk"}),
    ],
)
def test_ask_free_text_routes(env: Path, text: str, qid: str, params: dict) -> None:
    at = open_page("ask")
    at.text_input(key="free_text").input(text)
    at.button[0].click().run()
    no_failure(at)
    assert at.selectbox(key="ask_q").value == qid
    assert any(qid in s.value or "**" in s.value for s in at.success)  # says what it chose
    for name, value in params.items():
        assert at.session_state[f"ask-{qid}-{name}"] == value
    expected = backend_answer(env, qid, params)
    if qid == "top-lead-units" and "county" not in params:  # both counties, side by side
        expected = [r for r in expected if r["county"] == "邵东市"]
    shown = at.dataframe[0].value
    assert len(shown) == len(expected)
    if qid == "top-lead-units":
        assert list(shown["单位"]) == [r["agency"] for r in expected]


def test_ask_unknown_text_says_so(env: Path) -> None:
    at = open_page("ask", "en")
    at.text_input(key="free_text").input("hello there")
    at.button[0].click().run()
    assert not at.exception
    assert at.warning, "no notice for an unrouted question"


# ------------------------------------------------------------------ compare


def test_compare_debt_risk_side_by_side(env: Path) -> None:
    at = open_page("compare", "en", battle="risk", topic="政府债务")
    no_failure(at)
    text = " ".join(m.value for m in at.markdown)
    assert "严格遏制新增政府隐性债务" in text
    assert "Shaodong" in text and "Xinhuang" in text
    functions = at.dataframe[0].value
    row = functions[functions["Shaodong · lead"].str.contains("市财政局")].iloc[0]
    assert "县财政局" in row["Xinhuang · lead"]
    assert any("Both counties" in m.value or "Only" in m.value for m in at.markdown)


def test_compare_cards_show_the_units_of_sub_items(env: Path) -> None:
    """新晃 附件4 二、（一） 1. 严格遏制新增政府隐性债务 names no unit itself (牵头 县财政局
    comes from the heading); its sub-items （1）–（3） name the 责任单位 县发改局、县国资办、
    县委组织部、县审计局、县纪委监委、县委巡察办 (with 县财政局 and 晃源集团). The card shows
    them, marked as the sub-items'. 2. 多措并举化解存量债务 （2） adds 县教育局."""
    at = open_page("compare", battle="risk", topic="政府债务")
    no_failure(at)
    captions = [c.value for c in at.caption]
    curb = next(c for c in captions if "子项中" in c and "县审计局" in c)
    assert "县财政局" in curb.split("子项中")[0], "the task's own (inherited) lead comes first"
    for unit in ("县发展和改革局", "县国资办", "县委组织部", "县纪委监委", "县委巡察办"):
        assert unit in curb.split("子项中")[1]
    assert any("子项中" in c and "县教育局" in c for c in captions)
    # 邵东's tasks state their units themselves: nothing is marked as a sub-item's
    assert any("市财政局" in c and "子项中" not in c for c in captions)


# ------------------------------------------------------------------ agency


def test_agency_page_counts_and_counterpart(env: Path) -> None:
    corpus = load_corpus(env)
    at = open_page("agency", "en", aid="shaodong/agency/市财政局")
    no_failure(at)
    assert at.header[0].value == "市财政局"
    roles = at.dataframe[0].value
    total = roles[roles["Battle"] == "Σ"].iloc[0]
    expected = Counter(
        u.role
        for t in corpus.tasks
        if t.county == "邵东市"
        for u in t.units
        if u.canonical == "市财政局"
    )
    assert total["lead"] == expected["lead"]
    assert total["responsible"] == expected["responsible"]
    assert total["cooperate"] == expected["cooperate"]
    tasks = at.dataframe[1].value
    assert len(tasks) == sum(expected.values())
    labels = [link.proto.label for link in at.get("page_link")]
    assert any(label.startswith("县财政局") for label in labels), labels


def test_agency_search_filters(env: Path) -> None:
    at = open_page("agency")
    at.text_input(key="ag_search").input("应急管理").run()
    no_failure(at)
    assert "应急管理" in at.header[0].value


# ------------------------------------------------------------------ task


def test_task_page_highlights_source(env: Path) -> None:
    at = open_page("task", task="shaodong/risk/2.1.1")
    no_failure(at)
    body = html_bodies(at)
    assert '<mark class="unit">市财政局</mark>' in body
    assert '<mark class="task">' in body
    units = at.dataframe[0].value
    assert "市财政局" in set(units.iloc[:, 0])
    text = " ".join(m.value for m in at.markdown)
    assert "防范化解政府债务风险" in text  # the section path
    assert "打好防范化解风险阻击战工作专班" in text  # the working group above it


@pytest.fixture(scope="module")
def moved_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build made with ``--input OTHER`` (新晃's plan re-encoded as GB18030 with CRLF line
    ends, so decoded offsets differ from byte offsets), after OTHER was deleted."""
    import shutil

    from graphbuild.cli.main import main

    root = tmp_path_factory.mktemp("moved")
    other = root / "other"
    other.mkdir()
    for path in sorted((ROOT / "data" / "raw").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if path.name.startswith("xinhuang"):
            (other / path.name).write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
        else:
            shutil.copy(path, other / path.name)
    out = root / "build"
    assert main(["build", "--input", str(other), "--out", str(out), "-q"]) == 0
    shutil.rmtree(other)
    return out


def test_task_page_provenance_from_a_build_whose_input_moved(
    moved_build: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """新晃 附件4 二、（一）2.（2）: 筹措教育PPP项目还本付息资金0.58亿元。（责任单位：县财政局、
    县教育局、晃源集团、县经投公司）."""
    monkeypatch.setenv("GRAPHBUILD_BUILD", str(moved_build))
    monkeypatch.setenv("GRAPHBUILD_INPUT", str(moved_build.parent / "gone"))
    monkeypatch.setenv("GRAPHBUILD_BACKEND", "embedded")
    monkeypatch.delenv("NEO4J_URI", raising=False)
    at = open_page("task", task="xinhuang/risk/2.1.2.2")
    no_failure(at)
    body = html_bodies(at)
    assert '<mark class="unit">县教育局</mark>' in body
    assert "筹措教育PPP项目还本付息资金0.58亿元" in body
    # the kept text is what the offsets index: CRLF line ends kept as decoded
    corpus = load_corpus(moved_build)
    task = next(t for t in corpus.tasks if t.id == "xinhuang/risk/2.1.2.2")
    kept = (moved_build / "sources" / f"{task.source.file}.txt").read_bytes().decode("utf-8")
    assert "\r\n" in kept
    assert kept[task.source.start : task.source.end].startswith("（2）筹措教育PPP项目")


def test_highlight_escapes_document_text() -> None:
    from lib.highlight import highlight

    text = 'a<script>alert("x")</script>b & c'
    out = highlight(text, 0, len(text), [(1, 9, "unit")])
    assert "<script>" not in out
    assert "&lt;script&gt;" in out and "&amp;" in out


# ------------------------------------------------------------------ governance


def test_governance_diagram(env: Path) -> None:
    at = open_page("governance", county="新晃侗族自治县")
    no_failure(at)
    downloads = at.get("download_button")
    assert downloads, "no image export"
    text = " ".join(m.value for m in at.markdown)
    assert "6" in text


def test_governance_svg_escapes_and_has_every_level() -> None:
    from lib.governance import Group, Structure, svg

    labels = dict.fromkeys(
        (
            "leading_group",
            "office",
            "convenor",
            "group_office",
            "no_lg",
            "legend",
            "lg",
            "of",
            "wg",
            "cv",
            "mb",
            "go",
        ),
        "x",
    )
    s = Structure(
        county="c",
        leading_group="<b>LG</b>",
        heads=[("n", "组长", "p")],
        office="办公室<i>",
        groups=[
            Group(
                "risk", "风险", "专班", "召集人&", [("副召集人", "副")], "局", [("<script>", "t")]
            )
        ],
    )
    out = svg(s, labels)
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "&lt;b&gt;LG&lt;/b&gt;" in out and "召集人&amp;" in out
    for kind in ("leading_group", "office", "group", "convenor", "member", "group_office"):
        assert f'class="node {kind}"' in out


# ------------------------------------------------------------------ explorer


def test_explorer_caps_large_neighbourhoods(env: Path) -> None:
    at = open_page("explorer", node="agency:shaodong/agency/市财政局")
    at.number_input(key="ex_cap").set_value(10).run()
    no_failure(at)
    assert at.warning, "no warning for a capped neighbourhood"


def test_explorer_tooltips_are_escaped() -> None:
    import networkx as nx
    from lib.graph import neighbourhood, tooltip

    g = nx.MultiDiGraph()
    g.add_node("task:x", kind="task", label="x", title='<img src=x onerror="alert(1)">')
    g.add_node("agency:y", kind="agency", label="y", title="y")
    g.add_edge("agency:y", "task:x", role="lead")
    assert "<img" not in tooltip(g, "task:x")
    hood = neighbourhood(g, "agency:y", depth=1, cap=1)
    assert hood.capped and hood.total == 2 and hood.nodes == ["agency:y"]


# ------------------------------------------------------------------ failures


def test_failing_backend_is_a_readable_message(
    env: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GRAPHBUILD_BACKEND", "neo4j")
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")
    monkeypatch.setenv("NEO4J_PASSWORD", "wrong")
    at = open_page("ask", q="top-lead-units")
    assert not at.exception
    assert at.error, "no message for an unreachable backend"
    message = " ".join(e.value for e in at.error)
    assert "Neo4j" in message and "Traceback" not in message
    # the console is offered on Neo4j and refuses to write
    at.switch_page("views/cypher.py").run()
    assert not at.exception
    at.text_area(key="cy_query").input("CREATE (n:X) RETURN n")
    at.button[0].click().run()
    assert not at.exception
    assert "CREATE" in " ".join(e.value for e in at.error)


def test_missing_model_is_a_notice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRAPHBUILD_BUILD", str(tmp_path / "nothing"))
    monkeypatch.setenv("GRAPHBUILD_BACKEND", "embedded")
    monkeypatch.delenv("NEO4J_URI", raising=False)
    for page in ("overview", "agency", "task"):
        at = open_page(page)
        assert not at.exception
        assert at.warning or at.error


def test_cypher_refusal() -> None:
    from lib.cypher import refusal

    assert refusal("MATCH (n) RETURN n") is None
    assert refusal("MATCH (n) WHERE n.name = 'CREATE' RETURN n") is None
    assert refusal("match (n) detach delete n") is not None
    assert refusal("MATCH (n) SET n.x = 1") is not None
    assert refusal("LOAD CSV FROM 'file:///x' AS r RETURN r") is not None
    assert refusal("CALL dbms.security.createUser('a','b')") is not None


# ------------------------------------------------------------------ the command


def test_app_command_line() -> None:
    from graphbuild.cli.app import APP_FILE, streamlit_command
    from graphbuild.cli.main import build_parser

    args = build_parser().parse_args(["app", "--port", "8600"])
    assert args.port == 8600 and args.func.__name__ == "cmd_app"
    cmd = streamlit_command(8600)
    assert str(APP_FILE) in cmd and cmd[cmd.index("--server.headless") + 1] == "true"
    assert cmd[cmd.index("--browser.gatherUsageStats") + 1] == "false"
    assert APP_FILE.exists()


def test_app_on_a_busy_port_says_how_to_choose_another(
    build_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    from graphbuild.cli.main import main

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code = main(["app", "--port", str(port), "--build", str(build_dir)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and err[0].startswith("error: ") and f"port {port}" in err[0]
    assert "./run app --port " in err[0] and "graphbuild app --port " in err[0]


# ------------------------------------------------------------------ on Neo4j


@pytest.mark.neo4j
def test_app_on_neo4j(
    loaded: object,  # noqa: F811 - fixture
    build_dir: Path,
    neo4j_settings: dict,  # noqa: F811 - fixture
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GRAPHBUILD_BUILD", str(build_dir))
    monkeypatch.setenv("GRAPHBUILD_BACKEND", "neo4j")
    monkeypatch.setenv("NEO4J_URI", neo4j_settings["uri"])
    monkeypatch.setenv("NEO4J_USER", neo4j_settings["user"])
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings["password"])
    monkeypatch.setenv("NEO4J_DATABASE", neo4j_settings["database"])
    at = open_page("ask", "en", q="top-lead-units", county="新晃侗族自治县")
    no_failure(at)
    assert "neo4j" in " ".join(s.value for s in at.sidebar.success)
    shown = at.dataframe[0].value
    expected = backend_answer(build_dir, "top-lead-units", {"county": "新晃侗族自治县"})
    assert list(shown["Unit"].str.split(" (", regex=False).str[0]) == [
        r["agency"] for r in expected
    ]
    # the console runs the user's read query and refuses writes
    at.switch_page("views/cypher.py").run()
    no_failure(at)
    at.text_area(key="cy_query").input("MATCH (a:Agency) RETURN count(a) AS agencies")
    at.button[0].click().run()
    no_failure(at)
    assert int(at.dataframe[0].value["agencies"].iloc[0]) == len(load_corpus(build_dir).agencies)
    at.text_area(key="cy_query").input("MATCH (a:Agency) DETACH DELETE a")
    at.button[0].click().run()
    assert not at.exception and at.error
    for page in PAGES:
        at.switch_page(f"views/{page}.py").run()
        no_failure(at)
