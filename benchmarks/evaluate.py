"""Measure the extraction against a hand-annotated gold set kept outside the project.

Usage:
  python benchmarks/evaluate.py --gold DIR_OR_FILE [--build build] [--show-errors]
  python benchmarks/evaluate.py --gold DIR/gold --input DIR/docs   (builds DIR/docs first)

The gold set is JSON Lines, one object per task:
  {"task": "shaodong/risk/2.1.1", "units": [{"name": "市财政局", "role": "lead"}, …]}
(one file, or a folder of *.jsonl). Prints, overall and per document (the task id's first
part): precision, recall and F1 of (task, unit) pairs, of (task, unit, role) triples, the
share of gold tasks whose set of leads is exactly right, and the share of gold tasks found.
The gold is taken to list every task of its documents: a system task of those documents
that it lacks (extra_tasks) counts against precision with all its units; with --partial-gold
only tasks present in the gold set are scored, so a partial gold set measures the part it
covers. Gold items the model keeps as sections (headings such as （一）) are listed, not scored.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graphbuild.resolve import normalise

Units = set[tuple[str, str]]


def _read_jsonl(path: Path) -> list[dict]:
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    rows = []
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    return rows


def triples(rows: list[dict]) -> dict[str, Units]:
    """Task id → {(normalised unit name, role)}."""
    return {
        r["task"] if "task" in r else r["id"]: {
            (normalise(u["name"]), u["role"]) for u in r.get("units", [])
        }
        for r in rows
    }


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(
    gold: dict[str, Units], system: dict[str, Units], complete: bool = True
) -> dict[str, float | int]:
    """Pair and triple precision/recall/F1, lead accuracy and tasks found over the gold tasks.

    ``complete``: the gold lists every task of its documents, so a system task of those
    documents that the gold lacks counts against precision with all its units.
    """
    counts = {"pair": [0, 0, 0], "triple": [0, 0, 0]}
    docs = {t.split("/")[0] for t in gold}
    extra = [t for t in system if t not in gold and t.split("/")[0] in docs] if complete else []
    for task in extra:
        counts["triple"][1] += len(system[task])
        counts["pair"][1] += len({u for u, _ in system[task]})
    lead_right = lead_total = 0
    for task, g in gold.items():
        s = system.get(task, set())
        for kind, gs, ss in (
            ("triple", g, s),
            ("pair", {u for u, _ in g}, {u for u, _ in s}),
        ):
            c = counts[kind]
            c[0] += len(gs & ss)
            c[1] += len(ss - gs)
            c[2] += len(gs - ss)
        g_leads = {u for u, r in g if r == "lead"}
        if g_leads:
            lead_total += 1
            lead_right += g_leads == {u for u, r in s if r == "lead"}
    out: dict[str, float | int] = {
        "gold_tasks": len(gold),
        "gold_pairs": counts["pair"][0] + counts["pair"][2],
    }
    for kind in ("pair", "triple"):
        p, r, f = _prf(*counts[kind])
        out |= {f"{kind}_precision": p, f"{kind}_recall": r, f"{kind}_f1": f}
    # names kept from earlier versions of this script
    out["precision"], out["recall"] = out["triple_precision"], out["triple_recall"]
    out["lead_accuracy"] = lead_right / lead_total if lead_total else 1.0
    out["lead_tasks"] = lead_total
    out["tasks_found"] = sum(task in system for task in gold) / len(gold) if gold else 1.0
    out["extra_tasks"] = len(extra)
    return out


COLUMNS = (
    "gold_tasks",
    "pair_f1",
    "triple_f1",
    "lead_accuracy",
    "lead_tasks",
    "tasks_found",
    "extra_tasks",
)


def _table(rows: dict[str, dict[str, float | int]]) -> str:
    head = f"{'document':<14}" + "".join(f"{c:>15}" for c in COLUMNS)
    lines = [head]
    for name, result in rows.items():
        cells = (
            f"{result[c]:>15.4f}" if isinstance(result[c], float) else f"{result[c]:>15}"
            for c in COLUMNS
        )
        lines.append(f"{name:<14}" + "".join(cells))
    return "\n".join(lines)


def _build(docs: Path, out: Path) -> None:
    cmd = [sys.executable, "-m", "graphbuild", "build", "--input", str(docs), "--out", str(out)]
    done = subprocess.run([*cmd, "-q"], capture_output=True, text=True)
    message = done.stderr.strip() or done.stdout.strip()
    # exit 2 with output: some file was skipped, the others built
    if done.returncode not in (0, 2) or not (out / "tasks.jsonl").exists():
        raise SystemExit(f"build failed: {message}")
    if message:
        print(message)


def main() -> None:
    """Print the scores (and, with --show-errors, every disagreement)."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--gold", type=Path, required=True)
    parser.add_argument("--build", type=Path, default=Path("build"))
    parser.add_argument("--input", type=Path, help="build this folder first (into a temp dir)")
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument(
        "--partial-gold",
        action="store_true",
        help="the gold covers only some tasks of its documents: ignore system tasks it lacks",
    )
    parser.add_argument("--json", action="store_true", help="print the overall scores as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        build = args.build
        if args.input:
            build = Path(tmp) / "build"
            _build(args.input, build)
        gold = triples(_read_jsonl(args.gold))
        system = triples(_read_jsonl(build / "tasks.jsonl"))
        sections = {r["id"] for r in _read_jsonl(build / "sections.jsonl")}
    as_sections = sorted(t for t in gold if t in sections and t not in system)
    if as_sections:
        print(
            f"not scored: {len(as_sections)} gold items the model keeps as sections "
            f"(headings such as （一）): {', '.join(as_sections[:6])}…"
        )
        gold = {t: u for t, u in gold.items() if t not in as_sections}
    system = {t: u for t, u in system.items() if t not in as_sections}
    complete = not args.partial_gold
    result = score(gold, system, complete)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        docs = sorted({t.split("/")[0] for t in gold})
        rows = {
            d: score({t: u for t, u in gold.items() if t.split("/")[0] == d}, system, complete)
            for d in docs
        }
        print(_table({**rows, "ALL": result}) if len(docs) > 1 else _table({"ALL": result}))
        for key in ("pair_precision", "pair_recall", "triple_precision", "triple_recall"):
            print(f"{key:>17}: {result[key]:.4f}")
    if args.show_errors:
        for task, g in sorted(gold.items()):
            s = system.get(task)
            if s is None:
                print(f"MISSING TASK {task}")
            elif s != g:
                print(f"{task}\n   only gold:   {sorted(g - s)}\n   only system: {sorted(s - g)}")
        extra = sorted(t for t in system if t.split("/")[0] in {g.split("/")[0] for g in gold})
        extra = [t for t in extra if t not in gold]
        if extra:
            print(f"system tasks not in gold ({len(extra)}): {', '.join(extra[:20])}")


if __name__ == "__main__":
    main()
