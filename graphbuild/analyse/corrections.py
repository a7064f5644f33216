"""Corrections as data: ``NAME.corrections.csv`` beside a plan, applied after extraction.

A researcher who finds a unit the reader missed, a unit it should not have read, a wrong
role or a whole task it missed writes one row per fact (or lets the app's Task page write
it). Columns: ``task,unit,role,action,note`` and, optionally, ``by`` (who corrected) and
``span`` (``start-end`` offsets or a quoted snippet of the text).

* ``add``: the task gets the unit with the role;
* ``remove``: the task loses the unit;
* ``set-role``: the unit keeps its place in the task with another role;
* ``add-task``: a task the reader missed, read from ``span``, with the unit and role if given
  (further ``add`` rows may give it more units).

Every corrected fact says so (``corrected``, ``note``, ``by``). A row whose task or unit no
longer exists, or whose ``span`` snippet is no longer in the task's text, is *stale*: it is
reported and never applied to something else.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from graphbuild.errors import InputError
from graphbuild.model import ROLES, Mention, Section, Source, Task, UnitRef
from graphbuild.read.genre import Genre
from graphbuild.resolve import Resolver

__all__ = [
    "ACTIONS",
    "COLUMNS",
    "Correction",
    "Outcome",
    "apply_corrections",
    "corrections_path",
    "edits",
    "merge_corrections",
    "read_corrections",
    "render_corrections",
]

#: The required columns, then the optional ones.
COLUMNS: tuple[str, ...] = ("task", "unit", "role", "action", "note")
OPTIONAL: tuple[str, ...] = ("by", "span")
ACTIONS: tuple[str, ...] = ("add", "remove", "set-role", "add-task")
SUFFIX = ".corrections.csv"
_OFFSETS = re.compile(r"^\s*(\d+)\s*-\s*(\d+)\s*$")


@dataclass(frozen=True)
class Correction:
    """One row of a corrections file (``line`` is its line number, header = 1)."""

    line: int
    task: str
    unit: str
    role: str
    action: str
    note: str = ""
    by: str = ""
    span: str = ""

    def describe(self) -> str:
        """``line 3: remove 市发改局 from shaodong/risk/2.1.3``."""
        what = {
            "add": f"add {self.unit} ({self.role}) to",
            "remove": f"remove {self.unit} from",
            "set-role": f"set {self.unit} to {self.role} in",
            "add-task": "add task",
        }[self.action]
        return f"line {self.line}: {what} {self.task}"

    def as_row(self) -> dict[str, str]:
        """The row as the CSV file holds it."""
        return {k: getattr(self, k) for k in (*COLUMNS, *OPTIONAL)}


@dataclass
class Outcome:
    """What applying one plan's corrections did."""

    file: str = ""
    applied: list[Correction] = field(default_factory=list)
    stale: list[tuple[Correction, str]] = field(default_factory=list)

    def stale_lines(self) -> list[str]:
        """One line per stale correction: which row, and why it was not applied."""
        return [
            f"{self.file} {c.describe()}: stale, {why}; fix or delete the row"
            for c, why in self.stale
        ]


def corrections_path(plan_path: Path) -> Path:
    """``NAME.corrections.csv`` beside ``NAME.txt`` (or .docx, .pdf, .html)."""
    return plan_path.with_name(plan_path.stem + SUFFIX)


def read_corrections(path: Path) -> list[Correction]:
    """The rows of a corrections file (none when there is no file).

    Raises
    ------
    InputError
        For a file without the required columns, or with an unknown action or role.
    """
    if not path.exists():
        return []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path.name}: not UTF-8; save it as UTF-8 CSV") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(
            f"{path.name}: missing column(s) {', '.join(missing)}; "
            f"the header must be {','.join(COLUMNS)}[,{','.join(OPTIONAL)}]"
        )
    out: list[Correction] = []
    for n, row in enumerate(reader, start=2):
        values = {k: (row.get(k) or "").strip() for k in (*COLUMNS, *OPTIONAL)}
        if not any(values.values()):
            continue
        if values["action"] not in ACTIONS:
            raise InputError(
                f"{path.name} line {n}: action {values['action']!r} is not one of "
                f"{', '.join(ACTIONS)}"
            )
        if values["role"] and values["role"] not in ROLES:
            raise InputError(
                f"{path.name} line {n}: role {values['role']!r} is not one of {', '.join(ROLES)}"
            )
        if values["action"] in ("add", "set-role") and not values["role"]:
            raise InputError(f"{path.name} line {n}: {values['action']} needs a role")
        if values["action"] != "add-task" and not values["unit"]:
            raise InputError(f"{path.name} line {n}: {values['action']} needs a unit")
        if values["action"] == "add-task" and not values["span"]:
            raise InputError(
                f"{path.name} line {n}: add-task needs a span (start-end offsets or a "
                'quoted snippet of the text, e.g. "加快推进……")'
            )
        if not values["task"]:
            raise InputError(f"{path.name} line {n}: the task column is empty")
        out.append(Correction(line=n, **values))
    return out


