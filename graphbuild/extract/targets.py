"""Quantitative targets (指标) in goal sections, section leads and tasks.

A target is a number with a unit that the plan sets out to reach, do or keep: a growth
rate (地区生产总值增长 8.5%左右), an amount (筹措政府债务还本付息资金5.06亿元), a count
(新增高新技术企业 50 家), a cap (城镇调查失业率控制在 4.5%以内), a time limit (压减至55个
工作日内) or a standard raised from one value to another (从不低于600元/月提高到不低于
650元/月). Numbers that only name or describe something are left out: years and dates,
document numbers, ordinals (第七届), identifiers (5G, G6512, “三类500强”), thresholds that
define the thing counted (5亿元项目5个以上, 30头以上标准化养殖场11个), ages and plain
schedules (每季度召开1次).

:func:`find_targets` works on a plain string and is the core; :func:`extract_targets`
runs it over a corpus and maps every target to its exact span in the raw file.
Canonical metric keys come from the reviewable table ``data/metrics.csv``.
"""

from __future__ import annotations

import csv
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from graphbuild.model import Corpus, Source, Target
from graphbuild.settings import DATA_DIR

__all__ = [
    "Found",
    "Metric",
    "char_offsets",
    "extract_targets",
    "find_targets",
    "format_value",
    "goal_sections",
    "load_metrics",
    "metric_key",
    "parse_number",
]

# --------------------------------------------------------------------------- metrics table


@dataclass(frozen=True)
class Metric:
    """One row of ``data/metrics.csv``."""

    key: str
    zh: str
    en: str
    patterns: tuple[re.Pattern[str], ...]
    units: tuple[str, ...]


def load_metrics(path: Path | None = None) -> list[Metric]:
    """Read ``data/metrics.csv`` (key, zh, en, patterns, units), in file order.

    ``patterns`` are regular expressions separated by ``;`` searched in the metric as
    written; ``units`` (``|``-separated, may be empty) restrict a row to those units. The
    first row that matches wins, so specific rows come before general ones.
    """
    path = path or DATA_DIR / "metrics.csv"
    rows: list[Metric] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            pats = tuple(re.compile(p) for p in (r["patterns"] or "").split(";") if p)
            units = tuple(u for u in (r.get("units") or "").split("|") if u)
            rows.append(Metric(r["key"].strip(), r["zh"].strip(), r["en"].strip(), pats, units))
    return rows


def metric_key(text: str, unit: str, metrics: list[Metric]) -> str:
    """The key of the first table row whose pattern is found in ``text`` ("" if none)."""
    compact = re.sub(r"[\s“”\"'‘’]", "", text)
    for m in metrics:
        if m.units and unit not in m.units:
            continue
        if any(p.search(compact) for p in m.patterns):
            return m.key
    return ""


# --------------------------------------------------------------------------- lexicon

_FULLWIDTH = str.maketrans("０１２３４５６７８９．％－～", "0123456789.%-~")

