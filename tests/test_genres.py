"""Other genres, layouts, formats and traditional characters (fixtures in tests/fixtures/).

The expected units of every fixture were written down by reading the fixture.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_build_cli import graphbuild

FIXTURES = ROOT / "tests" / "fixtures"

DISTRICT = {
    "1.": [("区发改局", "lead"), ("青石经济开发区", "responsible"), ("各街道", "responsible")],
    "2.": [("区财政局", "lead"), ("各街道", "responsible"), ("区税务局", "responsible")],
    "3.": [
        ("区发改局", "lead"),
        ("区住建局", "responsible"),
        ("区自然资源局", "responsible"),
        ("各街道", "responsible"),
    ],
    "4.": [("区住建局", "lead"), ("区发改局", "cooperate"), ("区财政局", "cooperate")],
}


def build(tmp_path: Path, *files: Path, extra: tuple[str, ...] = ()) -> tuple[Path, object]:
    """Build a folder holding ``files``; return the output folder and the process."""
    src = tmp_path / "in"
    src.mkdir(exist_ok=True)
    for f in files:
        shutil.copy(f, src / f.name)
    out = tmp_path / "out"
    return out, graphbuild("build", "--input", str(src), "--out", str(out), "-q", *extra)


def tasks_of(out: Path) -> list[dict]:
    return [json.loads(x) for x in (out / "tasks.jsonl").read_text(encoding="utf-8").splitlines()]


def by_label(out: Path) -> dict[str, list[tuple[str, str]]]:
    return {t["label"]: [(u["name"], u["role"]) for u in t["units"]] for t in tasks_of(out)}


def test_district_plan_with_responsibility_on_lines_of_their_own(tmp_path: Path):
    out, result = build(tmp_path, FIXTURES / "district-lines.txt")
    assert result.returncode == 0, result.stderr
    assert by_label(out) == DISTRICT
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    plan = report["plans"][0]
    assert (plan["county"], plan["issuer"], plan["number"], plan["date"]) == (
        "青石区",
        "青石区人民政府",
        "青政发〔2023〕3号",
        "2023-03-20",
    )


def test_a_document_without_battles_groups_tasks_by_its_own_sections(tmp_path: Path):
    out, result = build(tmp_path, FIXTURES / "district-lines.txt")
    assert result.returncode == 0, result.stderr  # the RDF graph (with groups) conforms
    groups = {t["label"]: t["battle"] for t in tasks_of(out)}
    assert groups == {
        "1.": "district-1",
        "2.": "district-1",
        "3.": "district-2",
        "4.": "district-2",
    }
    model = json.loads((out / "model.json").read_text(encoding="utf-8"))
    assert [(g["key"], g["label"]) for g in model["groups"]] == [
        ("district-1", "经济社会发展的主要预期目标"),
        ("district-2", "扎实推进项目建设"),
    ]
    assert "工作要求" not in " ".join(t["text"] for t in tasks_of(out))


def test_traditional_characters_kept_as_written_with_simplified_canonical(tmp_path: Path):
    out, result = build(tmp_path, FIXTURES / "report-trad.txt")
    assert result.returncode == 0, result.stderr
    units = {
        t["label"]: [(u["name"], u["canonical"], u["role"]) for u in t["units"]]
        for t in tasks_of(out)
    }
    assert units["（一）"] == [
        ("市經貿委", "市经贸委", "lead"),
        ("市發改委", "市发改委", "cooperate"),
        ("國土房管局", "国土房管局", "cooperate"),
        ("規劃局", "规划局", "cooperate"),
    ]
    assert units["（三）"] == [
        ("市民政局", "市民政局", "lead"),
        ("市財政局", "市财政局", "responsible"),
        ("各區政府", "各区政府", "responsible"),
    ]
    plan = json.loads((out / "report.json").read_text(encoding="utf-8"))["plans"][0]
    assert (plan["county"], plan["number"]) == ("新港市", "穗新辦〔2023〕8號")


def test_square_brackets_half_width_colons_and_both_labels_in_one_bracket(tmp_path: Path):
    out, result = build(tmp_path, FIXTURES / "street-brackets.txt")
    assert result.returncode == 0, result.stderr
    assert by_label(out) == {
        "1.": [("区行政审批局", "responsible"), ("区大数据中心", "responsible")],
        "2.": [("区招商服务中心", "lead"), ("老街办", "cooperate"), ("新城街道办", "cooperate")],
        "3.": [("区住建局", "lead"), ("各街道办", "cooperate")],
    }


def _docx(path: Path) -> None:
    import docx

    document = docx.Document()
    for line in (
        "东川区人民政府办公室",
        "东川政办发〔2023〕5号",
        "东川区人民政府办公室关于印发2023年重点任务责任分解方案的通知",
        "东川区人民政府办公室",
        "2023年2月10日",
        "2023年重点任务责任分解方案",
        "一、稳住经济大盘",
    ):
        document.add_paragraph(line)
    table = document.add_table(rows=3, cols=5)
    rows = [
        ("序号", "重点任务", "牵头单位", "责任单位", "完成时限"),
        ("1", "地区生产总值增长6.5%。", "区发改局", "区统计局、各街道", "12月底"),
        ("2", "新增市场主体3000户。", "区市场监管局", "区行政审批局", "12月底"),
    ]
    for r, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(r.cells, values, strict=True):
            cell.text = value
    document.save(str(path))


def test_word_file_with_a_task_table(tmp_path: Path):
    path = tmp_path / "dongchuan-2023.docx"
    _docx(path)
    out, result = build(tmp_path, path)
    assert result.returncode == 0, result.stderr
    rows = {t["label"]: [(u["name"], u["role"]) for u in t["units"]] for t in tasks_of(out)}
    assert rows == {
        "1": [("区发改局", "lead"), ("区统计局", "responsible"), ("各街道", "responsible")],
        "2": [("区市场监管局", "lead"), ("区行政审批局", "responsible")],
    }
    assert tasks_of(out)[0]["source"]["file"] == "dongchuan-2023.docx"


def test_saved_web_page_drops_navigation_and_keeps_the_plan(tmp_path: Path):
    text = (FIXTURES / "district-lines.txt").read_text(encoding="utf-8")
    body = "".join(f"<p>{line}</p>\n" for line in text.splitlines() if line.strip())
    page = (
        "<html><head><meta charset='utf-8'><title>青石区人民政府门户网站</title></head><body>"
        "<div class='nav'><a href='/'>首页</a><a href='/zw'>政务公开</a><a>政策文件</a></div>"
        "<div class='breadcrumb'>当前位置：首页 > 政务公开 > 政策文件</div>"
        f"<div class='content'>{body}</div>"
        "<div id='footer'>主办：青石区人民政府办公室 版权所有 网站标识码1234567890</div>"
        "</body></html>"
    )
    path = tmp_path / "district-page.html"
    path.write_text(page, encoding="utf-8")
    out, result = build(tmp_path, path)
    assert result.returncode == 0, result.stderr
    assert by_label(out) == DISTRICT
    assert not any("版权所有" in t["text"] or "首页" in t["text"] for t in tasks_of(out))


def _pdf(path: Path, lines: list[str]) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    y = 800
    for line in lines:
        if y < 60:
            c.showPage()
            y = 800
        c.setFont("STSong-Light", 11)
        c.drawString(40, y, line)
        y -= 18
    c.showPage()
    c.save()


def test_pdf_with_a_text_layer(tmp_path: Path):
    lines = [x for x in (FIXTURES / "district-lines.txt").read_text("utf-8").splitlines() if x]
    path = tmp_path / "district-print.pdf"
    _pdf(path, lines)
    out, result = build(tmp_path, path)
    assert result.returncode == 0, result.stderr
    assert by_label(out) == DISTRICT


def test_scanned_pdf_without_text_is_reported_as_such(tmp_path: Path):
    from PIL import Image

    path = tmp_path / "scan.pdf"
    Image.new("RGB", (600, 800), "white").save(path)
    _out, result = build(tmp_path, path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: scan.pdf: a scanned PDF without a text layer; run OCR on it first "
        "(for example ocrmypdf -l chi_sim) and retry"
    )


def test_metadata_from_sidecar_or_options_when_the_document_lacks_it(tmp_path: Path):
    text = (FIXTURES / "district-lines.txt").read_text(encoding="utf-8")
    body = text[text.rindex("青石区政府2023年重点工作") :]  # header cut off
    src = tmp_path / "in"
    src.mkdir()
    (src / "a-plan.txt").write_text(body, encoding="utf-8")
    (src / "b-plan.txt").write_text(body.replace("青石", "白沙"), encoding="utf-8")
    (src / "a-plan.meta.toml").write_text('county = "青石区"\ndate = "2023-03-20"\n', "utf-8")
    out = tmp_path / "out"
    result = graphbuild(
        "build",
        "--input",
        str(src),
        "--out",
        str(out),
        "-q",
        "--county",
        "白沙区",
        "--issuer",
        "白沙区人民政府",
    )
    assert result.returncode == 0, result.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    got = {p["file"]: (p["county"], p["metadata_from"]["county"]) for p in report["plans"]}
    assert got == {"a-plan.txt": ("青石区", "sidecar"), "b-plan.txt": ("白沙区", "option")}


def test_plan_without_county_anywhere_says_how_to_give_it(tmp_path: Path):
    text = (FIXTURES / "district-lines.txt").read_text(encoding="utf-8")
    src = tmp_path / "in"
    src.mkdir()
    (src / "x.txt").write_text(text[text.rindex("青石区政府2023年重点工作") :], encoding="utf-8")
    result = graphbuild("build", "--input", str(src), "--out", str(tmp_path / "o"))
    assert result.returncode == 2
    assert "pass --county and --issuer or add x.meta.toml" in result.stderr


def test_leaf_headings_with_a_responsibility_line_are_tasks_and_marked_leads_lead(
    tmp_path: Path,
):
    # （一）地区生产总值增长7%以上 + 责任单位: on the next line, no children, no 。: a task;
    # 责任单位:区发展和改革局(牵头)、… names its lead inside the list of responsible units.
    out, result = build(tmp_path, FIXTURES / "targets-lines.txt")
    assert result.returncode == 0, result.stderr
    got = {t["id"]: [(u["name"], u["role"]) for u in t["units"]] for t in tasks_of(out)}
    assert got == {
        "targets/plan/1.1": [("区发展和改革局", "responsible")],
        "targets/plan/1.2": [("区科技和经信局", "responsible")],
        "targets/plan/1.3": [
            ("区发展和改革局", "responsible"),
            ("区住房和城乡建设局", "responsible"),
        ],
        "targets/plan/2.1.1": [("区发展和改革局", "lead"), ("区自然资源和规划局", "responsible")],
        "targets/plan/2.1.2": [("区住房和城乡建设局", "responsible")],
        "targets/plan/2.2.3": [
            ("区行政审批局", "lead"),
            ("区市场监管局", "responsible"),
            ("区税务局", "responsible"),
        ],
        "targets/plan/2.2.4": [("区税务局", "responsible"), ("区财政局", "responsible")],
    }


@pytest.mark.parametrize(
    "name",
    [
        "district-lines.txt",
        "report-trad.txt",
        "street-brackets.txt",
        "targets-lines.txt",
    ],
)
def test_fixture_sources_point_at_the_names(name: str, tmp_path: Path):
    out, result = build(tmp_path, FIXTURES / name)
    assert result.returncode == 0
    raw = (FIXTURES / name).read_text(encoding="utf-8")
    for task in tasks_of(out):
        for unit in task["units"]:
            s = unit["source"]
            assert raw[s["start"] : s["end"]] == unit["name"]


def test_pdf_with_a_ruled_task_table(tmp_path: Path):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=10, leading=14)
    head = [
        "东川区人民政府办公室",
        "东川政办发〔2023〕5号",
        "2023年2月10日",
        "2023年重点任务责任分解方案",
        "一、稳住经济大盘",
    ]
    rows = [
        ["序号", "重点任务", "牵头单位", "责任单位"],
        ["1", "地区生产总值增长6.5%。", "区发改局", "区统计局、各街道"],
        ["2", "新增市场主体3000户。", "区市场监管局", "区行政审批局"],
    ]
    table = Table([[Paragraph(c, style) for c in r] for r in rows])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    path = tmp_path / "dongchuan-table.pdf"
    story = [Paragraph(x, style) for x in head]
    SimpleDocTemplate(str(path), pagesize=A4).build([*story, table])
    out, result = build(tmp_path, path)
    assert result.returncode == 0, result.stderr
    got = {t["label"]: [(u["name"], u["role"]) for u in t["units"]] for t in tasks_of(out)}
    assert got == {
        "1": [("区发改局", "lead"), ("区统计局", "responsible"), ("各街道", "responsible")],
        "2": [("区市场监管局", "lead"), ("区行政审批局", "responsible")],
    }
