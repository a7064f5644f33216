"""Canonical metric keys of targets, from the reviewable table ``data/metrics.csv``."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from graphbuild.settings import DATA_DIR

__all__ = ["Metric", "load_metrics", "metric_key"]


@dataclass(frozen=True)
class Metric:
    """One row of ``data/metrics.csv``."""

    key: str
    zh: str
    en: str
    patterns: tuple[re.Pattern[str], ...]
    units: tuple[str, ...]


def load_metrics(path: Path | None = None) -> list[Metric]:
    """Read ``data/metrics.csv`` (key, zh, en, patterns, units), in file order.

    ``patterns`` are regular expressions separated by ``;`` searched in the metric as
    written; ``units`` (``|``-separated, may be empty) restrict a row to those units. The
    first row that matches wins, so specific rows come before general ones.
    """
    path = path or DATA_DIR / "metrics.csv"
    rows: list[Metric] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            pats = tuple(re.compile(p) for p in (r["patterns"] or "").split(";") if p)
            units = tuple(u for u in (r.get("units") or "").split("|") if u)
            rows.append(Metric(r["key"].strip(), r["zh"].strip(), r["en"].strip(), pats, units))
    return rows


def metric_key(text: str, unit: str, metrics: list[Metric]) -> str:
    """The key of the first table row whose pattern is found in ``text`` ("" if none)."""
    compact = re.sub(r"[\s“”\"'‘’]", "", text)
    for m in metrics:
        if m.units and unit not in m.units:
            continue
        if any(p.search(compact) for p in m.patterns):
            return m.key
    return ""
