"""``graphbuild compare`` and ``graphbuild targets``: counties side by side, and targets.

Registered with the main CLI through :data:`graphbuild.cli.main.COMMANDS`; each handler
takes the parsed arguments and returns the exit code.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from graphbuild.errors import EXIT_INPUT, EXIT_OK
from graphbuild.model import BATTLES, Corpus, to_dict

__all__ = ["add_commands", "cmd_compare", "cmd_targets", "render_markdown", "targets_json"]


_COMPARE_EXAMPLES = """\
  graphbuild compare --battle risk
  graphbuild compare --battle risk --topic 政府债务
  graphbuild compare --battle risk --topic 政府债务 --format json | jq '.pairs'
  graphbuild compare --battle safety --format csv > safety.csv

The report lists the aligned sections, the aligned pairs of measures with their
similarity (0–1), the measures unique to each county, the lead and responsible units by
function on each side, the targets on each side and the inconsistent targets.
"""

_TARGETS_EXAMPLES = """\
  graphbuild targets
  graphbuild targets --county 新晃 --metric gdp_growth
  graphbuild targets --metric 还本付息 --format json
  graphbuild targets --inconsistent
  graphbuild targets --inconsistent --format json

--metric matches a canonical key (gdp_growth) exactly, or any part of the metric as
written (还本付息). As JSON: a list of objects with county, metric, metric_key and
values (each with value, value_to, unit, qualifier, deadline, source, target).
"""


def add_commands(sub: argparse._SubParsersAction, make: Any) -> None:
    """Add the ``compare`` and ``targets`` subcommands."""
    from graphbuild.cli.options import add_build_dir, add_format

    p = make(
        sub,
        "compare",
        "Compare two counties on one battle: aligned measures, unique "
        "measures, units by function, targets.",
        _COMPARE_EXAMPLES,
    )
    p.add_argument("--battle", required=True, choices=BATTLES, help="the battle to compare")
    p.add_argument(
        "--topic",
        metavar="WORDS",
        help="only tasks whose heading or title contains WORDS (e.g. 政府债务)",
    )
    p.add_argument(
        "--counties",
        nargs=2,
        metavar=("A", "B"),
        help="the two counties (name or part of it; default: the first two plans)",
    )
    p.add_argument(
        "--format", choices=("md", "csv", "json"), default="md", help="output format (default: md)"
    )
    add_build_dir(p)
    p.set_defaults(func=cmd_compare)

    p = make(
        sub,
        "targets",
        "List the quantitative targets (指标) of the plans, or the inconsistent ones.",
        _TARGETS_EXAMPLES,
    )
    p.add_argument("--county", metavar="NAME", help="one county (name or part of it)")
    p.add_argument("--metric", metavar="KEY|WORDS", help="a metric key or words of the metric")
    p.add_argument("--battle", choices=BATTLES, help="one battle")
    p.add_argument(
        "--inconsistent",
        action="store_true",
        help="only metrics given different values within one county",
    )
    add_format(p)
    add_build_dir(p)
    p.set_defaults(func=cmd_targets)


# --------------------------------------------------------------------------- loading


def _load(args: argparse.Namespace) -> Corpus:
    from graphbuild.store import load_corpus

    corpus = load_corpus(args.build)
    if not corpus.targets and not corpus.alignments:
        from graphbuild.analyse.compare import enrich
        from graphbuild.read.sources import kept_text
        from graphbuild.settings import input_dir as default_input

        kept = {p.file: kept_text(args.build, p.file) for p in corpus.plans}
        corpus.texts = {file: text for file, text in kept.items() if text is not None}
        if not getattr(args, "quiet", False):
            print(
                "note: the build has no targets or alignments (built before they existed); "
                "computing them now; rebuild with `graphbuild build` to keep them",
                file=sys.stderr,
            )
        enrich(corpus, default_input())
    return corpus


def _county(corpus: Corpus, name: str) -> str | None:
    names = [p.county for p in corpus.plans]
    ids = {p.id: p.county for p in corpus.plans}
    if name in names:
        return name
    if name in ids:
        return ids[name]
    hits = [n for n in names if name in n]
    return hits[0] if len(hits) == 1 else None


def _src(d: dict[str, Any] | None) -> str:
    return f"{d['file']}:{d['start']}-{d['end']}" if d else ""


# --------------------------------------------------------------------------- compare


def cmd_compare(args: argparse.Namespace) -> int:
    """Print the comparison report."""
    from graphbuild.analyse.compare import compare_report

    corpus = _load(args)
    counties = None
    if args.counties:
        found = [_county(corpus, c) for c in args.counties]
        if None in found or found[0] == found[1]:
            known = "、".join(p.county for p in corpus.plans)
            print(
                f"error: --counties must name two different counties of the build ({known})",
                file=sys.stderr,
            )
            return EXIT_INPUT
        counties = (found[0], found[1])
    elif len(corpus.plans) < 2:
        print("error: the build has fewer than two plans; nothing to compare", file=sys.stderr)
        return EXIT_INPUT
    report = compare_report(corpus, args.battle, args.topic, counties)  # type: ignore[arg-type]
    if args.topic and not report["pairs"] and not any(report["unique"].values()):
        print(
            f"note: no task of battle {args.battle} matches topic {args.topic!r}", file=sys.stderr
        )
    if args.format == "json":
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    elif args.format == "csv":
        sys.stdout.write(_compare_csv(report))
    else:
        sys.stdout.write(render_markdown(report))
    return EXIT_OK


def _md_cell(text: Any) -> str:
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


def render_markdown(report: dict[str, Any]) -> str:
    """The comparison report as Markdown."""
    a, b = report["counties"]
    out: list[str] = []
    title = f"# {a} ↔ {b}: {report['battle']}"
    if report["topic"]:
        title += f" — {report['topic']}"
    out += [title, ""]
    out += ["## Aligned sections", ""]
    if not report["sections"]:
        out.append("- (none)")
    else:
        out += [f"| {a} | {b} | score | by |", "|---|---|---:|---|"]
    for s in report["sections"]:
        out.append(
            f"| {_md_cell(s['a_title'])} | {_md_cell(s['b_title'])} | "
            f"{s['score']:.2f} | {s['by']} |"
        )
    out += ["", f"## Aligned measures ({len(report['pairs'])})", ""]
    if not report["pairs"]:
        out.append("- (none)")
    else:
        out += [f"| score | {a} | {b} |", "|---:|---|---|"]
    for p in report["pairs"]:
        out.append(
            f"| {p['score']:.2f} | {_md_cell(p['a_title'])} `{p['a']}` | "
            f"{_md_cell(p['b_title'])} `{p['b']}` |"
        )
    for county in (a, b):
        rows = report["unique_detail"][county]
        out += ["", f"## Only in {county} ({len(rows)})", ""]
        for u in rows:
            out.append(
                f"- {_md_cell(u['title'])} `{u['task']}` (closest: `{u['nearest']}`, "
                f"{u['score']:.2f})"
            )
        if not rows:
            out.append("- (none)")
    out += ["", "## Units by function", ""]
    if not report["units"]:
        out.append("- (none)")
    else:
        out += [
            f"| function | {a} lead | {a} responsible | {b} lead | {b} responsible |",
            "|---|---|---|---|---|",
        ]
    for r in report["units"]:
        label = f"{r['function']} {r['function_zh']}".strip()
        cells = ["、".join(r[c][role]) for c in (a, b) for role in ("lead", "responsible")]
        out.append("| " + " | ".join(_md_cell(x) for x in [label, *cells]) + " |")
    out += ["", "## Targets", ""]
    for county in (a, b):
        rows = report["targets"][county]
        out += [f"### {county} ({len(rows)})", ""]
        if not rows:
            out += ["- (none)", ""]
            continue
        out += [
            "| metric | value | qualifier | deadline | key | where |",
            "|---|---|---|---|---|---|",
        ]
        for t in rows:
            where = t["task"] or t["section"] or ""
            out.append(
                "| "
                + " | ".join(
                    _md_cell(x)
                    for x in [
                        t["metric"],
                        t["display"],
                        t["qualifier"],
                        t["deadline"],
                        t["metric_key"],
                        f"`{where}`",
                    ]
                )
                + " |"
            )
        out.append("")
    out += ["## Inconsistent targets", ""]
    if not report["inconsistencies"]:
        out.append("- (none)")
    for i in report["inconsistencies"]:
        note = "bounds differ" if i["compatible"] else "conflict"
        out.append(
            f"- {i['county']} `{i['metric_key']}`: {' vs '.join(i['values'])} ({note}; "
            f"{', '.join(i['targets'])})"
        )
    return "\n".join(out) + "\n"


def _compare_csv(report: dict[str, Any]) -> str:
    from graphbuild.cli.output import render

    a, b = report["counties"]
    rows: list[dict[str, Any]] = []
    for s in report["sections"]:
        rows.append(
            {
                "part": "section",
                "a": s["a"],
                "b": s["b"],
                "score": s["score"],
                "a_title": s["a_title"],
                "b_title": s["b_title"],
                "detail": s["by"],
            }
        )
    for p in report["pairs"]:
        rows.append(
            {
                "part": "pair",
                "a": p["a"],
                "b": p["b"],
                "score": p["score"],
                "a_title": p["a_title"],
                "b_title": p["b_title"],
                "a_source": _src(p["a_source"]),
                "b_source": _src(p["b_source"]),
            }
        )
    for county, side in ((a, "a"), (b, "b")):
        for u in report["unique_detail"][county]:
            rows.append(
                {
                    "part": "unique",
                    "county": county,
                    side: u["task"],
                    f"{side}_title": u["title"],
                    "score": u["score"],
                    f"{side}_source": _src(u["source"]),
                    "detail": u["nearest"],
                }
            )
    for r in report["units"]:
        for county in (a, b):
            for role in ("lead", "responsible"):
                if r[county][role]:
                    rows.append(
                        {
                            "part": "units",
                            "county": county,
                            "function": r["function"],
                            "role": role,
                            "detail": "|".join(r[county][role]),
                        }
                    )
    for county in (a, b):
        for t in report["targets"][county]:
            rows.append(
                {
                    "part": "target",
                    "county": county,
                    "a": t["id"],
                    "metric": t["metric"],
                    "metric_key": t["metric_key"],
                    "value": t["display"],
                    "qualifier": t["qualifier"],
                    "a_source": _src(t["source"]),
                }
            )
    for i in report["inconsistencies"]:
        rows.append(
            {
                "part": "inconsistency",
                "county": i["county"],
                "metric_key": i["metric_key"],
                "value": " vs ".join(i["values"]),
                "detail": "|".join(i["targets"]),
            }
        )
    columns = [
        "part",
        "county",
        "a",
        "b",
        "score",
        "a_title",
        "b_title",
        "function",
        "role",
        "metric",
        "metric_key",
        "value",
        "qualifier",
        "a_source",
        "b_source",
        "detail",
    ]
    return render(rows, "csv", columns=columns)


# --------------------------------------------------------------------------- targets


def _value(t: Any) -> dict[str, Any]:
    return {
        "value": t.value,
        "value_to": t.value_to,
        "unit": t.unit,
        "qualifier": t.qualifier,
        "deadline": t.deadline,
        "source": to_dict(t.source),
        "target": t.id,
        "task": t.task,
        "section": t.section,
        "text": t.text,
    }


def _inconsistencies(corpus: Corpus) -> list[Any]:
    """The corpus's inconsistencies sorted by county and metric key."""
    return sorted(corpus.inconsistencies, key=lambda i: (i.county, i.metric_key, i.id))


