"""The question catalog: named, parameterised questions a reader can open and run.

Each question is a folder ``queries/<id>/`` holding

* ``question.toml`` — ``id``, ``title_zh``, ``title_en``, ``description_zh``,
  ``description_en``, ``engine`` (``"sparql"`` or ``"networkx"``), optional ``chart``
  (``{type = "bar", x = "…", y = "…"}``) and ``[[params]]`` tables with ``name``, ``type``
  (``str`` | ``int`` | ``county`` | ``battle`` | ``agency`` | ``function`` | ``role``),
  ``default``, optional ``choices`` (a finite list of allowed values; ``choices_from =
  "data/functions.csv:key"`` adds a column of a CSV file), ``label_zh``, ``label_en``. A
  ``county`` or ``battle`` parameter takes the counties or battles of the build (see
  :mod:`graphbuild.query.values`); its ``choices`` only add values such as ``"all"``;
* ``query.rq`` — the SPARQL body (engine ``sparql``), using ``$name`` placeholders that the
  embedded backend binds as literals (never by pasting text);
* ``query.cypher`` — the Cypher body for Neo4j, with ``$name`` parameters. A question needs
  at least one of the two bodies and answers on the backends it has a body for;
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

The catalog is the built-in questions of ``graphbuild/queries/`` plus a user catalog in the
same format (``GRAPHBUILD_QUERIES`` or ``--queries DIR``, see :mod:`graphbuild.query.user`);
a user question replaces a built-in one of the same id, with a warning.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from graphbuild.errors import CatalogError
from graphbuild.model import LIST_SEPARATOR
from graphbuild.query.values import BUILD_TYPES, Vocabulary, natural_key
from graphbuild.settings import QUERIES_DIR

__all__ = [
    "LIST_SEPARATOR",
    "QUERIES_DIR",
    "Backend",
    "CatalogError",
    "Param",
    "Question",
    "Vocabulary",
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

    def allowed(self, vocabulary: Vocabulary | None = None) -> tuple[Any, ...] | None:
        """The values this parameter may take (None: any value of its type).

        A ``county`` or ``battle`` parameter takes its ``choices`` (e.g. ``"all"``) and the
        counties or battles of ``vocabulary``; without a vocabulary only its ``choices`` are
        known and the value is not checked.
        """
        if self.type not in BUILD_TYPES:
            return self.choices
        if vocabulary is None:
            return None
        found = vocabulary.counties if self.type == "county" else vocabulary.battles
        return tuple(dict.fromkeys((*(self.choices or ()), *found)))

    def default_in(self, vocabulary: Vocabulary | None = None) -> Any:
        """The default, or the build's first county or battle when the build lacks it."""
        allowed = self.allowed(vocabulary)
        if self.type in BUILD_TYPES and allowed and self.default not in allowed:
            return next((v for v in allowed if v not in (self.choices or ())), allowed[0])
        return self.default


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
    origin: str = "built-in"

    @property
    def backends(self) -> tuple[str, ...]:
        """The backends the question has a body for (``embedded`` runs SPARQL)."""
        return tuple(
            name for name, body in (("embedded", self.sparql), ("neo4j", self.cypher)) if body
        )

    def summary(self, vocabulary: Vocabulary | None = None) -> dict[str, Any]:
        """The JSON form used by ``graphbuild ask --list --format json``."""
        params = []
        for p in self.params:
            allowed = p.allowed(vocabulary)
            params.append(
                {
                    "name": p.name,
                    "type": p.type,
                    "default": p.default,
                    "choices": list(allowed) if allowed is not None else None,
                }
            )
        return {
            "id": self.id,
            "title_zh": self.title_zh,
            "title_en": self.title_en,
            "engine": self.engine,
            "origin": self.origin,
            "backends": list(self.backends),
            "params": params,
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


def read_question(folder: Path, origin: str = "built-in") -> Question:
    """The question of one folder ``queries/<id>/``.

    Raises
    ------
    CatalogError
        If question.toml is missing or malformed, a parameter has an unknown type, or the
        folder has neither query.rq nor query.cypher.
    """
    try:
        meta = tomllib.loads((folder / "question.toml").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogError(f"{folder}: no question.toml; every question folder needs one") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CatalogError(f"{folder / 'question.toml'}: not valid TOML ({exc})") from None
    missing = [k for k in ("title_zh", "title_en") if not meta.get(k)]
    if missing:
        raise CatalogError(f"{folder / 'question.toml'}: give {' and '.join(missing)}")
    try:
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
    except (KeyError, TypeError, OSError) as exc:
        raise CatalogError(
            f"{folder / 'question.toml'}: a [[params]] entry is wrong ({exc})"
        ) from None
    for p in params:
        if p.type not in PARAM_TYPES:
            raise CatalogError(
                f"{folder.name}: parameter {p.name} has unknown type {p.type}; "
                f"use one of {', '.join(PARAM_TYPES)}"
            )

    def body(name: str) -> str | None:
        path = folder / name
        return path.read_text(encoding="utf-8") if path.exists() else None

    sparql, cypher = body("query.rq"), body("query.cypher")
    if not (sparql or "").strip() and not (cypher or "").strip():
        raise CatalogError(f"{folder}: no query.rq or query.cypher; a question needs a body")
    return Question(
        id=str(meta.get("id", folder.name)),
        title_zh=meta["title_zh"],
        title_en=meta["title_en"],
        description_zh=meta.get("description_zh", ""),
        description_en=meta.get("description_en", ""),
        engine=meta.get("engine", "sparql"),
        params=params,
        sparql=sparql if (sparql or "").strip() else None,
        cypher=cypher if (cypher or "").strip() else None,
        function=meta.get("function"),
        chart=dict(meta.get("chart", {})),
        folder=folder,
        columns=tuple(meta.get("columns", ())),
        lists=tuple(meta.get("lists", ())),
        limit=meta.get("limit"),
        limit_by=meta.get("limit_by"),
        origin=origin,
    )


def question_folders(root: Path) -> list[Path]:
    """The question folders of a catalog folder (those holding a question.toml)."""
    return [d for d in sorted(root.iterdir()) if (d / "question.toml").exists()]


def load_catalog(
    folder: Path | None = None,
    user: Path | None = None,
    notes: list[str] | None = None,
) -> list[Question]:
    """Every question: the built-in ones (or those of ``folder``) and the user's, by id.

    Parameters
    ----------
    folder : Path, optional
        A catalog folder to read alone. Default: the built-in ``graphbuild/queries/`` and
        the user catalog.
    user : Path, optional
        The user catalog folder (same format; its questions win on an id clash). Default:
        :func:`graphbuild.query.user.user_dir` ($GRAPHBUILD_QUERIES, else ``queries/`` in
        the current folder when there is one).
    notes : list, optional
        Receives one line per warning (a replaced built-in question, a user question that
        could not be read and was left out).

    Returns
    -------
    list of Question
        Sorted by id in natural order (``q2`` before ``q10``).
    """
    from graphbuild.query.user import user_dir

    questions = {q.id: q for q in read_catalog(folder or QUERIES_DIR)}
    if folder is None:
        mine = user if user is not None else user_dir()
        if mine is not None:
            for q in read_catalog(mine, origin="user", notes=notes):
                if q.id in questions and notes is not None:
                    notes.append(
                        f"warning: your question {q.id!r} ({q.folder}) replaces the built-in one"
                    )
                questions[q.id] = q
    return sorted(questions.values(), key=lambda q: natural_key(q.id))


def read_catalog(
    root: Path, origin: str = "built-in", notes: list[str] | None = None
) -> list[Question]:
    """The questions of one catalog folder.

    With ``notes`` (a user catalog), a question that cannot be read is left out and said
    in ``notes``; without, its CatalogError is raised.
    """
    out = []
    for d in question_folders(root):
        try:
            out.append(read_question(d, origin))
        except CatalogError as exc:
            if notes is None:
                raise
            notes.append(f"warning: left out {d}: {exc}")
    return out


def get_question(
    qid: str, folder: Path | None = None, user: Path | None = None, notes: list[str] | None = None
) -> Question:
    """The question with id ``qid``.

    Raises
    ------
    CatalogError
        If there is no such question.
    """
    for q in load_catalog(folder, user, notes):
        if q.id == qid:
            return q
    raise CatalogError(f"no question {qid!r}; run `graphbuild ask --list` to see the catalog")


def coerce_params(
    question: Question, given: dict[str, Any], vocabulary: Vocabulary | None = None
) -> dict[str, Any]:
    """Fill defaults, convert types and check the allowed values.

    With a ``vocabulary`` (the build's counties and battles), a ``county`` parameter also
    accepts the other names of a county (邵东, Shaodong, the plan ID) and is answered with
    the county as written, and ``county`` and ``battle`` values are checked against the
    build; without one they are checked only against the question's own ``choices``.

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
        raw = given[p.name] if p.name in given else p.default_in(vocabulary)
        if p.type == "int" and raw is not None:
            try:
                raw = int(raw)
            except (TypeError, ValueError):
                raise CatalogError(
                    f"{question.id}: {p.name} must be a whole number, not {raw!r}"
                ) from None
        allowed = p.allowed(vocabulary)
        if p.type == "county" and vocabulary is not None and allowed and raw not in allowed:
            raw = vocabulary.county(str(raw)) or raw
        if allowed is not None and raw not in allowed:
            options = ", ".join(str(c) for c in allowed)
            hint = " (or a short or English name)" if p.type == "county" else ""
            raise CatalogError(
                f"{question.id}: {p.name}={raw!r} is not allowed; use {options}{hint}"
            )
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
