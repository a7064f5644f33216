"""The app in a real browser: `graphbuild app` on a free port, headless Chromium (Debian's).

Opens every page, checks that no exception is shown, asks one question through the
free-text box and opens one agency, and saves a screenshot of each step to
tests/artifacts/ (git-ignored). Needs /usr/bin/chromium (``./run test`` installs it).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.app_timing import CHROMIUM, browser, start_app, stop_app, wait_settled
from tests.neo4j_fixtures import free_port, unavailable
from tests.utils import ROOT

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "tests" / "artifacts"
PAGES = ["overview", "ask", "compare", "agency", "task", "governance", "explorer", "documents"]


@pytest.fixture(scope="module")
def app_url(build_dir: Path) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        unavailable(f"{CHROMIUM} is missing; run `apt-get install chromium` or ./run test")
    env = {"GRAPHBUILD_BACKEND": "embedded", "NEO4J_URI": ""}
    port = free_port()
    proc = start_app(build_dir, port, env)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_app(proc)


@pytest.fixture(scope="module")
def page(app_url: str):
    pytest.importorskip("playwright.sync_api")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with browser() as ctx:
        yield ctx.new_page()


def assert_clean(page) -> None:
    """No exception box, no traceback text, no error box."""
    assert page.locator('[data-testid="stException"]').count() == 0
    body = page.inner_text("body")
    assert "Traceback" not in body
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0, body[:2000]


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"app-{name}.png"))


@pytest.mark.parametrize("name", PAGES)
def test_page_renders(page, app_url: str, name: str) -> None:
    page.goto(f"{app_url}/{'' if name == 'overview' else name}")
    wait_settled(page)
    assert_clean(page)
    assert "embedded" in page.locator('[data-testid="stSidebar"]').inner_text()
    shot(page, name)
    if name == "explorer":  # the graph component (bundled vis.js, no CDN) drew a canvas
        frame = page.frame_locator('iframe[title="streamlit_agraph.agraph"]')
        frame.locator("canvas").first.wait_for(timeout=30_000)
    if name == "governance":
        frame = page.frame_locator('[data-testid="stIFrame"], iframe').first
        assert frame.locator("svg").first.is_visible()


def test_ask_a_question_in_own_words(page, app_url: str, build_dir: Path) -> None:
    page.goto(f"{app_url}/ask")
    wait_settled(page)
    page.get_by_label("用自己的话提问").fill("哪个单位牵头的任务最多")
    page.get_by_role("button", name="提问").click()
    page.wait_for_selector("text=已选择问题", timeout=60_000)
    wait_settled(page)
    assert_clean(page)
    assert "牵头任务最多的单位" in page.inner_text('[data-testid="stMain"]')
    cells = page.locator('[data-testid="stDataFrame"] [role="gridcell"]')
    cells.first.wait_for(state="attached", timeout=30_000)
    top = cells.first.text_content().strip()
    from graphbuild.query.backends import get_backend
    from graphbuild.query.catalog import coerce_params, get_question

    q = get_question("top-lead-units")
    expected = get_backend("embedded", build_dir=build_dir).ask(q, coerce_params(q, {}))
    # asked without a county: one table per county, Shaodong's first
    assert top == next(r["agency"] for r in expected if r["county"] == "邵东市")
    shot(page, "ask-free-text")
    page.get_by_text("显示生成该答案的查询").click()
    page.wait_for_selector("text=SELECT", timeout=15_000)
    shot(page, "ask-query")


def test_open_an_agency(page, app_url: str) -> None:
    page.goto(f"{app_url}/agency")
    wait_settled(page)
    page.get_by_label("搜索单位").fill("应急管理")
    page.get_by_label("搜索单位").press("Enter")
    wait_settled(page)
    header = page.locator('[data-testid="stMain"] h2').first.inner_text()
    assert "应急管理局" in header
    assert_clean(page)
    shot(page, "agency-search")
    # follow the counterpart in the other county
    link = page.locator('[data-testid="stPageLink"] a', has_text="应急管理局").first
    other = link.inner_text().split(" · ")[0].strip()
    link.click()
    page.wait_for_function(
        "(name) => { const h = document.querySelector('[data-testid=\"stMain\"] h2');"
        " return h && h.innerText.includes(name); }",
        arg=other,
        timeout=60_000,
    )
    wait_settled(page)
    assert_clean(page)
    assert other != header.strip()
    shot(page, "agency-counterpart")


def test_language_switch(page, app_url: str) -> None:
    page.goto(f"{app_url}/?lang=en")
    wait_settled(page)
    assert "The two counties at a glance" in page.inner_text('[data-testid="stMain"]')
    assert_clean(page)
    shot(page, "overview-en")


def chart_frame(page):
    """The frame that holds the governance chart."""
    page.frame_locator("iframe").first.locator("svg").first.wait_for(timeout=30_000)
    return next(f for f in page.frames if f != page.main_frame and f.locator("svg").count())


def text_outside_boxes(frame) -> list[str]:
    """Lines of the chart that run outside their box, as the browser lays the text out."""
    return frame.evaluate(
        """() => [...document.querySelectorAll('svg g.node')].flatMap(g => {
             const r = g.querySelector('rect').getBBox();
             return [...g.querySelectorAll('text')].filter(t => {
               const b = t.getBBox();
               return b.x < r.x - 1 || b.x + b.width > r.x + r.width + 1;
             }).map(t => t.textContent);
           })"""
    )


def test_presentation_mode(page, app_url: str) -> None:
    page.goto(f"{app_url}/governance?county=新晃侗族自治县&present=1&lang=en")
    wait_settled(page)
    assert_clean(page)
    assert not page.locator('[data-testid="stSidebar"]').is_visible()  # the page is the chart's
    frame = chart_frame(page)
    sizes = frame.evaluate(
        "() => [...document.querySelectorAll('svg text')].map(t => +t.getAttribute('font-size'))"
    )
    assert min(sizes) >= 20
    assert not text_outside_boxes(frame)
    assert "Presentation mode" in page.inner_text('[data-testid="stMain"]')
    shot(page, "governance-presentation")


def test_unknown_task_parameter(page, app_url: str) -> None:
    page.goto(f"{app_url}/task?task=xinhuang/risk/9.9.9&lang=en")
    wait_settled(page)
    assert_clean(page)
    warning = page.locator('[data-testid="stAlertContentWarning"]').first
    warning.wait_for(timeout=30_000)
    assert "xinhuang/risk/9.9.9" in warning.inner_text()
    assert "lang=en" in page.url  # the language stays in the URL
    shot(page, "task-unknown")


@pytest.mark.parametrize("county", ["邵东市", "新晃侗族自治县"])
def test_english_chart_titles_are_not_cut(page, app_url: str, county: str) -> None:
    page.goto(f"{app_url}/governance?county={county}&lang=en")
    wait_settled(page)
    assert_clean(page)
    assert not text_outside_boxes(chart_frame(page))
