"""Cached loaders: the model, its indexes, the question catalog and the backend.

Everything heavy is loaded once per process (``st.cache_resource``) and answers are cached
per question and parameters (``st.cache_data``), so moving between pages rebuilds nothing.
Failures are returned as messages, never raised into a page.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import streamlit as st

from graphbuild import settings
from graphbuild.model import Agency, Corpus, Section, Task, WorkingGroup


def build_dir() -> Path:
    """The build folder the app reads: $GRAPHBUILD_BUILD or build/ in the current folder."""
    return settings.build_dir().resolve()


@dataclass
class Index:
    """Lookups over one corpus."""

    corpus: Corpus
    counties: list[str]
    tasks: dict[str, Task]
    sections: dict[str, Section]
    agencies: dict[str, Agency]
    agency_by_name: dict[tuple[str, str], Agency]
    children: dict[str, list[str]]
    tasks_of_agency: dict[str, list[tuple[Task, Any]]]
    groups: dict[tuple[str, str | None], WorkingGroup]
    texts: dict[str, str] = field(default_factory=dict)
    plan_of_county: dict[str, Any] = field(default_factory=dict)

    def agency_id(self, county: str, canonical: str) -> str | None:
        """The id of a county's agency by canonical name (or any surface form)."""
        found = self.agency_by_name.get((county, canonical))
        return found.id if found else None

    def other_county(self, county: str) -> str | None:
        """The other county of the corpus (two-county comparison)."""
        others = [c for c in self.counties if c != county]
        return others[0] if others else None

    def text_of(self, file: str) -> str:
        """The decoded text of an input file (offsets index it): the copy the build kept in
        ``sources/``, else (a build made before it kept them) the file in the input folder."""
        if file not in self.texts:
            from graphbuild.read.sources import source_text

            self.texts[file] = source_text(file, build_dir(), raw_dir())
        return self.texts[file]


def raw_dir() -> Path:
    """The plans folder: $GRAPHBUILD_INPUT or data/raw in the current folder."""
    return settings.input_dir().resolve()


def _build_index(corpus: Corpus) -> Index:
    counties = list(dict.fromkeys(p.county for p in corpus.plans))
    agencies = {a.id: a for a in corpus.agencies}
    by_name: dict[tuple[str, str], Agency] = {}
    for a in corpus.agencies:
        by_name[(a.county, a.canonical)] = a
        for n in a.names:
            by_name.setdefault((a.county, n), a)
    children: dict[str, list[str]] = defaultdict(list)
    of_agency: dict[str, list[tuple[Task, Any]]] = defaultdict(list)
    for task in corpus.tasks:
        if task.parent:
            children[task.parent].append(task.id)
        for unit in task.units:
            agency = by_name.get((task.county, unit.canonical))
            if agency is not None:
                of_agency[agency.id].append((task, unit))
    return Index(
        corpus=corpus,
        counties=counties,
        tasks={t.id: t for t in corpus.tasks},
        sections={s.id: s for s in corpus.sections},
        agencies=agencies,
        agency_by_name=by_name,
        children=dict(children),
        tasks_of_agency=dict(of_agency),
        groups={(w.county, w.battle): w for w in corpus.working_groups},
        plan_of_county={p.county: p for p in corpus.plans},
    )


@st.cache_resource(show_spinner=False)
def _load(path: str, stamp: float) -> Index:
    from graphbuild.store import load_corpus

    return _build_index(load_corpus(Path(path)))


def model_stamp(path: Path) -> float:
    """The model file's modification time (a rebuilt model is loaded again)."""
    model = path / "model.json"
    return model.stat().st_mtime if model.exists() else 0.0


def index(quiet: bool = False) -> Index | None:
    """The cached index of the built model, or None after showing a notice."""
    path = build_dir()
    try:
        return _load(str(path), model_stamp(path))
    except Exception as exc:
        if quiet:
            return None
        from graphbuild.store import ModelNotBuilt
        from lib.i18n import t

        if isinstance(exc, ModelNotBuilt):
            st.warning(t("missing.model"))
        else:
            st.error(f"{t('missing.model')} ({type(exc).__name__}: {exc})")
        return None


