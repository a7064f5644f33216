"""Whole-corpus facts, each checked by reading the two plans (line numbers of data/raw)."""

from __future__ import annotations

from collections import Counter

from graphbuild.model import Corpus, Task
from tests.utils import RAW, roles


def _count(corpus: Corpus, county: str, battle: str, kind: str) -> int:
    return sum(t.county == county and t.battle == battle and t.kind == kind for t in corpus.tasks)


def test_plan_metadata_comes_from_the_documents(corpus: Corpus):
    got = {(p.county, p.issuer, p.number, p.date) for p in corpus.plans}
    assert got == {
        ("邵东市", "邵东市人民政府办公室", "邵东政办函〔2023〕9号", "2023-04-03"),
        ("新晃侗族自治县", "新晃侗族自治县人民政府办公室", "晃政办发〔2023〕2号", "2023-03-30"),
    }


def test_attachments_map_to_battles_and_the_leading_group(corpus: Corpus):
    kinds = {(a.plan, a.number): (a.kind, a.battle) for a in corpus.attachments}
    assert kinds[("shaodong", 1)] == ("leading_group", None)
    assert kinds[("shaodong", 4)] == ("battle", "environment")  # 营商环境持久仗
    assert kinds[("shaodong", 5)] == ("battle", "risk")  # 阻击战
    assert kinds[("xinhuang", 3)] == ("battle", "environment")  # 优化发展环境持久仗
    assert kinds[("xinhuang", 4)] == ("battle", "risk")  # 阻击仗
    assert Counter(k for k, _ in kinds.values()) == {"battle": 12, "leading_group": 1}


def test_numbered_task_counts_per_attachment(corpus: Corpus):
    # Counted by hand in each attachment's 工作任务 (and the 附表 for Shaodong's 附件4).
    expected = {
        ("邵东市", "growth", "task"): 8 + 7 + 4 + 8 + 4 + 6,
        ("邵东市", "innovation", "task"): 5 + 5 + 2,  # (三)(四) carry their own clause
        ("邵东市", "environment", "task"): 4,  # 四、保障措施 1.–4. each has a clause
        ("邵东市", "environment", "row"): 28,
        ("邵东市", "risk", "task"): 40,
        ("邵东市", "safety", "task"): 9,  # 1.–3. under each of (一)(二)(三)
        ("邵东市", "safety", "subitem"): 42,  # (1)–(42)
        ("邵东市", "livelihood", "task"): 10 + 6 + 8 + 2,
        ("新晃侗族自治县", "growth", "task"): 7 + 7 + 4 + 8 + 3 + 6,
        ("新晃侗族自治县", "innovation", "task"): 3 + 4,
        ("新晃侗族自治县", "environment", "task"): 6 + 3 + 6 + 4,
        ("新晃侗族自治县", "risk", "task"): 39,
        ("新晃侗族自治县", "safety", "task"): 3 + 15 + 5 + 6,
        ("新晃侗族自治县", "livelihood", "task"): 11 + 3 + 8 + 5,
    }
    for (county, battle, kind), n in expected.items():
        assert _count(corpus, county, battle, kind) == n, (county, battle, kind)


def test_shaodong_risk_section_headings_give_inherited_leads(tasks: dict[str, Task]):
    # 附件5: （一）…（市财政局牵头） … （五）…（市应急管理局牵头）, tasks 1–40.
    heads = {1: "市财政局", 6: "市金融办", 13: "市住建局", 18: "市卫健局", 31: "市应急管理局"}
    section, lead = 0, ""
    for n in range(1, 41):
        if n in heads:
            section, lead = section + 1, heads[n]
        task = tasks[f"shaodong/risk/2.{section}.{n}"]
        leads = [u for u in task.units if u.role == "lead"]
        assert [u.name for u in leads] == [lead]
        assert leads[0].inherited


def test_task_lead_is_not_overridden_by_the_section_lead(tasks: dict[str, Task]):
    # 附件2 (一) names 市商务局, task 7 names its own lead 市金融服务中心.
    assert roles(tasks["shaodong/growth/2.1.7"]) == {
        "市金融服务中心": "lead",
        "市商务局": "responsible",
    }


def test_two_leads_before_the_responsible_list(tasks: dict[str, Task]):
    # （经开区管委会、城北片区管理办牵头、市发改局，市财政局、…等负责）
    r = roles(tasks["shaodong/growth/2.4.5"])
    assert [n for n, role in r.items() if role == "lead"] == ["经开区管委会", "城北片区管理办"]
    assert r["市发改局"] == "responsible"


def test_name_split_by_a_page_break_is_joined(tasks: dict[str, Task]):
    # raw lines 524/526: （市卫健局、市疾控中 ⏎⏎ 心等负责)
    task = tasks["shaodong/risk/2.4.26"]
    assert "市疾控中心" in roles(task)
    unit = next(u for u in task.units if u.name == "市疾控中心")
    raw = (RAW / unit.source.file).read_text(encoding="utf-8")
    assert raw[unit.source.start : unit.source.end].replace("\n", "") == "市疾控中心"


def test_unit_named_twice_in_a_task_is_one_unit_with_both_mentions(tasks: dict[str, Task]):
    # 14.（市金融办、人民银行邵东支行、市金融办等负责）
    task = tasks["shaodong/risk/2.3.14"]
    finance = [u for u in task.units if u.name == "市金融办"]
    assert len(finance) == 1
    assert len(finance[0].mentions) == 2


