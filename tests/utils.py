"""Helpers shared by the test modules (paths, the CLI in a subprocess, in-process parsing).

Test modules import from here, never from one another.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

from graphbuild.model import Task
from graphbuild.read.text import Span

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
FIXTURES = ROOT / "tests" / "fixtures"


def span(text: str) -> Span:
    """A Span over a literal string (offsets are the string's own)."""
    return Span(text, tuple(range(len(text))), "inline.txt")


def roles(task: Task) -> dict[str, str]:
    """Unit name (as written) → role, for one task."""
    return {u.name: u.role for u in task.units}


def graphbuild(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run the real CLI in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "graphbuild", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def build(tmp_path: Path, *files: Path, extra: tuple[str, ...] = ()) -> tuple[Path, object]:
    """Build a folder holding ``files`` with the CLI; return the output folder and the process."""
    src = tmp_path / "in"
    src.mkdir(exist_ok=True)
    for f in files:
        shutil.copy(f, src / f.name)
    out = tmp_path / "out"
    return out, graphbuild("build", "--input", str(src), "--out", str(out), "-q", *extra)


def build_lines(
    tmp_path: Path, name: str, lines: list[str], extra: tuple[str, ...] = ()
) -> tuple[Path, object]:
    """Write ``lines`` to a text file ``name`` and build it alone."""
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return build(tmp_path, path, extra=extra)


def tasks_of(out: Path) -> list[dict]:
    """The tasks of a build folder's tasks.jsonl."""
    return [json.loads(x) for x in (out / "tasks.jsonl").read_text(encoding="utf-8").splitlines()]


def plan_of(out: Path) -> dict:
    """The first plan of a build's model."""
    return json.loads((out / "model.json").read_text(encoding="utf-8"))["plans"][0]


def by_id(out: Path) -> dict[str, list[tuple[str, str]]]:
    """Task id → its (unit, role) pairs."""
    return {t["id"]: [(u["name"], u["role"]) for u in t["units"]] for t in tasks_of(out)}


def by_label(out: Path) -> dict[str, list[tuple[str, str]]]:
    """Task label → its (unit, role) pairs."""
    return {t["label"]: [(u["name"], u["role"]) for u in t["units"]] for t in tasks_of(out)}


def build_into(out: Path) -> Path:
    """Build the seed corpus in process and write its contract files into ``out``."""
    from graphbuild.build import build_corpus
    from graphbuild.store import render_outputs, write_outputs

    corpus, resolver = build_corpus(RAW)
    write_outputs(render_outputs(corpus, resolver), out)
    return out


def run(*args: str, build: Path) -> str:
    """Run the CLI in process with ``--build``; return stdout (the exit code must be 0)."""
    from graphbuild.cli.main import main

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        code = main([*args, "--build", str(build)])
    assert code == 0, buf.getvalue()
    return buf.getvalue()


def raw_document(name: str, text: str):
    """A decoded document made from a string, as the readers would give it."""
    from graphbuild.read.corpus import RawDocument

    return RawDocument(path=Path(name), name=name, text=text, encoding="utf-8")


def parse_lines(name: str, lines: list[str]):
    """Parse a document written as ``lines`` in process."""
    from graphbuild.parse.document import parse_document

    return parse_document(raw_document(name, "\n".join(lines) + "\n"))


def extract_lines(name: str, lines: list[str], plan_id: str = "t", county: str = "测试县"):
    """Parse and walk a document written as ``lines`` in process; its Extraction."""
    from graphbuild.extract.tree import extract_document
    from graphbuild.read.genre import load_genre
    from graphbuild.resolve import Resolver, load_battles

    parsed = parse_lines(name, lines)
    return extract_document(parsed, plan_id, county, load_genre(), load_battles(), Resolver.load())
