"""Other genres, layouts, formats and traditional characters (fixtures in tests/fixtures/).

The expected units of every fixture were written down by reading the fixture.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.utils import (
    FIXTURES,
    build,
    build_lines,
    by_id,
    by_label,
    graphbuild,
    plan_of,
    tasks_of,
)

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


def _word(lines: tuple[str, ...] | list[str]):
    """A Word document whose paragraphs are ``lines``."""
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    return document


def _word_table(document, rows: list[tuple[str, ...]]):
    """Add a table holding ``rows`` (the texts of its cells) to a Word document."""
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in zip(table.rows, rows, strict=True):
        for c, value in zip(r.cells, values, strict=True):
            c.text = value
    return table


def _docx(path: Path) -> None:
    document = _word(
        (
            "东川区人民政府办公室",
            "东川政办发〔2023〕5号",
            "东川区人民政府办公室关于印发2023年重点任务责任分解方案的通知",
            "东川区人民政府办公室",
            "2023年2月10日",
            "2023年重点任务责任分解方案",
            "一、稳住经济大盘",
        )
    )
    rows = [
        ("序号", "重点任务", "牵头单位", "责任单位", "完成时限"),
        ("1", "地区生产总值增长6.5%。", "区发改局", "区统计局、各街道", "12月底"),
        ("2", "新增市场主体3000户。", "区市场监管局", "区行政审批局", "12月底"),
    ]
    _word_table(document, rows)
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


# A task list whose first column is a category merged over its rows and whose unit cell is
# shared by two tasks (our wording; merged category and unit cells are how many district
# 重点任务清单 tables are laid out).
MERGED_HEAD = ["东川区人民政府办公室", "2023年重点任务清单"]
MERGED_ROWS = [
    ("类别", "序号", "重点任务", "牵头单位", "责任单位"),
    ("稳增长", "1", "工业投资增长10%。", "区工信局", "区发改局"),
    ("稳增长", "2", "新增规模以上工业企业8家。", "区工信局", "各街道"),
    ("惠民生", "3", "新增城镇就业2000人。", "区人社局", "各街道"),
    ("惠民生", "4", "新建养老服务站5个。", "区民政局", "各街道"),
]
MERGED_UNITS = {
    "1": [("区工信局", "lead"), ("区发改局", "responsible")],
    "2": [("区工信局", "lead"), ("各街道", "responsible")],
    "3": [("区人社局", "lead"), ("各街道", "responsible")],
    "4": [("区民政局", "lead"), ("各街道", "responsible")],
}


def _sections_of_rows(out: Path) -> dict[str, str]:
    titles = {}
    for line in (out / "sections.jsonl").read_text(encoding="utf-8").splitlines():
        s = json.loads(line)
        titles[s["id"]] = s["title"]
    return {t["label"]: titles.get(t["section"], "") for t in tasks_of(out)}


def test_web_page_table_with_cells_merged_over_rows(tmp_path: Path):
    cell = "<td rowspan='2'>{}</td>"
    rows = [
        "<tr>" + "".join(f"<th>{c}</th>" for c in MERGED_ROWS[0]) + "</tr>",
        "<tr>"
        + cell.format("稳增长")
        + "<td>1</td><td>工业投资增长10%。</td>"
        + cell.format("区工信局")
        + "<td>区发改局</td></tr>",
        "<tr><td>2</td><td>新增规模以上工业企业8家。</td><td>各街道</td></tr>",
        "<tr>" + cell.format("惠民生") + "<td>3</td><td>新增城镇就业2000人。</td>"
        "<td>区人社局</td>" + cell.format("各街道") + "</tr>",
        "<tr><td>4</td><td>新建养老服务站5个。</td><td>区民政局</td></tr>",
    ]
    page = (
        "<html><head><meta charset='utf-8'></head><body><div class='nav'><a>首页</a></div>"
        + "".join(f"<p>{x}</p>" for x in MERGED_HEAD)
        + f"<table>{''.join(rows)}</table></body></html>"
    )
    path = tmp_path / "dongchuan-list.html"
    path.write_text(page, encoding="utf-8")
    out, result = build(tmp_path, path, extra=("--county", "东川区"))
    assert result.returncode == 0, result.stderr
    assert by_label(out) == MERGED_UNITS
    assert _sections_of_rows(out) == {"1": "稳增长", "2": "稳增长", "3": "惠民生", "4": "惠民生"}


def test_word_table_with_cells_merged_over_rows(tmp_path: Path):
    document = _word(MERGED_HEAD)
    table = _word_table(document, MERGED_ROWS)
    for top, bottom, col in ((1, 2, 0), (3, 4, 0), (1, 2, 3)):
        text = table.cell(top, col).text
        merged = table.cell(top, col).merge(table.cell(bottom, col))
        merged.text = text
    path = tmp_path / "dongchuan-list.docx"
    document.save(str(path))
    out, result = build(tmp_path, path, extra=("--county", "东川区"))
    assert result.returncode == 0, result.stderr
    assert by_label(out) == MERGED_UNITS
    assert _sections_of_rows(out) == {"1": "稳增长", "2": "稳增长", "3": "惠民生", "4": "惠民生"}


def test_a_preamble_note_makes_the_first_unit_of_every_list_the_lead(tmp_path: Path):
    # our wording; such a note before the task list is common in 重点工作任务分解 documents
    lines = [
        "云和县人民政府办公室",
        "云和县2024年重点工作任务分工方案",
        "各责任单位要抓好落实。责任单位有多个的，排在第一位的为牵头单位。",
        "一、稳增长",
        "1.推进重大项目建设。（责任单位：县发改局、县财政局）",
        "2.培育市场主体。（牵头单位：县市场监管局；责任单位：县税务局、县商务局）",
        "3.扩大有效投资。（县财政局、县发改局）",
    ]
    out, result = build_lines(tmp_path, "yunhe-2024.txt", lines)
    assert result.returncode == 0, result.stderr
    assert by_label(out) == {
        "1.": [("县发改局", "lead"), ("县财政局", "responsible")],
        "2.": [("县市场监管局", "lead"), ("县税务局", "responsible"), ("县商务局", "responsible")],
        "3.": [("县财政局", "lead"), ("县发改局", "responsible")],
    }
    out, result = build_lines(tmp_path, "yunhe-2024.txt", lines[:2] + lines[3:])
    assert by_label(out)["1."] == [("县发改局", "responsible"), ("县财政局", "responsible")]


def test_items_under_a_heading_that_names_their_lead(tmp_path: Path):
    lines = [
        "云和县人民政府办公室",
        "2025年县政府工作报告任务清单",
        "一、县发改局牵头工作（2项）",
        "1.推进重大项目前期工作。",
        "2.争取中央预算内资金。（县财政局配合）",
        "二、县财政局牵头工作（1项）",
        "3.盘活闲置国有资产。",
    ]
    out, result = build_lines(tmp_path, "yunhe-2025.txt", lines)
    assert result.returncode == 0, result.stderr
    assert {k: sorted(v) for k, v in by_label(out).items()} == {
        "1.": [("县发改局", "lead")],
        "2.": [("县发改局", "lead"), ("县财政局", "cooperate")],
        "3.": [("县财政局", "lead")],
    }
    leads = {t["label"]: [u for u in t["units"] if u["role"] == "lead"] for t in tasks_of(out)}
    assert all(u["inherited"] for units in leads.values() for u in units)


def test_plan_after_a_signed_notice_with_requirements_of_its_own(tmp_path: Path):
    out, result = build(tmp_path, FIXTURES / "notice-signature.txt")
    assert result.returncode == 0, result.stderr
    assert by_id(out) == {
        # 协同责任单位 lines; 县开发区管/委会 re-joined; 各乡、镇政府 is one collective
        "notice/plan/1.1": [
            ("县发展改革委", "lead"),
            ("县经信局", "cooperate"),
            ("县商务局", "cooperate"),
            ("县开发区管委会", "cooperate"),
            ("各乡、镇政府", "cooperate"),
        ],
        # before the note "排在第一位的为牵头单位，下同": no lead
        "notice/plan/1.2": [("县财政局", "responsible")],
        "notice/plan/1.3": [("县商务局", "lead"), ("县税务局", "responsible")],
        # after it the first unit leads; the deadline is not a unit
        "notice/plan/1.4": [("县人社局", "lead"), ("县财政局", "responsible")],
        "notice/plan/2.2.5": [
            ("县发展改革委", "lead"),
            ("县住建局", "lead"),
            ("县自然资源局", "responsible"),
        ],
    }
    model = json.loads((out / "model.json").read_text(encoding="utf-8"))
    plan = model["plans"][0]
    assert (plan["county"], plan["issuer"], plan["date"]) == (
        "云和县",
        "云和县人民政府办公室",
        "2024-01-15",
    )
    assert plan["metadata_from"]["issuer"] == "document"
    assert plan["title"] == "2024年县《政府工作报告》确定的主要目标任务责任分解方案"


def test_web_page_whose_headline_names_the_issuer_and_a_lone_attachment_marker(tmp_path: Path):
    page = (
        "<html><head><meta charset='utf-8'></head><body>"
        "<div class='header'><div class='logo'>云和县人民政府</div><ul class='nav'>"
        "<li><a href='/'>首页</a></li><li><a>政务公开</a></li></ul></div>"
        "<div class='article'><h1>云和县人民政府关于印发2024年<br>县政府重点工作任务的通知</h1>"
        "<div class='info'>发布时间:2024-03-01 10:00 信息来源: 云和县人民政府</div>"
        "<div class='content'><p>各乡镇人民政府，县直各单位：</p>"
        "<p>现将县政府重点工作任务分解印发给你们，请认真贯彻落实。</p>"
        "<p>附件：县政府重点工作任务分解</p><p>附件</p><p>县政府重点工作任务分解</p>"
        "<p>一、稳增长</p><p>1.推进重大项目前期工作。</p><p>牵头单位：县发改局</p>"
        "<p>责任单位：县财政局</p></div></div>"
        "<div class='footer'>主办单位：云和县人民政府办公室</div></body></html>"
    )
    path = tmp_path / "yunhe-2024-page.html"
    path.write_text(page, encoding="utf-8")
    out, result = build(tmp_path, path)
    assert result.returncode == 0, result.stderr
    assert by_id(out) == {"yunhe/att1/1.1": [("县发改局", "lead"), ("县财政局", "responsible")]}
    plan = plan_of(out)
    assert (plan["county"], plan["issuer"], plan["date"]) == (
        "云和县",
        "云和县人民政府",
        "2024-03-01",
    )


def test_word_tables_under_headings_with_marked_numbers_and_cells_that_say_more(
    tmp_path: Path,
):
    document = _word(("云和县人民政府办公室", "2024年重点工作责任分解"))
    tables = [
        (
            "一、省政府工作报告涉县任务",
            [
                ("序号", "重点工作任务", "责任单位"),
                ("（一）张三副县长牵头重点工作", "", ""),
                ("1", "抓好粮食生产。", "县农业农村局、县商务局 省牵头单位：省农业农村厅"),
            ],
        ),
        (
            "二、县政府工作报告任务",
            [
                ("序号", "重点工作任务", "责任单位"),
                ("1*", "建设科创走廊。", "县科技局、县发改局配合落实"),
            ],
        ),
    ]
    for heading, rows in tables:
        document.add_paragraph(heading)
        _word_table(document, rows)
    path = tmp_path / "yunhe-2024-tables.docx"
    document.save(str(path))
    out, result = build(tmp_path, path)
    assert result.returncode == 0, result.stderr
    assert by_id(out) == {
        "yunhe/plan/1.table.1": [
            ("县农业农村局", "responsible"),
            ("县商务局", "responsible"),
            ("省农业农村厅", "lead"),
        ],
        "yunhe/plan/2.table.1": [("县科技局", "cooperate"), ("县发改局", "cooperate")],
    }


TRADITIONAL_PLAN = [
    "雲和縣人民政府辦公室",
    "雲和縣2024年重點工作任務分工方案",
    "一、穩增長",
    "1.推進重大項目建設。（牽頭單位：縣發改局；責任單位：縣財政局、縣自然資源局）",
    "2.培育市場主體。（縣市場監管局牽頭，縣稅務局配合）",
]
TRADITIONAL_UNITS = {
    "1.": [("縣發改局", "lead"), ("縣財政局", "responsible"), ("縣自然資源局", "responsible")],
    "2.": [("縣市場監管局", "lead"), ("縣稅務局", "cooperate")],
}


def test_big5_text_file(tmp_path: Path):
    path = tmp_path / "yunhe-2024-big5.txt"
    path.write_bytes(("\r\n".join(TRADITIONAL_PLAN) + "\r\n").encode("big5"))
    out, result = build(tmp_path, path)
    assert result.returncode == 0, result.stderr
    assert by_label(out) == TRADITIONAL_UNITS


def test_pdf_in_a_traditional_cid_font(tmp_path: Path):
    # pdfminer maps MSung-Light glyphs to the wrong characters; the reader falls back to pypdf
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("MSung-Light"))
    path = tmp_path / "yunhe-2024-trad.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.setFont("MSung-Light", 10)
    for i, line in enumerate(TRADITIONAL_PLAN):
        pdf.drawString(40, 800 - 16 * i, line)
    pdf.save()
    out, result = build(tmp_path, path)
    assert result.returncode == 0, result.stderr
    assert by_label(out) == TRADITIONAL_UNITS


@pytest.mark.parametrize(
    ("after", "parts"),
    [
        # a lone 附件： followed by the attachment's title marks the attachment
        (
            ["附件：", "县重点民生实事项目清单", "一、教育", "1.新建幼儿园2所。（县教育局负责）"],
            [0, 1],
        ),
        # followed by a numbered list it only lists the attachments (as in the seed plans)
        (["附件：", "1.县重点民生实事项目清单", "2.县领导小组名单"], [0]),
    ],
)
def test_a_lone_attachment_marker_with_a_colon(after: list[str], parts: list[int]):
    from graphbuild.parse.document import parse_document
    from graphbuild.read.corpus import RawDocument

    lines = [
        "云和县人民政府办公室",
        "县民生实事实施方案",
        "一、总体要求",
        "1.办好民生实事。",
        *after,
    ]
    text = "\n".join(lines) + "\n"
    doc = RawDocument(path=Path("yunhe.txt"), name="yunhe.txt", text=text, encoding="utf-8")
    assert [p.number for p in parse_document(doc).parts] == parts


def test_chapters_and_articles_and_a_joint_signature(tmp_path: Path):
    # our wording, in the layout of a county's 优化营商环境若干规定 (第X章/第X条)
    lines = [
        "关于印发《云和县优化营商环境的若干规定》的通知",
        "各乡镇人民政府，县直各单位：",
        "现将《云和县优化营商环境的若干规定》印发给你们，请认真抓好落实。",
        "中共云和县委 云和县人民政府",
        "2019年2月18日",
        "云和县优化营商环境的若干规定",
        "第一章 总 则",
        "第一条 为持续改善营商环境，制定本规定。",
        "第二章 推进政务服务改革",
        "第二条 推行一件事一窗办理。（牵头单位：县政务服务中心；责任单位：各相关单位）",
        "第三条 推动政务服务事项网上办理。（县数据局主办，各乡镇协办）",
    ]
    out, result = build_lines(tmp_path, "yunhe-2019-rules.txt", lines)
    assert result.returncode == 0, result.stderr
    assert by_id(out) == {
        "yunhe/plan/2.2": [("县政务服务中心", "lead"), ("各相关单位", "responsible")],
        "yunhe/plan/2.3": [("县数据局", "lead"), ("各乡镇", "cooperate")],
    }
    plan = plan_of(out)
    assert (plan["county"], plan["issuer"], plan["date"]) == (
        "云和县",
        "云和县人民政府",
        "2019-02-18",
    )


def test_items_run_together_and_other_item_marks(tmp_path: Path):
    # our wording; a copied page ran two items into one line, and numbers end in 。 or ﹒
    lines = [
        "云和县人民政府关于落实《政府工作报告》重点工作责任分工的意见",
        "发布日期：2013-03-27",
        "一、主要目标",
        "（一）地区生产总值增长7%。（县发改局负责）（二）财政收入增长6%。（县财政局主办，县税务局协办）",
        "二、重点工作",
        "1。新建农村公路100公里。（牵头单位：县交通运输局）",
        "2﹒新建口袋公园5个。（牵头单位：县住建局）",
    ]
    out, result = build_lines(tmp_path, "yunhe-2013.txt", lines)
    assert result.returncode == 0, result.stderr
    assert by_id(out) == {
        "yunhe/plan/1.1": [("县发改局", "responsible")],
        "yunhe/plan/1.2": [("县财政局", "lead"), ("县税务局", "cooperate")],
        "yunhe/plan/2.1": [("县交通运输局", "lead")],
        "yunhe/plan/2.2": [("县住建局", "lead")],
    }
    plan = plan_of(out)
    assert (plan["county"], plan["issuer"], plan["date"]) == (
        "云和县",
        "云和县人民政府",
        "2013-03-27",
    )


def test_table_without_a_number_column_with_spaced_out_cells(tmp_path: Path):
    # our wording, in the layout of 长沙市 2012 目标任务责任分解表: no 序号 column, the lead
    # cell merged over its rows, names spaced out to fill the cell; the page names its source
    page = (
        "<html><head><meta charset='utf-8'></head><body>"
        "<p>云和县2012年政府工作报告目标任务责任分解表</p><p>来源：云和县政府办公室</p><table>"
        "<tr><th>牵头单位</th><th>目 标 任 务</th><th>责 任 单 位</th></tr>"
        "<tr><td rowspan='2'>县 发 改 局</td><td>地区生产总值增长8%</td>"
        "<td>统计局和县直相关单位、各乡镇</td></tr>"
        "<tr><td>推进重大项目建设</td><td>县直各单位</td></tr>"
        "<tr><td>县政 府办 公室</td><td>办好人大代表建议</td><td>县直各单位</td></tr>"
        "</table></body></html>"
    )
    path = tmp_path / "yunhe-2012.html"
    path.write_text(page, encoding="utf-8")
    out, result = build(tmp_path, path)
    assert result.returncode == 0, result.stderr
    assert by_id(out) == {
        "yunhe/plan/table.1": [
            ("县发改局", "lead"),
            ("统计局", "responsible"),
            ("县直相关单位", "responsible"),
            ("各乡镇", "responsible"),
        ],
        "yunhe/plan/table.2": [("县发改局", "lead"), ("县直各单位", "responsible")],
        "yunhe/plan/table.3": [("县政府办公室", "lead"), ("县直各单位", "responsible")],
    }
    plan = plan_of(out)
    assert (plan["county"], plan["issuer"]) == ("云和县", "云和县政府办公室")


def test_text_table_drawn_with_bars(tmp_path: Path):
    # our wording, in the layout of a county development zone's 重点工作及责任清单
    lines = [
        "云和县人民政府办公室",
        "2025年开发区重点工作及责任清单",
        "序号 | 重点工作 | 责任领导 | 责任单位 | 完成时限 |",
        "1 | 推进重大项目落地见效。 | 张三 | 招商工作部、安商工作部 |",
        "2 | 盘活存量土地400亩。 | 李四 | 改革办 | 全年 |",
    ]
    out, result = build_lines(tmp_path, "yunhe-2025-list.txt", lines)
    assert result.returncode == 0, result.stderr
    assert by_id(out) == {
        "yunhe/plan/table.1": [("招商工作部", "responsible"), ("安商工作部", "responsible")],
        "yunhe/plan/table.2": [("改革办", "responsible")],
    }


def test_a_note_from_here_on_then_a_field_line(tmp_path: Path):
    # our wording, in the layout of 厦门市 2019 营商环境 measures: the note that the first
    # unit leads comes inside the first list ("下同"); 时限要求： lines follow each list
    lines = [
        "云和县人民政府办公室",
        "云和县进一步优化营商环境的若干措施",
        "一、营造公平竞争市场环境",
        "（一）规范推进政府和社会资本合作项目，强化存量项目监管。",
        "责任单位：县发改局、县财政局（第一责任单位为牵头单位，下同）",
        "时限要求：持续推进",
        "（二）清除招投标环节对企业设置的不合理限制。",
        "责任单位：县住建局",
        "时限要求：持续推进",
    ]
    out, result = build_lines(tmp_path, "yunhe-2019-measures.txt", lines)
    assert result.returncode == 0, result.stderr
    assert by_id(out) == {
        "yunhe/plan/1.1": [("县发改局", "lead"), ("县财政局", "responsible")],
        "yunhe/plan/1.2": [("县住建局", "lead")],
    }


def test_main_and_cooperating_columns_under_a_page_information_table(tmp_path: Path):
    # our wording, in the layout of an Anhui district portal's 重点工作任务分解表 page
    page = (
        "<html><head><meta charset='utf-8'></head><body>"
        "<table><tr><td>发布机构:</td><td>云和县政府(办公室)</td><td>发文日期:</td>"
        "<td>2025-03-28</td></tr></table>"
        "<p>云和县2025年政府工作报告重点工作任务分解表</p><table>"
        "<tr><td>序号</td><td>重点工作任务</td><td>主要责任单位</td><td>协同配合单位</td></tr>"
        "<tr><td>一、主要预期目标</td><td></td><td></td><td></td></tr>"
        "<tr><td>1</td><td>地区生产总值增长6.5%。</td><td>县发改委</td>"
        "<td>县直各部门，各乡镇人民政府。</td></tr>"
        "<tr><td>2</td><td>一般公共预算收入增长5%。</td><td>县财政局 县税务局</td>"
        "<td>县直有关部门。</td></tr></table></body></html>"
    )
    path = tmp_path / "yunhe-2025-page.html"
    path.write_text(page, encoding="utf-8")
    out, result = build(tmp_path, path)
    assert result.returncode == 0, result.stderr
    assert by_id(out) == {
        "yunhe/plan/table.1": [
            ("县发改委", "lead"),
            ("县直各部门", "cooperate"),
            ("各乡镇人民政府", "cooperate"),
        ],
        "yunhe/plan/table.2": [
            ("县财政局", "lead"),
            ("县税务局", "lead"),
            ("县直有关部门", "cooperate"),
        ],
    }
    plan = plan_of(out)
    assert (plan["county"], plan["issuer"]) == ("云和县", "云和县政府(办公室)")


def test_a_number_cell_merged_over_two_lines_is_one_task(tmp_path: Path):
    document = _word(("云和县人民政府办公室", "2016年县级民生实事目标任务分解表"))
    rows = [
        ("序号", "目标任务", "责任单位"),
        ("1", "新建敬老院2所。", "县民政局"),
        ("1", "开办老年大学分校1所。", "县老干局"),
        ("2", "新建农村公路50公里。", "县交通运输局"),
    ]
    table = _word_table(document, rows)
    number = table.cell(1, 0).merge(table.cell(2, 0))
    number.text = "1"
    path = tmp_path / "yunhe-2016.docx"
    document.save(str(path))
    out, result = build(tmp_path, path)
    assert result.returncode == 0, result.stderr
    assert by_id(out) == {
        "yunhe/plan/table.1": [("县民政局", "responsible"), ("县老干局", "responsible")],
        "yunhe/plan/table.2": [("县交通运输局", "responsible")],
    }


def test_cells_with_one_unit_per_line_and_names_written_down_the_cell(tmp_path: Path):
    document = _word(("云和县人民政府办公室", "2021年重大民生实事项目责任分解表"))
    rows = [("序号", "项目名称", "牵头单位", "配合单位"), ("1", "新建公办幼儿园3所。", "县", "")]
    cells = _word_table(document, rows).rows[1].cells
    # written down the cell: 县 / 教 / 育 / 局
    for char in "教育局":
        cells[2].add_paragraph(char)
    cells[3].text = "高新园（白鹤镇）"  # one unit per paragraph
    cells[3].add_paragraph("各街道")
    path = tmp_path / "yunhe-2021.docx"
    document.save(str(path))
    page = (
        "<html><head><meta charset='utf-8'></head><body><p>云和县人民政府办公室</p>"
        "<p>2022年重大民生实事项目责任分解表</p><table><tr><th>序号</th><th>项目名称</th>"
        "<th>牵头单位</th><th>配合单位</th></tr><tr><td>1</td><td>新建养老服务中心2个。</td>"
        "<td>县<br>民<br>政<br>局</td><td><p>县财政局</p><p>各乡镇</p></td></tr></table></body></html>"
    )
    (tmp_path / "yunhe2-2022.html").write_text(page, encoding="utf-8")
    out, result = build(tmp_path, path, tmp_path / "yunhe2-2022.html")
    assert result.returncode == 0, result.stderr
    assert by_id(out) == {
        "yunhe/plan/table.1": [
            ("县教育局", "lead"),
            ("高新园（白鹤镇）", "cooperate"),
            ("各街道", "cooperate"),
        ],
        "yunhe2/plan/table.1": [
            ("县民政局", "lead"),
            ("县财政局", "cooperate"),
            ("各乡镇", "cooperate"),
        ],
    }


def test_a_notice_signed_by_a_county_department(tmp_path: Path):
    # our wording, in the layout of a district 发改委's 民生实事 公示 with its table attached
    lines = [
        "关于2025年云和县重点民生实事推进情况公示",
        "现对2025年全县重点民生实事推进情况予以公示。",
        "（联系人：张三；联系电话：1234567）",
        "云和县发展和改革局",
        "2025年4月11日",
        "附件",
        "云和县2025年重点民生实事目标任务表",
        "序号\t项目名称\t工作目标任务\t责任单位",
        "1\t城镇老旧小区改造\t新开工改造老旧小区12个。\t县住建局",
    ]
    out, result = build_lines(tmp_path, "yunhe-2025-notice.txt", lines)
    assert result.returncode == 0, result.stderr
    assert by_id(out) == {"yunhe/att1/table.1": [("县住建局", "responsible")]}
    plan = plan_of(out)
    assert (plan["county"], plan["issuer"], plan["date"]) == (
        "云和县",
        "云和县发展和改革局",
        "2025-04-11",
    )


def test_a_header_cell_over_several_columns_keeps_the_columns_in_line(tmp_path: Path):
    # our wording, in the layout of a district's 民生工程目标任务分解表: no 序号, a 项目 and a
    # 目标 column, and 分解情况 over three columns in the header only
    document = _word(("云和县人民政府办公室", "云和县2017年度民生工程目标任务分解表"))
    rows = [
        ("项目", "目标", "分解情况", "", "", "责任单位"),
        (
            "就业促进工程",
            "推动城乡劳动者就业",
            "新增城镇就业人数",
            "1300",
            "甲镇280 乙乡15",
            "县人社局",
        ),
        ("养老服务工程", "提升养老服务水平", "新建养老服务站", "5", "甲镇2 乙乡3", "县民政局"),
    ]
    table = _word_table(document, rows)
    merged = table.cell(0, 2).merge(table.cell(0, 4))
    merged.text = "分解情况"
    path = tmp_path / "yunhe-2017.docx"
    document.save(str(path))
    out, result = build(tmp_path, path)
    assert result.returncode == 0, result.stderr
    assert by_id(out) == {
        "yunhe/plan/table.1": [("县人社局", "responsible")],
        "yunhe/plan/table.2": [("县民政局", "responsible")],
    }


def test_a_department_notice_and_a_section_office_column(tmp_path: Path):
    # our wording: a county department issues the plan (its notice title names it) and the
    # table's unit column is 责任科室
    lines = [
        "云和县河长制办公室关于印发《云和县全面推行河长制主要任务分解方案》的通知",
        "发布日期：2018-07-09",
        "云和县全面推行河长制主要任务分解表",
        "序号\t主要任务\t责任领导\t责任科室",
        "1\t守住水资源开发利用总量控制红线。\t张三\t水资源科",
        "2\t守住用水效率控制红线。\t李四\t节约用水办",
    ]
    out, result = build_lines(tmp_path, "yunhe-2018.txt", lines)
    assert result.returncode == 0, result.stderr
    assert by_id(out) == {
        "yunhe/plan/table.1": [("水资源科", "responsible")],
        "yunhe/plan/table.2": [("节约用水办", "responsible")],
    }
    plan = plan_of(out)
    assert (plan["county"], plan["issuer"], plan["date"]) == (
        "云和县",
        "云和县河长制办公室",
        "2018-07-09",
    )
