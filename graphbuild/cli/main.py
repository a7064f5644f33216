"""The ``graphbuild`` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import import_module

from graphbuild import __version__
from graphbuild.cli.options import subcommand
from graphbuild.errors import EXIT_INPUT, InputError

__all__ = ["COMMANDS", "build_parser", "main"]

#: The command groups, in the order ``--help`` lists them: each is a module of this package
#: with ``add_commands(subparsers, subcommand)``.
COMMANDS = ("build", "check", "neo4j", "load", "compare", "ask", "export", "app")


DESCRIPTION = """\
Who is responsible for what in Chinese county work plans: build a knowledge graph
from the plans, ask it questions, export it, and load it into Neo4j.

exit codes: 0 ok, 1 the job found a problem, 2 bad input or usage, 3 backend unavailable
settings: GRAPHBUILD_INPUT (plans folder), GRAPHBUILD_BUILD (build folder),
          NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE
"""

EPILOG = """\
examples:
  graphbuild build                       build data/raw into build/
  graphbuild stats                       summary of the built graph
  graphbuild ask --list                  the catalog of questions
  graphbuild ask top-lead-units --param county=邵东市
  graphbuild neo4j start && graphbuild load
"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="graphbuild",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"graphbuild {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    for name in COMMANDS:
        import_module(f"graphbuild.cli.{name}").add_commands(sub, subcommand)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_INPUT
    try:
        return int(args.func(args))
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        from graphbuild.errors import friendly

        message, code = friendly(exc)
        if message is None:
            raise
        print(f"error: {message}", file=sys.stderr)
        return code


if __name__ == "__main__":
    raise SystemExit(main())
