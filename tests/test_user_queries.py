"""Your own questions next to the catalog, and parameter values that follow the build.

* A user catalog (``--queries DIR`` / ``GRAPHBUILD_QUERIES``) adds questions in the
  ``queries/<id>/`` format; a user question replaces a built-in one with a warning; a
  question may have only a Cypher or only a SPARQL body.
* ``ask --check`` reports one line per problem; ``ask --export-cypher`` writes a script.
* County and battle values come from the build: a plan of another county (the fixture
  ``district-lines.txt``, 青石区, whose tasks fall in its own groups district-1 and
  district-2, read in the fixture's headings 一、 and 二、) is asked about like the seeds.
* County names as ``targets --county`` takes them: 邵东, Shaodong, xinhuang ….
"""
# ruff: noqa: F811  (pytest fixtures are imported by name and requested as arguments)

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from graphbuild.cli.output import display_width
from graphbuild.query.catalog import CatalogError, coerce_params, get_question, load_catalog
from graphbuild.query.check import check_question
from graphbuild.query.cypher_script import cypher_script
from graphbuild.query.user import cypher_parameters, save_cypher
from graphbuild.query.values import Vocabulary, natural_key
from graphbuild.settings import QUERIES_DIR
from tests.conftest import ROOT
from tests.neo4j_fixtures import neo4j_settings  # noqa: F401
from tests.neo4j_graph import loaded, neo4j_conn  # noqa: F401

FIXTURES = ROOT / "tests" / "fixtures"
SD, XH = "邵东市", "新晃侗族自治县"
SEEDS = Vocabulary.of([("shaodong", SD), ("xinhuang", XH)], ["risk", "growth"])


def graphbuild(*args: str, env: dict | None = None, cwd: Path = ROOT):
    """The real CLI in a subprocess, without any Neo4j setting of the caller."""
    import os

    environment = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    environment.pop("GRAPHBUILD_QUERIES", None)
    environment["GRAPHBUILD_BACKEND"] = "embedded"
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "graphbuild", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def write_question(root: Path, qid: str, rq: str | None, cypher: str | None, params: str = ""):
    folder = root / qid
    folder.mkdir(parents=True)
    (folder / "question.toml").write_text(
        f'id = "{qid}"\ntitle_zh = "测试{qid}"\ntitle_en = "Test {qid}"\n{params}',
        encoding="utf-8",
    )
    if rq is not None:
        (folder / "query.rq").write_text(rq, encoding="utf-8")
    if cypher is not None:
        (folder / "query.cypher").write_text(cypher, encoding="utf-8")
    return folder


COUNTY_PARAM = '\n[[params]]\nname = "county"\ntype = "county"\ndefault = "邵东市"\n'
TASKS_RQ = "SELECT (COUNT(?t) AS ?n) WHERE { ?t a sb:Task ; sb:county $county }\n"
TASKS_CYPHER = "MATCH (t:Task {county: $county}) RETURN count(t) AS n\n"


# -- values from the build ---------------------------------------------------------------


@pytest.mark.parametrize(
    "name,county",
    [
        ("邵东市", SD),
        ("邵东", SD),
        ("Shaodong", SD),
        ("shaodong", SD),
        (" SHAODONG ", SD),
        ("新晃", XH),
        ("Xinhuang", XH),
        ("xinhuang dong autonomous county", XH),
        ("新晃侗族自治县", XH),
    ],
)
def test_a_county_by_its_short_english_or_plan_name(name, county):
    q = get_question("top-lead-units", QUERIES_DIR)
    assert coerce_params(q, {"county": name}, SEEDS)["county"] == county


@pytest.mark.parametrize("name", ["邵阳", "县", "Hunan", ""])
def test_a_name_of_no_county_or_of_several_is_refused(name):
    q = get_question("top-lead-units", QUERIES_DIR)
    with pytest.raises(CatalogError, match="not allowed"):
        coerce_params(q, {"county": name}, SEEDS)


@pytest.fixture(scope="module")
def other_county(tmp_path_factory) -> Path:
    """The district fixture built alone, as another county's plan."""
    root = tmp_path_factory.mktemp("other")
    (root / "in").mkdir()
    shutil.copy(FIXTURES / "district-lines.txt", root / "in")
    done = graphbuild(
        "build",
        "--input",
        str(root / "in"),
        "--out",
        str(root / "out"),
        "--county",
        "青石区",
        "-q",
    )
    assert done.returncode == 0, done.stderr
    return root / "out"


