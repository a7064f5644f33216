"""Filling the model's comparison fields (:func:`enrich`) and gathering one battle's
comparison of two counties (:func:`compare_report`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graphbuild.analyse.compare.alignment import (
    align_agencies,
    align_sections_and_tasks,
    load_functions,
)
from graphbuild.analyse.compare.inconsistencies import find_inconsistencies
from graphbuild.analyse.compare.similarity import goal_battles
from graphbuild.extract.targets import extract_targets, format_value
from graphbuild.model import (
    Alignment,
    Corpus,
    Inconsistency,
    Plan,
    Section,
    Target,
    Task,
    to_dict,
)
from graphbuild.read.corpus import read_document
from graphbuild.settings import input_dir


def _raw_texts(corpus: Corpus, folder: Path | None) -> dict[str, str]:
    """The decoded text of each plan's file, as the build read it (offsets index it)."""
    try:
        from graphbuild.read.readers import read_any as read  # any format the build read
    except ImportError:  # pragma: no cover - trees that read text files only
        read = read_document
    folder = Path(folder) if folder else input_dir()
    texts: dict[str, str] = {}
    for plan in corpus.plans:
        path = folder / plan.file
        if path.exists():
            try:
                texts[plan.file] = read(path).text
            except Exception:
                continue
    return texts


#: Cross-county alignment compares every pair of plans; beyond this many pairs the build
#: skips it (cost would grow with the square of the corpus) and ``graphbuild compare``
#: aligns the pair asked for on demand.
MAX_ALIGNED_PAIRS = 10


def plan_targets(
    plan: Plan, sections: list[Section], tasks: list[Task], text: str | None
) -> tuple[list[Target], list[Inconsistency]]:
    """One plan's targets and inconsistencies, from that plan alone.

    The battle of a goal section without one comes from the plan's own text (TF-IDF fitted
    on its sections), so the result needs no other plan: the build computes it
    in the per-plan step and caches it. ``text`` is the file's decoded text (exact spans);
    without it a target's source is its record's span.
    """
    part = Corpus(plans=[plan], sections=sections, tasks=tasks)
    battles = goal_battles(part)
    targets = extract_targets(part, {plan.file: text} if text is not None else {}, battles)
    return targets, find_inconsistencies(targets)


def enrich(corpus: Corpus, folder: Path | None = None, texts: dict[str, str] | None = None) -> None:
    """Fill the corpus's targets, alignments and inconsistencies (in place).

    Parameters
    ----------
    corpus : Corpus
        The model after extraction and resolution.
    folder : Path, optional
        The folder of the raw plans, to give targets exact spans (default: data/raw),
        read when neither ``texts`` nor ``corpus.texts`` has the texts.
    texts : dict of str to str, optional
        Each plan file's decoded text as the build read it; given, no file is read again.
        The texts used are kept in ``corpus.texts`` for the build to write to ``sources/``.
    """
    if texts is not None:
        corpus.texts = dict(texts)
    elif not corpus.texts:
        corpus.texts = _raw_texts(corpus, folder)
    corpus.targets, corpus.inconsistencies = [], []
    for plan in sorted(corpus.plans, key=lambda p: p.id):
        targets, inconsistencies = plan_targets(
            plan,
            [s for s in corpus.sections if s.plan == plan.id],
            [t for t in corpus.tasks if t.plan == plan.id],
            corpus.texts.get(plan.file),
        )
        corpus.targets += targets
        corpus.inconsistencies += inconsistencies
    align(corpus)


def align(corpus: Corpus) -> None:
    """Fill the corpus's section, task and agency alignments (in place), or, beyond
    :data:`MAX_ALIGNED_PAIRS` pairs of plans, say in its warnings that they were skipped."""
    if aligned_at_build(len(corpus.plans)):
        corpus.section_alignments, corpus.alignments = align_sections_and_tasks(corpus)
        corpus.agency_alignments = align_agencies(corpus)
    else:
        corpus.warnings.append(skipped_alignment(len(corpus.plans)))


def aligned_at_build(plans: int) -> bool:
    """Whether a build of this many plans aligns every pair (at most
    :data:`MAX_ALIGNED_PAIRS` pairs)."""
    return plans * (plans - 1) // 2 <= MAX_ALIGNED_PAIRS


def skipped_alignment(plans: int) -> str:
    """The warning a build gives when it does not align its plans."""
    pairs = plans * (plans - 1) // 2
    return (
        f"cross-county alignment skipped at build time: {plans} plans make "
        f"{pairs} pairs (more than {MAX_ALIGNED_PAIRS}); `graphbuild compare --counties A B` "
        "aligns a pair on demand"
    )


def _matches_topic(task: Task, topic: str, sections: dict[str, Any]) -> bool:
    sec = sections.get(task.section)
    return (
        topic in task.title
        or any(topic in p for p in task.path)
        or bool(sec and topic in sec.title)
    )


def _align_on_demand(corpus: Corpus, counties: list[str]) -> list[Alignment]:
    """Align two counties' plans now (the build skips this for large corpora)."""
    plans = [p for p in corpus.plans if p.county in counties]
    ids = {p.id for p in plans}
    pair = Corpus(
        plans=plans,
        sections=[s for s in corpus.sections if s.plan in ids],
        tasks=[t for t in corpus.tasks if t.plan in ids],
    )
    return align_sections_and_tasks(pair)[1]


