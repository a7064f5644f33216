"""The build pipeline: the same output for any number of processes, a per-plan cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from benchmarks.synthetic import make_corpus
from graphbuild.pipeline import cache_dir, run_build


def _files(folder: Path) -> dict[str, bytes]:
    """Every file of a build folder (sources/ included), by its path inside the folder."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two seed plans and two renamed copies of each (four counties more)."""
    folder = tmp_path_factory.mktemp("plans")
    make_corpus(2, folder)
    return folder


@pytest.fixture(scope="module")
def serial(plans: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("serial") / "build"
    run_build(plans, out, jobs=1, use_cache=False)
    return out


def test_two_processes_write_the_same_files_as_one(plans, serial, tmp_path) -> None:
    out = tmp_path / "build"
    outcome = run_build(plans, out, jobs=2, use_cache=False)
    assert len(outcome.corpus.plans) == 6
    assert _files(out) == _files(serial)
    assert {"graph.nt", "model.json", "report.json", "shacl_report.txt"} <= set(_files(out))


def test_the_shacl_report_is_the_same_on_every_build(serial) -> None:
    assert (serial / "shacl_report.txt").read_text(encoding="utf-8") == (
        "The graph conforms to the shapes."
    )


def test_adding_a_plan_reads_only_that_plan(plans, serial, tmp_path) -> None:
    folder = tmp_path / "plans"
    shutil.copytree(plans, folder)
    added = next(p for p in sorted(folder.iterdir()) if p.name.startswith("shaodong2"))
    kept = added.read_bytes()
    added.unlink()
    out = tmp_path / "build"
    first = run_build(folder, out, jobs=1)
    assert len(first.extracted) == 5 and not first.reused
    added.write_bytes(kept)
    second = run_build(folder, out, jobs=1)
    assert second.extracted == [added.name]
    assert len(second.reused) == 5
    assert _files(out) == _files(serial)  # as if built from scratch
    third = run_build(folder, out, jobs=1, rebuild=True)
    assert len(third.extracted) == 6 and not third.reused
    assert cache_dir(out).is_dir() and not (out / ".cache").exists()


def test_editing_a_plan_reads_it_again(plans, tmp_path) -> None:
    folder = tmp_path / "plans"
    shutil.copytree(plans, folder)
    out = tmp_path / "build"
    run_build(folder, out, jobs=1, validate=False)
    edited = next(p for p in sorted(folder.iterdir()) if p.name.startswith("xinhuang1"))
    edited.write_text(edited.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    again = run_build(folder, out, jobs=1, validate=False)
    assert again.extracted == [edited.name]
