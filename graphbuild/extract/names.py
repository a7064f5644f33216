"""The unit-name guard: what a unit name may not look like, and the repairs that are certain.

A name read out of a clause must not carry clause punctuation (``:`` ``：`` ``;`` ``；``), nor
start with a role word or a label (``参与:县委组织部``, ``牵头单位…``, ``:县委宣传部``). Such a
name is repaired when the repair is certain (a leading label, role word or punctuation cut,
leaving a name that passes the guard and looks like a unit) and otherwise never emitted as a
unit: the build reports it in ``report.json`` warnings.

:func:`check_unit_name` is the guard itself, for anyone who wants to list names that fail it.
"""

from __future__ import annotations

import re

from graphbuild.read.genre import Genre, load_genre
from graphbuild.read.text import Span

__all__ = ["CLAUSE_PUNCTUATION", "check_unit_name", "repair_unit_name"]

#: Punctuation that separates the fields of a clause and never belongs in a unit's name.
CLAUSE_PUNCTUATION = ":：;；"
_LEADING_JUNK = " \t\u3000:：;；,，、。.)）]】〕"


_STARTS: dict[int, re.Pattern[str]] = {}


def _starts(genre: Genre) -> re.Pattern[str]:
    """A role word or a label at the start of a name (compiled once per genre)."""
    pattern = _STARTS.get(id(genre))
    if pattern is None:
        words = sorted({*genre.role_words, *genre.labels}, key=len, reverse=True)
        pattern = re.compile("^(?:" + "|".join(re.escape(w) for w in words) + ")")
        _STARTS[id(genre)] = pattern
    return pattern


def check_unit_name(name: str, genre: Genre | None = None) -> str | None:
    """Why ``name`` cannot be a unit's name, or None when it passes the guard.

    >>> check_unit_name("县委宣传部") is None
    True
    >>> check_unit_name(":县委宣传部")
    'starts with punctuation'
    >>> check_unit_name("参与:县委组织部")
    'contains clause punctuation'
    >>> check_unit_name("牵头单位县发改局")
    'starts with a role word or label (牵头单位)'
    """
    genre = genre or load_genre()
    text = name.strip()
    if not text:
        return "empty"
    if text[0] in _LEADING_JUNK:
        return "starts with punctuation"
    if any(ch in text for ch in CLAUSE_PUNCTUATION):
        return "contains clause punctuation"
    m = _starts(genre).match(text)
    if m:
        return f"starts with a role word or label ({m.group(0)})"
    return None


def repair_unit_name(name: Span, genre: Genre | None = None) -> Span | None:
    """``name`` if it passes the guard; else the name left after cutting what certainly is not
    part of it (leading punctuation, a leading label or role word with its colon); else None.

    A repair is kept only when what is left passes the guard and reads as a unit
    (:meth:`Genre.is_unit_name`).
    """
    genre = genre or load_genre()
    if check_unit_name(name.text, genre) is None:
        return name
    fixed = name
    while True:
        before = fixed
        fixed = fixed.strip(_LEADING_JUNK)
        m = _starts(genre).match(fixed.text)
        if m and fixed.text[m.end() : m.end() + 1] in (":", "："):
            fixed = fixed[m.end() + 1 :]
        if fixed.text == before.text:
            break
    if fixed.text and check_unit_name(fixed.text, genre) is None and genre.is_unit_name(fixed.text):
        return fixed
    return None
