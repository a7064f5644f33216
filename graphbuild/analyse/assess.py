"""The build's self-assessment of each document: what it read, and what it may have missed.

For every document: the numbered items and table rows found, the share of tasks with at
least one unit and with a lead, the doubts (responsibility-looking text attached to no
task, unit names that fail the name guard, table headers the reader does not know, a table
it could not read, stale corrections) each with its place in the source text, the
metadata found and where from, and a verdict:

* ``ok``: nothing looks missed;
* ``review``: something looks missed (every reason on one line);
* ``failed``: nothing usable was read (the reasons say what was found instead).

The assessment is plain JSON-ready data: ``graphbuild check`` prints it, the build keeps it
in ``report.json`` and the app's Documents page shows it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from graphbuild.analyse.corrections import Outcome
from graphbuild.model import Plan, Section, Source, Task
from graphbuild.parse.document import ParsedDocument
from graphbuild.parse.tables import table_columns
from graphbuild.read.genre import Genre
from graphbuild.read.hanzi import to_simplified

__all__ = ["VERDICTS", "assess", "name_problem", "unread_tables"]

VERDICTS: tuple[str, ...] = ("ok", "review", "failed")

#: Below this share of tasks with a unit, the document is to be reviewed.
MIN_UNIT_SHARE = 0.5

#: Header cells the reader knows and leaves aside on purpose (deadlines, notes).
_IGNORED_HEADERS = re.compile(r"时限|时间|节点|备注|进度|年度|完成|计划|说明")
#: A unit column's header as a word of a line: 牵头单位, 责任单位, 配合部门…
_UNIT_WORD = re.compile(
    r"(牵头|责任|配合|协办|主办|主责|承办|参与|协同|牵头责任|协同责任|主要责任)(单位|部门)"
)
_TASK_WORD = re.compile(r"序号|任务|事项|工作|内容|项目")
_ROW_START = re.compile(r"^\s*\d{1,3}\s+\S")
_BRACKET = re.compile(r"[（(]([^（）()]{2,80})[）)]")
_NAME_SPLIT = re.compile(r"[、，,；;\s]+")
_PUNCT = re.compile(r"[。；;：:！？!?，,]")

#: A unit-name guard: the reason a name is not a plausible unit name, or None.
NameGuard = Callable[[str], "str | None"]


def name_problem(name: str, genre: Genre) -> str | None:
    """Why ``name`` does not look like a unit's name (None when it does).

    A name with sentence punctuation, a role word inside, more than 30 characters, or the
    opening of a sentence rather than a name (the genre's not-a-clause prefixes).
    """
    simple = to_simplified(name)
    if _PUNCT.search(simple):
        return "has sentence punctuation"
    if len(simple) > 30:
        return f"{len(simple)} characters long"
    if simple.startswith(genre.not_clause_prefixes):
        return "starts like a sentence"
    if genre.role_re.fullmatch(simple) or genre.label_re.search(simple):
        return "is a role word"
    return None


def _extract_guard(name: str, genre: Genre) -> str | None:
    """The extraction's own unit-name guard (``graphbuild.extract.names``) when there is one."""
    try:
        from graphbuild.extract.names import check_unit_name
    except ImportError:  # an extraction without the guard: name_problem alone
        return None
    return check_unit_name(name, genre)


def unread_tables(text: str) -> list[tuple[str, Source, int]]:
    """Lines that read like a task table's header but are not drawn as a table the reader
    reads (cells aligned with spaces): (the unit column's word, the line's span, how many
    numbered lines follow it)."""
    found: list[tuple[str, Source, int]] = []
    pos = 0
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        start = pos
        pos += len(line)
        if line.count("\t") >= 2 or line.count("|") + line.count("｜") >= 2:
            continue
        cells = line.split()
        if len(cells) < 3 or any(len(c) > 12 for c in cells):
            continue
        simple = [to_simplified(c) for c in cells]
        unit = next((m.group(0) for c in simple for m in [_UNIT_WORD.search(c)] if m), None)
        if unit is None or not any(_TASK_WORD.search(c) for c in simple):
            continue
        rows = sum(1 for later in lines[i + 1 : i + 400] if _ROW_START.match(later))
        found.append((unit, Source("", start, start + len(line.rstrip("\r\n"))), rows))
    return found


def _covered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a < end and b > start for a, b in spans)


def _attached(tasks: list[Task], sections: list[Section]) -> list[tuple[int, int]]:
    """The raw spans every task and section took its units and clauses from."""
    spans = [(c.source.start, c.source.end) for t in tasks for c in t.clauses]
    for owner in [*tasks, *sections]:
        for unit in owner.units:
            spans += [(m.source.start, m.source.end) for m in unit.mentions]
    return spans


def _orphans(parsed: ParsedDocument, spans: list[tuple[int, int]], genre: Genre) -> list[dict]:
    """Responsibility-looking text attached to no task: a clause label (牵头单位：) or a
    bracket with a role word and a unit name, or with two unit-like names or more."""
    doubts: list[dict] = []
    for para in parsed.lines:
        span = para.span
        if not span.offsets or para.row is not None:
            continue
        text = to_simplified(span.text)

        def source(a: int, b: int, span=span) -> Source:
            return Source(span.file, span.offsets[a], span.offsets[b - 1] + 1)

        label = genre.label_re.search(text)
        if label:
            src = source(label.start(), len(text))
            if not _covered(spans, src.start, src.end):
                doubts.append(_doubt("orphan", span.text[label.start() :][:80], src))
                continue
        for m in _BRACKET.finditer(text):
            inner = m.group(1)
            if inner.startswith(("含", "包括", "如", "即", "其中")):
                continue
            names = [n for n in _NAME_SPLIT.split(inner) if genre.suffix_re.search(n)]
            if not (
                (genre.role_re.search(inner) and names) or sum(len(n) >= 3 for n in names) >= 2
            ):
                continue
            src = source(m.start(), m.end())
            if not _covered(spans, src.start, src.end):
                doubts.append(_doubt("orphan", span.text[m.start() : m.end()], src))
    return doubts


