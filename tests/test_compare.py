"""Aligning two counties: sections, tasks, agencies by function; the compare command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphbuild.analyse.compare import PAIR_THRESHOLD, compare_report
from graphbuild.cli.main import main
from graphbuild.model import Corpus, Task
from tests.utils import build_into, run

S, X = "shaodong/risk/2.", "xinhuang/risk/2."


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_into(tmp_path_factory.mktemp("compare-build"))


def _pairs(corpus: Corpus, battle: str) -> dict[str, tuple[str, float]]:
    return {
        a.a: (a.b, a.score)
        for a in corpus.alignments  # type: ignore[misc]
        if a.battle == battle and a.kind == "pair"
    }


def test_the_five_debt_measures_align_pairwise(corpus: Corpus, tasks: dict[str, Task]):
    pairs = _pairs(corpus, "risk")
    for n in range(1, 6):
        b, score = pairs[f"{S}1.{n}"]
        assert b == f"{X}1.{n}"
        assert score >= PAIR_THRESHOLD
        assert tasks[f"{S}1.{n}"].title == tasks[b].title  # same headline measure


def test_risk_alignment_matches_the_hand_alignment(corpus: Corpus):
    from benchmarks.align_eval import GOLD, score

    pairs = [(a.a, a.b) for a in corpus.alignments if a.battle == "risk" and a.kind == "pair"]
    precision, recall, _ = score(pairs)  # type: ignore[arg-type]
    assert precision >= 0.95 and recall >= 0.9, (precision, recall, len(GOLD))


def test_pairs_and_unique_tasks_keep_ids_and_sources(corpus: Corpus, tasks: dict[str, Task]):
    assert corpus.alignments
    used: dict[str, set[str]] = {}
    for a in corpus.alignments:
        if a.kind == "pair":
            assert tasks[a.a].source == a.source_a and tasks[a.b].source == a.source_b
            assert tasks[a.a].county == a.county_a and tasks[a.b].county == a.county_b
            assert 0 < a.score <= 1
            for tid in (a.a, a.b):
                assert tid not in used.setdefault(a.battle, set()), tid  # one-to-one
                used[a.battle].add(tid)
        else:
            assert a.kind == "unique"
            assert (a.a is None) != (a.b is None)
            tid = a.a or a.b
            assert tasks[tid].source == (a.source_a or a.source_b)
            assert a.score < PAIR_THRESHOLD or a.nearest is not None
    # no task is paired together with its own parent
    for battle, ids in used.items():
        for tid in ids:
            parent = tasks[tid].parent
            assert parent not in ids, (battle, tid)


def test_unique_measures_are_reported(corpus: Corpus):
    unique = {a.a or a.b for a in corpus.alignments if a.battle == "risk" and a.kind == "unique"}
    assert f"{X}2.11" in unique  # 防范化解上市公司风险: 邵东 has no such measure
    assert f"{S}4.30" in unique  # 做好心理援助工作
    assert f"{S}1.1" not in unique


def test_sections_align_by_heading_and_by_content(corpus: Corpus):
    risk = {(s.a, s.b): s for s in corpus.section_alignments if s.battle == "risk"}
    assert {(f"{S}{n}", f"{X}{n}") for n in range(1, 6)} <= set(risk)
    assert risk[(f"{S}1", f"{X}1")].by == "heading"
    safety = {(s.a, s.b): s.by for s in corpus.section_alignments if s.battle == "safety"}
    # 开展三大攻坚 ↔ 深化专项整治行动: different headings, same content
    assert safety[("shaodong/safety/2.2", "xinhuang/safety/2.2")] == "content"
    pairs = _pairs(corpus, "safety")
    assert pairs["shaodong/safety/2.2.2.14"][0] == "xinhuang/safety/2.2.1"  # 建筑领域专项整治


def test_agencies_align_by_function(corpus: Corpus):
    found = {(a.a, a.b): a for a in corpus.agency_alignments}
    finance = found[("shaodong/agency/市财政局", "xinhuang/agency/县财政局")]
    assert finance.functions == ["finance"] and finance.score == 1.0
    merged = "xinhuang/agency/县商务科技和工业信息化局"
    assert found[("shaodong/agency/市商务局", merged)].functions == ["commerce"]
    assert set(found[("shaodong/agency/市科工局", merged)].functions) == {
        "science-technology",
        "industry-it",
    }


def test_compare_report_for_debt(corpus: Corpus):
    report = compare_report(corpus, "risk", "政府债务")
    assert report["counties"] == ["邵东市", "新晃侗族自治县"]
    assert [(p["a"], p["b"]) for p in report["pairs"]] == [
        (f"{S}1.{n}", f"{X}1.{n}") for n in range(1, 6)
    ]
    finance = next(r for r in report["units"] if r["function"] == "finance")
    assert finance["邵东市"]["lead"] == ["市财政局"]
    assert finance["新晃侗族自治县"]["lead"] == ["县财政局"]
    values = {(t["value"], t["unit"]) for t in report["targets"]["新晃侗族自治县"]}
    assert {(5.06, "亿元"), (0.58, "亿元"), (2.56, "亿元"), (7.6, "亿元")} <= values


def test_compare_cli_json_shape(built: Path):
    data = json.loads(run("compare", "--battle", "risk", "--format", "json", build=built))
    assert set(data) >= {"pairs", "unique", "units", "targets", "sections"}
    assert all(set(p) >= {"a", "b", "score"} for p in data["pairs"])
    assert set(data["unique"]) == {"邵东市", "新晃侗族自治县"}
    assert all(isinstance(x, str) for ids in data["unique"].values() for x in ids)
    debt = json.loads(
        run("compare", "--battle", "risk", "--topic", "政府债务", "--format", "json", build=built)
    )
    assert len(debt["pairs"]) == 5
    swapped = json.loads(
        run(
            "compare",
            "--battle",
            "risk",
            "--topic",
            "政府债务",
            "--counties",
            "新晃",
            "邵东",
            "--format",
            "json",
            build=built,
        )
    )
    assert swapped["pairs"][0]["a"].startswith("xinhuang/")


def test_compare_cli_markdown_and_csv(built: Path):
    md = run("compare", "--battle", "risk", "--topic", "政府债务", build=built)
    for heading in (
        "# 邵东市 ↔ 新晃侗族自治县",
        "## Aligned measures (5)",
        "## Units by function",
        "## Targets",
        "筹措政府债务还本付息资金",
    ):
        assert heading in md
    # no table without rows: 邵东 quantifies no debt target
    lines = md.splitlines()
    shaodong = lines.index("### 邵东市 (0)")
    assert lines[shaodong + 2] == "- (none)"
    for i, line in enumerate(lines):
        if line.startswith("|---"):
            assert i + 1 < len(lines) and lines[i + 1].startswith("|"), lines[i - 1]
    csv_text = run("compare", "--battle", "safety", "--format", "csv", build=built)
    assert csv_text.splitlines()[0].startswith("part,county,a,b,score")
    assert ",pair," in "," + "\n,".join(csv_text.splitlines())


def test_compare_bad_county_is_a_usage_error(built: Path, capsys):
    assert (
        main(["compare", "--battle", "risk", "--counties", "长沙", "邵东", "--build", str(built)])
        == 2
    )
    assert "--counties" in capsys.readouterr().err


def test_help_has_examples(capsys):
    for cmd in ("compare", "targets"):
        with pytest.raises(SystemExit) as exc:
            main([cmd, "--help"])
        assert exc.value.code == 0
        assert "examples:" in capsys.readouterr().out
