"""The read-only guard of the Cypher console (the server enforces a READ transaction too)."""

from __future__ import annotations

from graphbuild.query.readonly import write_clause


def refusal(query: str) -> str | None:
    """Why a query is refused (None when it looks read-only); see
    :func:`graphbuild.query.readonly.write_clause`."""
    return write_clause(query)
