"""Responsibility clauses: which units lead, are responsible for, or cooperate on a task.

A clause is bracketed text such as ``（市商务局牵头，市科工局等负责）``,
``〔A、B等按职责分工负责〕`` or ``（牵头单位：A；责任单位：B、C）``. Brackets may be
mismatched (``（…)``, ``〔…]``). Parenthesised text that is not a clause (a place name, a
document number, an explanation) is rejected because its parts do not look like units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from graphbuild.read.genre import Genre
from graphbuild.read.text import Span

__all__ = [
    "ClauseHit",
    "NameHit",
    "clean_name",
    "depth",
    "find_brackets",
    "find_clauses",
    "heading_clause",
    "split_names",
]

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


def depth(text: str) -> int:
    """How many brackets are still open at the end of ``text``."""
    return sum(ch in OPENERS for ch in text) - sum(ch in CLOSERS for ch in text)


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
    item = item.strip(" \n\t。" + genre.separators).sub(_INNER_SPACE)
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


# A body named without its place after 和/及 belongs to the place named before it.
_SAME_PLACE = {"人民政府", "政府", "管委会", "管理委员会", "办事处", "党工委", "党委"}


def _split_joiners(item: Span, genre: Genre) -> list[Span]:
    """Split at 及 / 会同 where the left part is already a complete unit name."""
    for joiner in genre.joiners:
        idx = item.text.find(joiner)
        while idx > 0:
            left = item[:idx].strip()
            right_text = clean_name(item[idx + len(joiner) :], genre).text
            if right_text in _SAME_PLACE:
                break  # 各县党委和人民政府, 高新区党工委和管委会: one place's two bodies
            if genre.suffix_re.search(clean_name(left, genre).text):
                right = item[idx + len(joiner) :]
                return [left, *_split_joiners(right, genre)]
            idx = item.text.find(joiner, idx + 1)
    return [item]


# One collective written as a list of levels: 各县、市、区政府, 各区、县（市）政府（管委会）,
# 13个街道、镇
_LEVEL = r"(?:[县市区乡镇]|街道)(?:[（(][^（）()]{1,6}[)）])?"
_LEVELS = re.compile(
    rf"(?:各|\d{{1,3}}个){_LEVEL}(?:、{_LEVEL})+(?:人民政府|政府|管委会)?(?:[（(][^（）()]{{1,6}}[)）])?"
    r"(?![\u4e00-\u9fff])"
)


def split_names(segment: Span, genre: Genre) -> list[Span]:
    """Split a run of names at separators (outside brackets) and joiners, then clean them."""
    parts: list[Span] = []
    depth = 0
    start = 0
    text = segment.text
    whole = [range(m.start(), m.end()) for m in _LEVELS.finditer(text)]
    for i, ch in enumerate(text + "、"):
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth = max(0, depth - 1)
        elif any(i in r for r in whole):
            continue
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


def _first_leads(hits: list[NameHit], genre: Genre, inner: Span, first_leads: bool) -> None:
    """Where the document or the clause says the first-listed unit leads (排在第一位的为
    牵头单位), make the first responsible unit the lead, unless the clause names a lead."""
    noted = genre.first_is_lead_re.search(inner.text)
    hits[:] = [h for h in hits if not genre.first_is_lead_re.search(h.name.text)]
    leads = any(h.role == "lead" for h in hits)
    if (first_leads or noted) and hits and not leads and hits[0].role == "responsible":
        hits[0].role = "lead"


_DEADLINE = re.compile(r"\d{1,4}\s*(年|月|日|季度)|年底|月底|年内|长期|持续|完成$")


def _labeled(inner: Span, genre: Genre, first_leads: bool = False) -> list[NameHit]:
    inner, noted = _strip_note(inner, genre)
    matches = list(genre.label_re.finditer(inner.text))
    hits: list[NameHit] = []
    for m, nxt in zip(matches, [*matches[1:], None], strict=True):
        role = genre.labels[m.group(1)]
        end = nxt.start() if nxt else len(inner.text)
        other = _OTHER_LABEL.search(inner.text, m.end(), end)
        seg = inner[m.end() : other.start() if other else end]
        if _role_words_outside_brackets(seg.text, genre):
            # 责任单位：经济投资局和航空口岸局分别牵头、区发改局
            hits.extend(_role_worded(seg, genre, role, inferred=False))
        else:
            hits.extend(_hits(split_names(seg, genre), role, genre))
    # a deadline written into the list without its own label (…，6月底完成) is not a unit
    hits = [h for h in hits if genre.is_unit_name(h.name.text) or not _DEADLINE.search(h.name.text)]
    _first_leads(hits, genre, inner, first_leads or noted)
    return hits


def _role_words_outside_brackets(text: str, genre: Genre) -> bool:
    """True when a role word stands in the text itself, not in a marker like （牵头）."""
    for m in genre.role_re.finditer(text):
        before, after = text[: m.start()], text[m.end() : m.end() + 1]
        ends_run = not after or after in genre.separators or after in "、。；;，, \t"
        if ends_run and depth(before) <= 0:
            return True
    return False


def _role_worded(
    inner: Span, genre: Genre, rest_role: str = "responsible", inferred: bool = True
) -> list[NameHit]:
    hits: list[NameHit] = []
    pos = 0
    for m in genre.role_re.finditer(inner.text):
        role = genre.role_words[m.group(0)]
        hits.extend(_hits(split_names(inner[pos : m.start()], genre), role, genre))
        pos = m.end()
    # units after the last role word have the label's role, or are responsible (inferred);
    # other words there (a deadline) are not units
    rest = _hits(split_names(inner[pos:], genre), rest_role, genre, inferred=inferred)
    hits.extend(h for h in rest if genre.is_unit_name(h.name.text))
    return hits


def _after_sentence(text: str, start: int, end: int) -> bool:
    """True when a bracket stands alone after a finished sentence, at a sentence end."""
    after = text[end : end + 1]
    before = text[start - 1 : start] if start else "\n"
    return after in ("", *_SENTENCE_END) and before in _SENTENCE_END


_NOTE_START = "。；;，,（("


def _strip_note(inner: Span, genre: Genre) -> tuple[Span, bool]:
    """Cut a note that the first unit leads (``。排名第一的为牵头单位，下同`` or
    ``（列第一位者为牵头或汇总单位，下同）``) out of a clause; True when there was one."""
    m = genre.first_is_lead_re.search(inner.simple)
    if m is None:
        return inner, False
    text = inner.text
    start = max(text.rfind(ch, 0, m.start()) for ch in _NOTE_START)
    start = max(start, 0)
    if text[start : start + 1] in "（(":
        close = min((i for i in (text.find(c, m.end()) for c in "）)") if i >= 0), default=-1)
        end = close + 1 if close >= 0 else len(text)
    else:
        end = len(text)
    return inner[:start] + inner[end:], True


def parse_clause(
    inner: Span, genre: Genre, at_end: bool, first_leads: bool = False
) -> list[NameHit] | None:
    """The units named by a bracket's content, or None when it is not a clause.

    ``first_leads``: the document says the first unit of a list is the lead.
    """
    inner, noted = _strip_note(inner, genre)
    first_leads = first_leads or noted
    text = inner.text.strip()
    if not text or text.startswith(genre.not_clause_prefixes):
        return None
    if genre.label_re.search(text):
        hits = _labeled(inner, genre, first_leads)
        ok = any(genre.is_unit_name(h.name.text) for h in hits)
        return hits if ok else None
    if genre.role_re.search(text):
        hits = _role_worded(inner, genre)
        if not hits or not genre.is_unit_name(hits[0].name.text):
            return None
        good = sum(genre.is_unit_name(h.name.text) for h in hits)
        if good * 3 < len(hits) * 2:
            return None
        if all(h.role == "responsible" for h in hits):
            # 〔A、B、C按职责分工负责〕 under a rule that the first-listed unit leads
            _first_leads(hits, genre, inner, first_leads)
        return hits
    if not at_end:
        return None
    hits = _hits(split_names(inner, genre), "responsible", genre, inferred=True)
    _first_leads(hits, genre, inner, first_leads)
    good = sum(genre.is_unit_name(h.name.text) for h in hits)
    # a list that carries the note on who leads is a clause even with a name we do not know
    if hits and (good == len(hits) or (noted and good * 3 >= len(hits) * 2)):
        return hits
    return None


# Where a clause label may begin outside brackets: at a line start or after a sentence.
_LABEL_START = "。；;！!"


def _label_start(line: str, genre: Genre) -> int | None:
    """Where the first clause label of a line begins, if it begins the line or follows a
    finished sentence (``……。牵头单位：区发改局  责任单位：区财政局``)."""
    for m in genre.label_re.finditer(line):
        before = line[: m.start()].rstrip()
        if depth(before) <= 0 and (not before or before[-1] in _LABEL_START):
            return m.start()
    return None


@lru_cache(maxsize=16)
def _field_words(words: frozenset[str]) -> re.Pattern[str]:
    """Any of the words, the longest first."""
    ordered = sorted(words, key=lambda w: (-len(w), w))
    return re.compile("(" + "|".join(map(re.escape, ordered)) + ")")


def _spaced_fields(piece: Span, genre: Genre, first_leads: bool) -> list[NameHit] | None:
    """The units of a line of fields separated only by spaces, each label without a colon
    (the line must start with one):
    ``牵头领导 王刚 责任单位 A、B 项目责任人 李强 配合单位 C、D 完成情况``. The values of
    person and other fields are not units; a label with nothing after it (a sub-table's
    header run on) gives nothing."""
    # the spaces themselves are gone when the line was cleaned (a space between two
    # characters is a PDF artefact), so the labels are found by their words alone
    pattern = _field_words(frozenset({*genre.labels, *genre.fields}))
    found = list(pattern.finditer(piece.text))
    if (
        len(found) < 2
        or found[0].start() != 0
        or not any(m.group(1) in genre.labels for m in found)
    ):
        return None
    hits: list[NameHit] = []
    for m, nxt in zip(found, [*found[1:], None], strict=True):
        role = genre.labels.get(m.group(1))
        if role is None:
            continue
        seg = piece[m.end() : nxt.start() if nxt else len(piece.text)]
        hits.extend(
            h
            for h in _hits(split_names(seg, genre), role, genre)
            if genre.is_unit_name(h.name.text)
        )
    _first_leads(hits, genre, piece, first_leads)
    return hits


def _label_lines(span: Span, genre: Genre, first_leads: bool) -> list[ClauseHit]:
    """Clauses written outside brackets: on lines of their own (``牵头单位：区发改局`` /
    ``责任单位：…``) or after the task's last sentence on the same line."""
    out: list[ClauseHit] = []
    start = 0
    for line in span.text.split("\n"):
        end = start + len(line)
        at = _label_start(line, genre)
        spaced = _spaced_fields(span[start:end].strip(), genre, first_leads) if at is None else None
        if spaced:
            out.append(ClauseHit(span=span[start:end].strip(), names=spaced))
        if at is not None:
            piece = span[start + at : end].strip(" \t\u3000。.")
            hits = _labeled(piece, genre, first_leads)
            if any(genre.is_unit_name(h.name.text) for h in hits):
                out.append(ClauseHit(span=piece, names=hits))
        start = end + 1
    return out