# ---------------------------------------------------------------- catalog and backend


@st.cache_resource(show_spinner=False)
def _catalog(stamp: tuple) -> tuple[list[Any], str | None]:
    try:
        from graphbuild.query.catalog import load_catalog

        return list(load_catalog()), None
    except Exception as exc:
        return [], f"{type(exc).__name__}: {exc}"


def catalog_stamp() -> tuple:
    """The user questions folder and the modification times of its question files (a
    question saved from the Cypher console is seen at once)."""
    from graphbuild.settings import queries_dir

    folder, _ = queries_dir()
    if folder is None or not folder.is_dir():
        return (str(folder),)
    files = sorted(folder.glob("*/*"))
    return (str(folder.resolve()), *((str(f), f.stat().st_mtime) for f in files))


def vocabulary() -> Any:
    """The counties and battles the questions may be asked about (those of the backend's
    graph; those of the build when the backend cannot say)."""
    bk, _ = backend()
    try:
        if bk is not None and hasattr(bk, "vocabulary"):
            return bk.vocabulary()
    except Exception:
        pass
    from graphbuild.query.values import Vocabulary

    ix = index(quiet=True)
    return Vocabulary.of_corpus(ix.corpus) if ix is not None else None


def catalog() -> tuple[list[Any], str | None]:
    """(questions, error): every catalog question (the user's too), or why there are none."""
    questions, error = _catalog(catalog_stamp())
    if not questions and error is None:
        error = "queries/ holds no questions yet"
    return questions, error


def question(qid: str) -> Any | None:
    """The catalog question ``qid`` or None."""
    for q in catalog()[0]:
        if q.id == qid:
            return q
    return None


@st.cache_resource(show_spinner=False)
def _backend(requested: str | None, path: str, uri: str) -> tuple[Any | None, str | None]:
    try:
        from graphbuild.query.backends import get_backend
    except Exception as exc:
        return None, f"graphbuild.query.backends is not available ({type(exc).__name__}: {exc})"
    try:
        return get_backend(requested, build_dir=Path(path)), None
    except Exception as exc:
        return None, friendly_error(exc)


def requested_backend() -> str | None:
    """The backend asked for: $GRAPHBUILD_BACKEND, else neo4j when NEO4J_URI is set."""
    return settings.env("GRAPHBUILD_BACKEND") or ("neo4j" if settings.env("NEO4J_URI") else None)


def backend() -> tuple[Any | None, str | None]:
    """(backend, error) for this process, created once."""
    return _backend(requested_backend(), str(build_dir()), settings.env("NEO4J_URI") or "")


def backend_name() -> str:
    """The name of the backend that answers (or what was asked for when it failed)."""
    bk, _ = backend()
    if bk is not None:
        return str(getattr(bk, "name", "?"))
    return requested_backend() or "embedded"


def friendly_error(exc: BaseException) -> str:
    """One readable line for an exception (no stack trace)."""
    try:
        from graphbuild.errors import friendly

        message, _ = friendly(exc)
        if message:
            return message
    except Exception:
        pass
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}".strip()


@st.cache_data(show_spinner=False, max_entries=512)
def _ask(backend_key: str, qid: str, params_json: str) -> list[dict[str, Any]]:
    bk, error = backend()
    if bk is None:
        raise RuntimeError(error or "no backend")
    q = question(qid)
    if q is None:
        raise LookupError(qid)
    rows = bk.ask(q, json.loads(params_json))
    return [dict(r) for r in rows]