def targets_json(corpus: Corpus, targets: list[Any], inconsistent: bool) -> list[dict[str, Any]]:
    """Targets as JSON objects: one per (county, metric), or one per inconsistency."""
    if inconsistent:
        by_id = {t.id: t for t in corpus.targets}
        shown = {t.id for t in targets}
        out = []
        for i in _inconsistencies(corpus):
            items = [by_id[x] for x in i.targets if x in by_id]
            if not any(t.id in shown for t in items):
                continue
            out.append(
                {
                    "id": i.id,
                    "county": i.county,
                    "metric": items[0].metric,
                    "metric_key": i.metric_key,
                    "metrics": [t.metric for t in items],
                    "compatible": i.compatible,
                    "values": [_value(t) for t in items],
                }
            )
        return out
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for t in targets:
        key = (t.county, t.metric_key or t.metric)
        g = groups.setdefault(
            key,
            {
                "county": t.county,
                "metric": t.metric,
                "metric_key": t.metric_key,
                "metrics": [],
                "values": [],
            },
        )
        if t.metric not in g["metrics"]:
            g["metrics"].append(t.metric)
        g["values"].append(_value(t))
    return list(groups.values())


def cmd_targets(args: argparse.Namespace) -> int:
    """Print the targets (or the inconsistent ones)."""
    from graphbuild.cli.output import render
    from graphbuild.extract.targets import format_value

    corpus = _load(args)
    targets = list(corpus.targets)
    if args.county:
        county = _county(corpus, args.county)
        if county is None:
            known = "、".join(p.county for p in corpus.plans)
            print(f"error: no county {args.county!r} in the build ({known})", file=sys.stderr)
            return EXIT_INPUT
        targets = [t for t in targets if t.county == county]
    if args.battle:
        targets = [t for t in targets if t.battle == args.battle]
    if args.metric:
        m = args.metric
        targets = [t for t in targets if t.metric_key == m or m in t.metric]
    if args.inconsistent:
        # each inconsistency's targets together, sorted by county and metric
        shown = {t.id: t for t in targets}
        targets = []
        owner: dict[str, Any] = {}
        for i in _inconsistencies(corpus):
            for x in i.targets:
                if x in shown and x not in owner:
                    owner[x] = i
                    targets.append(shown[x])
    if args.format == "json":
        rows = targets_json(corpus, targets, args.inconsistent)
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    flat = []
    for t in targets:
        row = {
            "id": t.id,
            "county": t.county,
            "battle": t.battle or "-",
            "metric": t.metric,
            "value": format_value(t),
            "qualifier": t.qualifier,
            "deadline": t.deadline,
            "key": t.metric_key,
            "where": t.task or t.section or "",
            "source": _src(to_dict(t.source)),
        }
        if args.inconsistent:
            row["inconsistency"] = owner[t.id].id
            row["compatible"] = "true" if owner[t.id].compatible else "false"
        flat.append(row)
    sys.stdout.write(render(flat, args.format))
    return EXIT_OK