def find_clauses(span: Span, genre: Genre, first_leads: bool = False) -> list[ClauseHit]:
    """Every responsibility clause in a piece of clean text, in order.

    ``first_leads``: the document says the first unit of each list is the lead.
    """
    out: list[ClauseHit] = _label_lines(span, genre, first_leads)
    # a bracket inside a label clause (区发改局（牵头）) belongs to that clause
    inside = [(c.span.offsets[0], c.span.offsets[-1]) for c in out if c.span.offsets]
    for start, end in find_brackets(span.text):
        inner = span[start + 1 : end - 1]
        at = inner.offsets[0] if inner.offsets else -1
        if any(lo <= at <= hi for lo, hi in inside):
            continue
        hits = parse_clause(inner, genre, _after_sentence(span.text, start, end), first_leads)
        if hits:
            out.append(ClauseHit(span=span[start:end], names=hits))
    return sorted(out, key=lambda c: c.span.offsets[0] if c.span.offsets else 0)


# What may follow the role word in a heading that names who leads the items under it:
# 一、县示范区管委会牵头工作（8项）, （二）由区发改局牵头的重点任务
_HEADING_TAIL = re.compile(
    r"^的?(工作|任务|事项|重点工作|重点任务|工作任务|项目)?\s*([（(]\s*共?\s*\d+\s*[项条个]\s*[)）])?$"
)


def heading_clause(title: Span, genre: Genre) -> ClauseHit | None:
    """A heading (label removed) that is only units and a role word, grouping the items
    under it by who leads them: ``县示范区管委会牵头工作（8项）``."""
    matches = list(genre.role_re.finditer(title.text))
    if not matches:
        return None
    last = matches[-1]
    if not _HEADING_TAIL.match(title.text[last.end() :].strip()):
        return None
    names = split_names(title[: last.start()], genre)
    if not names or not all(genre.is_unit_name(n.text) for n in names):
        return None
    role = genre.role_words[last.group(0)]
    return ClauseHit(span=title, names=[NameHit(n, role) for n in names])
