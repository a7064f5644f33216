"""Subcommands that live next to the code they drive, registered with the main CLI."""

from __future__ import annotations

import argparse
from collections.abc import Callable

__all__ = ["REGISTRY"]

Maker = Callable[..., argparse.ArgumentParser]


def _neo4j(sub: argparse._SubParsersAction, make: Maker) -> None:
    from graphbuild.cli_neo4j import add_commands

    add_commands(sub)


def _load(sub: argparse._SubParsersAction, make: Maker) -> None:
    from graphbuild.cli_load import add_commands

    add_commands(sub, make)


def _compare(sub: argparse._SubParsersAction, make: Maker) -> None:
    from graphbuild.cli_compare import register

    register(sub, make)


def _ask(sub: argparse._SubParsersAction, make: Maker) -> None:
    from graphbuild.cli_ask import add_command

    add_command(sub, make)


def _export(sub: argparse._SubParsersAction, make: Maker) -> None:
    from graphbuild.cli_export import add_command

    add_command(sub, make)


def _app(sub: argparse._SubParsersAction, make: Maker) -> None:
    from graphbuild.cli_app import add_command

    add_command(sub, make)


REGISTRY: list[Callable[[argparse._SubParsersAction, Maker], None]] = [
    _neo4j,
    _load,
    _compare,
    _ask,
    _export,
    _app,
]
