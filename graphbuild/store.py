"""Writing the build contract (JSONL, CSV, report) atomically, and reading the model back."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from graphbuild.errors import ModelNotBuilt
from graphbuild.model import (
    Agency,
    AgencyAlignment,
    Alignment,
    Attachment,
    Clause,
    Corpus,
    Group,
    Inconsistency,
    Mention,
    Person,
    PersonRef,
    Plan,
    Section,
    SectionAlignment,
    Source,
    Target,
    Task,
    UnitRef,
    WorkingGroup,
    to_dict,
)
from graphbuild.read.sources import source_files
from graphbuild.resolve import Resolver
from graphbuild.summary import report_of, summaries_of

__all__ = [
    "ModelNotBuilt",
    "agencies_csv",
    "jsonl",
    "load_corpus",
    "report",
    "section_row",
    "task_row",
    "write_outputs",
]

MODEL_FILE = "model.json"


def jsonl(rows: list[dict[str, Any]]) -> str:
    """JSON lines, keys sorted, Chinese as written."""
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)


def task_row(task: Task, data: dict[str, Any] | None = None) -> dict[str, Any]:
    """A line of tasks.jsonl (``data``: the task's :func:`to_dict`, when already made)."""
    row = dict(data) if data is not None else to_dict(task)
    row["units"] = [
        {
            k: u[k]
            for k in (
                "name",
                "canonical",
                "role",
                "inherited",
                "inferred",
                "collective",
                "functions",
                "source",
                "mentions",
            )
        }
        for u in row["units"]
    ]
    for unit, data in zip(task.units, row["units"], strict=True):
        if unit.corrected:  # only a corrected fact says so
            data.update(corrected=True, note=unit.note, by=unit.by)
    if not task.corrected:
        for key in ("corrected", "note", "by"):
            del row[key]
    row["persons"] = [
        {"name": p["name"], "role": p["role"], "source": p["source"]} for p in row["persons"]
    ]
    return row


def section_row(section: Section, data: dict[str, Any] | None = None) -> dict[str, Any]:
    """A line of sections.jsonl (``data``: the section's :func:`to_dict`, when made)."""
    row = dict(data) if data is not None else to_dict(section)
    row["units"] = [dict(unit) for unit in row["units"]]
    for unit in row["units"]:
        if not unit["corrected"]:  # corrections apply to tasks; a section's unit never is
            for key in ("corrected", "note", "by"):
                del unit[key]
    return row


def report(corpus: Corpus, resolver: Resolver) -> dict[str, Any]:
    """Counts per county and battle, gaps, unresolved names and warnings."""
    return report_of(
        summaries_of(corpus),
        resolver,
        agencies=len(corpus.agencies),
        warnings=corpus.warnings,
        skipped=corpus.skipped,
        assessments=corpus.assessments,
    )


def agencies_csv(agencies: list[Agency]) -> str:
    """``agencies.csv``: one row per agency, its names and functions joined by ``|``."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["id", "county", "canonical", "names", "functions", "collective", "resolved"])
    for a in agencies:
        writer.writerow(
            [
                a.id,
                a.county,
                a.canonical,
                "|".join(a.names),
                "|".join(a.functions),
                str(a.collective).lower(),
                str(a.resolved).lower(),
            ]
        )
    return buf.getvalue()


def render_outputs(corpus: Corpus, resolver: Resolver, graph: bool = True) -> dict[str, str]:
    """The content of every output file, by file name (``graph.nt`` too unless ``graph`` is
    false: the build writes that one plan by plan, :mod:`graphbuild.pipeline`)."""
    rep = report(corpus, resolver)
    return {
        "tasks.jsonl": jsonl([task_row(t) for t in corpus.tasks]),
        "sections.jsonl": jsonl([section_row(s) for s in corpus.sections]),
        "people.jsonl": jsonl([to_dict(p) for p in corpus.people]),
        "working_groups.jsonl": jsonl([to_dict(w) for w in corpus.working_groups]),
        "agencies.csv": agencies_csv(corpus.agencies),
        "targets.jsonl": jsonl([to_dict(t) for t in corpus.targets]),
        "alignments.jsonl": jsonl([to_dict(a) for a in corpus.alignments]),
        "report.json": json.dumps(rep, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
        MODEL_FILE: json.dumps(to_dict(corpus), ensure_ascii=False, sort_keys=True) + "\n",
        **(_graph_file(corpus) if graph else {}),
        **source_files(corpus.texts),
    }


def _graph_file(corpus: Corpus) -> dict[str, str]:
    """``graph.nt``: the RDF projection the embedded store loads at app start."""
    from graphbuild.graph.graphfile import GRAPH_FILE, ntriples

    return {GRAPH_FILE: ntriples(corpus)}


def write_outputs(files: dict[str, str], out: Path, moved: dict[str, Path] | None = None) -> None:
    """Write files into ``out`` atomically: a temporary sibling folder replaces ``out``.

    ``moved`` names files already written elsewhere on the same disk (``graph.nt``), moved
    in as they are. Whatever was in ``out`` stays intact until the new folder is complete.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for name, text in files.items():
            (tmp / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp / name).write_text(text, encoding="utf-8")
        for name, path in (moved or {}).items():
            (tmp / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, tmp / name)
        if out.exists():
            old = out.parent / f".{out.name}.old"
            if old.exists():
                shutil.rmtree(old)
            os.replace(out, old)
            os.replace(tmp, out)
            shutil.rmtree(old)
        else:
            os.replace(tmp, out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _src(d: dict[str, Any] | None) -> Source | None:
    return Source(**d) if d else None


def _unit(d: dict[str, Any]) -> UnitRef:
    d = dict(d)
    d["source"] = _src(d["source"])
    d["mentions"] = [Mention(**{**m, "source": _src(m["source"])}) for m in d["mentions"]]
    return UnitRef(**d)


def corpus_from_dict(data: dict[str, Any]) -> Corpus:
    """Rebuild a :class:`Corpus` from its JSON form."""

    def with_source(d: dict[str, Any]) -> dict[str, Any]:
        return {**d, "source": _src(d["source"])}

    tasks = []
    for t in data["tasks"]:
        t = with_source(t)
        t["units"] = [_unit(u) for u in t["units"]]
        t["persons"] = [PersonRef(**{**p, "source": _src(p["source"])}) for p in t["persons"]]
        t["clauses"] = [Clause(**with_source(c)) for c in t["clauses"]]
        tasks.append(Task(**t))
    sections = []
    for s in data["sections"]:
        s = with_source(s)
        s["units"] = [_unit(u) for u in s["units"]]
        sections.append(Section(**s))
    return Corpus(
        plans=[Plan(**with_source(p)) for p in data["plans"]],
        attachments=[Attachment(**with_source(a)) for a in data["attachments"]],
        sections=sections,
        tasks=tasks,
        people=[Person(**with_source(p)) for p in data["people"]],
        working_groups=[WorkingGroup(**with_source(w)) for w in data["working_groups"]],
        agencies=[Agency(**a) for a in data["agencies"]],
        targets=[Target(**with_source(t)) for t in data.get("targets", [])],
        alignments=[
            Alignment(**{**a, "source_a": _src(a["source_a"]), "source_b": _src(a["source_b"])})
            for a in data.get("alignments", [])
        ],
        inconsistencies=[
            Inconsistency(**{**i, "sources": [_src(s) for s in i["sources"]]})
            for i in data.get("inconsistencies", [])
        ],
        section_alignments=[SectionAlignment(**a) for a in data.get("section_alignments", [])],
        agency_alignments=[AgencyAlignment(**a) for a in data.get("agency_alignments", [])],
        warnings=list(data["warnings"]),
        skipped=list(data.get("skipped", [])),
        groups=[Group(**with_source(g)) for g in data.get("groups", [])],
        assessments=list(data.get("assessments", [])),
    )


def load_corpus(build_dir: Path) -> Corpus:
    """Read the model a build wrote.

    Raises
    ------
    ModelNotBuilt
        If the folder has no model (run ``graphbuild build`` first).
    """
    path = build_dir / MODEL_FILE
    if not path.exists():
        raise ModelNotBuilt(f"{build_dir}: no built graph here; run `graphbuild build` first")
    return corpus_from_dict(json.loads(path.read_text(encoding="utf-8")))
