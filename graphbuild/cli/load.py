"""``graphbuild load`` and ``graphbuild cypher``: put the graph into Neo4j and query it.

Both connect with :func:`graphbuild.neo4j.client.connect` (``NEO4J_URI``, ``NEO4J_USER``,
``NEO4J_PASSWORD``, ``NEO4J_DATABASE``, else the local server of ``graphbuild neo4j start``).
A server that cannot be reached, refuses the credentials or has no such database gives one
line on stderr and exit code 3 (see :mod:`graphbuild.errors`).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from graphbuild.errors import EXIT_BACKEND, EXIT_INPUT, EXIT_OK

__all__ = ["add_commands", "cmd_cypher", "cmd_load", "parse_param"]


_LOAD_EXAMPLES = """\
  graphbuild neo4j start && graphbuild load
  graphbuild load --replace                  # drop this project's previous graph first
  graphbuild load --build /tmp/graph --batch-size 500 -q
  NEO4J_URI=neo4j+s://xxxx.databases.neo4j.io NEO4J_PASSWORD=… graphbuild load

Reads the model of `graphbuild build` (default build/), creates the uniqueness constraints and
indexes, then MERGEs the nodes and relationships in batches (one transaction per batch) with a
progress bar on stderr, and prints the nodes per label and relationships per type on stdout.
Loading again changes nothing; a load that was stopped half-way is completed by the next one.
Every node carries the label :SixBattles: --replace deletes those nodes (and their
relationships) and nothing else in the database.
Server: NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE, else the local server of
`graphbuild neo4j start`. Exit code 3 when Neo4j is unreachable or refuses.
"""

_CYPHER_EXAMPLES = """\
  graphbuild cypher "MATCH (a:Agency)-[:LEADS]->(t:Task)
      RETURN a.canonical AS unit, count(t) AS n ORDER BY n DESC LIMIT 10"
  graphbuild cypher 'MATCH (t:Task {county: $county}) RETURN count(t) AS n' --param county=邵东市
  graphbuild cypher "MATCH (b:Battle) RETURN b.id, b.name" --format json
  graphbuild cypher 'MATCH (a:Agency {county: $county})-[:LEADS]->(t:Task)
      RETURN a.canonical AS unit, count(t) AS n ORDER BY n DESC LIMIT $top' \
      --param county=邵东市 --param top=5 \
      --save lead-counts --title-zh 牵头任务数 --title-en "Tasks led"
  graphbuild ask lead-counts --backend neo4j --param county=新晃侗族自治县