def render_corrections(rows: list[Correction]) -> str:
    """A corrections file's text (UTF-8 CSV, header first)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=[*COLUMNS, *OPTIONAL], lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row.as_row())
    return buf.getvalue()


class _Applier:
    """Apply one plan's corrections to its extracted tasks, in place."""

    def __init__(
        self,
        tasks: list[Task],
        sections: list[Section],
        *,
        plan_id: str,
        county: str,
        text: str,
        file: str,
        resolver: Resolver,
        genre: Genre,
    ) -> None:
        self.tasks = tasks
        self.sections = sections
        self.plan_id = plan_id
        self.county = county
        self.text = text
        self.file = file
        self.resolver = resolver
        self.genre = genre
        self.added: set[str] = set()
        self.outcome = Outcome()

    def task_id(self, written: str) -> str:
        """A task's full id: ``risk/2.1.3`` is read within this plan."""
        written = written.strip().strip("/")
        return written if written.startswith(self.plan_id + "/") else f"{self.plan_id}/{written}"

    def find(self, ident: str) -> Task | None:
        return next((t for t in self.tasks if t.id == ident), None)

    def unit_of(self, task: Task, name: str) -> UnitRef | None:
        canon = self.resolver.resolve(self.county, name).canonical
        return next(
            (u for u in task.units if name in (u.name, u.canonical) or u.canonical == canon), None
        )

    def run(self, rows: list[Correction]) -> Outcome:
        for row in sorted(rows, key=lambda r: (r.action != "add-task", r.line)):
            problem = self.apply(row)
            if problem:
                self.outcome.stale.append((row, problem))
            else:
                self.outcome.applied.append(row)
        return self.outcome

    def apply(self, row: Correction) -> str | None:
        """Apply one row; return why it is stale, or None."""
        ident = self.task_id(row.task)
        if row.action == "add-task":
            return self.add_task(ident, row)
        task = self.find(ident)
        if task is None:
            return f"no task {ident} in the document (renumbered or removed?)"
        if row.span and ident not in self.added:
            problem = self.check_span(task, row.span)
            if problem:
                return problem
        unit = self.unit_of(task, row.unit)
        if row.action == "add":
            if unit is not None:
                return f"{ident} already has {unit.name} as {unit.role}"
            task.units.append(self.new_unit(task, row))
            return None
        if unit is None:
            return f"{ident} has no unit {row.unit}"
        if row.action == "remove":
            task.units.remove(unit)
            self.mark(task, row, f"removed {unit.name} ({unit.role})")
            return None
        unit.role = row.role
        unit.inherited = unit.inferred = False
        unit.corrected, unit.note, unit.by = True, row.note, row.by
        return None

    def check_span(self, task: Task, span: str) -> str | None:
        """A guard given with the row: the task must still read as it did."""
        offsets = _OFFSETS.match(span)
        if offsets:
            start, end = int(offsets.group(1)), int(offsets.group(2))
            if not (task.source.start <= start and end <= task.source.end):
                return f"{task.id} no longer spans {start}-{end}"
            return None
        snippet = span.strip().strip("\"'“”「」")
        if snippet and snippet not in task.text:
            return f"the text of {task.id} no longer contains «{snippet}»"
        return None

    @staticmethod
    def mark(task: Task, row: Correction, what: str) -> None:
        task.corrected = True
        note = f"{what}: {row.note}" if row.note else what
        task.note = f"{task.note}; {note}" if task.note else note
        task.by = row.by or task.by

    def new_unit(self, task: Task, row: Correction) -> UnitRef:
        res = self.resolver.resolve(self.county, row.unit)
        # the name where the task's text writes it, else the task's own span
        source = self.locate(row.unit, task.source) or task.source
        return UnitRef(
            name=row.unit,
            canonical=res.canonical,
            role=row.role,
            inherited=False,
            collective=self.genre.is_collective(row.unit),
            source=source,
            functions=list(res.functions),
            mentions=[Mention(name=row.unit, role=row.role, source=source)],
            corrected=True,
            note=row.note,
            by=row.by,
        )

    def locate(self, snippet: str, within: Source | None = None) -> Source | None:
        """The raw span of ``snippet`` (inside ``within`` when given)."""
        lo, hi = (within.start, within.end) if within else (0, len(self.text))
        at = self.text.find(snippet, lo, hi)
        return Source(self.file, at, at + len(snippet)) if at >= 0 else None

    def placed(self, ident: str, row: Correction, source: Source) -> Task:
        """A new task at ``source``: under the nearest task or section heading before it
        (a sub-item of a task whose span holds it)."""
        near = max(
            (t for t in self.tasks if t.source.start <= source.start),
            key=lambda t: t.source.start,
            default=None,
        )
        section = max(
            (s for s in self.sections if s.source.start <= source.start),
            key=lambda s: s.source.start,
            default=None,
        )
        text = self.text[source.start : source.end].strip()
        task = Task(
            id=ident,
            county=self.county,
            plan=self.plan_id,
            attachment=None,
            battle=None,
            section=None,
            parent=None,
            kind="task",
            path=[],
            label=ident.rsplit("/", 1)[-1].rsplit(".", 1)[-1],
            title=text.split("。", 1)[0][:60],
            text=text,
            source=source,
            corrected=True,
            note=row.note,
            by=row.by,
        )
        if section is not None and (near is None or section.source.start > near.source.start):
            task.attachment, task.battle, task.section = (
                section.attachment,
                section.battle,
                section.id,
            )
            task.path = [*section.path, f"{section.label}{section.title}"]
        elif near is not None:
            inside = source.end <= near.source.end
            task.attachment, task.battle, task.section = near.attachment, near.battle, near.section
            task.parent = near.id if inside else near.parent
            task.kind = "subitem" if task.parent else "task"
            task.path = list(near.path)
        return task

    def add_task(self, ident: str, row: Correction) -> str | None:
        if ident in self.added:  # a further unit of a task added above
            task = self.find(ident)
            assert task is not None
            if row.unit and self.unit_of(task, row.unit) is None:
                task.units.append(self.new_unit(task, row))
            return None
        if self.find(ident) is not None:
            return f"{ident} is now read from the document; the correction is no longer needed"
        offsets = _OFFSETS.match(row.span)
        if offsets:
            start, end = int(offsets.group(1)), int(offsets.group(2))
            if not (0 <= start < end <= len(self.text)):
                return f"span {start}-{end} is outside the document (0-{len(self.text)})"
            source: Source | None = Source(self.file, start, end)
        else:
            source = self.locate(row.span.strip().strip("\"'“”「」"))
            if source is None:
                return f"the document no longer contains «{row.span.strip()}»"
        assert source is not None
        task = self.placed(ident, row, source)
        if row.unit:
            task.units.append(self.new_unit(task, row))
        before = [i for i, t in enumerate(self.tasks) if t.source.start <= source.start]
        self.tasks.insert(before[-1] + 1 if before else 0, task)
        self.added.add(ident)
        return None


