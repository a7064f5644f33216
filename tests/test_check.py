"""``graphbuild check``: the self-assessment per document, in the CLI and in report.json."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from graphbuild.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
FIXTURES = ROOT / "tests" / "fixtures"


def _check(capsys, *args: str) -> tuple[int, list[dict]]:
    code = main(["check", "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


def test_the_seed_plans_are_ok(capsys):
    code, results = _check(capsys, "--input", str(RAW))
    assert code == 0
    assert [r["verdict"] for r in results] == ["ok", "ok"]
    shaodong = results[0]
    # 170 numbered items and the 28 rows of the 2023 key-project table (附件 2, 序号 1-28)
    assert (shaodong["items"], shaodong["rows"]) == (170, 28)
    assert shaodong["metadata"]["county"] == {"value": "邵东市", "from": "document"}
    assert shaodong["metadata"]["number"]["value"] == "邵东政办函〔2023〕9号"
    assert 0.5 < shaodong["share_with_lead"] <= shaodong["share_with_unit"] <= 1


def test_a_table_the_reader_cannot_read_fails_and_says_what_was_found(capsys):
    # the table's cells are aligned with spaces, as a PDF copy without tabs gives them
    code, [result] = _check(capsys, str(FIXTURES / "table-spaces.txt"))
    assert code == 1
    assert result["verdict"] == "failed"
    found = [r for r in result["reasons"] if "a header with 责任单位 but no rows read" in r]
    assert found and "4 numbered lines below it" in found[0]
    [doubt] = [d for d in result["doubts"] if d["kind"] == "table"]
    text = (FIXTURES / "table-spaces.txt").read_text(encoding="utf-8")
    assert text[doubt["start"] : doubt["end"]].split() == [
        "序号",
        "重点工作任务",
        "责任单位",
        "完成时限",
    ]


def test_the_table_output_names_the_verdict_and_reasons(capsys):
    code = main(["check", str(FIXTURES / "table-spaces.txt"), str(FIXTURES / "district-lines.txt")])
    out = capsys.readouterr().out
    assert code == 1
    assert "table-spaces.txt: failed" in out and "district-lines.txt: ok" in out
    assert "reason: a header with 责任单位 but no rows read" in out


PLAN = """\
东岭县人民政府办公室

东岭县2024年重点工作任务分工方案

一、重点任务

1.推进高标准农田建设。（牵头单位：县农业农村局）

2.加快老旧小区改造。（牵头单位：县住房和城乡建设局）

二、保障措施

各单位要加强协调（县发展和改革局、县财政局、县审计局），形成合力。
"""


def test_responsibility_text_attached_to_no_task_asks_for_review(capsys, tmp_path: Path):
    plan = tmp_path / "dongling-2024.txt"
    plan.write_text(PLAN, encoding="utf-8")
    code, [result] = _check(capsys, str(plan))
    assert code == 1
    assert result["verdict"] == "review"
    assert "1 responsibility text attached to no task" in result["reasons"]
    [doubt] = [d for d in result["doubts"] if d["kind"] == "orphan"]
    assert PLAN[doubt["start"] : doubt["end"]] == "（县发展和改革局、县财政局、县审计局）"


def test_a_missing_file_is_a_usage_error(capsys, tmp_path: Path):
    assert main(["check", str(tmp_path / "nope.txt")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_report_json_holds_the_same_assessment(build_dir: Path):
    report = json.loads((build_dir / "report.json").read_text(encoding="utf-8"))
    verdicts = {a["file"]: a["verdict"] for a in report["assessment"]}
    assert verdicts == {
        "shaodong-2023-six-battles.txt": "ok",
        "xinhuang-2023-six-battles.txt": "ok",
    }


@pytest.fixture
def district(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(FIXTURES / "district-lines.txt", folder)
    return folder


def test_stats_counts_a_plan_grouped_by_its_own_sections(capsys, district: Path, tmp_path: Path):
    out = tmp_path / "build"
    assert main(["build", "-q", "--no-validate", "--input", str(district), "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["stats", "--build", str(out), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    # district-lines.txt: 一、 holds items 1 and 2, 二、 items 3 and 4 (read from the fixture)
    assert [(r["battle"], r["tasks"]) for r in rows] == [("district-1", 2), ("district-2", 2)]


def test_the_overview_counts_a_plan_grouped_by_its_own_sections(
    district: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from tests.test_app import open_page

    out = tmp_path / "build"
    assert main(["build", "-q", "--no-validate", "--input", str(district), "--out", str(out)]) == 0
    monkeypatch.setenv("GRAPHBUILD_BUILD", str(out))
    monkeypatch.setenv("GRAPHBUILD_INPUT", str(district))
    monkeypatch.setenv("GRAPHBUILD_BACKEND", "embedded")
    monkeypatch.delenv("NEO4J_URI", raising=False)
    at = open_page("overview")
    assert not at.exception, [e.message for e in at.exception]
    [table] = [d.value for d in at.dataframe if "Σ" in list(d.value.iloc[:, 0])]
    counts = dict(zip(table.iloc[:, 0], table.iloc[:, 1], strict=True))
    # the two top-level sections that hold items (1, 2 and 3, 4 of district-lines.txt)
    assert counts == {"经济社会发展的主要预期目标": 2, "扎实推进项目建设": 2, "Σ": 4}


def test_a_unit_name_that_fails_the_guard_asks_for_review(genre):
    from graphbuild.analyse.assess import assess, name_problem
    from graphbuild.model import Source, Task, UnitRef

    assert name_problem("县委宣传部", genre) is None
    assert name_problem("县发改局牵头，县财政局配合", genre) == "has sentence punctuation"
    src = Source("x.txt", 0, 10)
    unit = UnitRef(
        "县发改局牵头，县财政局配合", "县发改局牵头，县财政局配合", "lead", False, False, src
    )
    task = Task("x/plan/1", "某县", "x", None, None, None, None, "task", [], "1.", "", "", src)
    task.units.append(unit)
    result = assess("x.txt", "", parsed=None, plan=None, tasks=[task], sections=[], genre=genre)
    assert result["verdict"] == "review"
    [doubt] = result["doubts"]
    assert doubt["kind"] == "name" and doubt["text"].startswith("县发改局牵头，县财政局配合")


def test_a_table_header_the_reader_does_not_know_asks_for_review(capsys, tmp_path: Path):
    # a tab-separated task table whose 具体措施 column no rule reads (完成时限 is known and
    # left aside on purpose)
    text = (
        "东岭县人民政府办公室\n\n东岭县2024年重点项目任务分工表\n\n"
        "序号\t重点任务\t具体措施\t牵头单位\t完成时限\n"
        "1\t推进高标准农田建设\t新建两万亩\t县农业农村局\t2024年12月\n"
        "2\t加快老旧小区改造\t改造十个小区\t县住房和城乡建设局\t2024年11月\n"
    )
    plan = tmp_path / "dongling-2024.txt"
    plan.write_text(text, encoding="utf-8")
    code, [result] = _check(capsys, str(plan))
    assert (code, result["verdict"], result["rows"]) == (1, "review", 2)
    assert result["reasons"] == ["1 table headers the reader does not know"]
    [doubt] = result["doubts"]
    assert text[doubt["start"] : doubt["end"]] == "具体措施"
