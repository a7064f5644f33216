"""Clean text that remembers where every character came from in the raw file."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graphbuild.model import Source
from graphbuild.read.hanzi import to_simplified

__all__ = ["Span", "clean_line", "is_cjk"]

_ARTEFACT = re.compile(r"\*\*|</?p>", re.IGNORECASE)


def is_cjk(ch: str) -> bool:
    """True for a CJK unified ideograph."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


@dataclass(frozen=True)
class Span:
    """A piece of clean text with the raw offset of each of its characters.

    Slicing a ``Span`` keeps the mapping, so a clause found in a task's clean text
    yields a :class:`~graphbuild.model.Source` pointing at the raw file.

    ``simple`` is the text's simplified shadow (traditional characters converted one for
    one, so it has the same length): it is made once, when the line is read, and carried
    through slicing and joining, so matchers never convert again.
    """

    text: str
    offsets: tuple[int, ...]
    file: str
    simple: str = field(default="", compare=False, repr=False)

    def __post_init__(self) -> None:
        if len(self.simple) != len(self.text):
            object.__setattr__(self, "simple", to_simplified(self.text))

    def __len__(self) -> int:
        return len(self.text)

    def __getitem__(self, item: slice) -> Span:
        if not isinstance(item, slice):
            raise TypeError("Span supports slicing only")
        return Span(self.text[item], self.offsets[item], self.file, self.simple[item])

    def __add__(self, other: Span) -> Span:
        return Span(
            self.text + other.text,
            self.offsets + other.offsets,
            self.file,
            self.simple + other.simple,
        )

    def source(self) -> Source:
        """The raw span covered, from the first to the last character."""
        if not self.offsets:
            return Source(self.file, 0, 0)
        return Source(self.file, self.offsets[0], self.offsets[-1] + 1)

    def strip(self, chars: str | None = None) -> Span:
        """Strip leading and trailing whitespace (or ``chars``)."""
        text = self.text
        left = len(text) - len(text.lstrip(chars))
        right = len(text.rstrip(chars))
        if right <= left:
            return self[0:0]
        return self[left:right]

    def sub(self, pattern: re.Pattern[str], keep: str = "") -> Span:
        """Remove every match of ``pattern`` (replacement is not supported: only removal)."""
        if keep:
            raise ValueError("Span.sub only removes matches")
        out_text: list[str] = []
        out_simple: list[str] = []
        out_offsets: list[int] = []
        pos = 0
        for m in pattern.finditer(self.text):
            out_text.append(self.text[pos : m.start()])
            out_simple.append(self.simple[pos : m.start()])
            out_offsets.extend(self.offsets[pos : m.start()])
            pos = m.end()
        out_text.append(self.text[pos:])
        out_simple.append(self.simple[pos:])
        out_offsets.extend(self.offsets[pos:])
        return Span("".join(out_text), tuple(out_offsets), self.file, "".join(out_simple))

    @staticmethod
    def join(parts: list[Span], sep: str = "", file: str = "") -> Span:
        """Concatenate spans; a separator gets the offset of the next part's start."""
        text: list[str] = []
        simple: list[str] = []
        offsets: list[int] = []
        for i, part in enumerate(parts):
            if i and sep and part.offsets:
                text.append(sep)
                simple.append(to_simplified(sep))
                offsets.extend([part.offsets[0]] * len(sep))
            text.append(part.text)
            simple.append(part.simple)
            offsets.extend(part.offsets)
        return Span(
            "".join(text), tuple(offsets), parts[0].file if parts else file, "".join(simple)
        )


def clean_line(raw: str, start: int, file: str) -> Span:
    """Clean one physical line: drop ``**`` and ``<p>`` markers, bullets, outer spaces.

    In running text, whitespace between two CJK characters is a PDF artefact and is
    removed; other runs of whitespace become one space. A table row (a line with tabs)
    keeps its spaces, which separate the names inside a cell.
    """
    line = raw.rstrip("\r\n")
    chars: list[str] = []
    offs: list[int] = []
    pos = 0
    for m in _ARTEFACT.finditer(line):
        chars.extend(line[pos : m.start()])
        offs.extend(range(start + pos, start + m.start()))
        pos = m.end()
    chars.extend(line[pos:])
    offs.extend(range(start + pos, start + len(line)))
    text = "".join(chars).replace("\u3000", " ").replace("\xa0", " ")
    span = Span(text, tuple(offs), file).strip(" \t")
    if span.text.startswith("- "):
        span = span[2:].strip(" ")
    if "\t" in span.text:
        return span
    return _squeeze_spaces(span)


def _squeeze_spaces(span: Span) -> Span:
    """Drop spaces between CJK characters, collapse other space runs to one."""
    text = span.text
    if " " not in text:  # most lines: nothing to do
        return span
    keep_text: list[str] = []
    keep_simple: list[str] = []
    keep_offs: list[int] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == " ":
            j = i
            while j < n and text[j] == " ":
                j += 1
            before = text[i - 1] if i else ""
            after = text[j] if j < n else ""
            if not (is_cjk(before) and is_cjk(after)):
                keep_text.append(" ")
                keep_simple.append(" ")
                keep_offs.append(span.offsets[i])
            i = j
            continue
        keep_text.append(ch)
        keep_simple.append(span.simple[i])
        keep_offs.append(span.offsets[i])
        i += 1
    return Span("".join(keep_text), tuple(keep_offs), span.file, "".join(keep_simple))