#: Units, longest first. Each maps to its class: "pct", "money", "measure", "time", "count".
_UNITS: dict[str, str] = {
    "个百分点": "pct",
    "百分点": "pct",
    "%": "pct",
    "‰": "pct",
    "万美元": "money",
    "亿美元": "money",
    "美元": "money",
    "亿元": "money",
    "万元": "money",
    "元/月/人": "money",
    "元/月·人": "money",
    "元/人/月": "money",
    "元/人/年": "money",
    "元/月": "money",
    "元/年": "money",
    "元/人": "money",
    "个亿": "money",
    "元": "money",
    "亿": "money",
    "平方公里": "measure",
    "万平方米": "measure",
    "平方米": "measure",
    "万亩": "measure",
    "亩": "measure",
    "公里": "measure",
    "千米": "measure",
    "km": "measure",
    "米": "measure",
    "万吨": "measure",
    "吨": "measure",
    "万立方米": "measure",
    "立方米": "measure",
    "万方": "measure",
    "万千瓦": "measure",
    "千瓦": "measure",
    "兆瓦": "measure",
    "MW": "measure",
    "倍": "measure",
    "万": "measure",
    "个工作日": "time",
    "工作日": "time",
    "个月": "time",
    "小时": "time",
    "分钟": "time",
    "天": "time",
    "万人次": "count",
    "人次": "count",
    "万人": "count",
    "万胎次": "count",
    "胎次": "count",
    "场次": "count",
    "人": "count",
    "家": "count",
    "个": "count",
    "座": "count",
    "所": "count",
    "件": "count",
    "项": "count",
    "名": "count",
    "户": "count",
    "间": "count",
    "套": "count",
    "条": "count",
    "处": "count",
    "台": "count",
    "辆": "count",
    "只": "count",
    "头": "count",
    "场": "count",
    "次": "count",
    "篇": "count",
    "支": "count",
    "批": "count",
    "张": "count",
    "床": "count",
}
_UNIT_RX = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
_NUM = r"\d+(?:\.\d+)?"
_QTY = re.compile(
    rf"(?P<v1>{_NUM})\s*(?:(?P<u1>{_UNIT_RX})?\s*(?:[-~—–]|至)\s*(?P<v2>{_NUM}))?"
    rf"\s*(?P<yu>余|多)?\s*(?P<unit>{_UNIT_RX})"
)
_CN_DIGITS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
_CN_QTY = re.compile(
    rf"(?:(?<=不少于)|(?<=不低于)|(?<=至少))(?P<cn>[一二两三四五六七八九十]{{1,3}})(?P<unit>{_UNIT_RX})"
)
_POST = re.compile(r"\s*(及以上|以上|以下|以内|之内|内|左右)")
#: Words just before a number that qualify it (kept in ``qualifier``).
_PRE_QUAL = (
    "不低于",
    "不少于",
    "不超过",
    "不高于",
    "至少",
    "超过",
    "突破",
    "控制在",
    "压减至",
    "压缩至",
    "压降至",
    "降低至",
    "降至",
    "提升至",
    "提高到",
    "提高至",
    "前",
    "各",
    "超",
    "过",
)
#: Words just before a number that only link metric and value (dropped).
_PRE_LINK = (
    "达到",
    "要达",
    "达",
    "为",
    "在",
    "于",
    "至",
    "到",
    "分别",
    "累计",
    "共",
    "总计",
    "合计",
)
_PRE_WORDS = sorted(_PRE_QUAL + _PRE_LINK, key=len, reverse=True)
_MODAL = re.compile(r"力争|确保|争取|努力|力求")
_FROM_TO = re.compile(
    r"^\s*(提高到|提高至|提升到|提升至|增加到|增加至|增至|调整为|调整到|升级为)"
    r"\s*按?\s*(不低于)?\s*$"
)
_FROM = re.compile(r"(从|由)\s*(不低于)?\s*$")
_LEAD_STRIP = re.compile(
    r"^(?:[，、；：:\s的]|和|及|其中|同时|并且|并|全年|年内|今年|力争|确保|争取|努力|力求|要|须|进一步|"
    r"(?:到|至|于|在)?20\d{2}\s*年(?:底|末)?(?:前)?|年底前|年底|[①②③④⑤⑥⑦⑧⑨⑩])+"
)
_BARE = re.compile(
    r"^(?:净增|新增|增长|增加|提高|提升|下降|降低|减少|达到|达|完成|实现|突破|均|"
    r"分别|年均增长)*$"
)
_VERBS = (
    "新申报",
    "评价认定",
    "新认定",
    "新引进",
    "开工改造",
    "组织实施",
    "落地实施",
    "申报",
    "新增",
    "净增",
    "新建",
    "建成",
    "建设",
    "完成",
    "引进",
    "培育",
    "实施",
    "创建",
    "打造",
    "形成",
    "突破",
    "启动",
    "开展",
    "带动",
    "组建",
    "认定",
    "筹措",
    "设立",
    "争取",
    "改造",
    "稳定",
    "扩大",
)
_TAIL_VERBS = re.compile(r"(增长|增加|提高|提升|下降|降低|减少|达到|达|净增|新增)$")
_CONTEXT_SKIP = re.compile(r"(现有|面向|围绕|对照)[^，。；、]{0,8}$")
_CAP_WORDS = ("控制在", "降至", "压降至", "压减至", "低于", "不超过", "不高于")
_TIME_OK_PRE = ("压减至", "压缩至", "缩短至", "不超过", "时限为", "控制在", "至少")
_DEADLINE = re.compile(
    r"(?:到|至|于|在)?20\d{2}\s*年\s*(?:\d{1,2}\s*月\s*(?:份)?\s*(?:底|末)?|底|末|"
    r"[一二三四]季度|第[一二三四]季度)?\s*(?:前|之前|以前|内)?"
    r"|(?:年底|年末|第?[一二三四]季度|\d{1,2}\s*月\s*底)\s*(?:前|之前)"
    r"|年内|全年|每年|“十四五”期间"
)
_DEADLINE_TAIL = re.compile(
    r"(?:(?:到|至|于|在)?20\d{2}\s*年\s*(?:\d{1,2}\s*月\s*(?:份)?\s*(?:底|末)?|底|末)?"
    r"|年底|年末|第?[一二三四]季度|\d{1,2}\s*月\s*底)\s*(?:前|之前|以前)\s*$"
)
_SENT_END = "。；;！？!?\n"
_CLAUSE_END = "，,、；;。：:！？!?\n\x00"
_QUOTED = re.compile(r"“[^“”]{1,20}”|《[^《》]*》|〈[^〈〉]*〉")
_DOCNO = re.compile(r"[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*号|\d+\s*号")
_ORDINAL = re.compile(r"第\s*\d+")
_DATE = re.compile(
    r"\d{4}\s*年(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*日)?|\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"|\d{1,2}\s*月\s*(?:份|底|末|中旬|上旬|下旬)"
)
_RESP = re.compile(r"[（(【][^（）()【】]*?(?:牵头|负责|配合|责任单位)[^（）()【】]*?[）)】]")


