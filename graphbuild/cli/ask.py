"""``graphbuild ask``: list the question catalog or answer one question."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from graphbuild.cli.output import render
from graphbuild.query.catalog import (
    CatalogError,
    Question,
    coerce_params,
    get_question,
    load_catalog,
)

__all__ = ["add_commands", "cmd_ask", "parse_params"]

EXAMPLES = """\
  graphbuild ask --list
  graphbuild ask --list --format json
  graphbuild ask top-lead-units --param county=新晃侗族自治县 --param lead_kind=stated
  graphbuild ask topic-compare --param topic=政府债务 --format json
  graphbuild ask agency-path --param source=市教育局 --param target=国网邵东市供电公司
  graphbuild ask battle-tasks --param battle=risk --show-query
  graphbuild ask top-lead-units --backend neo4j        # or set NEO4J_URI

Parameters not given take their defaults (see `--list`); a wrong id or parameter value
exits with code 2 and says what is allowed.
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


def _param_text(q: Question) -> str:
    return ", ".join(f"{p.name}={p.default}" for p in q.params) or "-"


def _list(args: argparse.Namespace) -> int:
    catalog = load_catalog()
    if args.format == "json":
        sys.stdout.write(render([q.summary() for q in catalog], "json"))
    else:
        rows = [
            {
                "id": q.id,
                "engine": q.engine,
                "title_zh": q.title_zh,
                "title_en": q.title_en,
                "params": _param_text(q),
            }
            for q in catalog
        ]
        sys.stdout.write(render(rows, args.format))
    return 0


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


def cmd_ask(args: argparse.Namespace) -> int:
    """List the catalog (``--list``) or answer one question."""
    if args.list:
        return _list(args)
    if not args.id:
        raise CatalogError("give a question id or --list; see `graphbuild ask --list`")
    question = get_question(args.id)
    params = coerce_params(question, parse_params(args.param))
    from graphbuild.query.backends import get_backend

    backend = get_backend(args.backend, args.build)
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
    p.add_argument("id", nargs="?", help="question id (see --list)")
    p.add_argument("--list", action="store_true", help="list the questions and their parameters")
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
    p.set_defaults(func=cmd_ask)
