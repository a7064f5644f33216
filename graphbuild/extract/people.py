"""People and posts: leading-group lists and working groups (工作专班)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graphbuild.extract.clauses import split_names
from graphbuild.read.genre import Genre
from graphbuild.read.text import Span, is_cjk

__all__ = ["GroupHit", "PersonHit", "leading_group", "split_post_name", "working_group"]

_NAME = r"[\u4e00-\u9fff]{2,4}"


@dataclass
class PersonHit:
    """A person (or a post without a name) with a role as written."""

    role: str
    name: str
    post: str
    span: Span


@dataclass
class GroupHit:
    """A working group as the text describes it."""

    name: str
    span: Span
    convenor: Span | None = None
    deputies: list[tuple[str, Span]] = field(default_factory=list)
    members: list[Span] = field(default_factory=list)
    office: Span | None = None


def split_post_name(text: str, genre: Genre) -> tuple[str, str]:
    """Split ``市政府办副主任申文武`` into (post, name); a bare post gives (post, "")."""
    best = -1
    best_word = ""
    for word in genre.posts:
        idx = text.rfind(word)
        if idx >= 0 and idx + len(word) > best + len(best_word):
            best, best_word = idx, word
    if best < 0:
        return text, ""
    tail = text[best + len(best_word) :]
    if 2 <= len(tail) <= 3 and all(is_cjk(c) for c in tail):
        return text[: best + len(best_word)], tail
    return text, ""


def leading_group(lines: list[tuple[str, Span]], genre: Genre) -> list[PersonHit]:
    """Members of a leading-group list (``组 长：李国军 市委副书记、市长``).

    ``lines`` gives, for each paragraph, its raw text (spaces kept, they separate the
    name from the post) and its clean span. A line without a role continues the role of
    the line before it.
    """
    roles = "|".join(re.escape(r) for r in genre.group_roles)
    pattern = re.compile(
        rf"^(?:((?:{roles})|(?:[\u4e00-\u9fff]\s?){{2,5}})\s*[：:])?\s*({_NAME})\s+(\S.*)$"
    )
    out: list[PersonHit] = []
    role = ""
    for raw, span in lines:
        text = raw.strip().splitlines()[0].strip().lstrip("-").strip()
        m = pattern.match(text)
        if not m:
            continue
        if m.group(1):
            role = re.sub(r"\s", "", m.group(1))
        if not role:
            continue
        out.append(PersonHit(role=role, name=m.group(2), post=m.group(3).strip(), span=span))
    return out


def _deputies(text: Span, genre: Genre) -> list[Span]:
    """Split a run of deputy convenors, keeping ``党委书记、局长曾会林`` together."""
    pieces: list[Span] = []
    start = 0
    for i, ch in enumerate(text.text + "，"):
        if ch in "、，,":
            pieces.append(text[start:i].strip())
            start = i + 1
    split: list[Span] = []
    for piece in pieces:
        idx = piece.text.find("和")
        if idx > 0 and piece.text[:idx].endswith(genre.posts):
            split.extend([piece[:idx], piece[idx + 1 :]])
        else:
            split.append(piece)
    merged: list[Span] = []
    for piece in split:
        if (
            merged
            and merged[-1].text.endswith(genre.posts)
            and piece.text.startswith(genre.posts)
            and split_post_name(piece.text, genre)[1]
        ):
            merged[-1] = Span.join([merged[-1], piece], "、")
        elif piece.text:
            merged.append(piece)
    return merged


_GROUP = re.compile(r"成立(.{2,40}?专班)")
_CONVENOR = re.compile(r"由(.{1,40}?)(?:担任|任)(?:总)?召集人")
_DEPUTY = re.compile(r"(?:担任|任|为)((?:常务)?副召集人)")
_MEMBERS = (
    re.compile(r"成员单位包括(.+?)(?=[，。；](?:专班|工作专班|办公室)|。|$)"),
    re.compile(r"召集人[，,]((?:(?!召集人)[^。])+?)为(?:成员单位|责任单位)"),
    re.compile(r"[，,。]([^，。]{2,30}?)(?:主要负责人)?为成员(?!单位)"),
)
_OFFICE = re.compile(r"办公室设(?:在)?([^，。；,]+)")


def working_group(span: Span, genre: Genre) -> GroupHit | None:
    """Read a working group from the paragraph that sets it up, or None."""
    text = span.simple
    found = list(_GROUP.finditer(text))
    if not found or "召集人" not in text:
        return None
    m = max(found, key=lambda g: len(g.group(1)))
    hit = GroupHit(name=span.text[m.start(1) : m.end(1)], span=span)
    c = _CONVENOR.search(text, m.end())
    if c:
        hit.convenor = span[c.start(1) : c.end(1)]
    prev_end = c.end() if c else m.end()
    for d in _DEPUTY.finditer(text, prev_end):
        run = span[prev_end : d.start()].strip("，,、 ")
        for dep in _deputies(run, genre):
            hit.deputies.append((d.group(1), dep))
        prev_end = d.end()
    for pattern in _MEMBERS:
        mm = pattern.search(text)
        if mm:
            hit.members = split_names(span[mm.start(1) : mm.end(1)], genre)
            break
    o = _OFFICE.search(text)
    if o:
        hit.office = span[o.start(1) : o.end(1)]
    return hit