def parse_number(text: str) -> float:
    """A number as written (full-width digits allowed) as a float."""
    return float(text.translate(_FULLWIDTH))


def _cn_number(text: str) -> float | None:
    if len(text) == 1:
        return float(_CN_DIGITS[text]) if text in _CN_DIGITS else None
    if text.startswith("十"):
        return 10.0 + (_CN_DIGITS.get(text[1:], 0) if len(text) > 1 else 0)
    if len(text) == 2 and text[1] == "十":
        return float(_CN_DIGITS.get(text[0], 0) * 10)
    if len(text) == 3 and text[1] == "十":
        return float(_CN_DIGITS.get(text[0], 0) * 10 + _CN_DIGITS.get(text[2], 0))
    return None


def _unit_norm(unit: str) -> str:
    return {
        "元/月·人": "元/月/人",
        "元/人/月": "元/月/人",
        "个亿": "亿元",
        "km": "公里",
        "千米": "公里",
        "百分点": "个百分点",
        "工作日": "个工作日",
    }.get(unit, unit)


def _fmt(v: float) -> str:
    return f"{v:g}"


# --------------------------------------------------------------------------- core


@dataclass
class Found:
    """A target found in a string: positions are indexes into that string."""

    metric: str
    value: float
    value_to: float | None
    unit: str
    qualifier: str
    deadline: str
    sentence: str
    start: int
    end: int
    key_text: str = ""
    context: str = ""
    at: int = 0  # index of the number


@dataclass
class _Q:
    """A quantity candidate inside one clause."""

    start: int
    num_end: int
    end: int  # after unit and post qualifier
    v1: float
    v2: float | None
    unit: str
    cls: str
    post: str
    pre_quals: list[str] = field(default_factory=list)
    metric_start: int = 0
    keep: bool = True
    merged: bool = False


def _mask(text: str) -> tuple[str, str]:
    """Two strings as long as ``text``: ``det`` for number detection (blocked digits are
    '#'), ``work`` for metric text (responsibility clauses become clause breaks)."""
    norm = text.translate(_FULLWIDTH)
    det = list(norm)
    work = list(norm)
    for m in _RESP.finditer(norm):
        for i in range(m.start(), m.end()):
            det[i] = "\x00"
            work[i] = "\x00"
    for rx in (_QUOTED, _DOCNO, _ORDINAL, _DATE):
        for m in rx.finditer(norm):
            for i in range(m.start(), m.end()):
                if det[i].isdigit():
                    det[i] = "#"
    return "".join(det), "".join(work)


