"""Every setting in one place: default paths, package data and environment variables.

Each environment variable the product reads is listed in :data:`ENVIRONMENT` with its
default and meaning (``tests/test_settings.py`` checks that the README documents each one).
Code reads a setting through the functions here, never through ``os.environ`` directly.

Package data (the curated tables, the ontology, the question catalog and the app) ships
inside the package and is found with :mod:`importlib.resources`, so a wheel install works as
well as an editable one. User data (the plans, their corrections, a build folder) lives
outside the package, relative to the current folder unless a path is given.

>>> (QUERIES_DIR / "top-lead-units" / "question.toml").is_file()
True
>>> ENVIRONMENT["GRAPHBUILD_BUILD"].default
'build'
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

__all__ = [
    "APP_FILE",
    "DATA_DIR",
    "ENVIRONMENT",
    "ONTOLOGY_DIR",
    "QUERIES_DIR",
    "Setting",
    "app_port",
    "backend_name",
    "build_dir",
    "env",
    "input_dir",
    "queries_dir",
]

PACKAGE_DIR = Path(str(files("graphbuild")))
DATA_DIR = PACKAGE_DIR / "data"
"""Curated tables: agencies.csv, functions.csv, battles.csv, glossary.csv, genre.toml …"""
ONTOLOGY_DIR = PACKAGE_DIR / "ontology"
QUERIES_DIR = PACKAGE_DIR / "queries"
APP_FILE = PACKAGE_DIR / "app" / "Home.py"

#: Rows per Neo4j transaction in ``graphbuild load`` (``--batch-size``).
DEFAULT_BATCH_SIZE = 1000
#: What ``graphbuild export --format`` can write.
EXPORT_FORMATS = ("ttl", "jsonld", "graphml", "csv")


@dataclass(frozen=True)
class Setting:
    """One environment variable: its name, default (None: unset) and what it does."""

    name: str
    default: str | None
    help: str


ENVIRONMENT: dict[str, Setting] = {
    s.name: s
    for s in (
        Setting(
            "GRAPHBUILD_INPUT", "data/raw", "folder of plans that build, check and compare read"
        ),
        Setting("GRAPHBUILD_BUILD", "build", "build folder written by build and read by the rest"),
        Setting(
            "GRAPHBUILD_BACKEND", None, "embedded or neo4j; default neo4j when NEO4J_URI is set"
        ),
        Setting(
            "GRAPHBUILD_QUERIES",
            None,
            "folder of your own questions (queries/<id>/), added to the catalog; "
            "default queries/ in the current folder when it exists",
        ),
        Setting("GRAPHBUILD_APP_PORT", "8501", "port of `graphbuild app`"),
        Setting("GRAPHBUILD_NEO4J_HEAP", "1g", "heap of the local Neo4j that `neo4j start` runs"),
        Setting("GRAPHBUILD_NEO4J_PAGECACHE", "256m", "page cache of the local Neo4j"),
        Setting("NEO4J_URI", None, "bolt:// or neo4j:// address of the Neo4j to load and ask"),
        Setting("NEO4J_USER", "neo4j", "Neo4j user"),
        Setting(
            "NEO4J_PASSWORD", None, "Neo4j password (the local server's is in its data folder)"
        ),
        Setting("NEO4J_DATABASE", "neo4j", "Neo4j database"),
        Setting("JAVA_HOME", None, "the Java 17 that runs the local Neo4j (else the one on PATH)"),
    )
}


def env(name: str) -> str | None:
    """The value of a known environment variable, or its default; empty counts as unset."""
    setting = ENVIRONMENT[name]
    return os.environ.get(name) or setting.default


def _path(name: str) -> Path:
    """A folder setting as given: a relative path stays relative to the current folder."""
    return Path(env(name) or ".")


def input_dir() -> Path:
    """The plans folder: $GRAPHBUILD_INPUT, else ``data/raw`` in the current folder."""
    return _path("GRAPHBUILD_INPUT")


def build_dir() -> Path:
    """The build folder: $GRAPHBUILD_BUILD, else ``build`` in the current folder."""
    return _path("GRAPHBUILD_BUILD")


def queries_dir() -> tuple[Path | None, bool]:
    """The user catalog folder and whether it was asked for.

    $GRAPHBUILD_QUERIES (asked for: it must exist), else ``queries/`` in the current folder
    when it exists (not asked for), else None.
    """
    given = env("GRAPHBUILD_QUERIES")
    if given:
        return Path(given), True
    default = Path("queries")
    return (default if default.is_dir() else None), False


def backend_name() -> str:
    """The backend asked for: $GRAPHBUILD_BACKEND, else neo4j when NEO4J_URI is set."""
    return env("GRAPHBUILD_BACKEND") or ("neo4j" if env("NEO4J_URI") else "embedded")


def app_port() -> int:
    """The app's port: $GRAPHBUILD_APP_PORT, else 8501."""
    return int(env("GRAPHBUILD_APP_PORT") or 8501)