def ask(qid: str, params: dict[str, Any]) -> tuple[list[dict[str, Any]] | None, str | None]:
    """(rows, error) for a catalog question with coerced parameters."""
    from lib.i18n import t

    if question(qid) is None:
        _, cerr = catalog()
        return None, t("missing.question", qid=qid) + (f" ({cerr})" if cerr else "")
    bk, error = backend()
    if bk is None:
        return None, t("missing.backend", error=error)
    try:
        key = f"{backend_name()}|{build_dir()}|{settings.env('NEO4J_URI') or ''}"
        return _ask(
            key, qid, json.dumps(params, ensure_ascii=False, sort_keys=True, default=str)
        ), None
    except Exception as exc:
        return None, t("error.backend", error=friendly_error(exc))


def coerce(qid: str, given: dict[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
    """Coerce parameters for a question, keeping only the ones it declares."""
    q = question(qid)
    if q is None:
        return None, qid
    names = {p.name for p in q.params}
    try:
        from graphbuild.query.catalog import coerce_params

        kept = {k: v for k, v in given.items() if k in names}
        return coerce_params(q, kept, vocabulary()), None
    except Exception as exc:
        return None, friendly_error(exc)


# ---------------------------------------------------------------- model helpers


def battle_tasks(ix: Index, county: str, battle: str | None) -> list[Task]:
    """A county's tasks of one battle (all battles when ``battle`` is None)."""
    return [
        t for t in ix.corpus.tasks if t.county == county and (battle is None or t.battle == battle)
    ]


def section_keys(ix: Index, county: str) -> list[str]:
    """The rows of a county's overview: the six battles, then the top-level sections of its
    plans that group their tasks themselves (``district-1`` …), in document order; only those
    sections for a county whose plans have no battle at all."""
    from lib.i18n import battle_keys

    battles = battle_keys()
    plans = {p.id for p in ix.corpus.plans if p.county == county}
    own = [g.key for g in ix.corpus.groups if g.plan in plans]
    used = {t.battle for t in ix.corpus.tasks if t.county == county}
    return [*(battles if used & set(battles) or not own else []), *own]


def section_label(ix: Index, key: str) -> str:
    """A battle's name, or the heading of a plan's own top-level section."""
    from lib.i18n import battle_label

    group = next((g for g in ix.corpus.groups if g.key == key), None)
    return group.label if group is not None else battle_label(key)


def overview_rows(ix: Index) -> list[dict[str, Any]]:
    """Per county and battle (or a plan's own top-level section): tasks, agencies, people,
    working groups."""
    rows = []
    for county in ix.counties:
        for battle in section_keys(ix, county):
            tasks = battle_tasks(ix, county, battle)
            units = {u.canonical for t in tasks for u in t.units}
            group = ix.groups.get((county, battle))
            people = {p.name for t in tasks for p in t.persons}
            people |= {
                p.name
                for p in ix.corpus.people
                if p.county == county and group is not None and p.body == group.name
            }
            rows.append(
                {
                    "county": county,
                    "battle": battle,
                    "tasks": len(tasks),
                    "responsibilities": sum(len(t.units) for t in tasks),
                    "agencies": len(units),
                    "people": len(people),
                    "working_groups": int(group is not None),
                }
            )
    return rows


def overview_totals(ix: Index) -> dict[str, dict[str, int]]:
    """Per county, the Σ of the overview: distinct agencies and people, not per-battle sums.

    A unit with tasks in three battles is one agency of the county, so the agencies and
    people of the battles are united, while tasks and working groups (each in one battle)
    add up.
    """
    out: dict[str, dict[str, int]] = {}
    for county in ix.counties:
        battles = set(section_keys(ix, county))
        tasks = [t for t in ix.corpus.tasks if t.county == county and t.battle in battles]
        groups = [w for w in ix.corpus.working_groups if w.county == county and w.battle in battles]
        names = {w.name for w in groups}
        people = {p.name for t in tasks for p in t.persons}
        people |= {p.name for p in ix.corpus.people if p.county == county and p.body in names}
        out[county] = {
            "tasks": len(tasks),
            "responsibilities": sum(len(t.units) for t in tasks),
            "agencies": len({u.canonical for t in tasks for u in t.units}),
            "people": len(people),
            "working_groups": len(groups),
        }
    return out


def group_roles(group: WorkingGroup) -> list[tuple[str, list[str]]]:
    """A working group's convenors by role, each holder listed once under the role it holds.

    (role as written, holders as written), convenor first, then 常务副召集人, then 副召集人.
    The roles are per group: one person can be 常务副召集人 of one group and 副召集人 of
    another. Models built before the deputies' roles were recorded count every deputy as
    副召集人.
    """
    by_role: dict[str, list[str]] = {}
    if group.convenor:
        by_role["召集人"] = [group.convenor]
    roles = list(group.deputy_roles)
    for i, holder in enumerate(group.deputy_convenors):
        role = roles[i] if i < len(roles) and roles[i] else "副召集人"
        by_role.setdefault(role, []).append(holder)
    order = ["召集人", "常务副召集人", "副召集人"]
    return sorted(by_role.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 9)


def role_counts(ix: Index, agency_id: str) -> dict[str, Counter]:
    """Battle → Counter of roles for one agency."""
    out: dict[str, Counter] = defaultdict(Counter)
    for task, unit in ix.tasks_of_agency.get(agency_id, []):
        out[task.battle or "-"][unit.role] += 1
    return dict(out)


def partners(ix: Index, agency_id: str, top: int = 10) -> list[tuple[Agency, int]]:
    """The agencies that share the most tasks with one agency."""
    agency = ix.agencies[agency_id]
    counts: Counter[str] = Counter()
    for task, _ in ix.tasks_of_agency.get(agency_id, []):
        for unit in task.units:
            other = ix.agency_by_name.get((task.county, unit.canonical))
            if other is not None and other.id != agency.id:
                counts[other.id] += 1
    return [(ix.agencies[a], n) for a, n in counts.most_common(top)]


def counterparts(ix: Index, agency_id: str, top: int = 3) -> tuple[list[tuple[Agency, float]], str]:
    """Agencies of the other county that correspond to one agency, and how it was found.

    Uses the model's agency alignments when the comparison step wrote them, else the
    Jaccard similarity of the function sets.
    """
    agency = ix.agencies[agency_id]
    found: list[tuple[Agency, float]] = []
    for al in ix.corpus.agency_alignments:
        if al.a in (agency.id, agency.canonical) and al.county_a == agency.county:
            other = ix.agencies.get(al.b) or ix.agency_by_name.get((al.county_b, al.b))
        elif al.b in (agency.id, agency.canonical) and al.county_b == agency.county:
            other = ix.agencies.get(al.a) or ix.agency_by_name.get((al.county_a, al.a))
        else:
            continue
        if other is not None:
            found.append((other, float(al.score)))
    if found:
        found.sort(key=lambda x: (-x[1], x[0].canonical))
        return found[:top], "alignment"
    mine = set(agency.functions)
    if not mine:
        return [], "function"
    other_county = ix.other_county(agency.county)
    scored = []
    for other in ix.corpus.agencies:
        if other.county != other_county or not other.functions:
            continue
        theirs = set(other.functions)
        score = len(mine & theirs) / len(mine | theirs)
        if score > 0:
            scored.append((other, score))
    scored.sort(
        key=lambda x: (-x[1], len(ix.tasks_of_agency.get(x[0].id, [])) * -1, x[0].canonical)
    )
    return scored[:top], "function"


def leading_group_office(ix: Index, county: str) -> str | None:
    """The unit the leading group's office sits in, as the general plan states it."""
    plan = ix.plan_of_county.get(county)
    if plan is None:
        return None
    try:
        text = ix.text_of(plan.file)
    except Exception:
        return None
    m = re.search(r"领导小组[^。]{0,80}?办公室设(?:在)?([^，。、；\s]{2,20})", text)
    return m.group(1) if m else None


def leading_group(ix: Index, county: str) -> list[Any]:
    """The people of a county's leading group (组长, 副组长 …)."""
    return [p for p in ix.corpus.people if p.county == county and "领导小组" in p.body]
