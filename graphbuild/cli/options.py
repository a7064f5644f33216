"""Options and helpers every command shares: ``-v``/``-q``, ``--format``, ``--build``, logging."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from graphbuild import settings
from graphbuild.cli.output import FORMATS

__all__ = ["add_build_dir", "add_format", "common", "log", "progress", "subcommand"]


def log(args: argparse.Namespace, message: str) -> None:
    """Print ``message`` on stderr unless ``-q``."""
    if not getattr(args, "quiet", False):
        print(message, file=sys.stderr)


def progress(args: argparse.Namespace, desc: str) -> Callable | None:
    """A progress-bar wrapper for an iterable of files, or None with ``-q``."""
    if getattr(args, "quiet", False):
        return None
    from tqdm import tqdm

    def wrap(items):
        return tqdm(list(items), desc=desc, unit="file", file=sys.stderr, leave=False, disable=None)

    return wrap


def common(parser: argparse.ArgumentParser) -> None:
    """Add ``-v``/``--verbose`` and ``-q``/``--quiet``."""
    parser.add_argument("-v", "--verbose", action="store_true", help="say more on stderr")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only the results")


def add_format(parser: argparse.ArgumentParser, default: str = "table") -> None:
    """Add ``--format table|csv|json``."""
    parser.add_argument(
        "--format", choices=FORMATS, default=default, help=f"output format (default: {default})"
    )


def add_build_dir(parser: argparse.ArgumentParser) -> None:
    """Add ``--build DIR``."""
    parser.add_argument(
        "--build",
        type=Path,
        default=settings.build_dir(),
        metavar="DIR",
        help="the build folder (default: $GRAPHBUILD_BUILD or build/)",
    )


def subcommand(subparsers, name: str, help_: str, examples: str) -> argparse.ArgumentParser:
    """Add a subcommand with its examples under ``examples:`` and ``-v``/``-q``."""
    p = subparsers.add_parser(
        name,
        help=help_,
        description=help_,
        epilog="examples:\n" + examples,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    common(p)
    return p
