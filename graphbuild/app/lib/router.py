"""Route a free-text question (Chinese or English) to a catalog question with parameters.

Deterministic keyword rules, tried in order; parameters are extracted from the text with
the vocabulary of the model (county names, battle wordings, agency names, functions).
No Streamlit here, so the router is unit-tested on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["TOPICS", "Route", "Vocabulary", "find_topic", "route"]

#: Topic lexicon: (pattern, topic as the documents word it, battle key).
TOPICS: tuple[tuple[str, str, str], ...] = (
    (r"政府债务|债务|隐性债|debt", "政府债务", "risk"),
    (r"非法集资|illegal fund", "非法集资", "risk"),
    (r"金融风险|金融|financ", "金融", "risk"),
    (r"房地产|保交楼|real estate|property|housing market", "房地产", "risk"),
    (r"消防|火灾|fire", "消防", "safety"),
    (r"道路交通|交通安全|road safety|traffic safety", "道路交通", "safety"),
    (r"防汛|洪涝|flood", "防汛", "safety"),
    (r"燃气|gas", "燃气", "safety"),
    (r"就业|employment|\bjobs?\b", "就业", "livelihood"),
    (r"教育|学校|educat|school", "教育", "livelihood"),
    (r"医疗|医保|卫生|medical|health", "医疗", "livelihood"),
    (r"养老|elderly|pension", "养老", "livelihood"),
    (r"招商|investment promotion|attract investment", "招商", "growth"),
    (r"消费|consum", "消费", "growth"),
    (r"人才|talent", "人才", "innovation"),
    (r"营商环境|business environment", "营商环境", "environment"),
)

_BATTLE_WORDS: dict[str, tuple[str, ...]] = {
    "growth": ("经济增长", "稳增长", "growth", "economic growth", "economy"),
    "innovation": ("科技创新", "创新", "innovation", "sci-tech", "technology"),
    "environment": ("营商环境", "发展环境", "business environment", "environment"),
    "risk": ("防范化解", "风险", "risk", "risks"),
    "safety": ("安全生产", "work safety", "safety"),
    "livelihood": ("民生", "livelihood", "welfare"),
}

_RULES: tuple[tuple[str, str], ...] = (
    ("agency-path", r"路径|怎么连|如何连|连接|关联|\bpath\b|connect|\blink"),
    (
        "topic-compare",
        r"对比|比较|两县|两地|差异|异同|不同|compare|comparison|versus|\bvs\.?\b|"
        r"differ|side by side|both count",
    ),
    (
        "co-responsibility-pairs",
        r"共同负责|一起|搭档|成对|合作最多|经常合作|配对|pairs?\b|together|"
        r"co-?respons|jointly|work with each other",
    ),
    ("agency-communities", r"社区|社群|聚类|群落|圈子|派系|communit|cluster"),
    (
        "agency-centrality",
        r"中心性|中心|核心|枢纽|关键单位|central|betweenness|\bhubs?\b|"
        r"most connected|key (units|agencies)|most important",
    ),
    (
        "tasks-without-units",
        r"没有.{0,6}(单位|责任|牵头)|无(责任|牵头)?单位|未(明确|落实).{0,4}(单位|责任)|"
        r"缺少?责任|without (an? )?(unit|responsib|lead|agency)|no (unit|responsib|"
        r"lead|agency|one)|unassigned|orphan",
    ),
    (
        "top-lead-units",
        r"牵头.{0,10}(最多|多少|排名|排行|前\s*\d|靠前)|(最多|排名|排行).{0,10}牵头|"
        r"lead(s|ing)?( the)? most|most (tasks|leads)|top[- ]?\d*\s*lead|"
        r"leads? (the )?most|who leads|which (unit|agency|department) leads|"
        r"lead(ing)? units?",
    ),
    ("inherited-leads", r"继承|标题.{0,6}牵头|inherit"),
    ("collective-units", r"集体|集合|各相关|笼统|泛指|collective|vague"),
    ("function-load", r"职能|function"),
    ("leading-group", r"领导小组|leading group|组长"),
    ("working-groups", r"专班|working groups?|task ?forces?|召集人|convenor"),
    (
        "leaders-oversee",
        r"分管|领导.{0,6}(负责|牵头)|牵头.{0,2}领导|市领导|县领导|leaders?\b|oversee|"
        r"in charge",
    ),
    ("battle-overview", r"概览|总览|概况|总体|各仗|overview|summary|at a glance|six battles|六仗"),
)

_SEARCH = r"搜索|查找|查询|包含|提到|涉及|关于|search|find|mention|about|containing|contain"
_STOP = re.compile(
    r"哪些|哪个|什么|任务|措施|有关|相关|的|了|吗|呢|？|\?|。|，|,|请|帮我|一下|列出|显示|"
    r"\b(which|what|the|tasks?|measures?|show|list|me|are|is|of|on|in|for|with|all)\b|" + _SEARCH,
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Route:
    """The question chosen for a text, its parameters, and the rule that matched."""

    qid: str
    params: dict[str, Any]
    rule: str


@dataclass
class Vocabulary:
    """What the router can recognise, built from the model and the data tables."""

    counties: list[tuple[str, str]] = field(default_factory=list)  # (surface, county)
    battles: list[tuple[str, str]] = field(default_factory=list)  # (surface, key)
    agencies: list[tuple[str, str, str]] = field(default_factory=list)  # (surface, county, canon)
    functions: list[tuple[str, str]] = field(default_factory=list)  # (surface, key)

    @classmethod
    def build(
        cls,
        counties: Iterable[str],
        agencies: Iterable[tuple[str, str, Iterable[str]]],
        battles: dict[str, Iterable[str]],
        functions: dict[str, tuple[str, str]],
        county_en: dict[str, str] | None = None,
    ) -> Vocabulary:
        """Make a vocabulary.

        Parameters
        ----------
        counties
            County names as the model writes them (邵东市, 新晃侗族自治县).
        agencies
            (county, canonical, surface forms) per agency.
        battles
            Battle key → Chinese name and aliases.
        functions
            Function key → (zh, en).
        county_en
            County → English name (its first word is matched, lower case).
        """
        vocab = cls()
        for county in counties:
            forms = {county, re.sub(r"(侗族自治县|自治县|市|县)$", "", county)}
            if county_en and county in county_en:
                forms.add(county_en[county].split(" ")[0].lower())
            for form in forms:
                if len(form) >= 2:
                    vocab.counties.append((form, county))
        for county, canonical, names in agencies:
            for form in {canonical, *names}:
                if len(form) >= 3:
                    vocab.agencies.append((form, county, canonical))
        for key, names in battles.items():
            for form in {*names, *_BATTLE_WORDS.get(key, ()), key}:
                vocab.battles.append((form.lower(), key))
        for key, (zh, en) in functions.items():
            for form in (zh, en.lower(), key):
                if form and len(form) >= 2:
                    vocab.functions.append((form, key))
        for table in (vocab.counties, vocab.battles, vocab.agencies, vocab.functions):
            table.sort(key=lambda row: (-len(row[0]), row))
        return vocab


def _find_all(text: str, table: list[tuple], limit: int = 3) -> list[tuple]:
    """Longest-first matches of table surfaces in text; a matched stretch is consumed."""
    found, taken = [], []
    low = text.lower()
    for row in table:
        surface = row[0]
        start = low.find(surface.lower())
        while start >= 0:
            end = start + len(surface)
            ascii_word = surface.isascii()
            bounded = not ascii_word or (
                (start == 0 or not low[start - 1].isalnum())
                and (end == len(low) or not low[end].isalnum())
            )
            if bounded and all(end <= a or start >= b for a, b in taken):
                taken.append((start, end))
                found.append((start, row))
                break
            start = low.find(surface.lower(), start + 1)
        if len(found) >= limit:
            break
    return [row for _, row in sorted(found, key=lambda x: x[0])]


def find_topic(text: str) -> tuple[str, str] | None:
    """(topic, battle) of the first topic of the lexicon the text mentions."""
    for pattern, topic, battle in TOPICS:
        if re.search(pattern, text, re.IGNORECASE):
            return topic, battle
    return None


def _number(text: str) -> int | None:
    m = re.search(
        r"(?:前|top\s*|最多\s*)(\d{1,3})|(\d{1,3})\s*(?:个|名|家|units|agencies)",
        text,
        re.IGNORECASE,
    )
    if not m:
        return None
    return int(m.group(1) or m.group(2))


def _keyword(text: str) -> str:
    quoted = re.search(r"[“\"「『']([^”\"」』']+)[”\"」』']", text)
    if quoted:
        return quoted.group(1).strip()
    rest = _STOP.sub(" ", text)
    words = [w for w in re.split(r"\s+", rest) if w]
    return max(words, key=len) if words else ""


def route(text: str, vocab: Vocabulary) -> Route | None:
    """The catalog question a free-text question asks, with its parameters.

    Returns None when no rule applies (the page then asks the user to pick a question).
    """
    text = (text or "").strip()
    if not text:
        return None
    counties = [c for _, c in _find_all(text, vocab.counties, limit=2)]
    agencies = _find_all(text, vocab.agencies, limit=2)
    # an agency name that starts with the county (邵东经开区管委会) is not a county mention
    battle_hits = _find_all(text, vocab.battles, limit=1)
    battle = battle_hits[0][1] if battle_hits else None

    params: dict[str, Any] = {}
    county = counties[0] if counties else None
    if county is None and agencies:
        county = agencies[0][1]
    if county:
        params["county"] = county
    if battle:
        params["battle"] = battle
    n = _number(text)
    if n:
        params["top_n"] = n

    for qid, pattern in _RULES:
        if not re.search(pattern, text, re.IGNORECASE):
            continue
        if qid == "agency-path":
            if len(agencies) < 2:
                continue
            params["source"], params["target"] = agencies[0][2], agencies[1][2]
            params["county"] = agencies[0][1]
        elif qid == "topic-compare":
            topic = find_topic(text)
            if topic:
                params["topic"] = topic[0]
                params.setdefault("battle", topic[1])
            else:
                kw = _keyword(re.sub(_RULES[1][1], " ", text, flags=re.IGNORECASE))
                if kw:
                    params["topic"] = kw
            params.pop("county", None)
        elif qid == "top-lead-units":
            if re.search(r"继承|inherit", text, re.IGNORECASE):
                params["lead_kind"] = "inherited"
            elif re.search(r"明确|直接|stated|explicit", text, re.IGNORECASE):
                params["lead_kind"] = "stated"
        elif qid == "function-load":
            fn = _find_all(text, vocab.functions, limit=1)
            if fn:
                params["function"] = fn[0][1]
            elif agencies:
                continue
        elif qid == "battle-overview" and battle:
            return Route("battle-tasks", params, "battle")
        return Route(qid, params, qid)

    if agencies:
        params["agency"] = agencies[0][2]
        params["county"] = agencies[0][1]
        return Route("agency-portfolio", params, "agency")
    if re.search(_SEARCH, text, re.IGNORECASE):
        kw = _keyword(text)
        if kw:
            return Route("task-search", {"keyword": kw}, "search")
    if battle:
        return Route("battle-tasks", params, "battle")
    topic = find_topic(text)
    if topic:
        return Route("task-search", {"keyword": topic[0]}, "topic")
    kw = _keyword(text)
    if kw and re.search(r"[\u4e00-\u9fff]", kw) and len(kw) <= 12:
        return Route("task-search", {"keyword": kw}, "keyword")
    return None


def vocabulary_from_corpus(corpus: Any) -> Vocabulary:
    """The vocabulary of a model, with the battle and function tables of data/."""
    import csv

    from graphbuild.settings import DATA_DIR as data

    def rows(name: str) -> list[dict[str, str]]:
        path = data / name
        if not path.exists():
            return []
        with path.open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    battles = {r["key"]: [r["zh"], *r["aliases"].split("|"), r["en"]] for r in rows("battles.csv")}
    functions = {r["key"]: (r["zh"], r["en"]) for r in rows("functions.csv")}
    county_en = {r["zh"]: r["en"] for r in rows("glossary.csv") if r["kind"] == "county"}
    counties = list(dict.fromkeys(p.county for p in corpus.plans))
    agencies = [(a.county, a.canonical, a.names) for a in corpus.agencies]
    return Vocabulary.build(counties, agencies, battles, functions, county_en)
