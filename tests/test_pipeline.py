"""The build pipeline: the same output for any number of processes, a per-plan cache."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from benchmarks.synthetic import make_corpus
from graphbuild.build import build_corpus
from graphbuild.pipeline import cache_dir, run_build
from graphbuild.store import render_outputs

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"


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
    assert len(outcome.plans) == 6
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


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed plans, a second file of 新晃 (two plans of one county share its agencies
    and people) and a file that is no plan (skipped)."""
    folder = tmp_path_factory.mktemp("mixed")
    for src in RAW.glob("*.txt"):
        shutil.copy(src, folder / src.name)
    xinhuang = next(folder.glob("xinhuang*.txt"))
    shutil.copy(xinhuang, folder / ("xinhuangb-" + xinhuang.name.split("-", 1)[1]))
    (folder / "minutes.txt").write_text("会议纪要\n今天讨论了天气。\n", encoding="utf-8")
    return folder


def _as_rendered(folder: Path, out: Path) -> None:
    """The build folder holds what the in-memory corpus of ``folder`` renders."""
    corpus, resolver = build_corpus(folder)
    expected = render_outputs(corpus, resolver)
    built = _files(out)
    assert set(built) - {"shacl_report.txt"} == set(expected)
    for name, text in expected.items():
        assert built[name] == text.encode("utf-8"), name


def test_the_streamed_build_writes_what_the_whole_corpus_renders(mixed, tmp_path) -> None:
    """The build keeps only summaries in memory and joins per-plan fragments; the files
    must be those of the in-memory corpus rendered at once (agencies merged over the two
    plans of one county, alignments of four plans, the skipped file reported)."""
    out = tmp_path / "build"
    outcome = run_build(mixed, out, jobs=2, use_cache=False)
    assert [p.county for p in outcome.plans].count("新晃侗族自治县") == 2
    assert len(outcome.skipped) == 1 and "minutes.txt" in outcome.skipped[0]
    _as_rendered(mixed, out)
    model = json.loads((out / "model.json").read_text(encoding="utf-8"))
    assert model["alignments"]  # four plans: aligned at build time
    shared = [a for a in model["agencies"] if a["county"] == "新晃侗族自治县"]
    assert shared and len({a["id"] for a in shared}) == len(shared)


def test_a_large_build_projects_each_plan_as_it_reads_it(plans, serial) -> None:
    """Six plans are too many to align: step 1 projects each plan on its own; the files
    are still those of the in-memory corpus."""
    _as_rendered(plans, serial)


def test_a_second_plan_of_a_county_updates_the_first(mixed, tmp_path) -> None:
    """Adding a plan to a county changes its agencies: the plan already built there is
    projected again, and the result is that of a build from scratch."""
    folder = tmp_path / "plans"
    shutil.copytree(mixed, folder)
    second = next(folder.glob("xinhuangb-*.txt"))
    kept = second.read_bytes()
    second.unlink()
    out = tmp_path / "build"
    run_build(folder, out, jobs=1)
    second.write_bytes(kept)
    again = run_build(folder, out, jobs=1)
    assert again.extracted == [second.name]
    first = next(p.id for p in again.plans if p.file.startswith("xinhuang-"))
    assert first in again.projected
    _as_rendered(folder, out)


def test_a_two_plan_command_line_build_forks_and_writes_the_same_files(tmp_path) -> None:
    """From a fresh command line (one thread) two plans are read in two forked workers;
    the files are those of a build in one process."""
    import subprocess
    import sys

    forked, serial_out = tmp_path / "forked", tmp_path / "serial"
    cmd = [sys.executable, "-m", "graphbuild", "build", "--input", str(RAW), "-q", "--jobs", "2"]
    subprocess.run([*cmd, "--out", str(forked)], check=True, capture_output=True)
    run_build(RAW, serial_out, jobs=1, use_cache=False)
    assert _files(forked) == _files(serial_out)
