"""``graphbuild ask --check``: is every question of the catalog (built-in and yours) sound?

For each question: its bodies parse, every ``$name`` they use is a declared parameter, its
defaults are allowed values, its Cypher only reads, and it runs with its defaults on each
backend it has a body for and that is at hand. Each problem is one line
``QUESTION: problem; what to do``.
"""

from __future__ import annotations

import re
from typing import Any

from graphbuild.errors import CatalogError
from graphbuild.query.catalog import Question, coerce_params
from graphbuild.query.readonly import write_clause
from graphbuild.query.user import cypher_parameters

__all__ = ["check_question", "sparql_parameters"]

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_SPARQL_UPDATE = re.compile(
    r"^\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD)\b", re.IGNORECASE | re.MULTILINE
)


def sparql_parameters(text: str) -> list[str]:
    """The ``$name`` parameters of a SPARQL body (full-line ``#`` comments skipped)."""
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    code = re.sub(r'"(?:[^"\\]|\\.)*"', '""', code)
    return list(dict.fromkeys(_PARAM.findall(code)))


def _one_line(exc: BaseException) -> str:
    from graphbuild.errors import friendly

    message, _ = friendly(exc)
    text = message or f"{type(exc).__name__}: {exc}"
    return " ".join(text.split())[:300]


def check_question(q: Question, backends: dict[str, Any], vocabulary: Any = None) -> list[str]:
    """The problems of one question (empty: sound).

    Parameters
    ----------
    backends : dict
        ``{"embedded": backend, "neo4j": backend}`` — the backends at hand; a body is run
        on its backend when that backend is given.
    vocabulary : graphbuild.query.values.Vocabulary, optional
        The build's counties and battles, to check the defaults against.
    """
    problems: list[str] = []
    declared = {p.name for p in q.params}
    bodies = (("query.rq", q.sparql, sparql_parameters), ("query.cypher", q.cypher, None))
    for file, body, finder in bodies:
        if not body:
            continue
        used = finder(body) if finder else cypher_parameters(body)
        for name in used:
            if name not in declared:
                problems.append(
                    f"{q.id}: {file} uses ${name}, which is not a declared parameter; add a "
                    f'[[params]] entry with name = "{name}" to question.toml'
                )
    if q.sparql and _SPARQL_UPDATE.search(
        "\n".join(x for x in q.sparql.splitlines() if not x.lstrip().startswith("#"))
    ):
        problems.append(f"{q.id}: query.rq is a SPARQL update; a question may only read (SELECT)")
    if q.cypher:
        word = write_clause(q.cypher)
        if word:
            problems.append(
                f"{q.id}: query.cypher writes ({word}); saved questions run read-only, so "
                "remove the write"
            )
    if q.engine == "networkx" and not q.function:
        problems.append(f'{q.id}: engine networkx needs function = "module:function"')
    try:
        params = coerce_params(q, {}, vocabulary)
    except CatalogError as exc:
        problems.append(f"{_one_line(exc)}; fix the default in question.toml")
        return problems
    if problems:
        return problems
    for name, backend in backends.items():
        if name not in q.backends:
            continue
        if name == "neo4j":
            kind = _cypher_kind(backend, q.cypher or "", params)
            if kind and kind != "r":
                problems.append(
                    f"{q.id}: Neo4j plans query.cypher as a write (type {kind!r}); saved "
                    "questions run read-only"
                )
                continue
        try:
            backend.ask(q, params)
        except Exception as exc:  # any failure is this question's problem, said in one line
            file = "query.rq" if name == "embedded" else "query.cypher"
            problems.append(f"{q.id}: {file} fails on {name}: {_one_line(exc)}")
    return problems


def _cypher_kind(backend: Any, text: str, params: dict[str, Any]) -> str | None:
    """Neo4j's own word on a query: ``r``, ``rw``, ``w`` or ``s`` (EXPLAIN, nothing runs)."""
    connection = getattr(backend, "connection", None)
    if connection is None or not hasattr(connection, "session"):
        return None
    try:
        with connection.session(read=True) as session:
            summary = session.run("EXPLAIN " + text, params).consume()
        return getattr(summary, "query_type", None)
    except Exception:
        return None  # the run that follows reports the error in its own words