def _bounds(text: str, pos: int, ends: str, paren_aware: bool = False) -> tuple[int, int]:
    """Start and end of the piece of ``text`` around ``pos`` delimited by ``ends``."""
    depth = 0
    start = 0
    for i in range(pos - 1, -1, -1):
        ch = text[i]
        if paren_aware and ch in "）)":
            depth += 1
        elif paren_aware and ch in "（(":
            if depth:
                depth -= 1
            else:
                continue
        elif ch in ends and not depth:
            start = i + 1
            break
    depth = 0
    end = len(text)
    for i in range(pos, len(text)):
        ch = text[i]
        if paren_aware and ch in "（(":
            depth += 1
        elif paren_aware and ch in "）)":
            depth = max(0, depth - 1)
        elif ch in ends and not depth:
            end = i
            break
    return start, end


def _strip_pre(prefix: str) -> tuple[str, list[str]]:
    """Remove linking and qualifying words from the end of a metric prefix."""
    quals: list[str] = []
    changed = True
    prefix = prefix.rstrip()
    while changed and prefix:
        changed = False
        for w in _PRE_WORDS:
            if prefix.endswith(w):
                if w in _PRE_QUAL:
                    quals.insert(0, w)
                prefix = prefix[: -len(w)].rstrip()
                changed = True
                break
    return prefix, quals


def _clean_metric(text: str) -> str:
    text = text.replace("\x00", "").strip(" ，、；：:,;")
    prev = None
    while prev != text:
        prev = text
        text = _LEAD_STRIP.sub("", text).strip()
    return text


def _subject(metric: str) -> str:
    """The noun of a metric: leading verbs and a trailing change verb removed."""
    for v in _VERBS:
        if metric.startswith(v):
            metric = metric[len(v) :]
            break
    return _TAIL_VERBS.sub("", metric)


def _leading_verb(metric: str) -> str:
    for v in _VERBS:
        if metric.startswith(v):
            return v
    return ""


def _allowed_after_measure(work: str, end: int) -> bool:
    """May a money/measure quantity be followed by what comes at ``end``?"""
    rest = work[end:].lstrip(" ")
    if not rest or rest[0] in _CLAUSE_END + "（()）】":
        return True
    return rest.startswith(
        (
            "用于",
            "目标",
            "和",
            "及",
            "或",
            "按",
            "动态",
            "做好",
            "实现",
            "提高",
            "提升",
            "增加",
            "调整",
            "升级",
            "执行",
        )
    )


def _excluded(q: _Q, work: str, prefix: str, sent_prefix: str) -> bool:
    """Is a quantity context, a definition, a schedule or a duration, not a target?"""
    quals = set(q.pre_quals)
    after = work[q.end : q.end + 1]
    if _CONTEXT_SKIP.search(prefix):  # 围绕现有13条优势产业链
        return True
    if q.post == "以下" and not any(prefix.rstrip().endswith(w) for w in _CAP_WORDS):
        return True  # 5000万以下的项目: a definition, not a cap
    if q.cls == "time":  # 24小时值守 is a schedule; 2小时内, 压减至55个工作日 are limits
        limited = q.post in ("内", "以内", "之内", "以上")
        return not limited and not any(w in prefix[-8:] for w in _TIME_OK_PRE)
    if q.unit in ("次", "篇", "场次", "场") and "每" in sent_prefix:
        return not (quals & {"不少于", "至少"}) and q.post != "以上"  # 每季度召开1次
    if q.cls in ("money", "measure"):  # 5亿元项目, 过50亿元的
        return after == "的" or not _allowed_after_measure(work, q.end)
    if q.cls == "count" and after == "的":  # 死亡3人以上的事故
        return q.post in ("以上", "以下", "及以上") or bool(quals & {"过", "超"})
    return q.cls == "pct" and after == "的"


