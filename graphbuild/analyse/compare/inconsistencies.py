"""Quantitative targets a plan gives different values for, and whether they can all hold."""

from __future__ import annotations

from graphbuild.extract.targets import format_value
from graphbuild.model import Inconsistency, Target

_LOWER = ("以上", "不低于", "不少于", "至少", "超过", "突破", "过", "超", "及以上")
_UPPER = ("以内", "以下", "不超过", "不高于", "控制在", "内")


def _compatible(targets: list[Target]) -> bool:
    """Can every value hold at once (7.5%以上 and 8%以上 can; 8% and 7.1% cannot)?"""
    lows, highs, exact = [], [], set()
    for t in targets:
        words = set(t.qualifier.split("、"))
        if t.value_to is not None:
            exact.add((t.value, t.value_to))
        elif words & set(_LOWER):
            lows.append(t.value)
        elif words & set(_UPPER):
            highs.append(t.value)
        else:
            exact.add((t.value, None))
    if len(exact) > 1:
        return False
    point = next(iter(exact))[0] if exact else None
    lo = max(lows) if lows else None
    hi = min(highs) if highs else None
    if point is not None:
        return (lo is None or point >= lo) and (hi is None or point <= hi)
    return lo is None or hi is None or lo <= hi


def find_inconsistencies(targets: list[Target]) -> list[Inconsistency]:
    """The same canonical metric (and unit) given different values within one plan."""
    groups: dict[tuple[str, str, str], list[Target]] = {}
    for t in targets:
        if t.metric_key:
            groups.setdefault((t.plan, t.metric_key, t.unit), []).append(t)
    out: list[Inconsistency] = []
    counters: dict[str, int] = {}
    for (plan, key, _unit), items in sorted(groups.items()):
        if len({(t.value, t.value_to) for t in items}) < 2:
            continue
        counters[plan] = counters.get(plan, 0) + 1
        out.append(
            Inconsistency(
                id=f"{plan}/inconsistency/{counters[plan]}",
                county=items[0].county,
                plan=plan,
                metric_key=key,
                targets=[t.id for t in items],
                values=[format_value(t) for t in items],
                sources=[t.source for t in items],
                compatible=_compatible(items),
            )
        )
    return out
