"""Finding and reading plan documents: encodings, BOMs and clear errors for bad files."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from graphbuild.errors import InputError

__all__ = [
    "InputError",
    "RawDocument",
    "check_text",
    "decode",
    "find_documents",
    "read_document",
]

#: File suffixes of plans (see graphbuild.read.readers for how each is read).
PLAN_SUFFIXES = (".txt", ".text", ".md", ".docx", ".pdf", ".html", ".htm")


@dataclass(frozen=True)
class RawDocument:
    """A decoded input file. Offsets everywhere in the model index into ``text``."""

    path: Path
    name: str
    text: str
    encoding: str


#: Legacy Chinese encodings tried after UTF-8 (detector's name → name reported).
_LEGACY = {"gb18030": "gb18030", "big5": "big5", "big5hkscs": "big5hkscs"}


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 with BOM, GB18030 or Big5.

    Parameters
    ----------
    data : bytes
        The file's content.
    name : str
        The file name, for error messages.

    Returns
    -------
    tuple of (str, str)
        The text (BOM removed, line ends kept as they are) and the encoding used.

    Raises
    ------
    InputError
        If the file is empty, binary, or not decodable in any supported encoding.
    """
    if not data.strip():
        raise InputError(f"{name}: the file is empty; put a plan's text in it or remove it")
    if data.startswith(codecs.BOM_UTF8):
        return check_text(data[3:].decode("utf-8", errors="strict"), "utf-8-sig", name)
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return check_text(data[2:].decode(enc, errors="strict"), enc, name)
    if b"\x00" in data:
        raise InputError(f"{name}: this looks like a binary file, not a plan's text; remove it")
    try:
        return check_text(data.decode("utf-8", errors="strict"), "utf-8", name)
    except UnicodeDecodeError:
        pass
    # GB18030 decodes almost any byte string, Big5 text included, so the choice between
    # the Chinese legacy encodings is left to a detector
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(_LEGACY)).best()
    for enc in ([best.encoding] if best is not None else []) + list(_LEGACY):
        try:
            return check_text(data.decode(enc, errors="strict"), _LEGACY.get(enc, enc), name)
        except (UnicodeDecodeError, LookupError):
            continue
    raise InputError(
        f"{name}: cannot decode the text as UTF-8, GB18030/GBK or Big5; save it as UTF-8 and retry"
    )


def check_text(text: str, encoding: str, name: str) -> tuple[str, str]:
    """Reject text that is mostly control characters (a binary file) or has no Chinese."""
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f")
    if bad > max(8, len(text) // 100):
        raise InputError(f"{name}: this looks like a binary file, not a plan's text; remove it")
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    if cjk < 20:
        raise InputError(
            f"{name}: no Chinese text found (decoded as {encoding}); is this a plan document?"
        )
    return text, encoding


def find_documents(folder: Path) -> list[Path]:
    """Return the text files of an input folder, sorted by name.

    Raises
    ------
    InputError
        If the folder does not exist or holds no text file.
    """
    if not folder.exists():
        raise InputError(f"{folder}: input folder not found; pass --input DIR with the plans")
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder; pass --input DIR with the plans")
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in PLAN_SUFFIXES)
    files = [p for p in files if p.name.lower() != "readme.md" and not p.name.startswith(".")]
    if not files:
        raise InputError(f"{folder}: no plan (.txt, .docx, .pdf, .html) in the input folder")
    return files


def read_document(path: Path) -> RawDocument:
    """Read and decode one file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path.name}: cannot read the file ({exc.strerror})") from None
    text, encoding = decode(data, path.name)
    return RawDocument(path=path, name=path.name, text=text, encoding=encoding)
