"""The comparison the Compare page shows, and the differences stated as sentences.

Uses :func:`graphbuild.analyse.compare.compare_report` (aligned tasks, targets, units by function);
when that module is missing, a simpler report of the same shape with no alignment.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphbuild.model import Corpus, Task, to_dict


def report(corpus: Corpus, battle: str, topic: str | None) -> tuple[dict[str, Any], bool]:
    """(report, aligned): the comparison of the first two counties on one battle."""
    try:
        from graphbuild.analyse.compare import compare_report
    except ImportError:
        return _fallback(corpus, battle, topic), False
    return compare_report(corpus, battle, topic or None), bool(corpus.alignments)


def _fallback(corpus: Corpus, battle: str, topic: str | None) -> dict[str, Any]:
    names = [p.county for p in sorted(corpus.plans, key=lambda p: p.id)[:2]]
    sections = {s.id: s for s in corpus.sections}
    chosen = []
    for t in corpus.tasks:
        if t.battle != battle or t.county not in names:
            continue
        sec = sections.get(t.section or "")
        if not topic or topic in t.title or topic in t.text or (sec and topic in sec.title):
            chosen.append(t)
    units: dict[str, dict[str, Any]] = {}
    for t in chosen:
        for u in t.units:
            if u.role not in ("lead", "responsible"):
                continue
            for f in u.functions or ["-"]:
                row = units.setdefault(
                    f, {"function": f, **{n: {"lead": [], "responsible": []} for n in names}}
                )
                if u.canonical not in row[t.county][u.role]:
                    row[t.county][u.role].append(u.canonical)
    targets: dict[str, list[dict[str, Any]]] = {n: [] for n in names}
    ids = {t.id for t in chosen}
    for tg in corpus.targets:
        if (
            tg.county in names
            and tg.battle == battle
            and (not topic or tg.task in ids or topic in tg.text)
        ):
            targets[tg.county].append(to_dict(tg))
    return {
        "battle": battle,
        "topic": topic,
        "counties": names,
        "sections": [],
        "pairs": [],
        "unique": {n: [t.id for t in chosen if t.county == n] for n in names},
        "unique_detail": {
            n: [
                {"task": t.id, "title": t.title, "nearest": None, "score": 0.0}
                for t in chosen
                if t.county == n
            ]
            for n in names
        },
        "units": sorted(units.values(), key=lambda r: (r["function"] == "-", r["function"])),
        "targets": targets,
        "inconsistencies": [],
    }


#: The roles a card shows, in order.
CARD_ROLES = ("lead", "responsible", "cooperate")


def card_units(
    task: Task, children: dict[str, list[str]], tasks: dict[str, Task]
) -> dict[str, dict[str, list[str]]]:
    """The units a comparison card shows for ``task``: role → ``{"task": [...], "sub_items":
    [...]}``, the task's own units and those named only in its sub-items (at any depth),
    each canonical name once per role, in document order.

    新晃's debt tasks state no unit themselves (牵头 县财政局 comes from the heading) and
    name their 责任单位 in the sub-items （1）…; without the second list a card showed
    only 牵头：县财政局.
    """
    out: dict[str, dict[str, list[str]]] = {}
    own = {(u.role, u.canonical) for u in task.units}
    for u in task.units:
        names = out.setdefault(u.role, {"task": [], "sub_items": []})["task"]
        if u.canonical not in names:
            names.append(u.canonical)
    stack = list(reversed(children.get(task.id, [])))
    while stack:
        sub = tasks.get(stack.pop())
        if sub is None:
            continue
        for u in sub.units:
            if (u.role, u.canonical) in own:
                continue
            names = out.setdefault(u.role, {"task": [], "sub_items": []})["sub_items"]
            if u.canonical not in names:
                names.append(u.canonical)
        stack.extend(reversed(children.get(sub.id, [])))
    return {role: out[role] for role in CARD_ROLES if role in out}


def differences(
    rep: dict[str, Any],
    t: Callable[..., str],
    short: Callable[[str], str],
    function_label: Callable[[str], str],
) -> list[str]:
    """The differences between the two counties, as plain sentences."""
    a, b = rep["counties"][:2]
    ua, ub = len(rep["unique"].get(a, [])), len(rep["unique"].get(b, []))
    pairs = {x["a"] for x in rep["pairs"]}, {x["b"] for x in rep["pairs"]}
    na, nb = len(pairs[0]) + ua, len(pairs[1]) + ub
    out = [t("cmp.diff.count", a=short(a), na=na, b=short(b), nb=nb)]
    if rep["pairs"]:
        out.append(t("cmp.diff.pairs", n=len(rep["pairs"]), ua=ua, a=short(a), ub=ub, b=short(b)))
    for row in rep["units"]:
        fn = row["function"]
        if fn == "-":
            continue
        la, lb = row[a]["lead"], row[b]["lead"]
        if la and not lb:
            out.append(
                t(
                    "cmp.diff.lead_only",
                    county=short(a),
                    function=function_label(fn),
                    units="、".join(la),
                )
            )
        elif lb and not la:
            out.append(
                t(
                    "cmp.diff.lead_only",
                    county=short(b),
                    function=function_label(fn),
                    units="、".join(lb),
                )
            )
        elif la and lb:
            out.append(
                t(
                    "cmp.diff.same_lead",
                    function=function_label(fn),
                    a="、".join(la),
                    b="、".join(lb),
                )
            )
    ta = {x.get("metric_key") or x["metric"]: x for x in rep["targets"].get(a, [])}
    tb = {x.get("metric_key") or x["metric"]: x for x in rep["targets"].get(b, [])}
    for key in sorted(set(ta) & set(tb)):
        va, vb = ta[key], tb[key]
        out.append(
            t(
                "cmp.diff.target_both",
                metric=va["metric"],
                a=short(a),
                va=_value(va),
                b=short(b),
                vb=_value(vb),
            )
        )
    only_a = [ta[k]["metric"] for k in sorted(set(ta) - set(tb))]
    only_b = [tb[k]["metric"] for k in sorted(set(tb) - set(ta))]
    if only_a:
        out.append(
            t("cmp.diff.target_only", county=short(a), n=len(only_a), metrics="、".join(only_a[:6]))
        )
    if only_b:
        out.append(
            t("cmp.diff.target_only", county=short(b), n=len(only_b), metrics="、".join(only_b[:6]))
        )
    return out


def _value(target: dict[str, Any]) -> str:
    if target.get("display"):
        return str(target["display"])
    value = target["value"]
    text = f"{value:g}" if isinstance(value, float) else str(value)
    if target.get("value_to") is not None:
        text += f"–{target['value_to']:g}"
    return f"{text}{target.get('unit', '')}"
