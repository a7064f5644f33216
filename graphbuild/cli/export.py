"""``graphbuild export``: the built graph as Turtle, JSON-LD, GraphML or neo4j-admin CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

__all__ = ["add_commands", "cmd_export"]

EXAMPLES = """\
  graphbuild export --format ttl                 # build/export/graph.ttl (with the ontology)
  graphbuild export --format jsonld --out /tmp/kg
  graphbuild export --format graphml             # graph.graphml + coresponsibility.graphml
  graphbuild export --format csv --out import/   # neo4j-admin files; see neo4j-admin-import.txt

Prints the files written, one a line.
"""


def cmd_export(args: argparse.Namespace) -> int:
    """Write the export files and print their paths."""
    from graphbuild.graph.export import export
    from graphbuild.store import load_corpus

    corpus = load_corpus(args.build)
    out = args.out if args.out is not None else args.build / "export"
    files = export(corpus, args.format, Path(out))
    for path in files:
        print(path)
    if not args.quiet:
        print(f"wrote {len(files)} file(s) as {args.format} into {out}", file=sys.stderr)
    return 0


def add_commands(sub: argparse._SubParsersAction, make: Any) -> None:
    """Register ``export`` with the main CLI."""
    from graphbuild.cli.options import add_build_dir
    from graphbuild.settings import EXPORT_FORMATS

    p = make(
        sub, "export", "Export the built graph (Turtle, JSON-LD, GraphML, Neo4j CSV).", EXAMPLES
    )
    p.add_argument("--format", choices=EXPORT_FORMATS, required=True, help="what to write")
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DIR",
        help="output folder (default: BUILD/export)",
    )
    add_build_dir(p)
    p.set_defaults(func=cmd_export)