def find_targets(text: str) -> list[Found]:
    """Every target in ``text``, in order.

    Parameters
    ----------
    text : str
        Clean text of one task or section (as in the model).

    Returns
    -------
    list of Found
        With ``start``/``end`` indexes of the matched text (metric to qualifier).
    """
    det, work = _mask(text)
    cands: list[_Q] = []
    for m in _QTY.finditer(det):
        unit = m.group("unit")
        before = det[m.start() - 1] if m.start() else ""
        after = det[m.end()] if m.end() < len(det) else ""
        if before and before.isascii() and (before.isalnum() or before in "+.#-"):
            continue
        if after and after.isascii() and (after.isalnum() or after in "+&"):
            continue
        if unit == "亿" and work[m.end() : m.end() + 1] == "元":
            continue
        pm = _POST.match(work, m.end())
        post = pm.group(1) if pm else ""
        end = pm.end() if pm else m.end()
        v2 = m.group("v2")
        cands.append(
            _Q(
                m.start(),
                m.start("unit"),
                end,
                parse_number(m.group("v1")),
                parse_number(v2) if v2 else None,
                unit,
                _UNITS[unit],
                post,
            )
        )
    for m in _CN_QTY.finditer(det):
        value = _cn_number(m.group("cn"))
        if value is None:
            continue
        pm = _POST.match(work, m.end())
        cands.append(
            _Q(
                m.start(),
                m.start("unit"),
                pm.end() if pm else m.end(),
                value,
                None,
                m.group("unit"),
                _UNITS[m.group("unit")],
                pm.group(1) if pm else "",
            )
        )
    cands.sort(key=lambda q: q.start)

    # qualifiers and filters that need only the clause before the number
    for q in cands:
        c_start, _ = _bounds(work, q.start, _CLAUSE_END, paren_aware=True)
        s_start, _ = _bounds(work, q.start, _SENT_END)
        prefix = work[c_start : q.start]
        q.pre_quals = _strip_pre(prefix)[1]
        q.keep = not _excluded(q, work, prefix, work[s_start : q.start])

    # a count directly followed by a noun and another quantity defines what is counted
    for i, q in enumerate(cands):
        if not q.keep or q.cls != "count":
            continue
        nxt = next((n for n in cands[i + 1 :] if n.keep), None)
        if nxt is None:
            continue
        between = work[q.end : nxt.start]
        if (
            between.strip()
            and not any(c in between for c in _CLAUSE_END)
            and not re.search(r"和|及|与|或|过|超|至少|不少于|不低于", between)
            and nxt.cls in ("count", "pct")
        ):
            q.keep = False

    kept = [q for q in cands if q.keep]
    # from–to: 从600元/月提高到650元/月
    for a, b in itertools.pairwise(kept):
        if a.merged or b.merged:
            continue
        between = work[a.end : b.start]
        if _FROM_TO.match(between) and _unit_norm(a.unit) == _unit_norm(b.unit):
            a.v2 = b.v1
            a.end = b.end
            a.post = b.post or a.post
            word = _FROM_TO.match(between).group(1)  # type: ignore[union-attr]
            a.pre_quals = [*a.pre_quals, word]
            b.merged = True
    kept = [q for q in kept if not q.merged]

    out: list[Found] = []
    borrowed: list[bool] = []
    prev_end_in_clause: dict[int, int] = {}
    last: dict[int, Found] = {}
    for q in kept:
        c_start, c_end = _bounds(work, q.start, _CLAUSE_END, paren_aware=True)
        s_start, s_end = _bounds(work, q.start, _SENT_END)
        m_from = max(c_start, prev_end_in_clause.get(c_start, c_start))
        raw_prefix = work[m_from : q.start]
        frm = _FROM.search(raw_prefix)
        if frm and q.v2 is not None:
            raw_prefix = raw_prefix[: frm.start()]
            if frm.group(2):
                q.pre_quals.insert(0, "不低于")
        dl = _DEADLINE_TAIL.search(raw_prefix)
        if dl:
            raw_prefix = raw_prefix[: dl.start()]
            q.pre_quals = [w for w in q.pre_quals if w != "前"]
        prefix, _ = _strip_pre(raw_prefix)
        metric = _clean_metric(prefix)
        metric_start = q.start
        if metric:
            found_at = work.find(metric, m_from, q.start)
            metric_start = found_at if found_at >= 0 else q.start
        end = q.end
        # the counted noun after a count (新增 50 家规上服务业企业), what a percentage
        # applies to (确保100%按期整改到位), or what an unnamed quantity is about
        nxt_start = next((n.start for n in kept if n.start > q.start), len(work))
        suffix_end = min(c_end, nxt_start)
        suffix = work[q.end : suffix_end]
        if nxt_start < c_end:
            conj = re.search(r"(和|及|与)[^和及与]*$", suffix)
            if conj:
                suffix = suffix[: conj.start()]
        lead = len(suffix) - len(suffix.lstrip(" "))
        suffix = suffix.strip(" \x00")
        if (
            suffix
            and re.match(r"[\u4e00-\u9fff“]", suffix)
            and (q.cls in ("count", "pct") or not metric or _BARE.match(metric))
        ):
            metric = _clean_metric(metric + suffix)
            end = q.end + lead + len(suffix)
        prev = last.get(s_start)
        took = False
        if not metric:
            # 进一步扩大侗藏红米种植面积，力争达到1500亩: the previous clause names it
            p_start, _ = _bounds(work, max(c_start - 1, 0), _CLAUSE_END, paren_aware=True)
            previous = work[p_start : max(c_start - 1, 0)] if c_start - 1 > s_start else ""
            if previous and not any(p_start <= f.start < c_start for f in out):
                metric = _clean_metric(previous)
            elif prev is not None:
                metric = _subject(prev.metric)
                took = True
        elif _BARE.match(metric) and prev is not None:
            # 新申报高新技术企业 50 家以上、净增 10 家以上
            metric = _subject(prev.metric) + metric
        key_text = metric
        if prev is not None and not _leading_verb(metric):
            verb = _leading_verb(prev.metric)
            if verb:
                key_text = verb + metric
        modal = _MODAL.findall(work[s_start : q.start])
        quals: list[str] = []
        for w in [*(modal[-1:] if modal else []), *q.pre_quals, q.post]:
            if w and w not in quals:
                quals.append(w)
        deadlines = [d.group(0) for d in _DEADLINE.finditer(text[s_start : q.start])]
        deadline = deadlines[-1].strip() if deadlines else ""
        found = Found(
            metric=metric,
            value=q.v1,
            value_to=q.v2,
            unit=_unit_norm(q.unit),
            qualifier="、".join(quals),
            deadline=deadline,
            sentence=text[s_start:s_end].strip(),
            start=min(metric_start, q.start),
            end=end,
            key_text=key_text,
            context=work[c_start : q.start].replace("\x00", ""),
            at=q.start,
        )
        out.append(found)
        borrowed.append(took)
        last[s_start] = found
        prev_end_in_clause[c_start] = end
    # 1000 户 2000 间的安置任务: a quantity right before another shares its metric
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if borrowed[i] and not work[a.end : b.start].strip():
            a.metric = b.metric
            a.key_text = b.key_text
    return out