def _headers(parsed: ParsedDocument) -> tuple[list[dict], list[dict]]:
    """Table header cells the reader does not know, and tables whose rows it did not read."""
    unknown: list[dict] = []
    empty: list[dict] = []
    for part in parsed.parts:
        for node in part.root.walk():
            if node.kind != "table" or not node.paras or node.paras[0].row is None:
                continue
            cells = node.paras[0].row
            known = set(table_columns(cells).values())
            for i, cell in enumerate(cells):
                name = "".join(to_simplified(cell.text).split())
                if i in known or not name or _IGNORED_HEADERS.search(name):
                    continue
                unknown.append(_doubt("header", cell.text, cell.source()))
            if not any(n.kind == "row" for n in node.walk()):
                words = " ".join(c.text for c in cells)
                empty.append(
                    _doubt(
                        "table", f"a table header ({words}) but no rows read", node.head.source()
                    )
                )
    return unknown, empty


def _doubt(kind: str, text: str, source: Source | None) -> dict[str, Any]:
    return {
        "kind": kind,
        "text": text,
        "file": source.file if source else "",
        "start": source.start if source else 0,
        "end": source.end if source else 0,
    }


def _pct(n: int, total: int) -> float:
    return round(n / total, 3) if total else 0.0


def assess(
    file: str,
    text: str,
    *,
    parsed: ParsedDocument | None,
    plan: Plan | None,
    tasks: list[Task],
    sections: list[Section],
    genre: Genre,
    corrections: Outcome | None = None,
    problem: str | None = None,
    guard: NameGuard | None = None,
) -> dict[str, Any]:
    """The assessment of one document (see the module's docstring).

    ``problem`` is the one-line reason the document could not be read or placed (no
    numbered item, no county…); ``guard`` is the unit-name guard to use (default
    :func:`name_problem`).
    """
    guard = guard or (lambda name: _extract_guard(name, genre) or name_problem(name, genre))
    items = sum(t.kind in ("task", "subitem") for t in tasks)
    rows = sum(t.kind == "row" for t in tasks)
    with_unit = sum(bool(t.units) for t in tasks)
    with_lead = sum(any(u.role == "lead" for u in t.units) for t in tasks)
    doubts: list[dict[str, Any]] = []
    if parsed is not None:
        doubts += _orphans(parsed, _attached(tasks, sections), genre)
        unknown, empty = _headers(parsed)
        doubts += unknown + empty
    for task in tasks:
        for unit in task.units:
            why = guard(unit.name)
            if why and not unit.corrected:
                doubts.append(_doubt("name", f"{unit.name} ({task.id}): {why}", unit.source))
    unread = unread_tables(text)
    for word, src, n in unread:
        line = " ".join(text[src.start : src.end].split())
        doubts.append(
            _doubt(
                "table",
                f"a header with {word} but no rows read ({n} numbered lines below it): {line}",
                Source(file, src.start, src.end),
            )
        )
    stale = corrections.stale_lines() if corrections else []
    for line in stale:
        doubts.append(_doubt("stale", line, None))

    reasons: list[str] = []
    if problem:
        reasons.append(problem)
    if not tasks:
        found = [d["text"] for d in doubts if d["kind"] == "table"]
        role_lines = sum(d["kind"] == "orphan" for d in doubts)
        if found:
            reasons += found
        if role_lines:
            reasons.append(f"{role_lines} responsibility phrases but no numbered item")
        if not found and not role_lines and not problem:
            reasons.append("no numbered item, task table or responsibility wording found")
        verdict = "failed"
    else:
        counts: dict[str, int] = {}
        for d in doubts:
            counts[d["kind"]] = counts.get(d["kind"], 0) + 1
        labels = {
            "orphan": "responsibility text attached to no task",
            "name": "unit names that fail the name guard",
            "header": "table headers the reader does not know",
            "table": "tables the reader could not read",
            "stale": "stale corrections",
        }
        reasons += [f"{counts[k]} {label}" for k, label in labels.items() if counts.get(k)]
        if _pct(with_unit, len(tasks)) < MIN_UNIT_SHARE:
            reasons.append(f"only {with_unit} of {len(tasks)} tasks have a unit")
        verdict = "review" if reasons else "ok"
        if problem:
            verdict = "failed"
    metadata = {
        key: {"value": getattr(plan, key), "from": plan.metadata_from.get(key, "")}
        for key in ("county", "issuer", "number", "date", "title")
        if plan is not None and getattr(plan, key)
    }
    return {
        "file": file,
        "plan": plan.id if plan else "",
        "county": plan.county if plan else "",
        "verdict": verdict,
        "reasons": reasons,
        "items": items,
        "rows": rows,
        "tasks": len(tasks),
        "with_unit": with_unit,
        "with_lead": with_lead,
        "share_with_unit": _pct(with_unit, len(tasks)),
        "share_with_lead": _pct(with_lead, len(tasks)),
        "metadata": metadata,
        "corrections": {
            "applied": len(corrections.applied) if corrections else 0,
            "stale": stale,
        },
        "doubts": doubts,
    }
