"""The embedded backend: the build's RDF graph in an in-memory pyoxigraph store.

The store is loaded once from ``build/graph.nt`` (written by ``graphbuild build``). A
question's SPARQL body gets :data:`graphbuild.graph.schema.SPARQL_PREFIXES` in front and its
``$name`` parameters bound by a ``VALUES`` row of RDF terms (see :func:`bind_params`): the
values are never pasted into the query as text.
"""

from __future__ import annotations

import importlib
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graphbuild.graph.graphfile import GRAPH_FILE, ntriples
from graphbuild.graph.schema import ID, SPARQL_PREFIXES, stable_id_of
from graphbuild.query.catalog import CatalogError, Question, finish_rows
from graphbuild.query.values import Vocabulary
from graphbuild.store import load_corpus

__all__ = [
    "EmbeddedBackend",
    "bind_params",
    "load_function",
    "load_store",
    "param_variable",
    "python_value",
]

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {f"{_XSD}{t}" for t in ("integer", "int", "long", "short", "nonNegativeInteger")}
_FLOATS = {f"{_XSD}{t}" for t in ("decimal", "double", "float")}


def param_variable(name: str) -> str:
    """The SPARQL variable a ``$name`` parameter becomes (distinct from ``?name``)."""
    return f"param_{name}"


def _term(value: Any) -> ox.Literal:
    if isinstance(value, bool | int | float | str):
        return ox.Literal(value)
    raise CatalogError(f"cannot bind {value!r} as a SPARQL value")


def bind_params(body: str, params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Prepare a catalog SPARQL body for execution.

    ``$name`` in a catalog query means the parameter ``name``. Each one becomes the
    variable ``?param_name`` (so an answer column ``?county`` and the parameter
    ``$county`` do not collide), bound by one ``VALUES`` row inserted at the top of the
    outer ``WHERE`` group. The row holds RDF terms made by pyoxigraph (escaped literals),
    never text of the user's. Parameters are therefore visible to the outer group's
    filters and patterns, not to filters inside sub-queries. Full-line ``#`` comments may
    mention ``$name`` freely.

    Returns
    -------
    (str, dict)
        The query with the prefix block, and the bound values by variable name.

    Raises
    ------
    CatalogError
        If the body uses a ``$name`` that is not a parameter, or has no ``WHERE {``.
    """
    code = "\n".join(line for line in body.splitlines() if not line.lstrip().startswith("#"))
    used = list(dict.fromkeys(_PARAM.findall(code)))
    missing = [n for n in used if n not in params]
    if missing:
        raise CatalogError(f"the query uses ${missing[0]}, which is not a parameter")
    text = _PARAM.sub(
        lambda m: "?" + param_variable(m.group(1)) if m.group(1) in params else m.group(0), body
    )
    bound = {param_variable(n): params[n] for n in used}
    if bound:
        match = _WHERE.search(text)
        if match is None:
            raise CatalogError("a parameterised query needs an explicit `WHERE {`")
        names = " ".join(f"?{v}" for v in bound)
        row = " ".join(str(_term(v)) for v in bound.values())
        values = f"\n  VALUES ({names}) {{ ({row}) }}\n"
        text = text[: match.end()] + values + text[match.end() :]
    return SPARQL_PREFIXES + text, bound


def python_value(term: Any) -> Any:
    """A plain Python value for an RDF term of a result row.

    Integers, decimals and booleans become int, float and bool; a data IRI becomes its
    stable ID; an unbound value is None.
    """
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value if term.datatype is not None else ""
        if datatype in _INTEGERS:
            return int(term.value)
        if datatype in _FLOATS:
            return float(term.value)
        if datatype == f"{_XSD}boolean":
            return term.value in ("true", "1")
        return term.value
    if isinstance(term, ox.NamedNode):
        if term.value.startswith(str(ID)):
            return stable_id_of(term.value)[1]
        return term.value
    return str(term)


def load_function(spec: str) -> Callable[[list[dict[str, Any]], dict[str, Any]], list[dict]]:
    """The Python function a networkx question names as ``module:function``."""
    module, _, name = spec.partition(":")
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as exc:
        raise CatalogError(f"the catalog names a missing function {spec!r}: {exc}") from None


class EmbeddedBackend:
    """Answers catalog questions on an in-memory pyoxigraph store of the build's graph.

    Attributes
    ----------
    name : str
        ``"embedded"``.
    load_seconds : float
        The time it took to load the store.
    triples : int
        The size of the store.
    """

    name = "embedded"

    def __init__(self, build_dir: Path | None = None) -> None:
        if build_dir is None:
            from graphbuild.settings import build_dir as default_build

            build_dir = default_build()
        self.build_dir = Path(build_dir)
        self.store, self.load_seconds = load_store(self.build_dir)
        self.triples = len(self.store)
        self._vocabulary: Vocabulary | None = None

    def query_text(self, question: Question, params: dict[str, Any]) -> str:
        """The SPARQL text that runs for ``question`` (prefixes and bound parameters)."""
        _require_sparql(question)
        return bind_params(question.sparql or "", params)[0]

    def vocabulary(self) -> Vocabulary:
        """The counties (with their plan IDs) and battle keys of the store's graph."""
        if self._vocabulary is None:
            plans = self.store.query(SPARQL_PREFIXES + _PLANS)
            battles = self.store.query(SPARQL_PREFIXES + _BATTLES)
            self._vocabulary = Vocabulary.of(
                ((python_value(r["plan"]), python_value(r["county"])) for r in plans),
                (python_value(r["battle"]) for r in battles),
            )
        return self._vocabulary

    def sparql(self, text: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a SELECT query (``$name`` parameters bound from ``params``); rows as dicts."""
        query, _ = bind_params(text, params or {})
        result = self.store.query(query)
        names = [v.value for v in result.variables]
        return [{n: python_value(sol[n]) for n in names} for sol in result]

    def ask(self, question: Question, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Answer one question with already-coerced parameters."""
        _require_sparql(question)
        rows = self.sparql(question.sparql or "", params)
        if question.engine == "networkx":
            if not question.function:
                raise CatalogError(f"{question.id}: a networkx question needs `function`")
            rows = load_function(question.function)(rows, params)
        return finish_rows(question, params, rows)


_PLANS = "SELECT ?plan ?county WHERE { ?plan a sb:Plan ; sb:county ?county }"
_BATTLES = "SELECT DISTINCT ?battle WHERE { ?t a sb:Task ; sb:battle/skos:notation ?battle }"


def _require_sparql(question: Question) -> None:
    """Say how to answer a question that has only a Cypher body (exit code 2)."""
    if not question.sparql:
        raise CatalogError(
            f"{question.id} has only a Cypher body (query.cypher), so it runs on Neo4j, not "
            "on the embedded store: `graphbuild neo4j start`, `graphbuild load`, then ask "
            "again with --backend neo4j"
        )


def load_store(build_dir: Path):
    """An in-memory pyoxigraph store with the graph of a build, and the seconds it took.

    Reads ``build_dir/graph.nt``; a build made before that file existed is projected from
    its ``model.json`` instead.

    Raises
    ------
    graphbuild.store.ModelNotBuilt
        If the folder has neither file.
    """
    import pyoxigraph as ox

    started = time.perf_counter()
    store = ox.Store()
    path = Path(build_dir) / GRAPH_FILE
    if path.exists():
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    else:
        data = ntriples(load_corpus(Path(build_dir))).encode("utf-8")
        store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
    return store, time.perf_counter() - started