# --------------------------------------------------------------------------- corpus

_SKIP_RAW = set(" \t\r\n\u3000\xa0*<>/p-")

try:
    from graphbuild.read.hanzi import to_simplified as _simplified
except ImportError:  # pragma: no cover - trees without traditional-character support
    _simplified = None


def char_offsets(text: str, source: Source, raw: str) -> list[int]:
    """The raw offset of every character of a record's clean ``text``.

    The clean text is the raw text between ``source.start`` and ``source.end`` with
    labels, ``**`` markers, ``<p>`` tags, line breaks and spaces between CJK characters
    removed, so each clean character is found in order in the raw slice. A whitespace
    character of the clean text gets the offset of the next character found.
    """
    pos, end = source.start, source.end
    if not text.isascii() and _simplified is not None:
        # the clean text may be converted to simplified characters (one for one)
        raw = raw[:pos] + _simplified(raw[pos:end]) + raw[end:]
        text = _simplified(text)
    offs: list[int | None] = []
    for ch in text:
        if ch.isspace():
            offs.append(None)
            continue
        p = pos
        while p < end and raw[p] != ch and raw[p] in _SKIP_RAW:
            p += 1
        if p >= end or raw[p] != ch:
            p = raw.find(ch, pos, end)
        if p < 0:
            offs.append(None)
            continue
        offs.append(p)
        pos = p + 1
    filled: list[int] = []
    nxt = end
    for o in reversed(offs):
        nxt = o if o is not None else nxt
        filled.append(nxt)
    return filled[::-1]


