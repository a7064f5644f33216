"""The ``graphbuild`` command line."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from graphbuild import __version__
from graphbuild.corpus import InputError
from graphbuild.output import FORMATS, render

__all__ = ["EXIT_BACKEND", "EXIT_FAILED", "EXIT_INPUT", "EXIT_OK", "build_parser", "main"]

EXIT_OK = 0
EXIT_FAILED = 1  # the job ran and found a problem (e.g. a non-conforming graph)
EXIT_INPUT = 2  # bad input or usage: the message says what to change
EXIT_BACKEND = 3  # a backend (Neo4j) is unreachable or refuses

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


def default_input() -> Path:
    """The plans folder: $GRAPHBUILD_INPUT or data/raw."""
    return Path(os.environ.get("GRAPHBUILD_INPUT", "data/raw"))


def default_build() -> Path:
    """The build folder: $GRAPHBUILD_BUILD or build/."""
    return Path(os.environ.get("GRAPHBUILD_BUILD", "build"))


def _log(args: argparse.Namespace, message: str) -> None:
    if not getattr(args, "quiet", False):
        print(message, file=sys.stderr)


def _progress(args: argparse.Namespace, desc: str) -> Callable | None:
    if getattr(args, "quiet", False):
        return None
    from tqdm import tqdm

    def wrap(items):
        return tqdm(list(items), desc=desc, unit="file", file=sys.stderr, leave=False, disable=None)

    return wrap


def cmd_build(args: argparse.Namespace) -> int:
    """Build the model from the plans and write the contract files."""
    from graphbuild.build import build_corpus
    from graphbuild.store import render_outputs, write_outputs

    started = time.perf_counter()
    options = {k: v for k, v in (("county", args.county), ("issuer", args.issuer)) if v}
    corpus, resolver = build_corpus(
        args.input, progress=_progress(args, "reading plans"), options=options, strict=args.strict
    )
    for problem in corpus.skipped:
        print(f"error: {problem} (skipped)", file=sys.stderr)
    if args.verbose:
        for warning in corpus.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        for plan in corpus.plans:
            print(
                f"plan {plan.id}: {plan.county} · {plan.issuer} · {plan.number} · "
                f"{plan.date} ({plan.file})",
                file=sys.stderr,
            )
    files = render_outputs(corpus, resolver)
    status = EXIT_INPUT if corpus.skipped else EXIT_OK
    if args.validate:
        from graphbuild.pipeline import validate_into

        status = validate_into(corpus, files, args) or status
    write_outputs(files, args.out)
    elapsed = time.perf_counter() - started
    _log(
        args,
        f"built {len(corpus.tasks)} tasks from {len(corpus.plans)} plans into "
        f"{args.out} in {elapsed:.1f}s",
    )
    if not args.quiet:
        sys.stdout.write(render(_stats_rows(corpus), "table"))
    return status


def _stats_rows(corpus) -> list[dict]:
    from graphbuild.model import BATTLES

    rows = []
    for plan in corpus.plans:
        for battle in (*BATTLES, None):
            tasks = [t for t in corpus.tasks if t.plan == plan.id and t.battle == battle]
            if not tasks:
                continue
            units = [u for t in tasks for u in t.units]
            rows.append(
                {
                    "county": plan.county,
                    "battle": battle or "-",
                    "tasks": sum(t.kind == "task" for t in tasks),
                    "subitems": sum(t.kind == "subitem" for t in tasks),
                    "rows": sum(t.kind == "row" for t in tasks),
                    "with_lead": sum(any(u.role == "lead" for u in t.units) for t in tasks),
                    "no_unit": sum(not t.units for t in tasks),
                    "responsibilities": len(units),
                    "agencies": len({u.canonical for u in units}),
                    "working_groups": sum(
                        w.plan == plan.id and w.battle == battle for w in corpus.working_groups
                    ),
                }
            )
    return rows


def cmd_stats(args: argparse.Namespace) -> int:
    """Print the summary of the built graph."""
    from graphbuild.store import load_corpus

    corpus = load_corpus(args.build)
    sys.stdout.write(render(_stats_rows(corpus), args.format))
    return EXIT_OK


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-v", "--verbose", action="store_true", help="say more on stderr")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only the results")


def add_format(parser: argparse.ArgumentParser, default: str = "table") -> None:
    """Add ``--format table|csv|json``."""
    parser.add_argument(
        "--format", choices=FORMATS, default=default, help=f"output format (default: {default})"
    )


def add_build_dir(parser: argparse.ArgumentParser) -> None:
    """Add ``--build DIR``."""
    parser.add_argument(
        "--build",
        type=Path,
        default=default_build(),
        metavar="DIR",
        help="the build folder (default: $GRAPHBUILD_BUILD or build/)",
    )


def _sub(subparsers, name: str, help_: str, examples: str) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        name,
        help=help_,
        description=help_,
        epilog="examples:\n" + examples,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(p)
    return p


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

    p = _sub(
        sub,
        "build",
        "Build the graph from a folder of plans.",
        "  graphbuild build\n  graphbuild build --input ~/plans --out /tmp/graph\n"
        "  graphbuild build --no-validate -q\n"
        "  graphbuild build --input district-docs --county 立山区 --issuer 立山区人民政府\n\n"
        "Plans may be .txt (UTF-8, GB18030/GBK, Big5, UTF-16), .docx, .pdf (with a text layer)\n"
        "or saved .html pages; NAME.meta.toml beside a plan may give county, issuer,\n"
        "number, date and title. A file that cannot be used is reported and skipped.\n",
    )
    p.add_argument(
        "--input",
        type=Path,
        default=default_input(),
        metavar="DIR",
        help="folder of plans, one file each (default: $GRAPHBUILD_INPUT or data/raw)",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=default_build(),
        metavar="DIR",
        help="output folder, replaced atomically (default: build/)",
    )
    p.add_argument(
        "--no-validate",
        dest="validate",
        action="store_false",
        help="skip the SHACL validation of the RDF graph",
    )
    p.add_argument(
        "--county",
        help="county or district for plans that do not name it "
        "(a NAME.meta.toml beside a plan overrides it)",
    )
    p.add_argument("--issuer", help="issuing office for plans that do not name it")
    p.add_argument(
        "--strict",
        action="store_true",
        help="stop at the first unusable file and write nothing "
        "(default: skip it, build the others, exit 2)",
    )
    p.set_defaults(func=cmd_build)

    p = _sub(
        sub,
        "stats",
        "Print the summary of the built graph per county and battle.",
        "  graphbuild stats\n  graphbuild stats --format csv > stats.csv\n",
    )
    add_build_dir(p)
    add_format(p)
    p.set_defaults(func=cmd_stats)

    for register in _extensions():
        register(sub, _sub)
    return parser


def _extensions() -> list[Callable]:
    """Subcommands defined next to the code they drive."""
    from graphbuild import commands

    return commands.REGISTRY


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
