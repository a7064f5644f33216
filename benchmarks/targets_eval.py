"""Precision and recall of target extraction on a hand-checked sample.

The sample is ``benchmarks/targets_gold.jsonl``: 176 sentences of the two seed plans,
drawn deterministically from the text the extractor reads (goal sections, section leads
and tasks): every sentence with an Arabic digit in a goal section, every second sentence
with a digit elsewhere, and every 60th sentence without one. Each sentence was read and
its targets written down by hand (one line per target; ``metric`` null for a sentence
with none), by these rules:

* a target is a quantity the plan sets out to reach, do or keep: a rate, amount, count,
  cap, time limit or standard (also a range ``1-2 个`` and a from–to ``600→650 元/月``);
* not a target: years and dates, document numbers, ordinals, names and identifiers
  (5G, 3.0版, 110千伏), numbers that define what is counted (5亿元项目5个: only 5个;
  一次死亡3人以上的事故), context (围绕现有13条产业链), and plain schedules without a
  minimum (每季度召开1次); a schedule with a minimum (不少于4次) is a target.

A predicted target matches a gold one when it lies in the same sentence of the same
file and has the same value, upper value and unit. "metric agreement" is the share of
matches whose metric shares at least half of the gold metric's characters.

Run: ``.venv/bin/python benchmarks/targets_eval.py [-v]``
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graphbuild.build import build_corpus  # noqa: E402
from graphbuild.model import Target  # noqa: E402

GOLD = ROOT / "benchmarks" / "targets_gold.jsonl"
RAW = ROOT / "data" / "raw"


def _compact_index(raw: str) -> tuple[str, list[int]]:
    chars, offs = [], []
    for i, ch in enumerate(raw):
        if ch.isspace() or ch == "*":
            continue
        chars.append(ch)
        offs.append(i)
    return "".join(chars), offs


def _compact(text: str) -> str:
    return re.sub(r"[\s*]", "", text)


def load_gold(path: Path = GOLD) -> dict[tuple[str, str], list[dict]]:
    """Gold targets by (file, sentence); a sentence with no target maps to []."""
    gold: dict[tuple[str, str], list[dict]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if "_comment" in rec:
            continue
        items = gold.setdefault((rec["file"], rec["sentence"]), [])
        if rec["metric"] is not None:
            items.append(rec)
    return gold


def _same(t: Target, g: dict) -> bool:
    return (
        abs(t.value - g["value"]) < 1e-9
        and (t.value_to is None) == (g["value_to"] is None)
        and (t.value_to is None or abs(t.value_to - g["value_to"]) < 1e-9)
        and t.unit == g["unit"]
    )


def _metric_ok(pred: str, gold: str) -> bool:
    g = set(_compact(gold))
    return len(g & set(_compact(pred))) >= 0.5 * len(g)


def evaluate(targets: list[Target], gold: dict[tuple[str, str], list[dict]]) -> dict:
    """Match predictions to the gold sample; return counts and the misses."""
    raws = {p.name: p.read_text(encoding="utf-8") for p in RAW.glob("*.txt")}
    index = {name: _compact_index(text) for name, text in raws.items()}
    tp = fp = fn = metric_ok = 0
    misses: list[str] = []
    for (file, sentence), items in gold.items():
        comp, offs = index[file]
        at = comp.find(_compact(sentence))
        if at < 0:
            raise SystemExit(f"gold sentence not found in {file}: {sentence[:40]}")
        start, end = offs[at], offs[at + len(_compact(sentence)) - 1] + 1
        preds = [t for t in targets if t.source.file == file and start <= t.source.start < end]
        left = list(items)
        for t in preds:
            hit = next((g for g in left if _same(t, g)), None)
            if hit is None:
                fp += 1
                misses.append(f"FP {file[:8]} {t.metric} {t.value:g} {t.unit} «{t.matched}»")
                continue
            left.remove(hit)
            tp += 1
            if _metric_ok(t.metric, hit["metric"]):
                metric_ok += 1
            else:
                misses.append(f"metric {t.metric!r} vs gold {hit['metric']!r}")
        for g in left:
            fn += 1
            misses.append(
                f"FN {file[:8]} {g['metric']} {g['value']:g} {g['unit']} «{sentence[:50]}»"
            )
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "sentences": len(gold),
        "gold_targets": sum(len(v) for v in gold.values()),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "metric_agreement": round(metric_ok / tp, 3) if tp else 0.0,
        "misses": misses,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    corpus, _ = build_corpus(RAW)
    result = evaluate(corpus.targets, load_gold())
    keys = Counter(bool(t.metric_key) for t in corpus.targets)
    print(f"sample: {result['sentences']} sentences, {result['gold_targets']} gold targets")
    print(f"TP {result['tp']}  FP {result['fp']}  FN {result['fn']}")
    print(
        f"precision {result['precision']:.3f}  recall {result['recall']:.3f}  "
        f"F1 {result['f1']:.3f}  metric agreement {result['metric_agreement']:.3f}"
    )
    print(f"corpus: {len(corpus.targets)} targets, {keys[True]} with a canonical metric key")
    if args.verbose:
        for line in result["misses"]:
            print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
