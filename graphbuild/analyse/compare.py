"""Comparing counties: targets, aligned sections and tasks, agencies by function.

:func:`enrich` fills ``corpus.targets``, ``section_alignments``, ``alignments``,
``agency_alignments`` and ``inconsistencies``; it is deterministic (same input, same
output and the same ids). :func:`compare_report` gathers, for one battle (and
optionally one topic), what the ``compare`` command and the app's Compare page show.

Similarity is the cosine of character 1–3-gram TF-IDF vectors (scikit-learn), fitted on
every task and section of the corpus; Chinese needs no word segmentation this way.
Sections align one-to-one by the Hungarian method (scipy) on the larger of heading and
content similarity, and a section left over joins its closest counterpart when that is
close enough; tasks align one-to-one inside aligned sections, greedily by score, at the
level (task or sub-item) where they match best: once a pair is taken, neither task's
ancestors nor descendants can pair again; a pair is then moved up to the parent tasks
when no sibling is paired. Two tasks of sections that did not align pair only when they
are very similar (:data:`CROSS_THRESHOLD`), and their sections are then aligned too
(``by="tasks"``). A task with no pair at or above :data:`PAIR_THRESHOLD` is unique to its
county. Task similarity is the mean of title and text similarity.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np

from graphbuild.extract.targets import extract_targets, format_value, goal_sections
from graphbuild.model import (
    BATTLES,
    AgencyAlignment,
    Alignment,
    Corpus,
    Inconsistency,
    SectionAlignment,
    Target,
    Task,
    to_dict,
)
from graphbuild.read.corpus import read_document
from graphbuild.settings import DATA_DIR, input_dir

__all__ = [
    "PAIR_THRESHOLD",
    "SECTION_THRESHOLD",
    "Similarity",
    "align_agencies",
    "align_sections_and_tasks",
    "compare_report",
    "enrich",
    "find_inconsistencies",
    "goal_battles",
    "load_functions",
]

#: Below this task-pair similarity a task counts as unique to its county (chosen on the
#: hand-aligned risk battle, see benchmarks/align_eval.py).
PAIR_THRESHOLD = 0.15
#: Tasks in sections that did not align may still pair at or above this similarity.
CROSS_THRESHOLD = 0.5
#: How task titles count in task similarity ("none", "max" or "mean").
TITLE_MODE = "mean"
#: Below this section similarity two sections are not aligned.
SECTION_THRESHOLD = 0.2

_PUNCT = re.compile(r"[\s\d０-９，。、；：:;,.!?！？“”‘’\"'（）()〔〕【】《》〈〉\-—·…/%]+")
_PAREN_UNIT = re.compile(r"[（(][^（）()]*(牵头|负责|配合|责任单位)[^（）()]*[）)]")


# --------------------------------------------------------------------------- similarity


def _assignment(cost: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The one-to-one assignment of least total cost (scipy, imported when first needed)."""
    from scipy.optimize import linear_sum_assignment

    return linear_sum_assignment(cost)


class Similarity:
    """Character n-gram TF-IDF over a fixed set of documents."""

    def __init__(self, documents: Iterable[str], ngram_range: tuple[int, int] = (1, 3)):
        docs = list(documents)
        from sklearn.feature_extraction.text import TfidfVectorizer  # heavy: load when used

        self.vectorizer = TfidfVectorizer(
            analyzer="char", ngram_range=ngram_range, sublinear_tf=True, min_df=1
        )
        self.vectorizer.fit(docs or [" "])

    def matrix(self, a: list[str], b: list[str]) -> np.ndarray:
        """Cosine similarity of every text of ``a`` with every text of ``b``."""
        if not a or not b:
            return np.zeros((len(a), len(b)))
        va = self.vectorizer.transform(a)
        vb = self.vectorizer.transform(b)
        return (va @ vb.T).toarray()


@lru_cache(maxsize=64)
def _places_re(places: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(p) for p in places) or "(?!)")


