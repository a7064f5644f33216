"""The free-text router of the app: common phrasings in Chinese and English."""

from __future__ import annotations

import sys

import pytest

from graphbuild.model import Corpus
from graphbuild.query.catalog import load_catalog
from tests.utils import ROOT

sys.path.insert(0, str(ROOT / "graphbuild" / "app"))
from lib.router import Vocabulary, find_topic, route, vocabulary_from_corpus


@pytest.fixture(scope="module")
def vocab(corpus: Corpus) -> Vocabulary:
    return vocabulary_from_corpus(corpus)


CASES = [
    ("哪个单位牵头的任务最多", "top-lead-units", {}),
    ("which unit leads the most tasks", "top-lead-units", {}),
    (
        "Which unit leads the most tasks in Xinhuang?",
        "top-lead-units",
        {"county": "新晃侗族自治县"},
    ),
    ("邵东市牵头最多的前5个单位", "top-lead-units", {"county": "邵东市", "top_n": 5}),
    ("邵东 风险 牵头最多", "top-lead-units", {"county": "邵东市", "battle": "risk"}),
    ("继承的牵头单位哪个最多", "top-lead-units", {"lead_kind": "inherited"}),
    ("债务风险 两县 对比", "topic-compare", {"topic": "政府债务", "battle": "risk"}),
    (
        "compare debt risk in the two counties",
        "topic-compare",
        {"topic": "政府债务", "battle": "risk"},
    ),
    ("两县安全生产中消防的比较", "topic-compare", {"topic": "消防", "battle": "safety"}),
    ("市财政局负责哪些任务", "agency-portfolio", {"county": "邵东市", "agency": "市财政局"}),
    ("县应急管理局", "agency-portfolio", {"county": "新晃侗族自治县", "agency": "县应急管理局"}),
    ("新晃 安全生产 任务", "battle-tasks", {"county": "新晃侗族自治县", "battle": "safety"}),
    ("民生保障仗有哪些任务", "battle-tasks", {"battle": "livelihood"}),
    ("没有责任单位的任务", "tasks-without-units", {}),
    ("tasks without a unit in Shaodong", "tasks-without-units", {"county": "邵东市"}),
    ("各工作专班的召集人", "working-groups", {}),
    ("leading group of Shaodong", "leading-group", {"county": "邵东市"}),
    ("哪些单位经常一起负责", "co-responsibility-pairs", {}),
    ("most central agencies in Xinhuang", "agency-centrality", {"county": "新晃侗族自治县"}),
    ("单位社群划分", "agency-communities", {}),
    (
        "市财政局和市应急管理局之间的路径",
        "agency-path",
        {"county": "邵东市", "source": "市财政局", "target": "市应急管理局"},
    ),
    ("搜索 “数字经济”", "task-search", {"keyword": "数字经济"}),
    ("search for 电商", "task-search", {"keyword": "电商"}),
    ("财政职能的单位", "function-load", {"function": "finance"}),
    ("集体单位", "collective-units", {}),
    ("六仗概览", "battle-overview", {}),
    ("分管领导负责哪些任务", "leaders-oversee", {}),
]


@pytest.mark.parametrize(("text", "qid", "params"), CASES)
def test_routes(vocab: Vocabulary, text: str, qid: str, params: dict) -> None:
    found = route(text, vocab)
    assert found is not None, text
    assert found.qid == qid, (text, found)
    for key, value in params.items():
        assert found.params.get(key) == value, (text, found.params)


def test_every_routed_question_is_in_the_catalog(vocab: Vocabulary) -> None:
    ids = {q.id for q in load_catalog()}
    assert ids, "the catalog is empty"
    for text, qid, _ in CASES:
        assert qid in ids, qid
        found = route(text, vocab)
        q = next(q for q in load_catalog() if q.id == found.qid)
        declared = {p.name for p in q.params}
        # what the router extracts is either a declared parameter or ignored by the page
        assert set(found.params) - declared <= {"county", "battle", "top_n"}, found


def test_deterministic_and_empty(vocab: Vocabulary) -> None:
    assert route("", vocab) is None
    assert route("   ", vocab) is None
    assert route("hello there", vocab) is None
    assert route("哪个单位牵头的任务最多", vocab) == route("哪个单位牵头的任务最多", vocab)


def test_topic_lexicon() -> None:
    assert find_topic("防范化解政府债务风险") == ("政府债务", "risk")
    assert find_topic("illegal fundraising") == ("非法集资", "risk")
    assert find_topic("天气") is None
