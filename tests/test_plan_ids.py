"""Plan IDs from any file name, and a plan complete with --county when no issuer is stated."""

from __future__ import annotations

import json
from pathlib import Path

from graphbuild.extract.plan_ids import plan_id
from tests.utils import RAW, build, graphbuild, plan_of, tasks_of

PLAN = [
    "邵东市人民政府办公室",
    "邵东市2023年重点工作任务分解方案",
    "一、稳增长",
    "1.新建产业园一个。（市发改局牵头，市财政局配合）",
    "2.新增规上企业10家。（市工信局负责）",
]


def _write(folder: Path, name: str, lines: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_seed_ids_do_not_change():
    assert plan_id(RAW / "shaodong-2023-six-battles.txt", "邵东市") == "shaodong"
    assert plan_id(RAW / "xinhuang-2023-six-battles.txt", "新晃侗族自治县") == "xinhuang"


def test_a_chinese_file_name_gives_the_county_in_pinyin_and_the_year(tmp_path: Path):
    path = _write(tmp_path, "邵东市方案.txt", PLAN)
    assert plan_id(path, "邵东市", "2023-02-01") == "shaodong-2023"
    assert plan_id(path, "新晃侗族自治县", "2023-02-01") == "xinhuang-2023"
    assert plan_id(path, "武汉市蔡甸区", "") == "caidian"
    assert plan_id(path, "房县", "2024-01-01") == "fangxian-2024"  # a one-character name


def test_a_chinese_named_plan_builds_twice_byte_identical(tmp_path: Path):
    src = tmp_path / "in"
    _write(src, "邵东市方案.txt", PLAN)
    outs = []
    for k in (1, 2):
        out = tmp_path / f"out{k}"
        done = graphbuild("build", "--input", str(src), "--out", str(out), "-q", "--rebuild")
        assert done.returncode == 0, done.stderr
        outs.append(out)
    assert plan_of(outs[0])["id"] == "shaodong"  # no date stated: no year
    for f in sorted(outs[0].iterdir()):
        if f.is_file():
            assert f.read_bytes() == (outs[1] / f.name).read_bytes(), f.name


def test_two_plans_whose_names_start_with_the_same_word_both_build(tmp_path: Path):
    a = _write(tmp_path / "src", "plan-2023-a.txt", PLAN)
    other = [line.replace("邵东市", "新晃县") for line in PLAN]
    b = _write(tmp_path / "src", "plan-2023-b.txt", other)
    out, done = build(tmp_path, a, b)
    assert done.returncode == 0, done.stderr
    model = json.loads((out / "model.json").read_text(encoding="utf-8"))
    assert sorted(p["id"] for p in model["plans"]) == ["plan-2023-a", "plan-2023-b"]
    assert len(tasks_of(out)) == 4


def test_no_issuer_line_and_a_county_option_builds_and_conforms(tmp_path: Path):
    path = _write(tmp_path, "noissuer.txt", PLAN[1:])
    out, done = build(tmp_path, path, extra=("--county", "白石县"))
    assert done.returncode == 0, done.stderr  # the build validates against the SHACL shapes
    plan = plan_of(out)
    assert (plan["county"], plan["issuer"]) == ("白石县", "未注明")
    assert plan["metadata_from"]["county"] == "option"
    assert plan["metadata_from"]["issuer"] == "unknown"
    assert "conforms" in (out / "shacl_report.txt").read_text(encoding="utf-8")
