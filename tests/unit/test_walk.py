"""The walk from the document tree to tasks and units, in process."""

from __future__ import annotations

from graphbuild.extract.tree import extract_document
from graphbuild.parse.document import parse_document
from graphbuild.read.genre import load_genre
from graphbuild.read.readers import read_any
from graphbuild.resolve import Resolver, load_battles
from tests.utils import FIXTURES, extract_lines


def _units(task) -> list[tuple[str, str]]:
    return [(u.name, u.role) for u in task.units]


def test_the_district_fixture_walks_to_its_tasks_and_roles():
    parsed = parse_document(read_any(FIXTURES / "district-lines.txt"))
    ext = extract_document(
        parsed, "qingshi", "青石区", load_genre(), load_battles(), Resolver.load()
    )
    by_label = {t.label: t for t in ext.tasks}
    assert sorted(by_label) == ["1.", "2.", "3.", "4."]
    # read from the fixture: 4. has 牵头单位：区住建局 and 配合单位：区发改局、区财政局
    assert _units(by_label["4."]) == [
        ("区住建局", "lead"),
        ("区发改局", "cooperate"),
        ("区财政局", "cooperate"),
    ]
    assert by_label["4."].battle == "qingshi-2"  # grouped by its own section 二、


def test_a_heading_lead_is_inherited_by_its_items():
    ext = extract_lines(
        "t.txt",
        [
            "县重点工作任务分解方案",
            "一、稳增长（县发改局牵头）",
            "1.新建产业园一个。",
            "2.新增规上企业10家。（县工信局负责）",
        ],
    )
    first, second = ext.tasks
    assert [(u.name, u.role, u.inherited) for u in first.units] == [("县发改局", "lead", True)]
    assert [(u.name, u.role, u.inherited) for u in second.units] == [
        ("县工信局", "responsible", False),
        ("县发改局", "lead", True),
    ]


def test_table_rows_become_tasks_with_the_column_roles():
    ext = extract_lines(
        "t.txt",
        [
            "县重点任务清单",
            "序号\t重点任务\t牵头单位\t配合单位",
            "1\t新建幼儿园2所\t县教育局\t县财政局、各乡镇",
        ],
    )
    [row] = ext.tasks
    assert row.kind == "row"
    assert _units(row) == [("县教育局", "lead"), ("县财政局", "cooperate"), ("各乡镇", "cooperate")]