def test_another_countys_plan_is_asked_about_like_the_seeds(other_county):
    done = graphbuild(
        "ask",
        "top-lead-units",
        "--param",
        "county=青石区",
        "--format",
        "json",
        "--build",
        str(other_county),
    )
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    # the fixture: 1. and 2. under 一、 are led by 区发改局 and 区财政局; 区发改局 leads
    # another task under 二、, 区住建局 one
    assert rows[0] == {
        "county": "青石区",
        "agency": "区发改局",
        "stated_leads": 2,
        "inherited_leads": 0,
        "total_leads": 2,
    }
    assert {r["agency"] for r in rows} >= {"区财政局", "区住建局"}
    # the plan's own groups are its battles; a county's short name is accepted
    done = graphbuild(
        "ask",
        "battle-tasks",
        "--param",
        "county=青石",
        "--param",
        "battle=district-2",
        "--format",
        "json",
        "--build",
        str(other_county),
    )
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == 2
    # without a county, the build's county is the default
    done = graphbuild("ask", "battle-overview", "--format", "json", "--build", str(other_county))
    assert [(r["county"], r["battle"]) for r in json.loads(done.stdout)] == [
        ("青石区", "district-1"),
        ("青石区", "district-2"),
    ]
    # a seed county is not in this build
    done = graphbuild(
        "ask", "top-lead-units", "--param", f"county={SD}", "--build", str(other_county)
    )
    assert done.returncode == 2 and "青石区" in done.stderr


def test_ask_id_help_shows_the_allowed_values_of_the_build(other_county):
    done = graphbuild("ask", "top-lead-units", "--help", "--build", str(other_county))
    assert done.returncode == 0, done.stderr
    out = done.stdout.split("question top-lead-units", 1)[1]
    assert "allowed: all, 青石区\n" in out and "allowed: all, district-1, district-2\n" in out
    assert "stated, inherited, all" in out
    assert max(display_width(line) for line in out.splitlines()) <= 100


def test_ask_list_fits_100_columns_in_natural_order(tmp_path):
    for qid in ("q10", "q2", "q1"):
        write_question(tmp_path, qid, TASKS_RQ, None, COUNTY_PARAM)
    done = graphbuild("ask", "--list", "--queries", str(tmp_path))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert max(display_width(line) for line in lines) <= 100
    ids = [line.split()[0] for line in lines[2:]]
    at = ids.index("q1*")
    assert ids[at : at + 3] == ["q1*", "q2*", "q10*"]
    assert len(ids) == len(load_catalog(QUERIES_DIR)) + 3
    assert sorted(["q10", "a2", "a10", "a1"], key=natural_key) == ["a1", "a2", "a10", "q10"]


# -- the user catalog --------------------------------------------------------------------


def test_a_user_question_wins_over_a_built_in_one_with_a_warning(tmp_path):
    mine = tmp_path / "top-lead-units"
    shutil.copytree(QUERIES_DIR / "top-lead-units", mine)
    toml = mine / "question.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("牵头任务最多的单位", "我的牵头排名"),
        encoding="utf-8",
    )
    notes: list[str] = []
    catalog = {q.id: q for q in load_catalog(user=tmp_path, notes=notes)}
    assert catalog["top-lead-units"].title_zh == "我的牵头排名"
    assert catalog["top-lead-units"].origin == "user"
    assert len(notes) == 1 and "replaces the built-in" in notes[0]
    done = graphbuild("ask", "--list", env={"GRAPHBUILD_QUERIES": str(tmp_path)})
    assert "我的牵头排名" in done.stdout and "replaces the built-in" in done.stderr


def test_a_missing_user_folder_is_one_line_exit_2(tmp_path):
    done = graphbuild("ask", "--list", env={"GRAPHBUILD_QUERIES": str(tmp_path / "nope")})
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "GRAPHBUILD_QUERIES" in done.stderr


def test_a_cypher_only_question_on_the_embedded_store_says_how_to_start_neo4j(tmp_path, build_dir):
    write_question(tmp_path, "cypher-only", None, TASKS_CYPHER, COUNTY_PARAM)
    done = graphbuild("ask", "cypher-only", "--queries", str(tmp_path), "--build", str(build_dir))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("error: cypher-only")
    assert "graphbuild neo4j start" in done.stderr and "--backend neo4j" in done.stderr


def test_a_sparql_only_question_answers_on_the_embedded_store(tmp_path, build_dir):
    write_question(tmp_path, "sparql-only", TASKS_RQ, None, COUNTY_PARAM)
    done = graphbuild(
        "ask",
        "sparql-only",
        "--param",
        "county=Xinhuang",
        "--format",
        "json",
        "--queries",
        str(tmp_path),
        "--build",
        str(build_dir),
    )
    assert done.returncode == 0, done.stderr
    n = json.loads(done.stdout)[0]["n"]
    assert n > 100  # 新晃's tasks, sub-items and table rows


# -- checking ------------------------------------------------------------------------------


