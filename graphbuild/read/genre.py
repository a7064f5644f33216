"""The genre's wording (role words, clause labels, unit suffixes…) loaded from data/genre.toml."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graphbuild.read.hanzi import variants
from graphbuild.settings import DATA_DIR

__all__ = ["DATA_DIR", "Genre", "load_genre"]


@dataclass(frozen=True)
class Genre:
    """Compiled patterns for one genre of task-division documents."""

    labels: dict[str, str]
    role_words: dict[str, str]
    label_re: re.Pattern[str]
    role_re: re.Pattern[str]
    marker_re: re.Pattern[str]
    separators: str
    joiners: tuple[str, ...]
    suffix_re: re.Pattern[str]
    not_clause_prefixes: tuple[str, ...]
    collective_res: tuple[re.Pattern[str], ...]
    first_is_lead_re: re.Pattern[str]
    organisational: tuple[str, ...]
    posts: tuple[str, ...]
    group_roles: tuple[str, ...]
    #: Labels of a task's other fields (persons, deadlines, progress): they end a list of
    #: units, and in a line of fields separated by spaces they are not units.
    fields: tuple[str, ...] = ()

    def is_collective(self, name: str) -> bool:
        """True when ``name`` designates a set of units (各乡镇（街道、场）, 相关职能部门…)."""
        return any(r.search(name) for r in self.collective_res)

    def is_unit_name(self, name: str) -> bool:
        """True when ``name`` looks like the name of a unit (or a set of units)."""
        if len(name) < 2 or len(name) > 40 or name.startswith(self.not_clause_prefixes):
            return False
        return bool(self.suffix_re.search(name)) or self.is_collective(name)


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _expand(mapping: dict[str, str]) -> dict[str, str]:
    """Add the traditional spellings of every key, with the same value."""
    return {form: value for word, value in mapping.items() for form in variants(word)}


def _forms(words: list[str]) -> list[str]:
    """Every word with its traditional spellings, in order, without duplicates."""
    return list(dict.fromkeys(form for word in words for form in variants(word)))


@lru_cache(maxsize=4)
def load_genre(path: Path | None = None) -> Genre:
    """Load and compile the genre file (cached)."""
    data = tomllib.loads((path or DATA_DIR / "genre.toml").read_text(encoding="utf-8"))
    names = data["names"]
    labels = _expand(data["labels"])
    role_words = _expand(data["role_words"])
    suffixes = _alternation(_forms(names["suffixes"]))
    return Genre(
        labels=labels,
        role_words=role_words,
        label_re=re.compile(rf"({_alternation(list(labels))})\s*[：:]"),
        role_re=re.compile(_alternation(list(role_words))),
        marker_re=re.compile(rf"[（(]\s*({_alternation(list(role_words))})\s*[)）]$"),
        separators=names["separators"],
        joiners=tuple(_forms(names["joiners"])),
        suffix_re=re.compile(rf"({suffixes})(（[^（）]*）|\([^()]*\))?$"),
        not_clause_prefixes=tuple(_forms(names["not_clause_prefixes"])),
        collective_res=tuple(re.compile(p) for p in _forms(names["collective"])),
        first_is_lead_re=re.compile("|".join(_forms(data["table"]["first_is_lead"]))),
        organisational=tuple(_forms(data["sections"]["organisational"])),
        posts=tuple(sorted(_forms(data["people"]["posts"]), key=len, reverse=True)),
        group_roles=tuple(sorted(_forms(data["people"]["group_roles"]), key=len, reverse=True)),
        fields=tuple(_forms(data.get("fields", {}).get("other", []))),
    )