def _strip_places(text: str, places: list[str]) -> str:
    """Remove county names (one regex pass, so the cost does not grow with the corpus)."""
    return _places_re(tuple(places)).sub("", text)


def _places(corpus: Corpus) -> list[str]:
    out: set[str] = set()
    for p in corpus.plans:
        out.add(p.county)
        short = re.sub(r"(侗族|苗族|土家族|瑶族)?(自治县|自治州|市|县|区)$", "", p.county)
        if len(short) >= 2:
            out.add(short)
            out.add(short[:2])
    return sorted(out, key=len, reverse=True)


def _clean(text: str, places: list[str]) -> str:
    text = _PAREN_UNIT.sub("", text)
    text = _strip_places(text, places)
    return _PUNCT.sub(" ", text).strip()


# --------------------------------------------------------------------------- goals → battles


def goal_battles(corpus: Corpus, sim: Similarity | None = None) -> dict[str, str]:
    """Battle of each goal section that has none (the general plan's 主要目标 （一）…（六）),
    from its own text: assigned one-to-one to the battle whose sections of the same plan
    (attachment goals, the general plan's 重点任务) it is most similar to."""
    places = _places(corpus)
    sim = sim or Similarity(_clean(s.title + s.text, places) for s in corpus.sections)
    goals = set(goal_sections(corpus))
    out: dict[str, str] = {}
    for plan in corpus.plans:
        rows = [
            s
            for s in corpus.sections
            if s.plan == plan.id
            and s.id in goals
            and s.battle is None
            and s.text.strip()
            and s.parent is not None
            and s.parent in goals
        ]
        if not rows:
            continue
        reps: dict[str, str] = {}
        for s in corpus.sections:
            if s.plan == plan.id and s.battle and (s.id in goals or s.attachment is None):
                reps[s.battle] = reps.get(s.battle, "") + s.title + s.text
        battles = [b for b in BATTLES if b in reps]
        if not battles:
            continue
        scores = sim.matrix(
            [_clean(s.title + s.text, places) for s in rows],
            [_clean(reps[b], places) for b in battles],
        )
        ri, ci = _assignment(-scores)
        for r, c in zip(ri, ci, strict=True):
            if scores[r, c] > 0:
                out[rows[r].id] = battles[c]
    return out


# --------------------------------------------------------------------------- alignment


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


def _corpus_similarity(corpus: Corpus) -> Similarity:
    places = _places(corpus)
    docs = [_clean(t.text, places) for t in corpus.tasks]
    docs += [_clean(s.title + s.text, places) for s in corpus.sections]
    return Similarity(docs)


# --------------------------------------------------------------------------- agencies


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


# --------------------------------------------------------------------------- inconsistencies

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


# --------------------------------------------------------------------------- enrich


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


def enrich(corpus: Corpus, folder: Path | None = None) -> None:
    """Fill the corpus's targets, alignments and inconsistencies (in place).

    Parameters
    ----------
    corpus : Corpus
        The model after extraction and resolution.
    folder : Path, optional
        The folder of the raw plans, to give targets exact spans (default: data/raw).
    """
    sim = _corpus_similarity(corpus)
    battles = goal_battles(corpus, sim)
    corpus.targets = extract_targets(corpus, _raw_texts(corpus, folder), battles)
    pairs = len(corpus.plans) * (len(corpus.plans) - 1) // 2
    if pairs <= MAX_ALIGNED_PAIRS:
        corpus.section_alignments, corpus.alignments = align_sections_and_tasks(corpus, sim)
        corpus.agency_alignments = align_agencies(corpus)
    else:
        corpus.warnings.append(
            f"cross-county alignment skipped at build time: {len(corpus.plans)} plans make "
            f"{pairs} pairs (more than {MAX_ALIGNED_PAIRS}); `graphbuild compare --counties A B` "
            "aligns a pair on demand"
        )
    corpus.inconsistencies = find_inconsistencies(corpus.targets)


# --------------------------------------------------------------------------- report


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
