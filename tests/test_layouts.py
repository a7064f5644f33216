"""Layout families of other issuers' plans, each on a fixture written in our own words
(tests/fixtures/README.md names the family); the expected units were written down by
reading the fixture."""

from __future__ import annotations

import pytest

from graphbuild.build import build_corpus
from graphbuild.extract.names import check_unit_name, repair_unit_name
from graphbuild.model import Corpus
from tests.utils import FIXTURES, build, by_id, by_label, span, tasks_of

ROLE_VOCABULARY = {
    "1.": [("县农业农村局", "lead"), ("县发改局", "cooperate"), ("县财政局", "cooperate")],
    "2.": [("县工信局", "lead"), ("县税务局", "cooperate")],
    "3.": [("县商务局", "lead"), ("县文旅局", "cooperate"), ("县融媒体中心", "cooperate")],
    "4.": [("县发改局", "responsible"), ("县自然资源局", "cooperate"), ("县住建局", "cooperate")],
    "5.": [
        ("县住建局", "lead"),
        ("县财政局", "lead"),
        ("各乡(镇、街道)", "responsible"),
        ("县城管局", "responsible"),
    ],
    "6.": [("县民政局", "lead"), ("各街办(新区)", "cooperate"), ("县医保局", "cooperate")],
    "7.": [("县市场监管局", "cooperate"), ("县委督查室", "cooperate"), ("各乡镇", "responsible")],
}


def test_role_vocabularies_and_half_width_punctuation(tmp_path):
    out, done = build(tmp_path, FIXTURES / "roles-halfwidth.txt")
    assert done.returncode == 0, done.stderr
    assert by_label(out) == ROLE_VOCABULARY


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("县委宣传部", None),
        ("各县(市、区)政府", None),
        (":县委宣传部", "starts with punctuation"),
        ("参与:县委组织部", "contains clause punctuation"),
        ("县发改局；县财政局", "contains clause punctuation"),
        ("牵头单位县发改局", "starts with a role word or label (牵头单位)"),
    ],
)
def test_the_unit_name_guard(name: str, reason: str | None):
    assert check_unit_name(name) == reason


@pytest.mark.parametrize(
    ("name", "repaired"),
    [
        (":县委宣传部", "县委宣传部"),
        ("参与:县委组织部", "县委组织部"),
        ("主办：县委办", "县委办"),
        ("县发改局;县财政局", None),  # two names: not certain, never emitted
        ("牵头单位县发改局", None),
    ],
)
def test_repairs_only_when_certain(name: str, repaired: str | None):
    fixed = repair_unit_name(span(name))
    assert (fixed.text if fixed is not None else None) == repaired


def _names(corpus: Corpus) -> list[str]:
    return [
        *(u.name for t in corpus.tasks for u in t.units),
        *(u.name for s in corpus.sections for u in s.units),
        *(m for wg in corpus.working_groups for m in wg.member_units),
    ]


def test_no_unit_name_in_a_build_fails_the_guard(corpus: Corpus):
    fixtures, _ = build_corpus(FIXTURES, options={"county": "测试县"})
    names = _names(corpus) + _names(fixtures)
    assert len(names) > 1000
    assert [n for n in names if check_unit_name(n) is not None] == []


def test_a_table_flattened_to_one_cell_per_line(tmp_path):
    # header cells each on a line, blank lines between cells, a task cell over two lines, a
    # person column, a row whose person and cooperating cells were lost, section rows
    out, done = build(tmp_path, FIXTURES / "table-cells-per-line.txt")
    assert done.returncode == 0, done.stderr
    rows = tasks_of(out)
    assert [r["label"] for r in rows] == ["1", "2", "3", "4"]
    assert rows[0]["text"] == "全市规模以上工业增加值增长8%，新增规模以上工业企业60家。"
    assert [(u["name"], u["role"]) for u in rows[0]["units"]] == [
        ("市经信局", "lead"),
        ("市统计局", "cooperate"),
        ("市税务局", "cooperate"),
    ]
    assert [p["name"] for p in rows[0]["persons"]] == ["李明"]
    assert [(u["name"], u["role"]) for u in rows[2]["units"]] == [
        ("市教育局", "lead"),
        ("市财政局", "cooperate"),
        ("市自然资源和规划局", "cooperate"),
    ]
    assert [(u["name"], u["role"]) for u in rows[3]["units"]] == [("市住建局", "lead")]
    assert rows[3]["persons"] == []
    # the rows keep their table sections: （一）经济发展, （二）社会民生
    assert rows[0]["path"][-1].endswith("经济发展") and rows[2]["path"][-1].endswith("社会民生")


def test_a_whole_body_on_one_line(tmp_path):
    # items, labels, headings and the signature separated only by spaces on one line; the
    # first-listed rule right after the first unit, with 下同; numbering restarts per section
    out, done = build(tmp_path, FIXTURES / "one-line-body.txt", extra=("--county", "云溪县"))
    assert done.returncode == 0, done.stderr
    assert by_id(out) == {
        "one/plan/1.1": [
            ("县发改局", "lead"),
            ("县统计局", "responsible"),
            ("县财政局", "responsible"),
        ],
        "one/plan/1.2": [("县财政局", "lead")],
        "one/plan/2.1": [("县住建局", "lead"), ("县生态环境分局", "responsible")],
        "one/plan/2.2": [("县文旅局", "lead")],
    }


def test_a_late_rule_bracket_notes_inline_sub_items_and_spaced_fields(tmp_path):
    out, done = build(tmp_path, FIXTURES / "late-rule-subitems.txt")
    assert done.returncode == 0, done.stderr
    units = by_id(out)
    # "列第一位的为牵头单位" stated in the requirements at the end governs every list before it
    assert units["late/plan/1.1"] == [
        ("县发改局", "lead"),
        ("县财政局", "responsible"),
        ("各乡镇", "responsible"),
    ]
    assert units["late/plan/1.2"] == [("县财政局", "lead"), ("县发改局", "responsible")]
    # （1）（2） inside the running text: each sub-item has its own clause, the task none
    assert units["late/plan/1.3"] == []
    assert units["late/plan/1.3.1"] == [("县市场监管局", "lead")]
    assert units["late/plan/1.3.2"] == [("县住建局", "lead"), ("县自然资源局", "responsible")]
    # 牵头领导 X 责任单位 A、B 项目责任人 Y 配合单位 C、D 完成情况 时间节点: no person is a unit
    assert units["late/plan/2.4"] == [
        ("县人社局", "lead"),
        ("县就业服务中心", "responsible"),
        ("县财政局", "cooperate"),
        ("各乡镇", "cooperate"),
    ]
    assert units["late/plan/2.5"] == [("县水利局", "lead"), ("县农业农村局", "responsible")]
