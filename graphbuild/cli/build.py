"""``graphbuild build`` and ``graphbuild stats``: the plans in, the contract files out."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from graphbuild import settings
from graphbuild.cli.options import add_build_dir, add_format, log, progress
from graphbuild.cli.output import render
from graphbuild.errors import EXIT_FAILED, EXIT_INPUT, EXIT_OK

__all__ = ["add_commands", "build_quietly", "cmd_build", "cmd_stats"]


def cmd_build(args: argparse.Namespace) -> int:
    """Build the model from the plans and write the contract files."""
    from graphbuild.pipeline import run_build

    started = time.perf_counter()
    options = {k: v for k, v in (("county", args.county), ("issuer", args.issuer)) if v}
    outcome = run_build(
        args.input,
        args.out,
        jobs=getattr(args, "jobs", None),
        validate=args.validate,
        rebuild=getattr(args, "rebuild", False),
        progress=progress(args, "reading plans"),
        options=options,
        strict=args.strict,
    )
    for problem in outcome.skipped:
        print(f"error: {problem} (skipped)", file=sys.stderr)
    if args.verbose:
        for warning in outcome.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        for plan in outcome.plans:
            print(
                f"plan {plan.id}: {plan.county} · {plan.issuer} · {plan.number} · "
                f"{plan.date} ({plan.file})",
                file=sys.stderr,
            )
        print(
            f"cache: {len(outcome.extracted)} plans read, {len(outcome.reused)} reused; "
            f"{len(outcome.projected)} plan graphs projected",
            file=sys.stderr,
        )
    status = EXIT_INPUT if outcome.skipped else EXIT_OK
    if not outcome.conforms:
        print(
            f"error: the RDF graph does not conform to ontology/shapes.ttl:\n"
            f"{outcome.violations_text}",
            file=sys.stderr,
        )
        status = EXIT_FAILED
    elapsed = time.perf_counter() - started
    log(
        args,
        f"built {outcome.tasks} tasks from {len(outcome.plans)} plans into "
        f"{args.out} in {elapsed:.1f}s",
    )
    if not args.quiet:
        rows = [row for s in outcome.summaries for row in s.stats]
        sys.stdout.write(render(rows, "table"))
    return status


def cmd_stats(args: argparse.Namespace) -> int:
    """Print the summary of the built graph."""
    from graphbuild.store import load_corpus
    from graphbuild.summary import summaries_of

    rows = [row for s in summaries_of(load_corpus(args.build)) for row in s.stats]
    sys.stdout.write(render(rows, args.format))
    return EXIT_OK


def build_quietly(out: Path) -> int:
    """Build the default input folder into ``out`` as ``graphbuild build -q`` does."""
    args = argparse.Namespace(
        input=settings.input_dir(),
        out=out,
        validate=True,
        county=None,
        issuer=None,
        strict=False,
        quiet=True,
        verbose=False,
        jobs=None,
        rebuild=False,
    )
    return cmd_build(args)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return value


def add_commands(sub: argparse._SubParsersAction, make: Any) -> None:
    """Register ``build`` and ``stats``."""
    p = make(
        sub,
        "build",
        "Build the graph from a folder of plans.",
        "  graphbuild build\n  graphbuild build --input ~/plans --out /tmp/graph\n"
        "  graphbuild build --no-validate -q\n"
        "  graphbuild build --input ~/province --jobs 4      # four processes\n"
        "  graphbuild build --rebuild                        # ignore the per-plan cache\n"
        "  graphbuild build --input district-docs --county 立山区 --issuer 立山区人民政府\n\n"
        "Plans may be .txt (UTF-8, GB18030/GBK, Big5, UTF-16), .docx, .pdf (with a text layer)\n"
        "or saved .html pages; NAME.meta.toml beside a plan may give county, issuer,\n"
        "number, date and title. A file that cannot be used is reported and skipped.\n",
    )
    p.add_argument(
        "--input",
        type=Path,
        default=settings.input_dir(),
        metavar="DIR",
        help="folder of plans, one file each (default: $GRAPHBUILD_INPUT or data/raw)",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=settings.build_dir(),
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
        "--jobs",
        "-j",
        type=_positive,
        default=None,
        metavar="N",
        help="plans read and validated at once, in N processes (default: the number of "
        "cores); the output is the same for any N",
    )
    p.add_argument(
        "--rebuild",
        action="store_true",
        help="read every plan again, ignoring the per-plan cache kept beside the output "
        "folder (.NAME.cache/)",
    )
    p.add_argument(
        "--strict",
        action="store_true",
        help="stop at the first unusable file and write nothing "
        "(default: skip it, build the others, exit 2)",
    )
    p.set_defaults(func=cmd_build)

    p = make(
        sub,
        "stats",
        "Print the summary of the built graph per county and battle.",
        "  graphbuild stats\n  graphbuild stats --format csv > stats.csv\n",
    )
    add_build_dir(p)
    add_format(p)
    p.set_defaults(func=cmd_stats)
