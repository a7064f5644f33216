"""Responsibility clauses: which units lead, are responsible for, or cooperate on a task.

A clause is bracketed text such as ``（市商务局牵头，市科工局等负责）``,
``〔A、B等按职责分工负责〕`` or ``（牵头单位：A；责任单位：B、C）``. Brackets may be
mismatched (``（…)``, ``〔…]``). Parenthesised text that is not a clause (a place name, a
document number, an explanation) is rejected because its parts do not look like units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graphbuild.genre import Genre
from graphbuild.text import Span

__all__ = ["ClauseHit", "NameHit", "clean_name", "find_brackets", "find_clauses", "split_names"]

OPENERS = "（(〔【[［"
CLOSERS = "）)〕】]］"
_SENTENCE_END = "。；;\n"


@dataclass
class NameHit:
    """A unit named in a clause, as written, with its role."""

    name: Span
    role: str
    inferred: bool = False


@dataclass
class ClauseHit:
    """A clause (brackets included) and the units it names."""

    span: Span
    names: list[NameHit]


def find_brackets(text: str) -> list[tuple[int, int]]:
    """Top-level bracket pairs as (start, end) with ``end`` after the closer.

    Any opener matches any closer, so ``（…)`` and ``〔…]`` pair up; brackets inside a
    book title ``《…》`` are ignored.
    """
    out: list[tuple[int, int]] = []
    depth = 0
    book = 0
    start = 0
    for i, ch in enumerate(text):
        if ch == "《":
            book += 1
        elif ch == "》":
            book = max(0, book - 1)
        elif book:
            continue
        elif ch in OPENERS:
            if depth == 0:
                start = i
            depth += 1
        elif ch in CLOSERS and depth:
            depth -= 1
            if depth == 0:
                out.append((start, i + 1))
    return out


_INNER_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


def clean_name(item: Span, genre: Genre) -> Span:
    """Remove what is not part of a name: outer spaces, a trailing ``等…``, role words, and
    spaces a line wrap left between two characters of the name."""
    item = item.strip(" \n\t" + genre.separators).sub(_INNER_SPACE)
    cut = item.text.find("等")
    if cut >= 0:
        item = item[:cut]
    text = item.text
    while True:
        m = genre.role_re.search(text)
        if not m or m.end() != len(text):
            break
        item = item[: m.start()]
        text = item.text
    if text.startswith("由"):
        item = item[1:]
    return item.strip(" \n\t" + genre.separators)


def _split_joiners(item: Span, genre: Genre) -> list[Span]:
    """Split at 及 / 会同 where the left part is already a complete unit name."""
    for joiner in genre.joiners:
        idx = item.text.find(joiner)
        while idx > 0:
            left = item[:idx].strip()
            if genre.suffix_re.search(clean_name(left, genre).text):
                right = item[idx + len(joiner) :]
                return [left, *_split_joiners(right, genre)]
            idx = item.text.find(joiner, idx + 1)
    return [item]


def split_names(segment: Span, genre: Genre) -> list[Span]:
    """Split a run of names at separators (outside brackets) and joiners, then clean them."""
    parts: list[Span] = []
    depth = 0
    start = 0
    text = segment.text
    for i, ch in enumerate(text + "、"):
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth = max(0, depth - 1)
        elif depth == 0 and (ch in genre.separators or i == len(text)):
            parts.append(segment[start:i])
            start = i + 1
    names: list[Span] = []
    for part in parts:
        for piece in _split_joiners(part, genre):
            name = clean_name(piece, genre)
            if name.text:
                names.append(name)
    return names


def _hits(names: list[Span], role: str, genre: Genre, inferred: bool = False) -> list[NameHit]:
    """Name hits with ``role``, except where a name carries its own role in brackets:
    ``区发改局（牵头）`` in a list of responsible units is the lead, written as such."""
    hits = []
    for name in names:
        m = genre.marker_re.search(name.text)
        if m:
            marked = clean_name(name[: m.start()], genre)
            if marked.text:
                hits.append(NameHit(marked, genre.role_words[m.group(1)]))
                continue
        hits.append(NameHit(name, role, inferred))
    return hits


# Any other label in a clause (完成时限：, 责任领导：, 责任人：) ends the list of units before it.
_OTHER_LABEL = re.compile(r"[\u4e00-\u9fff]{2,8}\s*[：:]")


def _labeled(inner: Span, genre: Genre) -> list[NameHit]:
    matches = list(genre.label_re.finditer(inner.text))
    hits: list[NameHit] = []
    for m, nxt in zip(matches, [*matches[1:], None], strict=True):
        role = genre.labels[m.group(1)]
        end = nxt.start() if nxt else len(inner.text)
        other = _OTHER_LABEL.search(inner.text, m.end(), end)
        seg = inner[m.end() : other.start() if other else end]
        hits.extend(_hits(split_names(seg, genre), role, genre))
    return hits


def _role_worded(inner: Span, genre: Genre) -> list[NameHit]:
    hits: list[NameHit] = []
    pos = 0
    for m in genre.role_re.finditer(inner.text):
        role = genre.role_words[m.group(0)]
        hits.extend(_hits(split_names(inner[pos : m.start()], genre), role, genre))
        pos = m.end()
    # units after the last role word are responsible; other words there (a deadline) are not units
    rest = _hits(split_names(inner[pos:], genre), "responsible", genre, inferred=True)
    hits.extend(h for h in rest if genre.is_unit_name(h.name.text))
    return hits


def _after_sentence(text: str, start: int, end: int) -> bool:
    """True when a bracket stands alone after a finished sentence, at a sentence end."""
    after = text[end : end + 1]
    before = text[start - 1 : start] if start else "\n"
    return after in ("", *_SENTENCE_END) and before in _SENTENCE_END


def parse_clause(inner: Span, genre: Genre, at_end: bool) -> list[NameHit] | None:
    """The units named by a bracket's content, or None when it is not a clause."""
    text = inner.text.strip()
    if not text or text.startswith(genre.not_clause_prefixes):
        return None
    if genre.label_re.search(text):
        hits = _labeled(inner, genre)
        ok = any(genre.is_unit_name(h.name.text) for h in hits)
        return hits if ok else None
    if genre.role_re.search(text):
        hits = _role_worded(inner, genre)
        if not hits or not genre.is_unit_name(hits[0].name.text):
            return None
        good = sum(genre.is_unit_name(h.name.text) for h in hits)
        return hits if good * 3 >= len(hits) * 2 else None
    if not at_end:
        return None
    hits = _hits(split_names(inner, genre), "responsible", genre, inferred=True)
    if hits and all(genre.is_unit_name(h.name.text) for h in hits):
        return hits
    return None


def _label_lines(span: Span, genre: Genre) -> list[ClauseHit]:
    """Clauses written on lines of their own: ``牵头单位：区发改局`` / ``责任单位：…``."""
    out: list[ClauseHit] = []
    start = 0
    for line in span.text.split("\n"):
        end = start + len(line)
        piece = span[start:end].strip()
        if genre.label_re.match(piece.text):
            hits = _labeled(piece, genre)
            if any(genre.is_unit_name(h.name.text) for h in hits):
                out.append(ClauseHit(span=piece, names=hits))
        start = end + 1
    return out


def find_clauses(span: Span, genre: Genre) -> list[ClauseHit]:
    """Every responsibility clause in a piece of clean text, in order."""
    out: list[ClauseHit] = _label_lines(span, genre)
    for start, end in find_brackets(span.text):
        inner = span[start + 1 : end - 1]
        hits = parse_clause(inner, genre, _after_sentence(span.text, start, end))
        if hits:
            out.append(ClauseHit(span=span[start:end], names=hits))
    return sorted(out, key=lambda c: c.span.offsets[0] if c.span.offsets else 0)