def goal_sections(corpus: Corpus) -> list[str]:
    """IDs of goal sections: organisational headings whose title has 目标, and their
    sub-headings (the general plan's 主要目标 （一）…（六）)."""
    goals = {s.id for s in corpus.sections if s.organisational and "目标" in s.title}
    changed = True
    while changed:
        changed = False
        for s in corpus.sections:
            if s.parent in goals and s.id not in goals and s.organisational:
                goals.add(s.id)
                changed = True
    return [s.id for s in corpus.sections if s.id in goals]


def _source(offs: list[int], start: int, end: int, text: str, file: str) -> Source:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Source(file, offs[start], offs[end - 1] + 1)


def extract_targets(
    corpus: Corpus,
    texts: dict[str, str],
    section_battles: dict[str, str] | None = None,
    metrics: list[Metric] | None = None,
) -> list[Target]:
    """Targets of every task, goal section and (non-organisational) section lead.

    Parameters
    ----------
    corpus : Corpus
        The model; its tasks and sections are read, not changed.
    texts : dict
        Raw file text by file name, to compute exact spans. A record whose file is
        missing gets its targets with the record's whole span as source.
    section_battles : dict, optional
        Battle of sections that have none in the model (the general plan's 主要目标).
    metrics : list of Metric, optional
        The metric table (default: ``data/metrics.csv``).
    """
    metrics = metrics if metrics is not None else load_metrics()
    section_battles = section_battles or {}
    county = {p.id: p.county for p in corpus.plans}
    goals = set(goal_sections(corpus))
    records: list[tuple[str, str | None, str | None, str | None, str, Source]] = []
    for s in corpus.sections:
        if s.text and (s.id in goals or not s.organisational):
            battle = s.battle or section_battles.get(s.id)
            records.append((s.plan, battle, None, s.id, s.text, s.source))
    for t in corpus.tasks:
        records.append((t.plan, t.battle, t.id, t.section, t.text, t.source))
    records.sort(key=lambda r: (r[0], r[5].start, r[5].end))

    # a record's text may repeat a sub-record's (①… items inside their task): the
    # target is kept once, on the smallest record that states it
    records.sort(key=lambda r: r[5].end - r[5].start)
    hits: list[tuple[int, Found, Source, tuple]] = []
    seen: set[tuple] = set()
    for rank, record in enumerate(records):
        plan, battle, task, section, text, source = record
        found = find_targets(text)
        if not found:
            continue
        raw = texts.get(source.file)
        offs = char_offsets(text, source, raw) if raw is not None else None
        for f in found:
            src = _source(offs, f.start, f.end, text, source.file) if offs else source
            ident: tuple = (source.file, offs[f.at]) if offs else (source, f.at)
            if ident in seen:
                continue
            seen.add(ident)
            hits.append((rank, f, src, record))
    hits.sort(key=lambda h: (h[3][0], h[2].start, h[2].end, h[0]))

    out: list[Target] = []
    counters: dict[str, int] = {}
    for _, f, src, (plan, battle, task, section, text, _) in hits:
        counters[plan] = counters.get(plan, 0) + 1
        key = metric_key(f.key_text, f.unit, metrics)
        if not key and len(_subject(f.metric)) <= 4:
            key = metric_key(f.context, f.unit, metrics)
        out.append(
            Target(
                id=f"{plan}/target/{counters[plan]}",
                county=county.get(plan, ""),
                plan=plan,
                battle=battle,
                task=task,
                section=section,
                metric=f.metric,
                metric_key=key,
                value=f.value,
                value_to=f.value_to,
                unit=f.unit,
                qualifier=f.qualifier,
                deadline=f.deadline,
                text=f.sentence,
                matched=text[f.start : f.end].strip(),
                source=src,
            )
        )
    return out


def format_value(t: Target) -> str:
    """``7.5%以上``, ``600–650元/月``: the value as a reader expects it."""
    val = _fmt(t.value) if t.value_to is None else f"{_fmt(t.value)}–{_fmt(t.value_to)}"
    post = next(
        (
            q
            for q in ("及以上", "以上", "以下", "以内", "之内", "左右", "内")
            if t.qualifier.endswith(q)
        ),
        "",
    )
    return f"{val}{t.unit}{post}"