def apply_corrections(
    tasks: list[Task],
    sections: list[Section],
    rows: list[Correction],
    *,
    plan_id: str,
    county: str,
    text: str,
    file: str,
    resolver: Resolver,
    genre: Genre,
) -> Outcome:
    """Apply ``rows`` to one plan's ``tasks`` in place (add-task rows first, then in file
    order) and say which were applied and which are stale."""
    applier = _Applier(
        tasks,
        sections,
        plan_id=plan_id,
        county=county,
        text=text,
        file=file,
        resolver=resolver,
        genre=genre,
    )
    outcome = applier.run(rows)
    outcome.file = Path(file).stem + SUFFIX
    return outcome


def edits(
    task: Task,
    wanted: list[tuple[str, str]],
    *,
    note: str = "",
    by: str = "",
) -> list[Correction]:
    """The rows that turn ``task``'s units into ``wanted`` ((name, role) pairs in order):
    ``remove`` for a unit no longer wanted, ``set-role`` for a changed role, ``add`` for a
    new unit. A name is matched as written or by its canonical form."""
    rows: list[Correction] = []
    current = {u.name: u for u in task.units} | {u.canonical: u for u in task.units}
    kept = set()
    for name, role in wanted:
        name = name.strip()
        if not name:
            continue
        unit = current.get(name)
        if unit is None:
            rows.append(Correction(0, task.id, name, role, "add", note, by))
        else:
            kept.add(id(unit))
            if unit.role != role:
                rows.append(Correction(0, task.id, unit.name, role, "set-role", note, by))
    for unit in task.units:
        if id(unit) not in kept:
            rows.append(Correction(0, task.id, unit.name, "", "remove", note, by))
    return rows


def merge_corrections(existing: list[Correction], new: list[Correction]) -> list[Correction]:
    """``existing`` with ``new`` edits of the (already corrected) units folded in, so that
    the file keeps one row per task and unit: a unit added by an earlier row and removed
    now leaves no row; re-editing an added unit changes its ``add`` row's role; a unit
    brought back after an earlier ``remove`` gets its role with ``set-role``."""
    rows = list(existing)

    def same(a: Correction, b: Correction) -> bool:
        tail = lambda ident: ident.split("/", 1)[-1] if ident.count("/") >= 2 else ident  # noqa: E731
        return (a.unit, tail(a.task)) == (b.unit, tail(b.task))

    for n in new:
        earlier = [e for e in rows if e.action in ("add", "remove", "set-role") and same(e, n)]
        for e in earlier:
            rows.remove(e)
        last = earlier[-1] if earlier else None
        if last is not None and last.action == "add":
            if n.action != "remove":
                rows.append(Correction(0, n.task, n.unit, n.role, "add", n.note, n.by))
        elif last is not None and last.action == "remove" and n.action == "add":
            rows.append(Correction(0, n.task, n.unit, n.role, "set-role", n.note, n.by))
        else:
            rows.append(n)
    return rows
