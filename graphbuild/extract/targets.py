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
Canonical metric keys come from the reviewable table ``data/metrics.csv``; the words
(units, qualifiers, verbs) from ``data/targets.toml``. This module is the corpus step; the
finder is :mod:`graphbuild.extract.target_finder`.
"""

from __future__ import annotations

from graphbuild.extract.metrics import Metric, load_metrics, metric_key
from graphbuild.extract.target_finder import Found, find_targets, subject
from graphbuild.extract.target_words import fmt, parse_number
from graphbuild.model import Corpus, Source, Target
from graphbuild.read.hanzi import to_simplified

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

_SKIP_RAW = set(" \t\r\n\u3000\xa0*<>/p-")


def char_offsets(text: str, source: Source, raw: str) -> list[int]:
    """The raw offset of every character of a record's clean ``text``.

    The clean text is the raw text between ``source.start`` and ``source.end`` with
    labels, ``**`` markers, ``<p>`` tags, line breaks and spaces between CJK characters
    removed, so each clean character is found in order in the raw slice. A whitespace
    character of the clean text gets the offset of the next character found.
    """
    pos, end = source.start, source.end
    if not text.isascii():
        # the clean text may be converted to simplified characters (one for one)
        raw = raw[:pos] + to_simplified(raw[pos:end]) + raw[end:]
        text = to_simplified(text)
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
        if not key and len(subject(f.metric)) <= 4:
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
    val = fmt(t.value) if t.value_to is None else f"{fmt(t.value)}–{fmt(t.value_to)}"
    post = next(
        (
            q
            for q in ("及以上", "以上", "以下", "以内", "之内", "左右", "内")
            if t.qualifier.endswith(q)
        ),
        "",
    )
    return f"{val}{t.unit}{post}"
