"""``graphbuild check``: what the build would read from each plan, and what it may have missed."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from graphbuild import settings
from graphbuild.cli.output import render
from graphbuild.errors import EXIT_FAILED, EXIT_OK, InputError

__all__ = ["add_commands", "check_file", "cmd_check"]


def check_file(path: Path, options: dict[str, str] | None = None) -> dict[str, Any]:
    """The assessment of one plan, read as the build reads it (corrections applied), without
    writing anything. A file that cannot be read or placed is assessed ``failed``."""
    from graphbuild.analyse.assess import assess
    from graphbuild.analyse.review import review_plan
    from graphbuild.extract.metadata import county_slug, plan_metadata, read_sidecar
    from graphbuild.extract.tree import extract_document
    from graphbuild.parse.document import parse_document
    from graphbuild.read.genre import load_genre
    from graphbuild.read.readers import read_any
    from graphbuild.resolve import Resolver, load_battles

    genre = load_genre()

    def failed(text: str, problem: str, **kw: Any) -> dict[str, Any]:
        return assess(path.name, text, plan=None, tasks=[], sections=[], genre=genre,
                      problem=problem, **{"parsed": None, **kw})  # fmt: skip

    try:
        doc = read_any(path)
    except InputError as exc:
        return failed("", str(exc))
    except Exception as exc:  # a reader's bug: the check still reports every other file
        return failed("", f"{path.name}: could not be read ({type(exc).__name__}: {exc})")
    try:
        parsed = parse_document(doc)
    except InputError as exc:
        return failed(doc.text, str(exc))
    resolver = Resolver.load()
    try:
        plan = plan_metadata(parsed, read_sidecar(doc.path), options)
    except InputError as exc:
        ext = extract_document(
            parsed, county_slug(doc.name, ""), "", genre, load_battles(), resolver
        )
        return assess(
            doc.name,
            doc.text,
            parsed=parsed,
            plan=None,
            tasks=ext.tasks,
            sections=ext.sections,
            genre=genre,
            problem=str(exc),
        )
    ext = extract_document(parsed, plan.id, plan.county, genre, load_battles(), resolver)
    return review_plan(doc, parsed, plan, ext, genre, resolver)


def _files(args: argparse.Namespace) -> list[Path]:
    from graphbuild.read.corpus import find_documents

    if args.files:
        missing = [f for f in args.files if not f.is_file()]
        if missing:
            raise InputError(f"{missing[0]}: no such file; give a plan's path or --input DIR")
        return list(args.files)
    return find_documents(args.input)


def _table(results: list[dict[str, Any]]) -> str:
    rows = [
        {
            "file": r["file"],
            "verdict": r["verdict"],
            "items": r["items"],
            "rows": r["rows"],
            "with_unit": f"{r['share_with_unit']:.0%}",
            "with_lead": f"{r['share_with_lead']:.0%}",
            "doubts": len(r["doubts"]),
            "corrections": r["corrections"]["applied"],
        }
        for r in results
    ]
    out = [render(rows, "table")]
    for r in results:
        meta = ", ".join(f"{k} {v['value']} ({v['from']})" for k, v in r["metadata"].items())
        out.append(f"\n{r['file']}: {r['verdict']}\n")
        if meta:
            out.append(f"  metadata: {meta}\n")
        out += [f"  reason: {line}\n" for line in r["reasons"]]
        for d in r["doubts"]:
            where = f" @{d['start']}-{d['end']}" if d["end"] else ""
            out.append(f"  {d['kind']}{where}: {d['text']}\n")
    return "".join(out)


def cmd_check(args: argparse.Namespace) -> int:
    """Assess every plan; exit 0 when every one is ``ok``, 1 otherwise."""
    options = {k: v for k, v in (("county", args.county), ("issuer", args.issuer)) if v}
    results = [check_file(path, options) for path in _files(args)]
    if args.format == "json":
        sys.stdout.write(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    elif not args.quiet:
        sys.stdout.write(_table(results))
    return EXIT_OK if all(r["verdict"] == "ok" for r in results) else EXIT_FAILED


def add_commands(sub: argparse._SubParsersAction, make: Any) -> None:
    """Register ``check``."""
    p = make(
        sub,
        "check",
        "Say, per plan, what the build reads and what it may have missed (writes nothing).",
        "  graphbuild check\n"
        "  graphbuild check --input ~/plans\n"
        "  graphbuild check ~/plans/my-county.docx --format json\n\n"
        "Per plan: numbered items and table rows found, the share of tasks with a unit and\n"
        "with a lead, the doubts (responsibility text attached to no task, unit names that\n"
        "fail the name guard, unknown table headers, tables not read, stale corrections in\n"
        "NAME.corrections.csv) and the metadata found. Verdict ok / review / failed;\n"
        "exit 0 when every plan is ok, 1 otherwise.\n",
    )
    p.add_argument("files", nargs="*", type=Path, metavar="FILE", help="plans to check")
    p.add_argument(
        "--input",
        type=Path,
        default=settings.input_dir(),
        metavar="DIR",
        help="folder of plans when no FILE is given (default: $GRAPHBUILD_INPUT or data/raw)",
    )
    p.add_argument("--county", help="county for plans that do not name it")
    p.add_argument("--issuer", help="issuing office for plans that do not name it")
    p.add_argument("--format", choices=("table", "json"), default="table", help="output format")
    p.set_defaults(func=cmd_check)
