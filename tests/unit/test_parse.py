"""The parse stage in process: numbering, paragraphs, tables and the document tree."""

from __future__ import annotations

import pytest

from graphbuild.parse.document import parse_document
from graphbuild.parse.numbering import cn_number, label_of
from graphbuild.parse.paragraphs import paragraphs
from graphbuild.parse.tables import cell_name, is_header, table_columns
from graphbuild.read.readers import read_any
from tests.utils import FIXTURES, parse_lines, raw_document, span


@pytest.mark.parametrize(
    ("numeral", "value"), [("一", 1), ("十二", 12), ("二十", 20), ("一百零二", 102)]
)
def test_chinese_numerals(numeral: str, value: int):
    assert cn_number(numeral) == value


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("一、总体要求", ("cn", "一、", 1)),
        ("（三）重点任务", ("pcn", "（三）", 3)),
        ("(4)推进改革", ("par", "(4)", 4)),
        ("12.新增就业", ("ar", "12.", 12)),
        ("②建设学校", ("circ", "②", 2)),
        ("第五条 各部门", ("art", "第五条", 5)),
        ("2023年工作", None),  # a year is not a number label
    ],
)
def test_numbering_labels(text: str, label):
    assert label_of(text) == label


def test_a_sentence_split_by_a_page_break_is_one_paragraph():
    doc = raw_document("t.txt", "全市加快建设市疾控中\n心，提升应急能力。\n1.新建学校。\n")
    texts = [p.text for p in paragraphs(doc)]
    assert texts == ["全市加快建设市疾控中心，提升应急能力。", "1.新建学校。"]
    # a short numbered line is a heading: the next line does not continue it
    doc = raw_document("t.txt", "1.稳增长\n全年增长6%。\n")
    assert [p.text for p in paragraphs(doc)] == ["1.稳增长", "全年增长6%。"]


def test_a_traditional_line_that_opens_a_field_is_not_joined_to_the_sentence_before():
    doc = raw_document("t.txt", "1.推進項目建設\n牽頭單位：區發改局\n")
    paras = paragraphs(doc)
    assert [p.text for p in paras] == ["1.推進項目建設", "牽頭單位：區發改局"]
    assert paras[1].simple == "牵头单位：区发改局"


def test_table_header_and_columns():
    header = [span(t) for t in ("序 号", "重点任务", "牵头单位", "配合单位", "责任领导")]
    assert [cell_name(c) for c in header][:1] == ["序号"]
    assert is_header([cell_name(c) for c in header])
    assert table_columns(header) == {
        "no": 0,
        "task": 1,
        "lead": 2,
        "cooperate": 3,
        "leaders": 4,
    }
    assert not is_header(["1", "新建学校", "县教育局"])


def test_the_district_fixture_parses_into_sections_and_items():
    parsed = parse_document(read_any(FIXTURES / "district-lines.txt"))
    assert parsed.standalone  # no attachment: the sections group the tasks
    [plan] = parsed.parts
    # the title is written over two lines; the part starts at the line that ends it
    assert plan.title.text == "任务分解和责任分工方案"
    tops = [n.label for n in plan.root.children]
    assert tops == ["一、", "二、", "三、"]
    items = [n.label for n in plan.root.children[1].children]
    assert items == ["3.", "4."]
    # the responsibility lines stay with their item
    assert "配合单位：区发改局、区财政局" in plan.root.children[1].children[1].own_text().text


def test_a_text_table_becomes_rows_with_cells_by_column():
    parsed = parse_lines(
        "t.txt",
        [
            "县重点任务清单",
            "序号\t重点任务\t牵头单位\t责任单位",
            "1\t新建幼儿园2所\t县教育局\t各乡镇",
            "2\t改造老旧小区\t县住建局\t县财政局",
        ],
    )
    [table] = [n for n in parsed.parts[0].root.walk() if n.kind == "table"]
    rows = [n for n in table.walk() if n.kind == "row"]
    assert [r.label for r in rows] == ["1", "2"]
    assert rows[1].cells["lead"].text == "县住建局"
    assert rows[1].cells["units"].text == "县财政局"
