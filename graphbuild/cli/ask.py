"""``graphbuild ask``: list the question catalog or answer one question."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from graphbuild.cli.output import render
from graphbuild.query.catalog import (
    CatalogError,
    Question,
    Vocabulary,
    coerce_params,
    get_question,
    load_catalog,
)
from graphbuild.query.values import BUILD_TYPES

__all__ = ["add_commands", "cmd_ask", "parse_params"]

EXAMPLES = """\
  graphbuild ask --list
  graphbuild ask --list --format json
  graphbuild ask top-lead-units --param county=新晃侗族自治县 --param lead_kind=stated
  graphbuild ask topic-compare --param topic=政府债务 --format json
  graphbuild ask agency-path --param source=市教育局 --param target=国网邵东市供电公司
  graphbuild ask battle-tasks --param battle=risk --show-query
  graphbuild ask top-lead-units --param county=Xinhuang  # short and English names too
  graphbuild ask top-lead-units --help           # its parameters and allowed values
  graphbuild ask top-lead-units --backend neo4j  # or set NEO4J_URI
  graphbuild ask --list --queries my-queries      # your questions too (or GRAPHBUILD_QUERIES)
  graphbuild ask --check                          # parses, parameters, read-only, runs
  graphbuild ask --export-cypher catalog.cypher  # for Neo4j Browser / Workspace

Parameters not given take their defaults (see `ID --help`); a wrong id or parameter value
exits with code 2 and says what is allowed. Counties and battles are those of the build.
"""


def parse_params(items: list[str] | None) -> dict[str, str]:
    """``["k=v", …]`` → ``{"k": "v"}`` (the last value of a repeated key wins).

    Raises
    ------
    CatalogError
        For an item without ``=``.
    """
    out: dict[str, str] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise CatalogError(f"--param {item!r}: write it as NAME=VALUE")
        out[key.strip()] = value.strip()
    return out


LIST_WIDTH = 100


def _shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` terminal columns, with … when cut."""
    from graphbuild.cli.output import display_width

    if display_width(text) <= width:
        return text
    out = ""
    for ch in text:
        if display_width(out + ch) > width - 1:
            break
        out += ch
    return out + "…"


