"""Finding targets in a plain string: :func:`find_targets` is the core of target extraction.

A target is a number with a unit that the plan sets out to reach, do or keep: a growth
rate (地区生产总值增长 8.5%左右), an amount (筹措政府债务还本付息资金5.06亿元), a count
(新增高新技术企业 50 家), a cap (城镇调查失业率控制在 4.5%以内), a time limit (压减至55个
工作日内) or a standard raised from one value to another (从不低于600元/月提高到不低于
650元/月). Numbers that only name or describe something are left out: years and dates,
document numbers, ordinals (第七届), identifiers (5G, G6512, “三类500强”), thresholds that
define the thing counted (5亿元项目5个以上, 30头以上标准化养殖场11个), ages and plain
schedules (每季度召开1次). The words come from ``data/targets.toml``.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from graphbuild.extract.target_words import (
    AFTER_AMOUNT,
    BARE,
    CAP_WORDS,
    CLAUSE_END,
    CN_QTY,
    CONTEXT_SKIP,
    DATE,
    DEADLINE,
    DEADLINE_TAIL,
    DOCNO,
    FROM,
    FROM_TO,
    FULLWIDTH,
    LEAD_STRIP,
    MODAL,
    ORDINAL,
    POST,
    PRE_QUAL,
    PRE_WORDS,
    QTY,
    QUOTED,
    RESP,
    SENT_END,
    TAIL_VERBS,
    TIME_OK_PRE,
    UNITS,
    VERBS,
    cn_number,
    parse_number,
    unit_norm,
)

__all__ = ["Found", "find_targets", "subject"]


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
    norm = text.translate(FULLWIDTH)
    det = list(norm)
    work = list(norm)
    for m in RESP.finditer(norm):
        for i in range(m.start(), m.end()):
            det[i] = "\x00"
            work[i] = "\x00"
    for rx in (QUOTED, DOCNO, ORDINAL, DATE):
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
        for w in PRE_WORDS:
            if prefix.endswith(w):
                if w in PRE_QUAL:
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
        text = LEAD_STRIP.sub("", text).strip()
    return text


def subject(metric: str) -> str:
    """The noun of a metric: leading verbs and a trailing change verb removed."""
    for v in VERBS:
        if metric.startswith(v):
            metric = metric[len(v) :]
            break
    return TAIL_VERBS.sub("", metric)


def _leading_verb(metric: str) -> str:
    for v in VERBS:
        if metric.startswith(v):
            return v
    return ""


def _allowed_after_measure(work: str, end: int) -> bool:
    """May a money/measure quantity be followed by what comes at ``end``?"""
    rest = work[end:].lstrip(" ")
    if not rest or rest[0] in CLAUSE_END + "（()）】":
        return True
    return rest.startswith(AFTER_AMOUNT)


def _excluded(q: _Q, work: str, prefix: str, sent_prefix: str) -> bool:
    """Is a quantity context, a definition, a schedule or a duration, not a target?"""
    quals = set(q.pre_quals)
    after = work[q.end : q.end + 1]
    if CONTEXT_SKIP.search(prefix):  # 围绕现有13条优势产业链
        return True
    if q.post == "以下" and not any(prefix.rstrip().endswith(w) for w in CAP_WORDS):
        return True  # 5000万以下的项目: a definition, not a cap
    if q.cls == "time":  # 24小时值守 is a schedule; 2小时内, 压减至55个工作日 are limits
        limited = q.post in ("内", "以内", "之内", "以上")
        return not limited and not any(w in prefix[-8:] for w in TIME_OK_PRE)
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
    for m in QTY.finditer(det):
        unit = m.group("unit")
        before = det[m.start() - 1] if m.start() else ""
        after = det[m.end()] if m.end() < len(det) else ""
        if before and before.isascii() and (before.isalnum() or before in "+.#-"):
            continue
        if after and after.isascii() and (after.isalnum() or after in "+&"):
            continue
        if unit == "亿" and work[m.end() : m.end() + 1] == "元":
            continue
        pm = POST.match(work, m.end())
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
                UNITS[unit],
                post,
            )
        )
    for m in CN_QTY.finditer(det):
        value = cn_number(m.group("cn"))
        if value is None:
            continue
        pm = POST.match(work, m.end())
        cands.append(
            _Q(
                m.start(),
                m.start("unit"),
                pm.end() if pm else m.end(),
                value,
                None,
                m.group("unit"),
                UNITS[m.group("unit")],
                pm.group(1) if pm else "",
            )
        )
    cands.sort(key=lambda q: q.start)

    # qualifiers and filters that need only the clause before the number
    for q in cands:
        c_start, _ = _bounds(work, q.start, CLAUSE_END, paren_aware=True)
        s_start, _ = _bounds(work, q.start, SENT_END)
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
            and not any(c in between for c in CLAUSE_END)
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
        if FROM_TO.match(between) and unit_norm(a.unit) == unit_norm(b.unit):
            a.v2 = b.v1
            a.end = b.end
            a.post = b.post or a.post
            word = FROM_TO.match(between).group(1)  # type: ignore[union-attr]
            a.pre_quals = [*a.pre_quals, word]
            b.merged = True
    kept = [q for q in kept if not q.merged]

    out: list[Found] = []
    borrowed: list[bool] = []
    prev_end_in_clause: dict[int, int] = {}
    last: dict[int, Found] = {}
    for q in kept:
        c_start, c_end = _bounds(work, q.start, CLAUSE_END, paren_aware=True)
        s_start, s_end = _bounds(work, q.start, SENT_END)
        m_from = max(c_start, prev_end_in_clause.get(c_start, c_start))
        raw_prefix = work[m_from : q.start]
        frm = FROM.search(raw_prefix)
        if frm and q.v2 is not None:
            raw_prefix = raw_prefix[: frm.start()]
            if frm.group(2):
                q.pre_quals.insert(0, "不低于")
        dl = DEADLINE_TAIL.search(raw_prefix)
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
            and (q.cls in ("count", "pct") or not metric or BARE.match(metric))
        ):
            metric = _clean_metric(metric + suffix)
            end = q.end + lead + len(suffix)
        prev = last.get(s_start)
        took = False
        if not metric:
            # 进一步扩大侗藏红米种植面积，力争达到1500亩: the previous clause names it
            p_start, _ = _bounds(work, max(c_start - 1, 0), CLAUSE_END, paren_aware=True)
            previous = work[p_start : max(c_start - 1, 0)] if c_start - 1 > s_start else ""
            if previous and not any(p_start <= f.start < c_start for f in out):
                metric = _clean_metric(previous)
            elif prev is not None:
                metric = subject(prev.metric)
                took = True
        elif BARE.match(metric) and prev is not None:
            # 新申报高新技术企业 50 家以上、净增 10 家以上
            metric = subject(prev.metric) + metric
        key_text = metric
        if prev is not None and not _leading_verb(metric):
            verb = _leading_verb(prev.metric)
            if verb:
                key_text = verb + metric
        modal = MODAL.findall(work[s_start : q.start])
        quals: list[str] = []
        for w in [*(modal[-1:] if modal else []), *q.pre_quals, q.post]:
            if w and w not in quals:
                quals.append(w)
        deadlines = [d.group(0) for d in DEADLINE.finditer(text[s_start : q.start])]
        deadline = deadlines[-1].strip() if deadlines else ""
        found = Found(
            metric=metric,
            value=q.v1,
            value_to=q.v2,
            unit=unit_norm(q.unit),
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
