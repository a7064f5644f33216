"""Canonical agency names and functions per county, and battle names, from data/ tables."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from graphbuild.read.hanzi import to_simplified
from graphbuild.settings import DATA_DIR

__all__ = ["Battle", "Resolution", "Resolver", "battle_of", "load_battles", "normalise"]

_BRACKETS = str.maketrans({"(": "（", ")": "）", "[": "〔", "]": "〕", " ": "", "\u3000": ""})


def normalise(name: str) -> str:
    """The lookup key of a name: simplified characters, full-width brackets, no spaces."""
    return to_simplified(name.translate(_BRACKETS))


@dataclass(frozen=True)
class Battle:
    """One of the six battles, with the wordings documents use for it."""

    key: str
    zh: str
    en: str
    aliases: tuple[str, ...]


def load_battles(path: Path | None = None) -> list[Battle]:
    """Read ``data/battles.csv``."""
    with (path or DATA_DIR / "battles.csv").open(encoding="utf-8", newline="") as fh:
        return [
            Battle(r["key"], r["zh"], r["en"], tuple(a for a in r["aliases"].split("|") if a))
            for r in csv.DictReader(fh)
        ]


def battle_of(title: str, battles: list[Battle]) -> str | None:
    """The battle a heading or title names, by the longest alias found in it."""
    best: tuple[int, str] | None = None
    title = to_simplified(title)
    for battle in battles:
        for alias in (battle.zh, *battle.aliases):
            if alias and alias in title and (best is None or len(alias) > best[0]):
                best = (len(alias), battle.key)
    return best[1] if best else None


@dataclass(frozen=True)
class Resolution:
    """What the alias table says about one surface form."""

    canonical: str
    functions: tuple[str, ...]
    resolved: bool


@dataclass
class Resolver:
    """Look up surface forms in ``data/agencies.csv`` (county, name, canonical, functions).

    A row whose county is ``*`` applies to every county. A name the table does not cover
    resolves to itself and is recorded as unresolved for the build report.
    """

    table: dict[tuple[str, str], Resolution] = field(default_factory=dict)
    unresolved: set[tuple[str, str]] = field(default_factory=set)

    @classmethod
    def load(cls, path: Path | None = None) -> Resolver:
        """Read the alias table; a missing file gives an empty resolver."""
        path = path or DATA_DIR / "agencies.csv"
        table: dict[tuple[str, str], Resolution] = {}
        if path.exists():
            with path.open(encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh):
                    funcs = tuple(f for f in re.split(r"[|;]", row.get("functions") or "") if f)
                    key = (row["county"].strip(), normalise(row["name"].strip()))
                    table[key] = Resolution(row["canonical"].strip(), funcs, True)
        return cls(table=table)

    def resolve(self, county: str, name: str) -> Resolution:
        """Canonical name and functions of ``name`` as written in ``county``."""
        key = normalise(name)
        hit = self.table.get((county, key)) or self.table.get(("*", key))
        if hit:
            return hit
        self.unresolved.add((county, name))
        return Resolution(key, (), False)

    def covers(self, county: str, name: str) -> bool:
        """True when the table has a row for ``name`` in ``county`` (or for every county)."""
        key = normalise(name)
        return (county, key) in self.table or ("*", key) in self.table

    def functions_of(self, county: str, canonical: str) -> tuple[str, ...]:
        """Functions recorded for a canonical name (from any of its rows)."""
        for (c, _), res in self.table.items():
            if c in (county, "*") and res.canonical == canonical and res.functions:
                return res.functions
        return ()
