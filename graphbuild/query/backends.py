"""Backends that answer catalog questions: the embedded store (pyoxigraph) or Neo4j.

>>> from graphbuild.query.backends import get_backend
>>> from graphbuild.query.catalog import get_question, coerce_params
>>> backend = get_backend("embedded")
>>> q = get_question("top-lead-units")
>>> rows = backend.ask(q, coerce_params(q, {"county": "邵东市"}))
>>> len(rows) > 0
True
"""

from __future__ import annotations

from pathlib import Path

from graphbuild import settings
from graphbuild.query.catalog import Backend, CatalogError

__all__ = ["BACKENDS", "default_backend_name", "get_backend"]

BACKENDS = ("embedded", "neo4j")


def default_backend_name() -> str:
    """``neo4j`` when ``NEO4J_URI`` is set, else ``embedded``."""
    return settings.backend_name()


def get_backend(name: str | None = None, build_dir: Path | None = None) -> Backend:
    """The backend called ``name`` (default: :func:`default_backend_name`).

    Parameters
    ----------
    name : {"embedded", "neo4j"}, optional
    build_dir : Path, optional
        The build folder the embedded store loads (default: $GRAPHBUILD_BUILD or build/).

    Raises
    ------
    CatalogError
        For an unknown backend name.
    """
    name = name or default_backend_name()
    if name == "embedded":
        from graphbuild.query.embedded import EmbeddedBackend

        return EmbeddedBackend(build_dir)
    if name == "neo4j":
        from graphbuild.query.neo4j import Neo4jBackend  # written with the Neo4j issue

        return Neo4jBackend()
    raise CatalogError(f"no backend {name!r}; use one of {', '.join(BACKENDS)}")
