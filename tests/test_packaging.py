"""A plain (non-editable) install works from any folder: the package data ships in the wheel.

The project is built into a wheel with pip, as `pip install .` does, and installed without
its dependencies into a fresh virtual environment whose only other path is this
environment's site-packages (for the dependencies; its editable hook is not loaded). Run
from a folder outside the checkout, that install builds the seed plans and answers a
question, so the tables, ontology and catalog come from the installed package, not from
the source tree.
"""

from __future__ import annotations

import json
import shutil
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The python of a fresh venv with the project's wheel installed (not editable)."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"  # a copy, so that setuptools' build/ never lands in the checkout
    shutil.copytree(
        ROOT,
        src,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "build", ".neo4j*", "tools", "tests", "*.egg-info", "__pycache__"
        ),
    )
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(src), "-w", str(tmp)], tmp)
    wheel = next(tmp.glob("graphbuild-*.whl"))
    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp)
    python = venv / "bin" / "python"
    purelib = _run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp
    ).stdout.strip()
    deps = [sysconfig.get_paths()["purelib"], *site.getsitepackages()]
    (Path(purelib) / "deps.pth").write_text("\n".join(dict.fromkeys(deps)) + "\n")
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            purelib,
            str(wheel),
        ],
        tmp,
    )
    return python


def test_the_installed_package_is_not_the_checkout(installed: Path, tmp_path: Path) -> None:
    where = _run([str(installed), "-c", "import graphbuild; print(graphbuild.__file__)"], tmp_path)
    assert str(ROOT) not in where.stdout
    assert str(installed.parent.parent) in where.stdout


def test_an_installed_package_builds_the_seeds_and_answers(installed: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph"
    _run(
        [
            str(installed),
            "-m",
            "graphbuild",
            "build",
            "-q",
            "--input",
            str(ROOT / "data" / "raw"),
            "--out",
            str(out),
        ],
        tmp_path,
    )
    assert (out / "graph.nt").stat().st_size > 0
    done = _run(
        [
            str(installed),
            "-m",
            "graphbuild",
            "ask",
            "top-lead-units",
            "--build",
            str(out),
            "--param",
            "county=邵东市",
            "--format",
            "json",
        ],
        tmp_path,
    )
    rows = json.loads(done.stdout)
    assert rows and all(r for r in rows)
