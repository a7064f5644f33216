"""One-line messages and exit codes for failures users can act on."""

from __future__ import annotations

__all__ = ["friendly"]


def friendly(exc: BaseException) -> tuple[str | None, int]:
    """Return (message, exit code) for a known failure, or (None, 1) to re-raise it."""
    from graphbuild.store import ModelNotBuilt

    if isinstance(exc, ModelNotBuilt):
        return str(exc), 2
    from graphbuild.catalog import CatalogError

    if isinstance(exc, CatalogError):
        return str(exc), 2
    name = type(exc).__name__
    if name == "Neo4jServerError":
        return str(exc), 3
    module = type(exc).__module__ or ""
    if module.startswith("neo4j"):
        return _neo4j_message(exc), 3
    return None, 1


def _neo4j_message(exc: BaseException) -> str:
    """Say what went wrong with Neo4j and which setting to change."""
    name = type(exc).__name__
    text = str(exc).splitlines()[0] if str(exc) else name
    code = str(getattr(exc, "code", None) or "")
    if code and getattr(exc, "message", None):  # a server error: its own words, no GQL noise
        text = str(exc.message).splitlines()[0]  # type: ignore[attr-defined]
    if code.endswith("DatabaseNotFound"):
        return (
            f"the Neo4j database does not exist ({text}); set NEO4J_DATABASE to an "
            "existing one (Community edition has only `neo4j`)"
        )
    if code.endswith("Statement.AccessMode"):
        return f"Neo4j refused a write in a read-only transaction ({text})"
    if name in ("ServiceUnavailable", "SessionExpired"):
        return (
            f"Neo4j is unreachable ({text}); start it with `graphbuild neo4j start` "
            "or set NEO4J_URI"
        )
    if name in ("AuthError", "Unauthorized"):
        return "Neo4j refused the credentials; set NEO4J_USER and NEO4J_PASSWORD"
    if "DatabaseNotFound" in text or "database does not exist" in text.lower():
        return f"the Neo4j database does not exist ({text}); set NEO4J_DATABASE"
    return f"Neo4j error: {text}"
