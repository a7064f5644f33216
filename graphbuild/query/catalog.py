"""The question catalog: named, parameterised questions a reader can open and run.

Each question is a folder ``queries/<id>/`` holding

* ``question.toml`` — ``id``, ``title_zh``, ``title_en``, ``description_zh``,
  ``description_en``, ``engine`` (``"sparql"`` or ``"networkx"``), optional ``chart``
  (``{type = "bar", x = "…", y = "…"}``) and ``[[params]]`` tables with ``name``, ``type``
  (``str`` | ``int`` | ``county`` | ``battle`` | ``agency`` | ``function`` | ``role``),
  ``default``, optional ``choices`` (a finite list of allowed values; ``choices_from =
  "data/functions.csv:key"`` adds a column of a CSV file), ``label_zh``, ``label_en``;
* ``query.rq`` — the SPARQL body (engine ``sparql``), using ``$name`` placeholders that the
  embedded backend binds as literals (never by pasting text);
* ``query.cypher`` — the Cypher body for Neo4j, with ``$name`` parameters;
* for engine ``networkx``, ``function = "module:function"`` in question.toml names the
  Python function that answers it from the networkx projection: ``query.rq`` (and
  ``query.cypher``) then return the weighted co-responsibility edge list (``a``, ``b``,
  ``weight``, ``tasks``) and the function maps ``(edge_rows, params)`` to the answer rows;
* optional ``columns`` (the answer's columns, in order), ``lists`` (columns whose value is
  a list; a SPARQL body returns them as ``GROUP_CONCAT(…; separator="|")``) and ``limit``
  (the name of an int parameter, e.g. ``top_n``, that truncates the ordered rows; SPARQL
  has no ``LIMIT $n``), with optional ``limit_by`` (a column: the limit then applies to
  each of its values, e.g. the top N units of every county). Every backend passes its rows
  through :func:`finish_rows`.

A backend answers a question as a list of row dicts with the same columns whatever the
backend, so the answers can be compared.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from graphbuild.errors import CatalogError
from graphbuild.model import LIST_SEPARATOR
from graphbuild.settings import QUERIES_DIR

__all__ = [
    "LIST_SEPARATOR",
    "QUERIES_DIR",
    "Backend",
    "CatalogError",
    "Param",
    "Question",
    "coerce_params",
    "finish_rows",
    "get_question",
    "load_catalog",
]


PARAM_TYPES = ("str", "int", "county", "battle", "agency", "function", "role")


@dataclass(frozen=True)
class Param:
    """One typed parameter of a question."""

    name: str
    type: str
    default: Any = None
    choices: tuple[Any, ...] | None = None
    label_zh: str = ""
    label_en: str = ""


@dataclass(frozen=True)
class Question:
    """A named question with its bodies."""

    id: str
    title_zh: str
    title_en: str
    description_zh: str
    description_en: str
    engine: str
    params: tuple[Param, ...]
    sparql: str | None = None
    cypher: str | None = None
    function: str | None = None
    chart: dict[str, str] = field(default_factory=dict)
    folder: Path | None = None
    columns: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()
    limit: str | None = None
    limit_by: str | None = None

    def summary(self) -> dict[str, Any]:
        """The JSON form used by ``graphbuild ask --list --format json``."""
        return {
            "id": self.id,
            "title_zh": self.title_zh,
            "title_en": self.title_en,
            "engine": self.engine,
            "params": [
                {
                    "name": p.name,
                    "type": p.type,
                    "default": p.default,
                    "choices": list(p.choices) if p.choices is not None else None,
                }
                for p in self.params
            ],
        }


class Backend(Protocol):
    """Something that answers catalog questions (the embedded store or Neo4j)."""

    name: str

    def ask(self, question: Question, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Answer one question with already-coerced parameters."""
        ...


def _choices(spec: dict[str, Any]) -> tuple[Any, ...] | None:
    """A parameter's allowed values: ``choices`` plus, with ``choices_from = "FILE:COLUMN"``
    (a CSV under the repository root, e.g. ``data/functions.csv:key``), that column."""
    if "choices" not in spec and "choices_from" not in spec:
        return None
    values = list(spec.get("choices", []))
    if "choices_from" in spec:
        import csv

        file, _, column = spec["choices_from"].partition(":")
        with (QUERIES_DIR.parent / file).open(encoding="utf-8", newline="") as fh:
            values += [row[column] for row in csv.DictReader(fh) if row.get(column)]
    return tuple(dict.fromkeys(values))


