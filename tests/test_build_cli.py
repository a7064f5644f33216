"""The `graphbuild build` contract: outputs, determinism, encodings and bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.utils import RAW, graphbuild

CONTRACT = ["tasks.jsonl", "people.jsonl", "working_groups.jsonl", "agencies.csv", "report.json"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build") / "out"
    result = graphbuild("build", "--input", str(RAW), "--out", str(out), "-q")
    assert result.returncode == 0, result.stderr
    return out


def test_build_writes_the_contract_files(built: Path):
    for name in CONTRACT:
        assert (built / name).stat().st_size > 0, name
    first = json.loads((built / "tasks.jsonl").read_text(encoding="utf-8").splitlines()[0])
    for key in ("id", "county", "battle", "path", "label", "text", "source", "units", "persons"):
        assert key in first
    unit = first["units"][0]
    for key in ("name", "canonical", "role", "inherited", "collective", "source"):
        assert key in unit
    report = json.loads((built / "report.json").read_text(encoding="utf-8"))
    assert set(report["counts"]) == {"邵东市", "新晃侗族自治县"}
    assert "xinhuang/innovation/2.1.1" in report["tasks_without_responsibility"]


def test_identical_input_gives_byte_identical_output(built: Path, tmp_path: Path):
    again = tmp_path / "again"
    assert graphbuild("build", "--input", str(RAW), "--out", str(again), "-q").returncode == 0
    for name in [*CONTRACT, "model.json"]:
        assert (built / name).read_bytes() == (again / name).read_bytes(), name


def _tasks(out: Path) -> list[tuple]:
    rows = [json.loads(x) for x in (out / "tasks.jsonl").read_text(encoding="utf-8").splitlines()]
    return [(r["id"], r["text"], [(u["name"], u["role"]) for u in r["units"]]) for r in rows]


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda t: t.encode("gb18030"), id="gb18030"),
        pytest.param(lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), id="utf8-bom"),
        pytest.param(lambda t: t.replace("\n", "\r\n").encode("utf-8"), id="crlf"),
    ],
)
def test_other_encodings_and_line_ends_give_the_same_graph(encode, built: Path, tmp_path: Path):
    src = tmp_path / "in"
    src.mkdir()
    for f in RAW.glob("*.txt"):
        (src / f.name).write_bytes(encode(f.read_text(encoding="utf-8")))
    out = tmp_path / "out"
    result = graphbuild("build", "--input", str(src), "--out", str(out), "-q", "--no-validate")
    assert result.returncode == 0, result.stderr
    assert _tasks(out) == _tasks(built)


BAD_FILES = [
    pytest.param(b"", "empty", id="empty"),
    pytest.param(bytes(range(256)) * 40, "binary", id="binary"),
    pytest.param(b"\xff\xfe\xfa" * 500 + "附件".encode("utf-16-be"), "decode", id="undecodable"),
    pytest.param(
        "关于印发工作方案的通知。各单位要认真抓好落实，确保各项工作任务高效推进、如期完成。".encode()
        * 3,
        "attachment",
        id="no-attachments",
    ),
]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize(("content", "problem"), BAD_FILES)
def test_bad_file_alone_is_one_line_error_and_keeps_previous_output(
    content: bytes, problem: str, built: Path, tmp_path: Path
):
    out = tmp_path / "out"
    shutil.copytree(built, out)
    before = _snapshot(out)
    src = tmp_path / "in"
    src.mkdir()
    (src / "zz-bad.txt").write_bytes(content)
    result = graphbuild("build", "--input", str(src), "--out", str(out))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: zz-bad.txt:"), result.stderr
    assert problem in lines[0]
    assert _snapshot(out) == before


@pytest.mark.parametrize(("content", "problem"), BAD_FILES)
def test_bad_file_among_good_ones_is_reported_and_skipped(
    content: bytes, problem: str, built: Path, tmp_path: Path
):
    src = tmp_path / "in"
    src.mkdir()
    good = next(RAW.glob("*.txt"))
    shutil.copy(good, src)
    (src / "zz-bad.txt").write_bytes(content)
    out = tmp_path / "out"
    result = graphbuild("build", "--input", str(src), "--out", str(out), "-q")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    errors = [x for x in result.stderr.splitlines() if x.startswith("error: ")]
    assert len(errors) == 1 and errors[0].startswith("error: zz-bad.txt:") and problem in errors[0]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [p["file"] for p in report["plans"]] == [good.name]
    assert len(report["skipped_files"]) == 1


def test_strict_build_stops_at_a_bad_file_and_keeps_previous_output(built: Path, tmp_path: Path):
    out = tmp_path / "out"
    shutil.copytree(built, out)
    before = _snapshot(out)
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(next(RAW.glob("*.txt")), src)
    (src / "zz-bad.txt").write_bytes(b"")
    result = graphbuild("build", "--input", str(src), "--out", str(out), "--strict")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1].startswith("error: zz-bad.txt:")
    assert _snapshot(out) == before


def test_missing_input_folder(tmp_path: Path):
    result = graphbuild("build", "--input", str(tmp_path / "nope"), "--out", str(tmp_path / "o"))
    assert result.returncode == 2
    assert (
        result.stderr.strip() == f"error: {tmp_path / 'nope'}: input folder not found; "
        "pass --input DIR with the plans"
    )
    assert not (tmp_path / "o").exists()


def test_stats_prints_a_table(built: Path):
    result = graphbuild("stats", "--build", str(built))
    assert result.returncode == 0
    assert "邵东市" in result.stdout and "livelihood" in result.stdout
    as_json = json.loads(graphbuild("stats", "--build", str(built), "--format", "json").stdout)
    risk = next(r for r in as_json if r["county"] == "邵东市" and r["battle"] == "risk")
    assert risk["tasks"] == 40 and risk["with_lead"] == 40


def test_stats_without_a_build_says_what_to_do(tmp_path: Path):
    result = graphbuild("stats", "--build", str(tmp_path))
    assert result.returncode == 2
    assert "run `graphbuild build` first" in result.stderr
    assert "Traceback" not in result.stderr


def test_every_command_has_help_with_examples():
    for cmd in (["build"], ["stats"], ["neo4j", "start"]):
        result = graphbuild(*cmd, "--help")
        assert result.returncode == 0
        assert "examples:" in result.stdout, cmd
