"""The genre's wording (role words, clause labels, unit suffixes…) loaded from data/genre.toml."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["DATA_DIR", "Genre", "load_genre"]

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Genre:
    """Compiled patterns for one genre of task-division documents."""

    labels: dict[str, str]
    role_words: dict[str, str]
    label_re: re.Pattern[str]
    role_re: re.Pattern[str]
    separators: str
    joiners: tuple[str, ...]
    suffix_re: re.Pattern[str]
    not_clause_prefixes: tuple[str, ...]
    collective_res: tuple[re.Pattern[str], ...]
    first_is_lead: tuple[str, ...]
    organisational: tuple[str, ...]
    posts: tuple[str, ...]
    group_roles: tuple[str, ...]

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


@lru_cache(maxsize=4)
def load_genre(path: Path | None = None) -> Genre:
    """Load and compile the genre file (cached)."""
    data = tomllib.loads((path or DATA_DIR / "genre.toml").read_text(encoding="utf-8"))
    names = data["names"]
    suffixes = _alternation(names["suffixes"])
    return Genre(
        labels=dict(data["labels"]),
        role_words=dict(data["role_words"]),
        label_re=re.compile(rf"({_alternation(list(data['labels']))})\s*[：:]"),
        role_re=re.compile(_alternation(list(data["role_words"]))),
        separators=names["separators"],
        joiners=tuple(names["joiners"]),
        suffix_re=re.compile(rf"({suffixes})(（[^（）]*）|\([^()]*\))?$"),
        not_clause_prefixes=tuple(names["not_clause_prefixes"]),
        collective_res=tuple(re.compile(p) for p in names["collective"]),
        first_is_lead=tuple(data["table"]["first_is_lead"]),
        organisational=tuple(data["sections"]["organisational"]),
        posts=tuple(sorted(data["people"]["posts"], key=len, reverse=True)),
        group_roles=tuple(sorted(data["people"]["group_roles"], key=len, reverse=True)),
    )