Runs in a READ transaction (READ access mode): the server refuses a write (CREATE, MERGE, SET,
DELETE, REMOVE, a write procedure, a schema command); that gives one line on stderr and exit
code 3, like any other refusal by Neo4j. A query the server cannot parse gives exit code 2.
--param NAME=VALUE passes a parameter (never pasted into the query): VALUE is read as JSON when
it is valid JSON (5, true, ["a","b"]) and as a string otherwise; repeat it for several.
--save ID runs the query, then keeps it as your own question ID in the questions folder
(--queries DIR, else GRAPHBUILD_QUERIES, else ./queries): every $name becomes a parameter whose
type (int or str) and default come from the value given with --param.
"""


def parse_param(text: str) -> tuple[str, Any]:
    """``NAME=VALUE`` → (name, value); VALUE as JSON when it parses, else the string.

    Raises
    ------
    ValueError
        When there is no ``=`` or the name is empty.
    """
    name, sep, raw = text.partition("=")
    if not sep or not name.strip():
        raise ValueError(f"--param {text!r}: write NAME=VALUE")
    try:
        value = json.loads(raw)
    except ValueError:
        value = raw
    return name.strip(), value


def add_commands(sub: argparse._SubParsersAction, make: Any) -> None:
    """Register ``load`` and ``cypher`` with the main CLI (``make`` adds -v/-q and examples)."""
    from graphbuild.cli.options import add_build_dir, add_format
    from graphbuild.settings import DEFAULT_BATCH_SIZE

    p = make(sub, "load", "Load the built graph into Neo4j (idempotent, batched).", _LOAD_EXAMPLES)
    add_build_dir(p)
    p.add_argument(
        "--replace",
        action="store_true",
        help="delete this project's previous graph (:SixBattles nodes) first",
    )
    p.add_argument(
        "--batch-size",
        type=int,
        default=DEFAULT_BATCH_SIZE,
        metavar="N",
        help=f"rows per transaction (default: {DEFAULT_BATCH_SIZE})",
    )
    add_format(p)
    p.set_defaults(func=cmd_load)

    p = make(
        sub,
        "cypher",
        "Run your own read-only Cypher query on Neo4j and print the rows.",
        _CYPHER_EXAMPLES,
    )
    p.add_argument("query", metavar="QUERY", help="the Cypher query (use $name for parameters)")
    p.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a query parameter (repeatable); VALUE is JSON or a string",
    )
    p.add_argument("--save", metavar="ID", help="keep the query as your own question ID")
    p.add_argument("--title-zh", default="", metavar="TEXT", help="the saved question's title")
    p.add_argument("--title-en", default="", metavar="TEXT", help="its English title")
    p.add_argument("--description-zh", default="", metavar="TEXT", help="what it answers")
    p.add_argument("--description-en", default="", metavar="TEXT", help="the same in English")
    p.add_argument(
        "--queries",
        metavar="DIR",
        help="the folder of your questions (default: $GRAPHBUILD_QUERIES, else ./queries)",
    )
    p.add_argument("--replace", action="store_true", help="overwrite a saved question ID")
    add_format(p)
    p.set_defaults(func=cmd_cypher)


def _say(args: argparse.Namespace, message: str) -> None:
    if not getattr(args, "quiet", False):
        print(message, file=sys.stderr)


def cmd_load(args: argparse.Namespace) -> int:
    """Handle ``graphbuild load``."""
    from graphbuild.cli.output import render
    from graphbuild.graph.rows import county_rows
    from graphbuild.neo4j.client import connect
    from graphbuild.neo4j.load import load_parts
    from graphbuild.store import load_corpus

    if args.batch_size < 1:
        print("error: --batch-size must be at least 1", file=sys.stderr)
        return EXIT_INPUT
    corpus = load_corpus(Path(args.build))  # no model: exit 2 before connecting
    with connect() as conn:  # unreachable, credentials, database: exit 3 before any work
        started = time.perf_counter()
        result = load_parts(  # county by county: a province is never whole in memory
            conn,
            county_rows(corpus),
            batch_size=args.batch_size,
            replace=args.replace,
            progress=not args.quiet,
        )
        elapsed = time.perf_counter() - started
    if result.deleted:
        _say(args, f"deleted the previous graph ({result.deleted} nodes)")
    _say(
        args,
        f"loaded {result.nodes} nodes and {result.relationships} relationships into "
        f"{conn.uri} (database {conn.database}) in {result.batches} batches, "
        f"{elapsed:.1f}s",
    )
    table = [{"kind": "node", "name": k, "count": v} for k, v in result.labels.items()]
    table += [{"kind": "relationship", "name": k, "count": v} for k, v in result.types.items()]
    table.append({"kind": "total", "name": "nodes", "count": sum(result.labels.values())})
    table.append({"kind": "total", "name": "relationships", "count": sum(result.types.values())})
    sys.stdout.write(render(table, args.format))
    return EXIT_OK


def cmd_cypher(args: argparse.Namespace) -> int:
    """Handle ``graphbuild cypher``: rows of a READ transaction as a table, CSV or JSON."""
    from neo4j.exceptions import ClientError

    from graphbuild.cli.output import render
    from graphbuild.neo4j.client import connect

    try:
        params = dict(parse_param(p) for p in args.param)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    if args.save:
        _check_saving(args, params)  # a bad id, title or parameter: exit 2 before Neo4j
    with connect() as conn:
        try:
            rows = conn.read(args.query, params)
            columns = list(rows[0]) if rows else conn.columns(args.query, params)
        except ClientError as exc:
            code = exc.code or ""
            message = (exc.message or str(exc)).splitlines()[0]
            if code.endswith("Statement.AccessMode"):
                print(
                    "error: Neo4j refused the write: `graphbuild cypher` runs read-only "
                    "(READ access mode); use `graphbuild load` to change the graph",
                    file=sys.stderr,
                )
                return EXIT_BACKEND
            if ".Statement." in code and code.rsplit(".", 1)[-1] in (
                "SyntaxError",
                "SemanticError",
                "ParameterMissing",
                "TypeError",
                "ArgumentError",
                "ParameterNotProvided",
            ):
                print(
                    f"error: the query is not valid Cypher ({message}); fix it and retry",
                    file=sys.stderr,
                )
                return EXIT_INPUT
            raise
        vocabulary = None
        if args.save:
            from graphbuild.query.neo4j import Neo4jBackend

            vocabulary = Neo4jBackend(connection=conn).vocabulary()
    sys.stdout.write(render(rows, args.format, columns=columns or None))
    if args.save:
        _save(args, params, columns, vocabulary)
    return EXIT_OK


def _saving_folder(args: argparse.Namespace) -> Path:
    """Where ``--save`` writes: --queries, else $GRAPHBUILD_QUERIES, else ./queries."""
    from graphbuild.settings import queries_dir

    if args.queries:
        return Path(args.queries)
    folder, _ = queries_dir()
    return folder or Path("queries")


def _check_saving(args: argparse.Namespace, params: dict[str, Any]) -> None:
    """Refuse, before running anything, a query that cannot be saved as asked."""
    import tempfile

    from graphbuild.errors import CatalogError
    from graphbuild.query.readonly import write_clause
    from graphbuild.query.user import save_cypher

    word = write_clause(args.query)
    if word:
        raise CatalogError(f"the query writes ({word}); only read-only queries can be saved")
    target = _saving_folder(args) / args.save
    if target.exists() and not args.replace:
        raise CatalogError(f"{target} already exists; choose another id or add --replace")
    with tempfile.TemporaryDirectory() as scratch:  # the same checks as the real save
        save_cypher(Path(scratch), args.save, args.query, args.title_zh, args.title_en, params)


def _save(
    args: argparse.Namespace, params: dict[str, Any], columns: list[str], vocabulary: Any
) -> None:
    from graphbuild.query.user import save_cypher

    folder = _saving_folder(args)
    target = save_cypher(
        folder,
        args.save,
        args.query,
        args.title_zh,
        args.title_en,
        params,
        description_zh=args.description_zh,
        description_en=args.description_en,
        columns=columns,
        replace=args.replace,
        vocabulary=vocabulary,
    )
    hint = "" if args.queries is None else f" --queries {folder}"
    _say(
        args,
        f"saved question {args.save} in {target}; run it with "
        f"`graphbuild ask {args.save} --backend neo4j{hint}`",
    )
