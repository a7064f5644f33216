"""Shared fixtures: the real corpus, built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphbuild.build import build_corpus
from graphbuild.model import Corpus, Task
from graphbuild.read.genre import load_genre
from tests.utils import RAW, ROOT, roles, span  # noqa: F401 - kept importable from here


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    """The model of the two seed plans."""
    built, _ = build_corpus(RAW)
    return built


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed plans built once per session into a private folder (model.json, graph.nt…).

    Tests read it and never write into it, so a concurrent ``graphbuild build`` in the
    work tree cannot change what they see.
    """
    from graphbuild.store import render_outputs, write_outputs

    out = tmp_path_factory.mktemp("build") / "build"
    built, resolver = build_corpus(RAW)
    write_outputs(render_outputs(built, resolver), out)
    return out


@pytest.fixture(scope="session")
def tasks(corpus: Corpus) -> dict[str, Task]:
    """Tasks by id."""
    return {t.id: t for t in corpus.tasks}


@pytest.fixture(scope="session")
def genre():
    """The genre wording from data/genre.toml."""
    return load_genre()
