"""Subcommands that live next to the code they drive, registered with the main CLI."""

from __future__ import annotations

import argparse
from collections.abc import Callable

__all__ = ["REGISTRY"]

Maker = Callable[..., argparse.ArgumentParser]


def _neo4j(sub: argparse._SubParsersAction, make: Maker) -> None:
    from graphbuild.cli_neo4j import add_commands

    add_commands(sub)


REGISTRY: list[Callable[[argparse._SubParsersAction, Maker], None]] = [_neo4j]