def test_check_passes_the_built_in_catalog_and_catches_each_problem(tmp_path, build_dir):
    write_question(
        tmp_path, "undeclared", TASKS_RQ.replace("$county", "$place"), None, COUNTY_PARAM
    )
    write_question(tmp_path, "writes", None, "MATCH (t:Task) SET t.x = 1 RETURN count(t) AS n\n")
    write_question(tmp_path, "sparql-update", "INSERT DATA { <urn:a> <urn:b> <urn:c> }\n", None)
    write_question(tmp_path, "broken", "SELECT ?x WHERE { ?x \n", None)
    write_question(tmp_path, "fine", TASKS_RQ, TASKS_CYPHER, COUNTY_PARAM)
    done = graphbuild(
        "ask",
        "--check",
        "--queries",
        str(tmp_path),
        "--build",
        str(build_dir),
        env={"NEO4J_URI": "bolt://127.0.0.1:1"},  # no Neo4j: the Cypher is checked as text
    )
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert len(lines) == 4, lines
    by_id = {line.split(":", 1)[0]: line for line in lines}
    assert set(by_id) == {"undeclared", "writes", "sparql-update", "broken"}
    assert "$place" in by_id["undeclared"] and "not a declared parameter" in by_id["undeclared"]
    assert "writes (SET)" in by_id["writes"]
    assert "update" in by_id["sparql-update"]
    assert "fails on embedded" in by_id["broken"]
    assert "not run" in done.stderr  # says that Neo4j was not at hand


def test_check_functions_answer_without_a_backend():
    q = get_question("top-lead-units", QUERIES_DIR)
    assert check_question(q, {}, SEEDS) == []


# -- saving and exporting ------------------------------------------------------------------


def test_saving_declares_each_parameter_with_the_type_of_its_value(tmp_path):
    query = (
        "MATCH (a:Agency {county: $county})-[:LEADS]->(t:Task)-[:IN_BATTLE]->(:Battle {id: $b})"
        " // $not_a_parameter\nRETURN a.canonical AS unit, count(t) AS n LIMIT $top"
    )
    assert cypher_parameters(query) == ["county", "b", "top"]
    folder = save_cypher(
        tmp_path,
        "leads",
        query,
        "牵头",
        "Leads",
        {"county": SD, "b": "risk", "top": 5},
        vocabulary=SEEDS,
    )
    q = load_catalog(user=tmp_path)
    q = {x.id: x for x in q}["leads"]
    assert q.origin == "user" and q.backends == ("neo4j",) and q.folder == folder
    assert [(p.name, p.type, p.default) for p in q.params] == [
        ("county", "county", SD),
        ("b", "battle", "risk"),
        ("top", "int", 5),
    ]
    with pytest.raises(CatalogError, match=r"\$top"):
        save_cypher(tmp_path, "other", query, "牵头", "Leads", {"county": SD, "b": "risk"})
    with pytest.raises(CatalogError, match="already exists"):
        save_cypher(tmp_path, "leads", query, "牵头", "Leads", {"county": SD, "b": 1, "top": 5})
    with pytest.raises(CatalogError, match="lower-case"):
        save_cypher(tmp_path, "My Query", "RETURN 1", "a", "b")


def test_export_cypher_writes_param_lines_comments_and_phrases(tmp_path, build_dir):
    out = tmp_path / "catalog.cypher"
    done = graphbuild("ask", "--export-cypher", str(out), "--build", str(build_dir))
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    catalog = load_catalog(QUERIES_DIR)
    ends = [x for x in text.splitlines() if x.endswith(";") and not x.startswith(":param")]
    assert len(ends) == len(catalog)  # one statement per question
    block = text.split("// top-lead-units: ", 1)[1].split("\n\n", 1)[0]
    assert block.startswith("牵头任务最多的单位 / Units that lead the most tasks")
    assert ":param county => 'all';" in block and ":param top_n => 10;" in block
    assert "allowed: all, growth, innovation" in block and f"{SD}, {XH}" in block
    assert block.rstrip().endswith(";")
    phrases = json.loads(out.with_suffix(".search-phrases.json").read_text(encoding="utf-8"))
    assert len(phrases["searchPhrases"]) == len(catalog)
    assert cypher_script([], None).startswith("//")


# -- on Neo4j ------------------------------------------------------------------------------

SAVED = (
    "MATCH (a:Agency {county: $county})-[:LEADS]->(t:Task) "
    "RETURN a.canonical AS unit, count(DISTINCT t) AS n ORDER BY n DESC, unit LIMIT $top"
)


