"""The Task page's editor in a real browser: edit a unit, save, the plan is rebuilt and the
page shows the corrected unit with its mark (headless Chromium, `graphbuild app` on a build
of a plan in a temporary folder, so nothing of the repository is written)."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.app_timing import CHROMIUM, browser, start_app, stop_app, wait_settled
from graphbuild.cli.main import main
from tests.neo4j_fixtures import free_port, unavailable
from tests.test_corrections import PLAN

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def local_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("correct-app")
    plans, build = root / "plans", root / "build"
    plans.mkdir()
    (plans / "nanhu-2024.txt").write_text(PLAN, encoding="utf-8")
    assert main(["build", "-q", "--input", str(plans), "--out", str(build)]) == 0
    return plans, build


@pytest.fixture(scope="module")
def app_url(local_build: tuple[Path, Path]) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        unavailable(f"{CHROMIUM} is missing; run `apt-get install chromium` or ./run test")
    plans, build = local_build
    env = {"GRAPHBUILD_BACKEND": "embedded", "NEO4J_URI": "", "GRAPHBUILD_INPUT": str(plans)}
    port = free_port()
    proc = start_app(build, port, env)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_app(proc)


def _units_grid(page):
    """The editor's grid (the second data frame of the Task page, after the units table)."""
    return page.locator('[data-testid="stDataFrame"]').nth(1)


def test_edit_save_rebuild_shows_the_corrected_unit(app_url, local_build, tmp_path: Path):
    pytest.importorskip("playwright.sync_api")
    plans, build = local_build
    with browser() as ctx:
        page = ctx.new_page()
        page.set_viewport_size({"width": 1400, "height": 1800})
        page.goto(f"{app_url}/task?task=nanhu/plan/1.1")
        wait_settled(page)
        assert "区统计局" in page.inner_text("body")
        # second row of the editor (区统计局): the grid draws 35-pixel rows under its header
        box = _units_grid(page).bounding_box()
        page.mouse.dblclick(box["x"] + 200, box["y"] + 35 + 35 + 17)
        editor = page.locator("#portal textarea, #portal input").first
        editor.wait_for(timeout=10_000)
        editor.fill("区审计局")
        page.keyboard.press("Enter")
        time.sleep(0.5)
        page.get_by_label("更正人").fill("李研究员")
        page.get_by_label("理由").fill("统计局只提供数据")
        page.get_by_role("button", name="保存更正并重新构建").click()
        page.wait_for_selector("text=已写入 2 条更正并重新构建", timeout=120_000)
        wait_settled(page)
        body = page.inner_text("body")
        assert page.locator('[data-testid="stException"]').count() == 0
        page.screenshot(path=str(tmp_path / "task-corrected.png"), full_page=True)
    # the page: the removed unit is gone, the added one is there with its mark
    assert "区审计局 (负责) ✎ 已更正 · 李研究员 · 统计局只提供数据" in body, body
    assert "区统计局 (负责)" not in body
    assert "✎ 已更正 · 李研究员 · removed 区统计局" in body  # the task's own mark
    # the file beside the plan, with who and why
    rows = list(csv.DictReader(io.StringIO((plans / "nanhu-2024.corrections.csv").read_text())))
    assert {(r["unit"], r["action"], r["by"], r["note"]) for r in rows} == {
        ("区审计局", "add", "李研究员", "统计局只提供数据"),
        ("区统计局", "remove", "李研究员", "统计局只提供数据"),
    }
    # the rebuilt build: exactly that change, marked corrected
    tasks = {
        t["id"]: t
        for t in map(json.loads, (build / "tasks.jsonl").read_text(encoding="utf-8").splitlines())
    }
    units = {u["name"]: u for u in tasks["nanhu/plan/1.1"]["units"]}
    assert set(units) == {"区发改局", "区财政局", "区审计局"}
    assert units["区审计局"]["corrected"] is True and units["区审计局"]["by"] == "李研究员"
    assert "corrected" not in units["区发改局"]
