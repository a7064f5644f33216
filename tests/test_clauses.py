"""One test per responsibility-clause shape; examples are copied from the two plans unless a
comment names another layout."""

from __future__ import annotations

import pytest

from graphbuild.extract.clauses import find_clauses
from tests.utils import span


def units(text: str, genre) -> list[tuple[str, str]]:
    """(name, role) of every unit named in the clauses of ``text``."""
    return [(n.name.text, n.role) for c in find_clauses(span(text), genre) for n in c.names]


def test_lead_only(genre):
    # shaodong 附件2 (一) 1.
    assert units("给予奖励。（市商务局牵头）", genre) == [("市商务局", "lead")]


def test_lead_then_responsible_with_deng(genre):
    # shaodong 附件2 (一) 6.
    assert units("扩大规模。（市商务局牵头，市科工局等负责）", genre) == [
        ("市商务局", "lead"),
        ("市科工局", "responsible"),
    ]


def test_two_leads_each_with_role_word(genre):
    # shaodong 附件2 (二) 1.
    assert units("产业项目。（市发改局牵头、市科工局牵头负责）", genre) == [
        ("市发改局", "lead"),
        ("市科工局", "lead"),
    ]


def test_hexagonal_brackets_by_duty(genre):
    # shaodong 附件3 (二) 2.
    assert units("科技型中小企业。〔市科工局、乡镇（街道、场）等按职责分工负责〕", genre) == [
        ("市科工局", "responsible"),
        ("乡镇（街道、场）", "responsible"),
    ]


def test_lenticular_brackets(genre):
    # shaodong 附件2 (二) 5.
    assert units("全覆盖。【市科工局牵头，经开区管委会、各乡镇（街道、场）等负责】", genre) == [
        ("市科工局", "lead"),
        ("经开区管委会", "responsible"),
        ("各乡镇（街道、场）", "responsible"),
    ]


def test_labelled_lead_and_responsible_semicolon(genre):
    # shaodong 附件4 四、4.
    text = (
        "形成震慑。（牵头单位：市优化办；责任单位：市委督查室、市政府督查室、"
        "市纪委监委党风政风监督室）"
    )
    assert units(text, genre) == [
        ("市优化办", "lead"),
        ("市委督查室", "responsible"),
        ("市政府督查室", "responsible"),
        ("市纪委监委党风政风监督室", "responsible"),
    ]


def test_labelled_lead_and_responsible_comma(genre):
    # shaodong 附件7 (一) 4.
    text = "1.7 万人。（牵头单位：市妇联，责任单位：市财政局、市卫健局）"
    assert units(text, genre) == [
        ("市妇联", "lead"),
        ("市财政局", "responsible"),
        ("市卫健局", "responsible"),
    ]


def test_responsible_label_only(genre):
    # xinhuang 附件4 (一) 2.(2)
    text = "0.58亿元。（责任单位：县财政局、县教育局、晃源集团、县经投公司）"
    assert [r for _, r in units(text, genre)] == ["responsible"] * 4


def test_lead_responsible_label(genre):
    # xinhuang 附件6 (一) 1.
    assert units("改善办学条件。（牵头责任单位：县教育局）", genre) == [("县教育局", "lead")]


def test_by_duty_responsible(genre):
    # xinhuang 附件5 (二) 11.
    text = "“零”目标。（县发改局、县商务科技和工业信息化局依职责负责）"
    assert units(text, genre) == [
        ("县发改局", "responsible"),
        ("县商务科技和工业信息化局", "responsible"),
    ]


def test_lead_and_cooperate(genre):
    # shaodong 附件6 (16)
    assert units("改造任务。（市住建局牵头，市发改局等配合）", genre) == [
        ("市住建局", "lead"),
        ("市发改局", "cooperate"),
    ]


def test_lead_together_with_huitong(genre):
    # xinhuang 附件3 (三) 2.
    assert units("品牌。（县政务服务中心会同各事项涉及单位牵头）", genre) == [
        ("县政务服务中心", "lead"),
        ("各事项涉及单位", "lead"),
    ]


def test_lead_by_duty_and_cooperate(genre):
    # xinhuang 附件5 (二) 7.
    text = "行为。（县交通运输局、县公安局交管中心依职责牵头，各乡镇、县财政局等配合）"
    assert units(text, genre) == [
        ("县交通运输局", "lead"),
        ("县公安局交管中心", "lead"),
        ("各乡镇", "cooperate"),
        ("县财政局", "cooperate"),
    ]


def test_mismatched_brackets(genre):
    # xinhuang 附件1 (一) 3.
    assert units("年旅游总收入15亿元目标。（县文化旅游广电体育局牵头负责)", genre) == [
        ("县文化旅游广电体育局", "lead")
    ]


