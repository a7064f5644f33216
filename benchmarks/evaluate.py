"""Measure the extraction against a hand-annotated gold set kept outside the project.

Usage: python benchmarks/evaluate.py --gold DIR_OR_FILE [--build build] [--show-errors]

The gold set is JSON Lines, one object per task:
  {"task": "shaodong/risk/2.1.1", "units": [{"name": "市财政局", "role": "lead"}, …]}
(one file, or a folder of *.jsonl). Prints precision and recall of (task, unit, role)
triples, the share of gold tasks whose set of leads is exactly right, and the share of gold
tasks found. Only tasks present in the gold set are scored, so a partial gold set measures
the part it covers.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graphbuild.resolve import normalise


def _read_jsonl(path: Path) -> list[dict]:
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    rows = []
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    return rows


def triples(rows: list[dict]) -> dict[str, set[tuple[str, str]]]:
    """Task id → {(normalised unit name, role)}."""
    return {
        r["task"] if "task" in r else r["id"]: {
            (normalise(u["name"]), u["role"]) for u in r.get("units", [])
        }
        for r in rows
    }


def score(gold: dict[str, set], system: dict[str, set]) -> dict[str, float | int]:
    """Precision, recall, lead accuracy and tasks found over the gold tasks."""
    tp = fp = fn = 0
    lead_right = lead_total = 0
    for task, g in gold.items():
        s = system.get(task, set())
        tp += len(g & s)
        fp += len(s - g)
        fn += len(g - s)
        g_leads = {u for u, r in g if r == "lead"}
        if g_leads:
            lead_total += 1
            lead_right += g_leads == {u for u, r in s if r == "lead"}
    found = sum(task in system for task in gold)
    return {
        "gold_tasks": len(gold),
        "gold_triples": tp + fn,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "lead_accuracy": lead_right / lead_total if lead_total else 1.0,
        "tasks_found": found / len(gold) if gold else 1.0,
    }


def main() -> None:
    """Print the scores (and, with --show-errors, every disagreement)."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--gold", type=Path, required=True)
    parser.add_argument("--build", type=Path, default=Path("build"))
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    gold = triples(_read_jsonl(args.gold))
    system = triples(_read_jsonl(args.build / "tasks.jsonl"))
    sections = {r["id"] for r in _read_jsonl(args.build / "sections.jsonl")}
    as_sections = sorted(t for t in gold if t in sections and t not in system)
    if as_sections:
        print(
            f"not scored: {len(as_sections)} gold items the model keeps as sections "
            f"(headings such as （一）): {', '.join(as_sections[:6])}…"
        )
        gold = {t: u for t, u in gold.items() if t not in as_sections}
    result = score(gold, system)
    for key, value in result.items():
        print(f"{key:>14}: {value:.4f}" if isinstance(value, float) else f"{key:>14}: {value}")
    if args.show_errors:
        for task, g in sorted(gold.items()):
            s = system.get(task)
            if s is None:
                print(f"MISSING TASK {task}")
            elif s != g:
                print(f"{task}\n   only gold:   {sorted(g - s)}\n   only system: {sorted(s - g)}")


if __name__ == "__main__":
    main()
