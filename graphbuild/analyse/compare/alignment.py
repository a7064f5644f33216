"""Aligning two counties' plans: sections one-to-one (Hungarian method on heading and
content similarity), tasks one-to-one inside aligned sections (greedy, best first, lifted
to parent tasks), and agencies that share a function."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graphbuild.analyse.compare.similarity import (
    Similarity,
    _assignment,
    _clean,
    _corpus_similarity,
    _places,
)
from graphbuild.model import BATTLES, AgencyAlignment, Alignment, Corpus, SectionAlignment, Task
from graphbuild.settings import DATA_DIR

if TYPE_CHECKING:
    import numpy as np

#: Below this task-pair similarity a task counts as unique to its county (chosen on the
#: hand-aligned risk battle, see benchmarks/align_eval.py).
PAIR_THRESHOLD = 0.15
#: Tasks in sections that did not align may still pair at or above this similarity.
CROSS_THRESHOLD = 0.5
#: How task titles count in task similarity ("none", "max" or "mean").
TITLE_MODE = "mean"
#: Below this section similarity two sections are not aligned.
SECTION_THRESHOLD = 0.2


@dataclass
class _Side:
    plan: str
    county: str
    tasks: list[Task]


def _descendants(tasks: list[Task]) -> dict[str, list[str]]:
    children: dict[str, list[str]] = {}
    for t in tasks:
        if t.parent:
            children.setdefault(t.parent, []).append(t.id)
    out: dict[str, list[str]] = {}

    def walk(tid: str) -> list[str]:
        if tid not in out:
            acc: list[str] = []
            for c in children.get(tid, []):
                acc.append(c)
                acc.extend(walk(c))
            out[tid] = acc
        return out[tid]

    for t in tasks:
        walk(t.id)
    return out


def _ancestors(tasks: list[Task]) -> dict[str, list[str]]:
    by_id = {t.id: t for t in tasks}
    out: dict[str, list[str]] = {}
    for t in tasks:
        acc: list[str] = []
        p = t.parent
        while p and p in by_id:
            acc.append(p)
            p = by_id[p].parent
        out[t.id] = acc
    return out


def _task_docs(tasks: list[Task], places: list[str]) -> dict[str, str]:
    """A task's text for similarity: its own text and its sub-items', without the
    responsibility clauses and place names."""
    desc = _descendants(tasks)
    by_id = {t.id: t for t in tasks}

    def own(t: Task) -> str:
        text = t.text
        for c in t.clauses:
            text = text.replace(c.text, "")
        return text

    return {
        t.id: _clean(" ".join([own(t), *(own(by_id[d]) for d in desc[t.id])]), places)
        for t in tasks
    }


def align_sections_and_tasks(
    corpus: Corpus,
    sim: Similarity | None = None,
    pair_threshold: float = PAIR_THRESHOLD,
    section_threshold: float = SECTION_THRESHOLD,
    title_mode: str = "",
    lift: bool = True,
) -> tuple[list[SectionAlignment], list[Alignment]]:
    """Align the sections and tasks of every pair of plans, battle by battle.

    ``title_mode`` says how task titles count: "none" (text only), "max" (the larger of
    title and text similarity) or "mean" (their mean, the default); ``lift`` moves pairs
    up to parent tasks (see :func:`_lift`).
    """
    title_mode = title_mode or TITLE_MODE
    places = _places(corpus)
    sim = sim or _corpus_similarity(corpus)
    sections = {s.id: s for s in corpus.sections}
    sec_out: list[SectionAlignment] = []
    out: list[Alignment] = []
    plans = sorted(corpus.plans, key=lambda p: p.id)
    for pa, pb in combinations(plans, 2):
        for battle in BATTLES:
            a = _Side(
                pa.id,
                pa.county,
                [t for t in corpus.tasks if t.plan == pa.id and t.battle == battle],
            )
            b = _Side(
                pb.id,
                pb.county,
                [t for t in corpus.tasks if t.plan == pb.id and t.battle == battle],
            )
            if not a.tasks or not b.tasks:
                continue
            prefix = f"{pa.id}~{pb.id}/{battle}"
            edges, scores = _align_sections(a, b, sections, sim, places, section_threshold)
            aligned = _align_tasks(
                a, b, battle, prefix, edges, sim, places, pair_threshold, title_mode, lift
            )
            # sections joined only by a strong task pair across them
            known = {(sa, sb) for sa, sb, _, _ in edges}
            tasks = {t.id: t for t in (*a.tasks, *b.tasks)}
            for al in aligned:
                if al.kind != "pair":
                    continue
                key = (_section_key(tasks[al.a]), _section_key(tasks[al.b]))  # type: ignore[index]
                if key not in known:
                    known.add(key)
                    edges.append((*key, scores[key], "tasks"))
            for n, (sa, sb, score, by) in enumerate(edges, 1):
                sec_out.append(
                    SectionAlignment(f"{prefix}/section/{n}", battle, sa, sb, round(score, 4), by)
                )
            out.extend(aligned)
    return sec_out, out


def _section_key(task: Task) -> str:
    return task.section or f"{task.plan}/{task.battle}"


def _align_sections(
    a: _Side,
    b: _Side,
    sections: dict[str, Any],
    sim: Similarity,
    places: list[str],
    threshold: float,
) -> tuple[list[tuple[str, str, float, str]], dict[tuple[str, str], float]]:
    def groups(side: _Side) -> list[str]:
        return sorted(
            {_section_key(t) for t in side.tasks},
            key=lambda s: (sections[s].source.start if s in sections else 0, s),
        )

    ga, gb = groups(a), groups(b)

    def heading(sid: str) -> str:
        s = sections.get(sid)
        return _clean(s.title, places) if s else ""

    def content(side: _Side, sid: str) -> str:
        s = sections.get(sid)
        head = (s.title + " " + s.text) if s else ""
        body = " ".join(t.text for t in side.tasks if _section_key(t) == sid)
        return _clean(head + " " + body, places)

    import numpy as np  # loaded when first needed (see graphbuild.workers.run)

    hs = sim.matrix([heading(s) for s in ga], [heading(s) for s in gb])
    cs = sim.matrix([content(a, s) for s in ga], [content(b, s) for s in gb])
    score = np.maximum(hs, cs)
    edges: dict[tuple[int, int], float] = {}
    ri, ci = _assignment(-score)
    for r, c in zip(ri, ci, strict=True):
        if score[r, c] >= threshold:
            edges[(r, c)] = score[r, c]
    matched_r = {r for r, _ in edges}
    matched_c = {c for _, c in edges}
    for r in range(len(ga)):
        if r not in matched_r and score.shape[1]:
            c = int(np.argmax(score[r]))
            if score[r, c] >= threshold:
                edges[(r, c)] = score[r, c]
    for c in range(len(gb)):
        if c not in matched_c and score.shape[0]:
            r = int(np.argmax(score[:, c]))
            if score[r, c] >= threshold:
                edges[(r, c)] = score[r, c]
    scores = {(ga[r], gb[c]): float(score[r, c]) for r in range(len(ga)) for c in range(len(gb))}
    return [
        (ga[r], gb[c], float(v), "heading" if hs[r, c] >= cs[r, c] else "content")
        for (r, c), v in sorted(edges.items())
    ], scores


def _align_tasks(
    a: _Side,
    b: _Side,
    battle: str,
    prefix: str,
    edges: list[tuple[str, str, float, str]],
    sim: Similarity,
    places: list[str],
    threshold: float,
    title_mode: str = TITLE_MODE,
    lift: bool = True,
) -> list[Alignment]:
    import numpy as np

    docs_a = _task_docs(a.tasks, places)
    docs_b = _task_docs(b.tasks, places)
    m = sim.matrix([docs_a[t.id] for t in a.tasks], [docs_b[t.id] for t in b.tasks])
    if title_mode != "none":
        titles = sim.matrix(
            [_clean(t.title, places) for t in a.tasks], [_clean(t.title, places) for t in b.tasks]
        )
        m = np.maximum(m, titles) if title_mode == "max" else (m + titles) / 2
    allowed = {(sa, sb) for sa, sb, _, _ in edges}
    anc_a, anc_b = _ancestors(a.tasks), _ancestors(b.tasks)
    desc_a, desc_b = _descendants(a.tasks), _descendants(b.tasks)
    cands = [
        (-m[i, j], i, j)
        for i, ta in enumerate(a.tasks)
        for j, tb in enumerate(b.tasks)
        if (_section_key(ta), _section_key(tb)) in allowed and m[i, j] >= threshold
    ]
    cands.sort()
    blocked_a: set[str] = set()
    blocked_b: set[str] = set()
    pairs: list[tuple[int, int, float]] = []

    def take(candidates: list[tuple[float, int, int]]) -> None:
        """Greedy, best first: a task pairs once, and its ancestors and descendants not at all."""
        for neg, i, j in candidates:
            ta, tb = a.tasks[i], b.tasks[j]
            if ta.id in blocked_a or tb.id in blocked_b:
                continue
            pairs.append((i, j, -neg))
            blocked_a.update([ta.id, *anc_a[ta.id], *desc_a[ta.id]])
            blocked_b.update([tb.id, *anc_b[tb.id], *desc_b[tb.id]])

    take(cands)
    # then the same measure filed under sections that did not align (强化源头管控)
    take(
        sorted(
            (-m[i, j], i, j)
            for i, ta in enumerate(a.tasks)
            for j, tb in enumerate(b.tasks)
            if (_section_key(ta), _section_key(tb)) not in allowed and m[i, j] >= CROSS_THRESHOLD
        )
    )
    if lift:
        pairs = _lift(pairs, a.tasks, b.tasks, m, threshold)
        blocked_a = set()
        blocked_b = set()
        for i, j, _ in pairs:
            ta, tb = a.tasks[i], b.tasks[j]
            blocked_a.update([ta.id, *anc_a[ta.id], *desc_a[ta.id]])
            blocked_b.update([tb.id, *anc_b[tb.id], *desc_b[tb.id]])
    pairs.sort(key=lambda p: (a.tasks[p[0]].source.start, b.tasks[p[1]].source.start))
    out: list[Alignment] = []
    for n, (i, j, score) in enumerate(pairs, 1):
        ta, tb = a.tasks[i], b.tasks[j]
        out.append(
            Alignment(
                f"{prefix}/pair/{n}",
                battle,
                "pair",
                a.county,
                b.county,
                ta.id,
                tb.id,
                round(float(score), 4),
                ta.section,
                tb.section,
                ta.source,
                tb.source,
            )
        )
    n = 0
    for side, blocked, is_a in ((a, blocked_a, True), (b, blocked_b, False)):
        by_id = {t.id: t for t in side.tasks}
        for idx, t in enumerate(side.tasks):
            if t.id in blocked or (t.parent in by_id and t.parent not in blocked):
                continue
            row = m[idx] if is_a else m[:, idx]
            best = int(np.argmax(row)) if len(row) else -1
            other = (b if is_a else a).tasks[best] if best >= 0 else None
            n += 1
            out.append(
                Alignment(
                    f"{prefix}/unique/{n}",
                    battle,
                    "unique",
                    a.county,
                    b.county,
                    t.id if is_a else None,
                    None if is_a else t.id,
                    round(float(row[best]), 4) if best >= 0 else 0.0,
                    t.section if is_a else None,
                    None if is_a else t.section,
                    t.source if is_a else None,
                    None if is_a else t.source,
                    other.id if other else None,
                )
            )
    return out


def _lift(
    pairs: list[tuple[int, int, float]],
    ta: list[Task],
    tb: list[Task],
    m: np.ndarray,
    threshold: float,
) -> list[tuple[int, int, float]]:
    """Move a pair up to a task's parent when no other child of that parent is paired
    and the parent is similar enough: headline measures align with headline measures
    (邵东 5. 加强平台公司综合治理 with 新晃 5., not with its sub-item （1）)."""
    idx_a = {t.id: i for i, t in enumerate(ta)}
    idx_b = {t.id: i for i, t in enumerate(tb)}
    desc_a, desc_b = _descendants(ta), _descendants(tb)
    changed = True
    while changed:
        changed = False
        for k, (i, j, _score) in enumerate(pairs):
            for side in ("a", "b"):
                tasks, idx, desc = (ta, idx_a, desc_a) if side == "a" else (tb, idx_b, desc_b)
                me = tasks[i if side == "a" else j]
                parent = me.parent
                if parent not in idx:
                    continue
                others = set(desc[parent]) - {me.id, *desc[me.id]}
                used = {
                    (ta[p[0]] if side == "a" else tb[p[1]]).id
                    for n, p in enumerate(pairs)
                    if n != k
                }
                if others & used:
                    continue
                ni, nj = (idx[parent], j) if side == "a" else (i, idx[parent])
                if m[ni, nj] >= threshold:
                    pairs[k] = (ni, nj, float(m[ni, nj]))
                    i, j = ni, nj
                    changed = True
    return pairs


def align_agencies(corpus: Corpus) -> list[AgencyAlignment]:
    """Agencies of two counties that share at least one function."""
    out: list[AgencyAlignment] = []
    plans = sorted(corpus.plans, key=lambda p: p.id)
    for pa, pb in combinations(plans, 2):
        aa = [x for x in corpus.agencies if x.county == pa.county and x.functions]
        bb = [x for x in corpus.agencies if x.county == pb.county and x.functions]
        n = 0
        for x in aa:
            for y in bb:
                shared = sorted(set(x.functions) & set(y.functions))
                if not shared:
                    continue
                n += 1
                score = len(shared) / len(set(x.functions) | set(y.functions))
                out.append(
                    AgencyAlignment(
                        f"{pa.id}~{pb.id}/agency/{n}",
                        pa.county,
                        pb.county,
                        x.id,
                        y.id,
                        shared,
                        round(score, 4),
                    )
                )
    return out


def load_functions(path: Path | None = None) -> dict[str, str]:
    """Function key → Chinese label, from ``data/functions.csv``."""
    path = path or DATA_DIR / "functions.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {r["key"]: r["zh"] for r in csv.DictReader(fh)}
