"""Quantitative targets: extraction, spans, metric keys, inconsistencies (real corpus)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from graphbuild.analyse.compare import enrich, find_inconsistencies
from graphbuild.extract.targets import find_targets, load_metrics
from graphbuild.model import Corpus, to_dict
from graphbuild.store import corpus_from_dict
from tests.utils import RAW


def _compact(text: str) -> str:
    return re.sub(r"\s|\*\*", "", text)


@pytest.fixture(scope="module")
def raw() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in RAW.glob("*.txt")}


def _by_task(corpus: Corpus, task: str) -> list:
    return [t for t in corpus.targets if t.task == task]


def test_xinhuang_debt_service_targets_have_value_and_unit(corpus: Corpus):
    expected = {
        "xinhuang/risk/2.1.2.1": (5.06, "debt_service_government", "筹措政府债务还本付息资金"),
        "xinhuang/risk/2.1.2.2": (0.58, "debt_service_ppp", "筹措教育PPP项目还本付息资金"),
        "xinhuang/risk/2.1.2.3": (2.56, "debt_service_hidden", "筹措隐性债务还本付息资金"),
        "xinhuang/risk/2.1.2.4": (7.6, "debt_service_operating", "筹措经营债务还本付息资金"),
    }
    for task, (value, key, metric) in expected.items():
        [t] = _by_task(corpus, task)
        assert (t.value, t.value_to, t.unit) == (value, None, "亿元")
        assert t.metric == metric
        assert t.metric_key == key
        assert t.county == "新晃侗族自治县" and t.battle == "risk"
        assert t.section == "xinhuang/risk/2.1"
    [award] = _by_task(corpus, "xinhuang/risk/2.1.3.5")
    assert (award.value, award.unit, award.metric_key) == (2000, "万元", "debt_risk_award")
    # 5000万以下 only defines which projects a rule covers: not a target
    assert not _by_task(corpus, "xinhuang/risk/2.1.1.1")


def test_every_target_span_is_exact_in_the_raw_file(corpus: Corpus, raw: dict[str, str]):
    assert len(corpus.targets) > 300
    for t in corpus.targets:
        piece = raw[t.source.file][t.source.start : t.source.end]
        assert _compact(piece) == _compact(t.matched), t.id
        assert t.matched and _compact(t.matched) in _compact(t.text), t.id


def test_span_across_a_page_break(corpus: Corpus, raw: dict[str, str]):
    # 加工业产值增长12%\n\n以上: the qualifier is on the next page
    [t] = [t for t in corpus.targets if t.metric == "加工业产值增长"]
    assert (t.value, t.unit, t.qualifier) == (12, "%", "以上")
    assert "\n" in raw[t.source.file][t.source.start : t.source.end]


def test_general_plan_goals_map_to_battles_by_their_text(corpus: Corpus):
    battles = {t.section: t.battle for t in corpus.targets if t.task is None}
    assert battles["shaodong/general/2.1"] == "growth"
    assert battles["shaodong/general/2.2"] == "innovation"
    assert battles["shaodong/general/2.6"] == "livelihood"
    assert battles["xinhuang/general/2.1"] == "growth"
    assert battles["xinhuang/general/2.2"] == "innovation"


def test_goal_targets_with_qualifiers(corpus: Corpus):
    def one(section: str, key: str):
        [t] = [t for t in corpus.targets if t.section == section and t.metric_key == key]
        return t

    gdp = one("shaodong/general/2.1", "gdp_growth")
    assert (gdp.metric, gdp.value, gdp.unit, gdp.qualifier) == (
        "地区生产总值增长",
        8.5,
        "%",
        "左右",
    )
    jobless = one("shaodong/general/2.1", "unemployment_rate")
    assert (jobless.value, jobless.qualifier) == (4.5, "控制在、以内")
    xgdp = one("xinhuang/general/2.1", "gdp_growth")
    assert (xgdp.value, xgdp.qualifier) == (7.5, "力争、以上")
    xgdp1 = one("xinhuang/growth/1", "gdp_growth")
    assert (xgdp1.value, xgdp1.deadline) == (8, "2023年")
    net = one("shaodong/general/2.2", "hightech_enterprise_net")
    assert (net.metric, net.value, net.unit) == ("高新技术企业净增", 10, "家")


def test_from_to_and_ranges(corpus: Corpus):
    low = [t for t in corpus.targets if t.metric_key == "urban_low_income_standard"]
    assert {t.county for t in low} == {"邵东市", "新晃侗族自治县"}
    for t in low:
        assert (t.value, t.value_to, t.unit) == (600, 650, "元/月")
        assert "不低于" in t.qualifier and "提高到" in t.qualifier
    [core] = [
        t
        for t in corpus.targets
        if t.task is None
        and t.section == "shaodong/innovation/2.1"
        and t.metric_key == "core_tech_breakthroughs"
    ]
    assert (core.value, core.value_to, core.unit) == (3, 4, "项")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("城镇新增就业 5300 人以上。", [("城镇新增就业", 5300, None, "人", "以上")]),
        (
            "力争社会消费品零售总额达到 350 亿元。",
            [("社会消费品零售总额", 350, None, "亿元", "力争")],
        ),
        ("重点打造 2-3 家夜间消费集聚示范区。", [("重点打造夜间消费集聚示范区", 2, 3, "家", "")]),
        ("散居孤儿从950元/月提高到1100元/月。", [("散居孤儿", 950, 1100, "元/月", "提高到")]),
        ("确保100%按期整改到位。", [("按期整改到位", 100, None, "%", "确保")]),
        ("新建30头以上标准化养殖场11个。", [("新建30头以上标准化养殖场", 11, None, "个", "")]),
        (
            "全年新引进过亿元项目15个以上，5亿元项目5个以上。",
            [("新引进过亿元项目", 15, None, "个", "以上"), ("5亿元项目", 5, None, "个", "以上")],
        ),
        ("围绕现有13条优势产业链，引进三类“500强”企业。", []),
        ("落实财税〔2022〕41号文件要求，建成5G基站。", []),
        ("县安委会每季度召开1次安委会全会。", []),
        ("有效遏制一次死亡 3 人以上的非生产经营性安全事故。", []),
        ("县级救治中心应成立转诊接诊专班，24小时值守。", []),
    ],
)
def test_find_targets(text: str, expected: list[tuple]):
    got = [(f.metric, f.value, f.value_to, f.unit, f.qualifier) for f in find_targets(text)]
    assert got == expected


def test_deadline_is_kept():
    [f] = find_targets("2023年11月底前，完成存量电子证照 128 项的录入。")
    assert f.deadline == "2023年11月底前"
    [g] = find_targets("到2023年底，实现审批时间压减至55个工作日内。")
    assert (g.deadline, g.value, g.unit, g.qualifier) == (
        "到2023年底",
        55,
        "个工作日",
        "压减至、内",
    )


def test_metric_keys_come_from_the_table():
    keys = [m.key for m in load_metrics()]
    assert len(keys) == len(set(keys))
    assert {"gdp_growth", "new_urban_jobs", "debt_service_government"} <= set(keys)


def test_gdp_inconsistency_between_general_plan_and_growth_attachment(corpus: Corpus):
    found = {(i.county, i.metric_key): i for i in corpus.inconsistencies}
    gdp = found[("新晃侗族自治县", "gdp_growth")]
    assert gdp.values == ["7.5%以上", "8%以上"]
    targets = {t.id: t for t in corpus.targets}
    assert [targets[x].section for x in gdp.targets] == [
        "xinhuang/general/2.1",
        "xinhuang/growth/1",
    ]
    assert gdp.compatible  # both are lower bounds
    # 邵东: GDP agrees (8.5%左右 twice) but services value added does not (8% vs 7.1%)
    assert ("邵东市", "gdp_growth") not in found
    services = found[("邵东市", "services_value_added_growth")]
    assert services.values == ["8%", "7.1%"] and not services.compatible


def test_every_inconsistency_is_real(corpus: Corpus, raw: dict[str, str]):
    assert len(corpus.inconsistencies) >= 8
    targets = {t.id: t for t in corpus.targets}
    metrics = {m.key: m for m in load_metrics()}
    for inc in corpus.inconsistencies:
        items = [targets[x] for x in inc.targets]
        assert len({t.county for t in items}) == 1 and items[0].county == inc.county
        assert len({(t.value, t.value_to) for t in items}) >= 2, inc.id
        assert len({t.unit for t in items}) == 1
        for t, src in zip(items, inc.sources, strict=True):
            assert src == t.source
            written = _compact(raw[src.file][src.start : src.end]).replace("１", "1")
            number = f"{t.value:g}"
            assert number in written, (inc.id, number, written)
            # the sentence really names the metric
            sentence = _compact(t.text)
            assert any(p.search(sentence) for p in metrics[inc.metric_key].patterns), (
                inc.id,
                t.text,
            )


def test_round_trip_and_determinism(corpus: Corpus):
    data = json.loads(json.dumps(to_dict(corpus), ensure_ascii=False))
    back = corpus_from_dict(data)
    assert back.targets == corpus.targets
    assert back.alignments == corpus.alignments
    assert back.inconsistencies == corpus.inconsistencies
    assert back.section_alignments == corpus.section_alignments
    assert back.agency_alignments == corpus.agency_alignments
    enrich(back, RAW)
    assert to_dict(back) == to_dict(corpus)
    assert find_inconsistencies(back.targets) == corpus.inconsistencies


def test_old_model_without_the_new_fields_loads(corpus: Corpus):
    data = json.loads(json.dumps(to_dict(corpus), ensure_ascii=False))
    for key in (
        "targets",
        "alignments",
        "inconsistencies",
        "section_alignments",
        "agency_alignments",
    ):
        data.pop(key)
    assert corpus_from_dict(data).targets == []


def test_targets_cli_json_shape(built: Path):
    from tests.utils import run

    rows = json.loads(
        run("targets", "--county", "新晃", "--metric", "还本付息", "--format", "json", build=built)
    )
    assert {r["metric"] for r in rows} == {
        "筹措政府债务还本付息资金",
        "筹措教育PPP项目还本付息资金",
        "筹措隐性债务还本付息资金",
        "筹措经营债务还本付息资金",
    }
    for r in rows:
        assert r["county"] == "新晃侗族自治县"
        for v in r["values"]:
            assert {"value", "unit", "qualifier", "source"} <= set(v)
            assert v["unit"] == "亿元"
    incons = json.loads(run("targets", "--inconsistent", "--format", "json", build=built))
    assert {(r["county"], r["metric_key"]) for r in incons} >= {
        ("新晃侗族自治县", "gdp_growth"),
        ("邵东市", "services_value_added_growth"),
    }
    for r in incons:
        assert {"county", "metric", "values"} <= set(r) and len(r["values"]) >= 2
    table = run("targets", "--inconsistent", build=built)
    assert "gdp_growth" in table and "inconsistency" in table.splitlines()[0]


def test_targets_inconsistent_says_compatible_and_keeps_pairs_together(built: Path):
    """新晃's general plan says GDP 7.5%以上, its growth attachment 8%以上: both can hold
    (compatible); 邵东's 服务业增加值增长 8% in the general plan and 7.1% in the growth
    attachment cannot."""
    import csv
    import io

    from tests.test_compare import run

    incons = json.loads(run("targets", "--inconsistent", "--format", "json", build=built))
    keys = [(r["county"], r["metric_key"]) for r in incons]
    assert keys == sorted(keys)
    by_key = {(r["county"], r["metric_key"]): r for r in incons}
    assert by_key[("新晃侗族自治县", "gdp_growth")]["compatible"] is True
    assert by_key[("邵东市", "services_value_added_growth")]["compatible"] is False
    for fmt in ("csv", "table"):
        text = run("targets", "--inconsistent", "--format", fmt, build=built)
        assert "compatible" in text.splitlines()[0], fmt
    rows = list(
        csv.DictReader(
            io.StringIO(run("targets", "--inconsistent", "--format", "csv", build=built))
        )
    )
    order = [r["inconsistency"] for r in rows]
    # each inconsistency's targets stand together, in the JSON's order
    assert list(dict.fromkeys(order)) == [r["id"] for r in incons]
    for r in incons:
        assert order.count(r["id"]) == len(r["values"])
    gdp = [r for r in rows if r["key"] == "gdp_growth"]
    assert [r["value"] for r in gdp] == ["7.5%以上", "8%以上"]
    assert {r["compatible"] for r in gdp} == {"true"}
    services = [r for r in rows if r["key"] == "services_value_added_growth"]
    assert [r["value"] for r in services] == ["8%", "7.1%"]
    assert {r["compatible"] for r in services} == {"false"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from tests.utils import build_into

    return build_into(tmp_path_factory.mktemp("targets-build"))