def test_every_unit_source_points_at_its_name_in_the_raw_file(corpus: Corpus):
    texts = {p.file: (RAW / p.file).read_text(encoding="utf-8") for p in corpus.plans}
    checked = 0
    for task in corpus.tasks:
        for unit in task.units:
            for m in unit.mentions:
                if m.inherited:
                    continue
                raw = texts[m.source.file][m.source.start : m.source.end]
                cleaned = "".join(raw.split()).replace("**", "")
                assert cleaned == "".join(m.name.split()), raw
                checked += 1
    assert checked > 1000


def test_business_environment_table_first_unit_leads(tasks: dict[str, Task]):
    # 附表 footnote: 各单项工作排第一的为牵头责任单位
    row1 = tasks["shaodong/environment/table.1"]
    assert roles(row1) == {
        "市委办": "lead",
        "市政府办": "responsible",
        "邵东经开区管委会": "responsible",
    }
    assert [p.name for p in row1.persons] == ["陈业华", "李佑军", "杨振明"]
    # row 15: 各具有行政审批职能的 ⏎ 相关单位 is one collective name
    row15 = tasks["shaodong/environment/table.15"]
    collective = [u.name for u in row15.units if u.collective]
    assert collective == ["各具有行政审批职能的相关单位"]


def test_space_inside_a_person_name_is_an_artefact(tasks: dict[str, Task]):
    # row 27: 牵头市领导 “罗 莉 杨振明”
    assert [p.name for p in tasks["shaodong/environment/table.27"].persons] == ["罗莉", "杨振明"]


def test_collective_names_are_kept_and_marked(tasks: dict[str, Task]):
    units = {u.name: u for u in tasks["shaodong/growth/2.2.5"].units}
    assert units["各乡镇（街道、场）"].collective
    assert not units["经开区管委会"].collective
    assert [u.name for u in tasks["shaodong/environment/table.5"].units if u.collective] == [
        "市内各金融机构"
    ]


def test_not_a_clause_in_the_corpus(tasks: dict[str, Task]):
    # (即一名县级牵头领导…) and 大（龙）新（晃） are not clauses.
    assert roles(tasks["xinhuang/growth/2.4.2"])["县发改局"] == "lead"
    assert len(tasks["xinhuang/growth/2.4.2"].clauses) == 1
    assert roles(tasks["xinhuang/growth/2.5.1"]) == {
        "县发改局": "lead",
        "县商务科技和工业信息化局": "responsible",
    }


def test_several_clauses_in_one_task(tasks: dict[str, Task]):
    # xinhuang 附件6 (一) 11.: five paragraphs, five 牵头责任单位 clauses
    task = tasks["xinhuang/livelihood/3.1.11"]
    assert len(task.clauses) == 5
    assert [u.name for u in task.units] == [
        "县交通运输局",
        "国网新晃县供电公司",
        "县商务科技和工业信息化局",
        "县水利局",
        "市生态环境局新晃分局",
    ]


def test_xinhuang_debt_subitems_keep_their_units_and_inherit_the_lead(tasks: dict[str, Task]):
    # 附件4 (一)（县财政局牵头） 2.(1) 筹措政府债务还本付息资金5.06亿元。
    # （责任单位：县财政局、晃源集团、政府专项债券项目单位）
    task = tasks["xinhuang/risk/2.1.2.1"]
    assert task.kind == "subitem" and task.parent == "xinhuang/risk/2.1.2"
    r = {u.name: (u.role, u.inherited, u.collective) for u in task.units}
    assert r == {
        "县财政局": ("lead", True, False),
        "晃源集团": ("responsible", False, False),
        "政府专项债券项目单位": ("responsible", False, True),
    }


def test_organisational_sections_hold_no_tasks_unless_they_state_a_clause(corpus: Corpus):
    assert not [t for t in corpus.tasks if "推进机制" in "".join(t.path)]
    assert [t.id for t in corpus.tasks if "保障措施" in "".join(t.path)] == [
        "shaodong/environment/4.1",
        "shaodong/environment/4.2",
        "shaodong/environment/4.3",
        "shaodong/environment/4.4",
    ]


def test_leading_group(corpus: Corpus):
    group = [p for p in corpus.people if p.body == "邵东市打好“发展六仗”领导小组"]
    assert [(p.role, p.name) for p in group][:2] == [("组长", "李国军"), ("副组长", "陈业华")]
    assert group[0].post == "市委副书记、市长"
    assert sum(p.role == "副组长" for p in group) == 10


def test_working_groups(corpus: Corpus):
    wgs = {w.id: w for w in corpus.working_groups}
    assert len(wgs) == 12
    risk = wgs["shaodong/wg/risk"]
    assert risk.convenor == "常务副市长"
    assert risk.deputy_convenors == ["市政府办副主任申文武", "市财政局党委书记、局长曾会林"]
    assert risk.office == "市财政局"
    assert risk.member_units[0] == "市财政局" and risk.member_units[-1] == "国网邵东市电力公司"
    safety = wgs["xinhuang/wg/safety"]
    assert safety.office == "县应急管理局"
    assert safety.member_units[0] == "县发改局" and len(safety.member_units) == 13
    named = {(p.name, p.role) for p in corpus.people if p.body == "打好安全生产翻身仗工作专班"}
    assert named == {
        ("陈业华", "召集人"),
        ("申文武", "副召集人"),
        ("肖少军", "副召集人"),
        ("周文交", "副召集人"),
    }
