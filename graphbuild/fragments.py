"""Output files written plan by plan.

Each plan's share of every output file (its lines of ``tasks.jsonl``, its items of each
list of ``model.json``, its decoded text) is rendered once, in the per-plan step, and kept
as files in the per-plan cache; the build folder's files are their concatenation, copied
from disk, so the build never holds the rendered corpus in memory. The result is the
same, byte for byte, as rendering a whole in-memory corpus (:func:`store.render_outputs`).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import fields
from pathlib import Path
from typing import Any

from graphbuild.model import Corpus, to_dict
from graphbuild.read.sources import source_name
from graphbuild.store import MODEL_FILE, jsonl, section_row, task_row

__all__ = ["join_outputs", "render_plan", "write_fragments"]

#: Output files made of each plan's lines in file order, and the function giving a row.
JSONL: dict[str, tuple[str, Any]] = {
    "tasks.jsonl": ("tasks", task_row),
    "sections.jsonl": ("sections", section_row),
    "people.jsonl": ("people", lambda _, data: data),
    "working_groups.jsonl": ("working_groups", lambda _, data: data),
}
#: Output files made of each plan's lines in plan-ID order.
JSONL_BY_ID: dict[str, tuple[str, Any]] = {"targets.jsonl": ("targets", lambda _, data: data)}
#: Lists of model.json filled plan by plan in plan-ID order (the rest in file order).
BY_ID = ("targets", "inconsistencies")
#: Lists of model.json that are the cross-plan steps' own (the build passes them whole).
CROSS_PLAN = (
    "agencies",
    "agency_alignments",
    "alignments",
    "assessments",
    "section_alignments",
    "skipped",
    "warnings",
)
SOURCE = "source.txt"


def model_lists() -> list[str]:
    """The lists of model.json, in the order the file has them (its keys sorted)."""
    return sorted(f.name for f in fields(Corpus) if not f.metadata.get("transient"))


def _items(records: Iterable[Any]) -> str:
    return ", ".join(_json(to_dict(r)) for r in records)


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def render_plan(part: Corpus, text: str) -> dict[str, str]:
    """One plan's share of each output file, by fragment name (``part`` is the plan's own
    records, :meth:`graphbuild.build.PlanResult.part`; ``text`` its decoded file)."""
    out: dict[str, str] = {}
    for name, (field, row) in (JSONL | JSONL_BY_ID).items():
        records = getattr(part, field)
        data = [to_dict(r) for r in records]  # made once: model.json has the same records
        out[name] = jsonl([row(r, d) for r, d in zip(records, data, strict=True)])
        out[f"model.{field}"] = ", ".join(_json(d) for d in data)
    for name in model_lists():
        if name not in CROSS_PLAN and f"model.{name}" not in out:
            out[f"model.{name}"] = _items(getattr(part, name))
    out[SOURCE] = text
    return out


def write_fragments(folder: Path, fragments: dict[str, str]) -> None:
    """Keep a plan's fragments in ``folder`` (replaced as a whole, never half written)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    for name, text in fragments.items():
        (tmp / name).write_bytes(text.encode("utf-8"))
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(tmp, folder)


def has_fragments(folder: Path) -> bool:
    """True when ``folder`` holds a plan's complete fragments."""
    return (folder / SOURCE).is_file()


def _copy(sources: Iterable[Path], sink: Any, separator: bytes = b"") -> None:
    first = True
    for path in sources:
        if separator and path.stat().st_size == 0:
            continue
        if not first:
            sink.write(separator)
        with path.open("rb") as fh:
            append_file(fh, sink)
        first = False


def append_file(source: Any, sink: Any) -> None:
    """Append an open file to another, in the kernel where it can (no copy through Python)."""
    sink.flush()
    size = os.fstat(source.fileno()).st_size
    done = 0
    try:
        while done < size:
            n = os.copy_file_range(source.fileno(), sink.fileno(), size - done)
            if n == 0:
                break
            done += n
    except (AttributeError, OSError):  # another system, or a file system that cannot
        source.seek(done)
        sink.seek(0, os.SEEK_END)
        shutil.copyfileobj(source, sink, 1 << 20)


def join_outputs(
    plans: list[tuple[str, str, Path]], cross_plan: dict[str, list[Any]], tmp: Path
) -> dict[str, Path]:
    """Write the per-plan output files into ``tmp`` from the plans' fragments.

    ``plans`` holds (plan ID, file name, fragment folder) in file order; ``cross_plan``
    the lists of model.json the cross-plan steps made (:data:`CROSS_PLAN`). Returns the
    written files by their name in the build folder.
    """
    by_id = sorted(plans, key=lambda p: p[0])
    out: dict[str, Path] = {}
    for name in [*JSONL, *JSONL_BY_ID]:
        order = by_id if name in JSONL_BY_ID else plans
        out[name] = tmp / name
        with out[name].open("wb") as sink:
            _copy((folder / name for _, _, folder in order), sink)
    out[MODEL_FILE] = tmp / MODEL_FILE
    with out[MODEL_FILE].open("wb") as sink:
        sink.write(b"{")
        for n, name in enumerate(model_lists()):
            sink.write(b"%s%s: [" % (b", " if n else b"", json.dumps(name).encode()))
            if name in CROSS_PLAN:
                sink.write(_items(cross_plan.get(name, [])).encode("utf-8"))
            else:
                order = by_id if name in BY_ID else plans
                _copy((folder / f"model.{name}" for _, _, folder in order), sink, b", ")
            sink.write(b"]")
        sink.write(b"}\n")
    for _, file, folder in plans:
        out[source_name(file)] = target = tmp / source_name(file)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:  # the cache keeps its copy: a second link to it, or a copy on another disk
            os.link(folder / SOURCE, target)
        except OSError:
            shutil.copyfile(folder / SOURCE, target)
    return out
