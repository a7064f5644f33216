"""The examples in the package's docstrings run (examples that are skipped rot).

Modules whose examples need a build read the seed build of this session through
``GRAPHBUILD_BUILD``; examples that start a Neo4j server stay marked ``+SKIP`` (the Neo4j
tests start one on their own terms).
"""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

MODULES = [
    "graphbuild.settings",
    "graphbuild.errors",
    "graphbuild.analyse.network",
    "graphbuild.query.backends",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(
    name: str, build_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GRAPHBUILD_BUILD", str(build_dir))
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
