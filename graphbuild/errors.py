"""The error family and exit codes: one base error carrying its exit code, one-line messages.

Every failure a user can act on is a :class:`GraphbuildError` subclass whose message is one
line saying what happened and what to do; :func:`friendly` turns it (or a Neo4j driver
error) into that line and the command's exit code. Commands return the ``EXIT_*`` codes.

>>> friendly(InputError("plans/x.txt: not a plan; give a .txt, .docx, .pdf or .html file"))
('plans/x.txt: not a plan; give a .txt, .docx, .pdf or .html file', 2)
>>> friendly(Neo4jServerError("no Java 17; install it or set JAVA_HOME"))[1]
3
"""

from __future__ import annotations

__all__ = [
    "EXIT_BACKEND",
    "EXIT_FAILED",
    "EXIT_INPUT",
    "EXIT_OK",
    "CatalogError",
    "GraphbuildError",
    "InputError",
    "ModelNotBuilt",
    "Neo4jServerError",
    "friendly",
]

EXIT_OK = 0
EXIT_FAILED = 1  # the job ran and found a problem (e.g. a non-conforming graph)
EXIT_INPUT = 2  # bad input or usage: the message says what to change
EXIT_BACKEND = 3  # a backend (Neo4j) is unreachable or refuses


class GraphbuildError(Exception):
    """A failure the user can act on; the message is one line, ``exit_code`` the status."""

    exit_code: int = EXIT_INPUT


class InputError(GraphbuildError):
    """A problem with an input file or folder; the message is one line for the user."""


class CatalogError(GraphbuildError):
    """A wrong question id or parameter; the message is one line saying what to do."""


class ModelNotBuilt(GraphbuildError):
    """The build folder has no model; the message says how to make one."""


class Neo4jServerError(GraphbuildError):
    """A local Neo4j server could not be built, started or reached (one line: what to do)."""

    exit_code = EXIT_BACKEND


def friendly(exc: BaseException) -> tuple[str | None, int]:
    """Return (message, exit code) for a known failure, or (None, 1) to re-raise it."""
    if isinstance(exc, GraphbuildError):
        return str(exc), exc.exit_code
    module = type(exc).__module__ or ""
    if module.startswith("neo4j"):
        return _neo4j_message(exc), EXIT_BACKEND
    return None, EXIT_FAILED


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
