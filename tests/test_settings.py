"""Every setting is read in settings.py and documented in the README's settings table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graphbuild import settings

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "graphbuild"


def _readme_table() -> dict[str, str]:
    """Variable → default cell of the README's settings table."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("| variable | default | what it sets |")
    table = text[start : text.index("\n\n", start)]
    return dict(re.findall(r"^\| `([A-Z0-9_]+)` \| ([^|]+) \|", table, flags=re.M))


@pytest.mark.parametrize("name", sorted(settings.ENVIRONMENT))
def test_every_setting_is_in_the_readme_with_its_default(name: str) -> None:
    table = _readme_table()
    assert name in table, f"README's settings table lacks {name}"
    default = settings.ENVIRONMENT[name].default
    assert table[name].strip() == (f"`{default}`" if default else "(unset)")


def test_the_readme_documents_no_setting_the_code_does_not_read() -> None:
    assert set(_readme_table()) <= set(settings.ENVIRONMENT)


def test_no_module_reads_the_environment_but_settings() -> None:
    readers = [
        str(p.relative_to(ROOT))
        for p in PACKAGE.rglob("*.py")
        if p.name != "settings.py"
        and re.search(r"os\.environ\.get|os\.getenv|environ\[", p.read_text(encoding="utf-8"))
    ]
    assert readers == []


def test_a_variable_overrides_its_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GRAPHBUILD_BUILD", raising=False)
    assert settings.build_dir() == Path("build")
    monkeypatch.setenv("GRAPHBUILD_BUILD", "/tmp/elsewhere")
    assert settings.build_dir() == Path("/tmp/elsewhere")
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")
    monkeypatch.delenv("GRAPHBUILD_BACKEND", raising=False)
    assert settings.backend_name() == "neo4j"