@pytest.mark.neo4j
def test_save_list_and_run_a_cypher_question(tmp_path, loaded, neo4j_settings, corpus, build_dir):
    from collections import Counter

    from tests.neo4j_graph import cli_env

    env = cli_env(neo4j_settings, GRAPHBUILD_BACKEND="", GRAPHBUILD_QUERIES=str(tmp_path))
    done = graphbuild(
        "cypher",
        SAVED,
        "--param",
        f"county={SD}",
        "--param",
        "top=3",
        "--save",
        "lead-counts",
        "--title-zh",
        "牵头任务数",
        "--title-en",
        "Tasks led",
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "saved question lead-counts" in done.stderr
    q = {x.id: x for x in load_catalog(user=tmp_path)}["lead-counts"]
    assert [(p.name, p.type, p.default) for p in q.params] == [
        ("county", "county", SD),
        ("top", "int", 3),
    ]
    listed = graphbuild("ask", "--list", "--format", "json", env=env)
    mine = [x for x in json.loads(listed.stdout) if x["id"] == "lead-counts"]
    assert mine and mine[0]["origin"] == "user" and mine[0]["backends"] == ["neo4j"]

    done = graphbuild(
        "ask",
        "lead-counts",
        "--param",
        "county=Xinhuang",
        "--param",
        "top=2",
        "--format",
        "json",
        env=env,
    )
    assert done.returncode == 0, done.stderr
    leads: Counter[str] = Counter()
    for task in corpus.tasks:
        if task.county == XH:
            leads.update({u.canonical for u in task.units if u.role == "lead"})
    expected = sorted(leads.items(), key=lambda kv: (-kv[1], kv[0]))[:2]
    assert [(r["unit"], r["n"]) for r in json.loads(done.stdout)] == expected

    done = graphbuild("ask", "--check", "--build", str(build_dir), env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ran on embedded, neo4j" in done.stderr


@pytest.mark.neo4j
def test_a_saved_question_that_writes_is_refused_at_check_and_at_run_time(
    tmp_path, loaded, neo4j_settings, neo4j_conn
):
    from tests.neo4j_graph import cli_env

    write_question(
        tmp_path,
        "sneaky",
        None,
        "MATCH (t:Task {county: $county}) WITH t LIMIT 1 SET t.probe = 1 RETURN t.id AS id\n",
        COUNTY_PARAM,
    )
    env = cli_env(neo4j_settings, GRAPHBUILD_BACKEND="", GRAPHBUILD_QUERIES=str(tmp_path))
    done = graphbuild("ask", "--check", env=env)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "sneaky: query.cypher writes (SET); saved questions run read-only, so remove the write"
    ]
    done = graphbuild("ask", "sneaky", "--backend", "neo4j", env=env)
    assert done.returncode == 3
    assert done.stderr.count("\n") == 1 and "read-only" in done.stderr
    probe = neo4j_conn.read("MATCH (t:Task) WHERE t.probe IS NOT NULL RETURN count(t) AS n")
    assert probe == [{"n": 0}]


@pytest.mark.neo4j
def test_the_exported_script_runs_in_neo4j(tmp_path, loaded, neo4j_conn, build_dir):
    """Each statement of the script, with the :param values before it, runs read-only."""
    out = tmp_path / "catalog.cypher"
    assert graphbuild("ask", "--export-cypher", str(out), "--build", str(build_dir)).returncode == 0
    import re

    params: dict = {}
    statements = 0
    for chunk in out.read_text(encoding="utf-8").split(";\n"):
        code = "\n".join(x for x in chunk.splitlines() if not x.startswith("//")).strip()
        if not code:
            continue
        m = re.fullmatch(r":param (\w+) => (.*)", code)
        if m:
            params[m.group(1)] = neo4j_conn.read(f"RETURN {m.group(2)} AS v")[0]["v"]
            continue
        neo4j_conn.read(code, params)
        statements += 1
        params = {}
    assert statements == len(load_catalog(QUERIES_DIR))


def test_the_app_offers_and_answers_another_county(other_county, monkeypatch):
    from tests.test_app import open_page

    monkeypatch.setenv("GRAPHBUILD_BUILD", str(other_county))
    monkeypatch.setenv("GRAPHBUILD_BACKEND", "embedded")
    monkeypatch.delenv("NEO4J_URI", raising=False)
    at = open_page("ask", q="top-lead-units", county="青石", battle="district-1")
    assert not at.exception and not at.error, [e.value for e in at.error]
    county = at.selectbox(key="ask-top-lead-units-county")
    assert len(county.options) == 2 and county.value == "青石区"  # "all" and 青石区
    battle = at.selectbox(key="ask-top-lead-units-battle")
    assert battle.value == "district-1"
    assert len(battle.options) == 3  # all, district-1, district-2
    shown = at.dataframe[0].value
    assert len(shown) == 2  # 区发改局 (1.) and 区财政局 (2.) lead the tasks under 一、