def _question(folder: Path) -> Question:
    meta = tomllib.loads((folder / "question.toml").read_text(encoding="utf-8"))
    params = tuple(
        Param(
            name=p["name"],
            type=p.get("type", "str"),
            default=p.get("default"),
            choices=_choices(p),
            label_zh=p.get("label_zh", ""),
            label_en=p.get("label_en", ""),
        )
        for p in meta.get("params", [])
    )
    for p in params:
        if p.type not in PARAM_TYPES:
            raise CatalogError(f"{folder.name}: parameter {p.name} has unknown type {p.type}")

    def body(name: str) -> str | None:
        path = folder / name
        return path.read_text(encoding="utf-8") if path.exists() else None

    return Question(
        id=meta["id"],
        title_zh=meta["title_zh"],
        title_en=meta["title_en"],
        description_zh=meta.get("description_zh", ""),
        description_en=meta.get("description_en", ""),
        engine=meta.get("engine", "sparql"),
        params=params,
        sparql=body("query.rq"),
        cypher=body("query.cypher"),
        function=meta.get("function"),
        chart=dict(meta.get("chart", {})),
        folder=folder,
        columns=tuple(meta.get("columns", ())),
        lists=tuple(meta.get("lists", ())),
        limit=meta.get("limit"),
        limit_by=meta.get("limit_by"),
    )


def load_catalog(folder: Path | None = None) -> list[Question]:
    """Every question in ``queries/``, sorted by id."""
    root = folder or QUERIES_DIR
    return sorted(
        (_question(d) for d in root.iterdir() if (d / "question.toml").exists()),
        key=lambda q: q.id,
    )


def get_question(qid: str, folder: Path | None = None) -> Question:
    """The question with id ``qid``.

    Raises
    ------
    CatalogError
        If there is no such question.
    """
    for q in load_catalog(folder):
        if q.id == qid:
            return q
    raise CatalogError(f"no question {qid!r}; run `graphbuild ask --list` to see the catalog")


def coerce_params(question: Question, given: dict[str, str]) -> dict[str, Any]:
    """Fill defaults, convert types and check finite choices.

    Raises
    ------
    CatalogError
        For an unknown parameter, a value of the wrong type, or a value not allowed.
    """
    names = {p.name for p in question.params}
    unknown = sorted(set(given) - names)
    if unknown:
        allowed = ", ".join(sorted(names)) or "none"
        raise CatalogError(f"{question.id}: unknown parameter {unknown[0]!r}; allowed: {allowed}")
    out: dict[str, Any] = {}
    for p in question.params:
        raw = given.get(p.name, p.default)
        if p.type == "int" and raw is not None:
            try:
                raw = int(raw)
            except (TypeError, ValueError):
                raise CatalogError(
                    f"{question.id}: {p.name} must be a whole number, not {raw!r}"
                ) from None
        if p.choices is not None and raw not in p.choices:
            options = ", ".join(str(c) for c in p.choices)
            raise CatalogError(f"{question.id}: {p.name}={raw!r} is not allowed; use {options}")
        out[p.name] = raw
    return out


def _plain(value: Any) -> Any:
    """A JSON-able value: lists sorted, tuples as lists, integral floats kept as floats."""
    if isinstance(value, list | tuple | set | frozenset):
        return sorted(_plain(v) for v in value)
    return value


def finish_rows(
    question: Question, params: dict[str, Any], rows: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Put a backend's rows in the catalog's shape, so backends can be compared row for row.

    Keeps the declared ``columns`` in order (a missing one is None), turns a ``lists``
    column given as one ``|``-joined string into a list, sorts every list, and truncates
    the rows to the ``limit`` parameter (per value of the ``limit_by`` column when there is
    one). The row order itself is the query's.
    """
    out = []
    for row in rows:
        names = question.columns or tuple(row)
        done = {}
        for name in names:
            value = row.get(name)
            if name in question.lists:
                if value is None or value == "":
                    value = []
                elif isinstance(value, str):
                    value = value.split(LIST_SEPARATOR)
            done[name] = _plain(value)
        out.append(done)
    if question.limit is not None:
        n = params.get(question.limit)
        if isinstance(n, int) and n >= 0:
            seen: dict[Any, int] = {}
            kept = []
            for row in out:
                group = row.get(question.limit_by) if question.limit_by else None
                seen[group] = seen.get(group, 0) + 1
                if seen[group] <= n:
                    kept.append(row)
            out = kept
    return out
