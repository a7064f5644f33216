"""Printing rows of data as a table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Sequence
from typing import Any

__all__ = ["FORMATS", "display_width", "render"]

FORMATS = ("table", "csv", "json")


def display_width(text: str) -> int:
    """Terminal width of a string: CJK and full-width characters count as two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "、".join(_cell(v) for v in value)
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _table(rows: Sequence[dict[str, Any]], columns: list[str], max_width: int) -> str:
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    cut = [
        [v if display_width(v) <= max_width else _truncate(v, max_width) for v in row]
        for row in cells
    ]
    widths = [
        max([display_width(c)] + [display_width(r[i]) for r in cut]) for i, c in enumerate(columns)
    ]

    def line(values: list[str]) -> str:
        return "  ".join(
            v + " " * (w - display_width(v)) for v, w in zip(values, widths, strict=True)
        ).rstrip()

    out = [line(columns), line(["-" * w for w in widths])]
    out.extend(line(r) for r in cut)
    return "\n".join(out) + "\n"


def _truncate(text: str, width: int) -> str:
    out = ""
    for ch in text:
        if display_width(out + ch) > width - 1:
            return out + "…"
        out += ch
    return out


def render(
    rows: Sequence[dict[str, Any]],
    fmt: str = "table",
    columns: list[str] | None = None,
    max_width: int = 60,
) -> str:
    """Render rows (dicts) as ``table``, ``csv`` or ``json`` text.

    JSON is a list of row objects with values as they are; CSV and table join lists with
    ``、``. Column order follows ``columns`` or the first row's keys.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "json":
        return json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n"
    columns = columns or (list(rows[0].keys()) if rows else [])
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        for r in rows:
            writer.writerow([_cell(r.get(c)) for c in columns])
        return buf.getvalue()
    if not rows:
        return "(no rows)\n"
    return _table(rows, columns, max_width)
