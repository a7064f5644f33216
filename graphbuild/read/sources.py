"""The decoded texts a build read, kept in the build folder so provenance survives.

Offsets in the model index the decoded text of each input file (a PDF's or a Word file's
text as the reader produced it). The build writes that text to
``<build>/sources/<file>.txt`` (UTF-8, line ends as decoded), so the Task page and the
comparison can show a source sentence from any build folder, after the input has moved,
and without reading PDFs again.
"""

from __future__ import annotations

from pathlib import Path

from graphbuild.errors import InputError

__all__ = ["SOURCES_DIR", "kept_text", "source_files", "source_name", "source_text"]

#: The folder of a build that holds the decoded source texts.
SOURCES_DIR = "sources"


def source_name(file: str) -> str:
    """The build-relative path of a source file's decoded text (``sources/<file>.txt``)."""
    return f"{SOURCES_DIR}/{Path(file).name}.txt"


def source_files(texts: dict[str, str]) -> dict[str, str]:
    """The output files keeping ``texts`` (file name → decoded text), by build-relative path."""
    return {source_name(file): text for file, text in sorted(texts.items())}


def kept_text(build_dir: Path | str, file: str) -> str | None:
    """The decoded text of ``file`` kept in a build, or None when the build has none.

    Read as bytes, so line ends stay as decoded and offsets still index the text.
    """
    path = Path(build_dir) / source_name(file)
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def source_text(file: str, build_dir: Path | str | None, input_dir: Path | str | None) -> str:
    """The decoded text of one input file: the build's copy, else the file read again.

    Raises
    ------
    InputError
        When the build keeps no copy (built before it kept them) and the input folder does
        not have the file any more.
    """
    if build_dir is not None:
        text = kept_text(build_dir, file)
        if text is not None:
            return text
    if input_dir is not None:
        path = Path(input_dir) / file
        if path.is_file():
            from graphbuild.read.readers import read_any

            return read_any(path).text
    where = f"{build_dir}/{source_name(file)}" if build_dir is not None else "the build"
    raise InputError(
        f"{file}: no source text in {where} and not in {input_dir}; rebuild with "
        "`graphbuild build --input DIR --out BUILD` to keep it in the build"
    )