def test_ji_joins_two_organisations(genre):
    # shaodong 附件5 (一) 2.
    assert units("（市财政局、昭阳公司及各相关债务单位负责）", genre) == [
        ("市财政局", "responsible"),
        ("昭阳公司", "responsible"),
        ("各相关债务单位", "responsible"),
    ]


def test_alias_in_brackets_stays_with_name(genre):
    # shaodong 附件5 (一) 1.
    names = [n for n, _ in units("（市财政局、市委组织部（市绩效办）、市审计局负责）", genre)]
    assert names == ["市财政局", "市委组织部（市绩效办）", "市审计局"]


def test_units_after_the_last_role_word_are_responsible_and_inferred(genre):
    # shaodong 附件2 (六) 2. has no role word after the lead's list
    hits = find_clauses(
        span("“湘信贷”推广应用。（市金融服务中心牵头，人民银行邵东支行、市发改局）"), genre
    )
    got = [(n.name.text, n.role, n.inferred) for n in hits[0].names]
    assert got == [
        ("市金融服务中心", "lead", False),
        ("人民银行邵东支行", "responsible", True),
        ("市发改局", "responsible", True),
    ]


def test_bare_list_after_a_sentence_is_an_inferred_clause(genre):
    # xinhuang 附件4 (一) 2.
    hits = find_clauses(span("“清零”试点。（县财政局、晃源集团等相关部门）"), genre)
    assert [(n.name.text, n.inferred) for n in hits[0].names] == [
        ("县财政局", True),
        ("晃源集团", True),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "加快推进武陵山大（龙）新（晃）经济协作示范园建设",  # a place name
        "《湖南省打好发展“六仗”总体方案》（湘政办发〔2023〕2号）文件精神",  # a document number
        "应用湖南省融资综合信用服务平台（征信平台）“湘信贷”",  # an explanation
        "构建“五个一”工作体系(即一名县级牵头领导、一套工作班子、一张产业图谱)，制定",
        "从业人员（含劳务派遣、灵活用工人员）教育培训率达100%",
        "落实到乡镇、村（社区）。",
        "全力创建国家创新型县（市）。",
    ],
)
def test_parenthesised_text_that_is_not_a_clause(text, genre):
    assert find_clauses(span(text), genre) == []


def test_several_clauses_in_one_sentence_run(genre):
    # xinhuang 附件3 (一) 2.: each sentence carries its own clause
    text = (
        "评选表彰活动（县委统战部、县商务科技和工业信息化局、县工商联牵头）。"
        "继续开展“一册”“一办”“一平台”等工作（县发改局、县优化办、县商务科技和工业信息化局牵头）。"
    )
    assert len(find_clauses(span(text), genre)) == 2


def test_a_lead_marked_inside_a_list_of_responsible_units(genre):
    # layout of district target lists: 责任单位：A（牵头）、B
    assert units("责任单位：区发改局（牵头）、区财政局(配合)、区税务局", genre) == [
        ("区发改局", "lead"),
        ("区财政局", "cooperate"),
        ("区税务局", "responsible"),
    ]


def test_other_labels_in_a_clause_end_the_list_of_units(genre):
    # layout of task-division tables: 完成时限 and 责任领导 share the bracket with the units
    assert units("抓好落实。（责任单位：区发改局、区财政局，完成时限：2023年12月底）", genre) == [
        ("区发改局", "responsible"),
        ("区财政局", "responsible"),
    ]
    assert units("抓好落实。(责任领导:张三;牵头单位:区发改局;责任单位:区财政局)", genre) == [
        ("区发改局", "lead"),
        ("区财政局", "responsible"),
    ]


def test_a_deadline_after_the_role_word_is_not_a_unit(genre):
    assert units("抓好落实。（区发改局负责，2023年6月底前完成）", genre) == [
        ("区发改局", "responsible")
    ]


def test_department_labels(genre):
    # 牵头部门：/配合部门： for 牵头单位：/配合单位：, half-width, and in traditional characters
    assert units("抓好落实。(牵头部门:市发改局,配合部门:市财政局、市税务局)", genre) == [
        ("市发改局", "lead"),
        ("市财政局", "cooperate"),
        ("市税务局", "cooperate"),
    ]
    assert units("抓好落實。(牽頭部門:市發改局,配合部門:市財政局)", genre) == [
        ("市發改局", "lead"),
        ("市財政局", "cooperate"),
    ]


def test_labels_after_the_sentence_on_the_same_line(genre):
    # layout of PDF extractions where the label lines were joined to the task's sentence
    assert units("完成投资50亿元。牵头单位：县发改局  责任单位：县财政局、县自然资源局", genre) == [
        ("县发改局", "lead"),
        ("县财政局", "responsible"),
        ("县自然资源局", "responsible"),
    ]
    assert units("优化营商环境。责任单位：县营商办（牵头），县行政审批局。", genre) == [
        ("县营商办", "lead"),
        ("县行政审批局", "responsible"),
    ]
    # a label in running text, not after a finished sentence, is not a clause
    assert units("各牵头单位：要按月报送进展情况", genre) == []


