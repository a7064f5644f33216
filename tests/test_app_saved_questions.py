"""The app's Cypher console saves a query as a question, and the Ask page shows and answers it
(real Neo4j, real browser: `graphbuild app` on the Neo4j backend, headless Chromium)."""
# ruff: noqa: F811  (pytest fixtures are imported by name and requested as arguments)

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.app_timing import CHROMIUM, browser, start_app, stop_app, wait_settled
from graphbuild.query.catalog import load_catalog
from tests.neo4j_fixtures import free_port, neo4j_settings, unavailable  # noqa: F401
from tests.neo4j_graph import loaded, neo4j_conn  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.neo4j]

QUERY = (
    "MATCH (a:Agency {county: $county})-[:LEADS]->(t:Task)\n"
    "RETURN a.canonical AS unit, count(DISTINCT t) AS n ORDER BY n DESC, unit LIMIT 5"
)


@pytest.fixture(scope="module")
def saved_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("my-questions")


@pytest.fixture(scope="module")
def app_url(build_dir: Path, loaded, neo4j_settings, saved_dir: Path) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        unavailable(f"{CHROMIUM} is missing; run `apt-get install chromium` or ./run test")
    env = {
        "GRAPHBUILD_BACKEND": "neo4j",
        "GRAPHBUILD_QUERIES": str(saved_dir),
        "NEO4J_URI": neo4j_settings["uri"],
        "NEO4J_USER": neo4j_settings["user"],
        "NEO4J_PASSWORD": neo4j_settings["password"] or "",
        "NEO4J_DATABASE": neo4j_settings["database"],
    }
    port = free_port()
    proc = start_app(build_dir, port, env)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_app(proc)


def test_save_a_console_query_and_ask_it_on_the_ask_page(
    app_url: str, saved_dir: Path, neo4j_conn
) -> None:
    pytest.importorskip("playwright.sync_api")
    with browser() as ctx:
        page = ctx.new_page()
        page.goto(f"{app_url}/cypher")
        wait_settled(page)
        page.get_by_label("查询", exact=True).fill(QUERY)
        page.get_by_label("参数（JSON）", exact=True).fill('{"county": "邵东市"}')
        page.get_by_label("参数（JSON）", exact=True).press("Enter")
        wait_settled(page)
        page.get_by_text("保存为问题").click()
        page.get_by_label("问题 ID（小写字母、数字、连字符）").fill("my-leads")
        page.get_by_label("中文标题").fill("我保存的牵头统计")
        page.get_by_label("英文标题").fill("My lead counts")
        page.get_by_role("button", name="保存", exact=True).click()
        page.wait_for_selector("text=已保存到", timeout=60_000)
        wait_settled(page)

        mine = {q.id: q for q in load_catalog(user=saved_dir)}["my-leads"]
        assert mine.cypher.strip() == QUERY
        assert [(p.name, p.type, p.default) for p in mine.params] == [
            ("county", "county", "邵东市")
        ]

        page.goto(f"{app_url}/ask?q=my-leads&county=新晃侗族自治县")
        wait_settled(page)
        chosen = page.get_by_role("combobox", name="目录中的问题").input_value()
        assert "我的问题 · 我保存的牵头统计" in chosen  # the saved question, marked as yours
        cells = page.locator('[data-testid="stDataFrame"] [role="gridcell"]')
        cells.first.wait_for(state="attached", timeout=60_000)
        expected = neo4j_conn.read(QUERY, {"county": "新晃侗族自治县"})
        assert cells.first.text_content().strip() == expected[0]["unit"]
        assert page.locator('[data-testid="stException"]').count() == 0
        page.screenshot(path=str(Path(__file__).parent / "artifacts" / "app-saved-question.png"))