def compare_report(
    corpus: Corpus,
    battle: str,
    topic: str | None = None,
    counties: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """Everything the comparison of two counties on one battle shows, JSON-ready.

    Keys: ``battle``, ``topic``, ``counties``, ``sections`` (aligned sections),
    ``pairs`` (``a``, ``b``, ``score`` and both tasks' titles and sources), ``unique``
    (county → task ids), ``unique_detail``, ``units`` (one row per function with the
    lead and responsible units of each side), ``targets`` (county → targets),
    ``inconsistencies`` (of either county in the battle).
    """
    plans = sorted(corpus.plans, key=lambda p: p.id)
    names = list(counties) if counties else [p.county for p in plans[:2]]
    tasks = {t.id: t for t in corpus.tasks}
    sections = {s.id: s for s in corpus.sections}
    in_battle = [t for t in corpus.tasks if t.battle == battle and t.county in names]
    if topic:
        chosen = {t.id for t in in_battle if _matches_topic(t, topic, sections)}
        if not chosen:
            chosen = {t.id for t in in_battle if topic in t.text}
        # a sub-item belongs with its task
        chosen |= {t.id for t in in_battle if t.parent in chosen}
    else:
        chosen = {t.id for t in in_battle}

    def keep(tid: str | None) -> bool:
        return tid is not None and tid in chosen

    alignments = corpus.alignments
    if not any({a.county_a, a.county_b} == set(names) for a in alignments):
        alignments = _align_on_demand(corpus, names)
    aligned = [
        a for a in alignments if a.battle == battle and {a.county_a, a.county_b} == set(names)
    ]
    swap = bool(aligned) and aligned[0].county_a != names[0]

    def side(a: Alignment, first: bool) -> str | None:
        return (a.b if first else a.a) if swap else (a.a if first else a.b)

    pairs = []
    for a in aligned:
        if a.kind != "pair" or not (keep(a.a) or keep(a.b)):
            continue
        x, y = side(a, True), side(a, False)
        pairs.append(
            {
                "a": x,
                "b": y,
                "score": a.score,
                "a_title": tasks[x].title if x in tasks else "",
                "b_title": tasks[y].title if y in tasks else "",
                "a_source": to_dict(tasks[x].source) if x in tasks else None,
                "b_source": to_dict(tasks[y].source) if y in tasks else None,
            }
        )
    unique: dict[str, list[str]] = {n: [] for n in names}
    unique_detail: dict[str, list[dict[str, Any]]] = {n: [] for n in names}
    for a in aligned:
        if a.kind != "unique":
            continue
        tid = a.a or a.b
        if not keep(tid):
            continue
        t = tasks[tid]
        unique[t.county].append(tid)
        unique_detail[t.county].append(
            {
                "task": tid,
                "title": t.title,
                "source": to_dict(t.source),
                "nearest": a.nearest,
                "score": a.score,
            }
        )
    section_rows = []
    for s in corpus.section_alignments:
        if s.battle != battle or s.a not in sections or s.b not in sections:
            continue
        first, second = (s.b, s.a) if swap else (s.a, s.b)
        if topic and not any(tasks[t].section in (first, second) for t in chosen):
            continue
        section_rows.append(
            {
                "a": first,
                "b": second,
                "score": s.score,
                "by": s.by,
                "a_title": sections[first].title,
                "b_title": sections[second].title,
            }
        )
    labels = load_functions()
    units: dict[str, dict[str, Any]] = {}
    for tid in sorted(chosen, key=lambda i: (tasks[i].county, tasks[i].source.start)):
        t = tasks[tid]
        for u in t.units:
            if u.role not in ("lead", "responsible"):
                continue
            for f in u.functions or ["-"]:
                row = units.setdefault(
                    f,
                    {
                        "function": f,
                        "function_zh": labels.get(f, ""),
                        **{n: {"lead": [], "responsible": []} for n in names},
                    },
                )
                bucket = row[t.county][u.role]
                if u.canonical not in bucket:
                    bucket.append(u.canonical)
    unit_rows = sorted(units.values(), key=lambda r: (r["function"] == "-", r["function"]))
    target_rows: dict[str, list[dict[str, Any]]] = {n: [] for n in names}
    for t in corpus.targets:
        if t.county not in names or t.battle != battle:
            continue
        if topic and not (keep(t.task) or topic in t.text or topic in t.metric):
            continue
        row = to_dict(t)
        row["display"] = format_value(t)
        target_rows[t.county].append(row)
    incons = [
        to_dict(i)
        for i in corpus.inconsistencies
        if i.county in names
        and any(t.battle == battle for t in corpus.targets if t.id in set(i.targets))
    ]
    return {
        "battle": battle,
        "topic": topic,
        "counties": names,
        "sections": section_rows,
        "pairs": pairs,
        "unique": unique,
        "unique_detail": unique_detail,
        "units": unit_rows,
        "targets": target_rows,
        "inconsistencies": incons,
    }