def test_main_and_collaborating_unit_labels(genre):
    # 主责单位：/协同单位： for 牵头单位：/配合单位：
    assert units("新增企业500家。（主责单位：县市场监管局；协同单位：县税务局）", genre) == [
        ("县市场监管局", "lead"),
        ("县税务局", "cooperate"),
    ]


def test_a_note_in_the_clause_that_the_first_unit_leads(genre):
    text = "争取专项债券10亿元。（责任单位：县发改局、县财政局，排在第一位的为牵头单位）"
    assert units(text, genre) == [("县发改局", "lead"), ("县财政局", "responsible")]
    # without the note nobody leads
    assert units("争取专项债券10亿元。（责任单位：县发改局、县财政局）", genre) == [
        ("县发改局", "responsible"),
        ("县财政局", "responsible"),
    ]


def test_a_note_for_the_whole_document_that_the_first_unit_leads(genre):
    clause = "（责任单位：县应急管理局、县消防救援大队）"
    hits = find_clauses(span("加强安全生产。" + clause), genre, first_leads=True)
    assert [(n.name.text, n.role) for c in hits for n in c.names] == [
        ("县应急管理局", "lead"),
        ("县消防救援大队", "responsible"),
    ]
    # a clause that names its lead keeps it
    hits = find_clauses(
        span("抓好落实。（牵头单位：县应急局；责任单位：县消防救援大队）"), genre, True
    )
    assert [(n.name.text, n.role) for c in hits for n in c.names] == [
        ("县应急局", "lead"),
        ("县消防救援大队", "responsible"),
    ]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # headings that group the items under them by their lead (our wording, in the
        # layout of 沁县 2025 县《政府工作报告》任务清单: 一、X牵头工作（8项）)
        ("县示范区管委会牵头工作（8项）", [("县示范区管委会", "lead")]),
        ("县发改局、县财政局牵头的重点任务", [("县发改局", "lead"), ("县财政局", "lead")]),
        ("县住建局牵头", [("县住建局", "lead")]),
        # headings that are not
        ("加快推进重大项目建设", None),
        ("坚持党委领导、政府负责", None),
        ("县发改局牵头抓好项目前期工作", None),
    ],
)
def test_a_heading_that_names_the_lead_of_its_items(title, expected, genre):
    from graphbuild.extract.clauses import heading_clause

    hit = heading_clause(span(title), genre)
    assert (hit and [(n.name.text, n.role) for n in hit.names]) == expected


def test_main_and_assisting_role_words(genre):
    # 主办/协办 for 牵头/配合 (layout of 南京市 district 目标任务分解落实方案)
    assert units("增长5%以上。（区发改委主办，各街道办事处、区管委协办）", genre) == [
        ("区发改委", "lead"),
        ("各街道办事处", "cooperate"),
        ("区管委", "cooperate"),
    ]


def test_a_division_label_whose_list_says_each_role(genre):
    # 部门分工：A牵头，B配合。 on a line of its own (layout of 广东省 重点任务分工方案)
    assert units(
        "增长6%以上。\n分管县领导：张三\n部门分工：县发改局牵头，各乡镇、各部门配合。", genre
    ) == [
        ("县发改局", "lead"),
        ("各乡镇", "cooperate"),
        ("各部门", "cooperate"),
    ]


def test_a_counted_collective_of_levels_is_one_unit(genre):
    # 13个街道、镇 (layout of a Shanghai district's 工作分解 table)
    assert units("抓好落实。（责任单位：区发改委、13个街道、镇）", genre) == [
        ("区发改委", "responsible"),
        ("13个街道、镇", "responsible"),
    ]


def test_shared_duty_role_words(genre):
    # 分工负责 / 共同负责 (layout of a county's 安全生产 plan)
    assert units("抓好落实。（县委组织部、县应急局分工负责；各乡镇共同负责）", genre) == [
        ("县委组织部", "responsible"),
        ("县应急局", "responsible"),
        ("各乡镇", "responsible"),
    ]


def test_one_places_two_bodies_are_not_split_at_he(genre):
    # 党委和人民政府 / 党工委和管委会: the same place's bodies (layout of a 河长制 分解表);
    # two departments joined by 和 are two units
    assert units(
        "抓好落实。（责任单位：各县（市、区）党委和人民政府、高新区党工委和管委会）", genre
    ) == [
        ("各县（市、区）党委和人民政府", "responsible"),
        ("高新区党工委和管委会", "responsible"),
    ]
    assert units("抓好落实。（县经济投资局和县航空口岸局分别牵头）", genre) == [
        ("县经济投资局", "lead"),
        ("县航空口岸局", "lead"),
    ]