def _fit(rows: list[dict[str, str]], columns: list[str], width: int = LIST_WIDTH) -> None:
    """Cut the ``params`` column to a third, then ``title`` to what is left of ``width``."""
    from graphbuild.cli.output import display_width

    def widest(name: str) -> int:
        return max([display_width(name)] + [display_width(r[name]) for r in rows])

    gaps = 2 * (len(columns) - 1)
    for r in rows:
        r["params"] = _shorten(r["params"], width // 3)
    fixed = sum(widest(c) for c in columns if c != "title") + gaps
    for r in rows:
        r["title"] = _shorten(r["title"], max(width - fixed, 12))


def _catalog(args: argparse.Namespace) -> list[Question]:
    """The catalog (built-in and the user's), saying on stderr what it replaced or left out."""
    from graphbuild.query.user import user_dir

    notes: list[str] = []
    catalog = load_catalog(user=user_dir(getattr(args, "queries", None)), notes=notes)
    if not getattr(args, "quiet", False):
        for note in notes:
            print(note, file=sys.stderr)
    return catalog


def _build_vocabulary(build: Any) -> Vocabulary | None:
    """The counties and battles of a build folder, or None when there is no build."""
    from graphbuild.errors import GraphbuildError
    from graphbuild.query.embedded import EmbeddedBackend

    try:
        return EmbeddedBackend(build).vocabulary()
    except (GraphbuildError, OSError):
        return None


def _list(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    if args.format == "json":
        vocabulary = _build_vocabulary(args.build)
        sys.stdout.write(render([q.summary(vocabulary) for q in catalog], "json"))
        return 0
    if args.format == "csv":
        rows = [
            {
                "id": q.id,
                "origin": q.origin,
                "backends": " ".join(q.backends),
                "title_zh": q.title_zh,
                "title_en": q.title_en,
                "params": " ".join(f"{p.name}={p.default}" for p in q.params),
            }
            for q in catalog
        ]
        sys.stdout.write(render(rows, "csv"))
        return 0
    rows = [
        {
            "id": q.id + ("*" if q.origin == "user" else ""),
            "on": "both" if len(q.backends) == 2 else q.backends[0],
            "title": f"{q.title_zh} · {q.title_en}",
            "params": " ".join(p.name for p in q.params) or "-",
        }
        for q in catalog
    ]
    columns = ["id", "on", "title", "params"]
    _fit(rows, columns)
    sys.stdout.write(render(rows, "table", columns=columns, max_width=LIST_WIDTH))
    if not args.quiet:
        print(
            "* your own question · `graphbuild ask ID --help` shows a question's parameters",
            file=sys.stderr,
        )
    return 0


def _wrap(text: str, width: int, indent: str) -> list[str]:
    """Lines of at most ``width`` terminal columns (CJK counts two), broken at spaces in
    Latin text and anywhere in Chinese."""
    from graphbuild.cli.output import display_width

    lines: list[str] = []
    rest = text.strip()
    room = width - len(indent)
    while rest:
        if display_width(rest) <= room:
            lines.append(indent + rest)
            break
        cut, size = 0, 0
        while cut < len(rest) and size + display_width(rest[cut]) <= room:
            size += display_width(rest[cut])
            cut += 1
        space = rest.rfind(" ", 0, cut + 1)
        if rest[cut].isascii() and rest[cut] != " " and space > 0 and rest[cut - 1].isascii():
            cut = space
        lines.append(indent + rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return lines


def question_help(q: Question, vocabulary: Vocabulary | None) -> str:
    """What ``graphbuild ask ID --help`` adds: the question, its parameters and their values."""
    lines = [
        "",
        f"question {q.id}" + (" (yours)" if q.origin == "user" else ""),
        f"  {q.title_zh} / {q.title_en}",
    ]
    for text in (q.description_zh, q.description_en):
        if text:
            lines += _wrap(text, LIST_WIDTH, "  ")
    lines.append(f"  runs on: {', '.join(q.backends)}")
    lines.append("parameters:" if q.params else "parameters: none")
    for p in q.params:
        lines.append(f"  {p.name} ({p.type}, default {p.default_in(vocabulary)})")
        allowed = p.allowed(vocabulary)
        if allowed is not None:
            text = "allowed: " + ", ".join(str(v) for v in allowed)
            lines += _wrap(text, LIST_WIDTH, "    ")
        elif p.type in BUILD_TYPES:
            lines.append(f"    allowed: the {p.type} values of the build (none found: build first)")
        if p.type == "county":
            lines.append(
                "    a county may also be given by its short or English name (邵东, Shaodong)"
            )
    return "\n".join(lines) + "\n"


class _Help(argparse.Action):
    """``-h/--help``: noted here, printed by :func:`cmd_ask` once every option is read (so
    ``ask ID --help --build DIR`` shows the values of that build)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=False, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        setattr(namespace, self.dest, True)


def _help(args: argparse.Namespace) -> int:
    """The command's help, then the named question's parameters and their values."""
    args.parser.print_help()
    if args.id:
        q = get_question(args.id, user=_user(args))
        sys.stdout.write(question_help(q, _build_vocabulary(args.build)))
    return 0


def _user(namespace: argparse.Namespace) -> Any:
    from graphbuild.query.user import user_dir

    return user_dir(getattr(namespace, "queries", None))


def _show_query(backend: Any, question: Question, params: dict[str, Any]) -> None:
    text = None
    if hasattr(backend, "query_text"):
        text = backend.query_text(question, params)
    elif backend.name == "neo4j":
        text = question.cypher
    if text:
        print(f"-- {backend.name} query for {question.id} --\n{text.rstrip()}\n--", file=sys.stderr)
    if question.function:
        print(f"-- answered from the edge list by {question.function} --", file=sys.stderr)


def _check(args: argparse.Namespace) -> int:
    """``--check``: one line per problem of any question; exit 1 when there is one."""
    from graphbuild.errors import GraphbuildError
    from graphbuild.query.backends import get_backend
    from graphbuild.query.check import check_question

    catalog = _catalog(args)
    backends: dict[str, Any] = {}
    vocabulary = None
    try:
        backends["embedded"] = get_backend("embedded", args.build)
        vocabulary = backends["embedded"].vocabulary()
    except GraphbuildError as exc:
        print(f"note: the SPARQL bodies are not run ({exc})", file=sys.stderr)
    wants_neo4j = args.backend == "neo4j" or (
        args.backend is None and any("neo4j" in q.backends for q in catalog)
    )
    if wants_neo4j:
        from graphbuild.errors import friendly

        try:
            neo = get_backend("neo4j")
            neo.vocabulary()  # connects: an unreachable server is said once, here
            backends["neo4j"] = neo
        except Exception as exc:
            message, _ = friendly(exc)
            if message is None:
                raise
            if args.backend == "neo4j":
                raise
            print(f"note: the Cypher bodies are not run ({message})", file=sys.stderr)
    problems: list[str] = []
    for q in catalog:
        problems += check_question(q, backends, vocabulary)
    for line in problems:
        print(line)
    ran = ", ".join(backends) or "no backend"
    if not args.quiet:
        print(
            f"checked {len(catalog)} questions (ran on {ran}): "
            f"{len(problems)} problem{'s' if len(problems) != 1 else ''}",
            file=sys.stderr,
        )
    if "neo4j" in backends:
        backends["neo4j"].close()
    return 1 if problems else 0


def _export_cypher(args: argparse.Namespace) -> int:
    """``--export-cypher FILE``: the catalog as a .cypher script and a list of search phrases."""
    from pathlib import Path

    from graphbuild.query.cypher_script import cypher_script, search_phrases

    catalog = _catalog(args)
    vocabulary = _build_vocabulary(args.build)
    path = Path(args.export_cypher)
    if path.is_dir():
        raise CatalogError(f"{path} is a folder; give a file name such as catalog.cypher")
    if not path.parent.is_dir():
        raise CatalogError(f"{path.parent}: no such folder; create it or choose another path")
    path.write_text(cypher_script(catalog, vocabulary), encoding="utf-8")
    phrases = path.with_suffix(".search-phrases.json")
    phrases.write_text(search_phrases(catalog), encoding="utf-8")
    n = sum(1 for q in catalog if q.cypher)
    if not args.quiet:
        print(
            f"wrote {n} saved queries to {path} and their search phrases to {phrases}",
            file=sys.stderr,
        )
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    """List the catalog (``--list``), check it, export it, or answer one question."""
    if args.show_help:
        return _help(args)
    if args.list:
        return _list(args)
    if args.check:
        return _check(args)
    if args.export_cypher:
        return _export_cypher(args)
    if not args.id:
        raise CatalogError("give a question id or --list; see `graphbuild ask --list`")
    catalog = {q.id: q for q in _catalog(args)}
    if args.id not in catalog:
        raise CatalogError(
            f"no question {args.id!r}; run `graphbuild ask --list` to see the catalog"
        )
    question = catalog[args.id]
    given = parse_params(args.param)
    coerce_params(question, given)  # unknown names and wrong types: said before any backend
    from graphbuild.query.backends import get_backend

    if args.backend != "neo4j" and question.backends == ("neo4j",):
        from graphbuild.settings import backend_name

        if (args.backend or backend_name()) == "embedded":
            get_backend("embedded", args.build).ask(question, {})  # says what to do, exit 2
    backend = get_backend(args.backend, args.build)
    params = coerce_params(question, given, backend.vocabulary())
    if args.verbose and hasattr(backend, "load_seconds"):
        print(
            f"loaded the {backend.name} store in {backend.load_seconds * 1000:.0f} ms",
            file=sys.stderr,
        )
    if args.show_query:
        _show_query(backend, question, params)
    rows = backend.ask(question, params)
    sys.stdout.write(render(rows, args.format, columns=list(question.columns) or None))
    return 0


def add_commands(sub: argparse._SubParsersAction, make: Any) -> None:
    """Register ``ask`` with the main CLI (``make`` is the CLI's sub-parser factory)."""
    from graphbuild.cli.options import add_build_dir, add_format
    from graphbuild.query.backends import BACKENDS

    p = make(sub, "ask", "Answer a question of the catalog (queries/), or list them.", EXAMPLES)
    p.conflict_handler = p._optionals.conflict_handler = "resolve"  # our own --help
    p.add_argument(
        "-h",
        "--help",
        action=_Help,
        dest="show_help",
        help="show this help (with ID: the question, its parameters and their allowed values)",
    )
    p.add_argument("id", nargs="?", help="question id (see --list)")
    p.add_argument("--list", action="store_true", help="list the questions and their parameters")
    p.add_argument(
        "--check",
        action="store_true",
        help="check every question (yours too): parses, parameters declared, read-only, runs",
    )
    p.add_argument(
        "--export-cypher",
        metavar="FILE",
        help="write the catalog as a .cypher script (:param lines, comments) for Neo4j's tools",
    )
    p.add_argument(
        "--queries",
        metavar="DIR",
        help="a folder of your own questions (default: $GRAPHBUILD_QUERIES, else ./queries)",
    )
    p.add_argument(
        "--param",
        action="append",
        metavar="NAME=VALUE",
        help="a parameter value; repeat for several",
    )
    p.add_argument(
        "--backend",
        choices=BACKENDS,
        default=None,
        help="embedded (pyoxigraph, default) or neo4j (default when NEO4J_URI is set)",
    )
    p.add_argument(
        "--show-query",
        action="store_true",
        help="print the query that runs (SPARQL or Cypher) on stderr",
    )
    add_build_dir(p)
    add_format(p)
    p.set_defaults(func=cmd_ask, parser=p)
