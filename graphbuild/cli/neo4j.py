"""``graphbuild neo4j start|stop|status``: manage the local Neo4j 5.26 Community server.

The main ``graphbuild`` CLI calls :func:`add_commands` with its sub-parsers; each command
handler takes the parsed arguments and returns the exit code.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from graphbuild.neo4j import server as neo4j_server
from graphbuild.neo4j.server import Neo4jServerError

__all__ = ["add_commands", "cmd_start", "cmd_status", "cmd_stop"]

_RAW = argparse.RawDescriptionHelpFormatter

_NEO4J_EPILOG = """\
examples:
  graphbuild neo4j start                 # first run fetches Neo4j from Maven Central
  graphbuild neo4j status --format json
  graphbuild neo4j stop

The server binds 127.0.0.1 only, with authentication on: user neo4j, password from
NEO4J_PASSWORD or the one stored (mode 600) in DATA/password on first start.
"""

_START_EPILOG = """\
examples:
  graphbuild neo4j start
  graphbuild neo4j start --port 7688 --data /tmp/kg-neo4j
  export NEO4J_URI=$(graphbuild neo4j start)

Prints the bolt:// URI on stdout once Bolt answers; progress goes to stderr. If a server
already runs on DATA, its URI is printed and nothing new is started. Password: env
NEO4J_PASSWORD, else DATA/password, else a random one that is stored in DATA/password.
Memory: GRAPHBUILD_NEO4J_HEAP (default 1g), GRAPHBUILD_NEO4J_PAGECACHE (default 256m).
"""

_STOP_EPILOG = """\
examples:
  graphbuild neo4j stop
  graphbuild neo4j stop --data /tmp/kg-neo4j

Sends SIGTERM (clean shutdown), SIGKILL after --timeout seconds.
"""

_STATUS_EPILOG = """\
examples:
  graphbuild neo4j status
  graphbuild neo4j status --format json | jq -r .uri

Exit code 0 whether or not the server runs; read "running".
"""


def _data_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        metavar="DIR",
        type=Path,
        default=None,
        help=f"server data dir (default: {neo4j_server.DEFAULT_DATA_DIR})",
    )


def add_commands(subparsers: Any, make: Any = None) -> None:
    """Register the ``neo4j`` command and its ``start``/``stop``/``status`` sub-commands.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        The object returned by ``ArgumentParser.add_subparsers()`` of the main CLI.
    """
    neo4j = subparsers.add_parser(
        "neo4j",
        help="run a local Neo4j 5.26 Community server",
        description="Fetch (first time), start, stop and inspect a local Neo4j 5.26 LTS "
        "Community server\nthat speaks Bolt on 127.0.0.1.",
        epilog=_NEO4J_EPILOG,
        formatter_class=_RAW,
    )
    sub = neo4j.add_subparsers(dest="neo4j_command", metavar="{start,stop,status}")
    sub.required = True

    p = sub.add_parser(
        "start",
        help="start the server (prints its bolt:// URI)",
        description="Start the local Neo4j server in the background and wait until Bolt answers.",
        epilog=_START_EPILOG,
        formatter_class=_RAW,
    )
    p.add_argument(
        "--port",
        type=int,
        default=neo4j_server.DEFAULT_PORT,
        metavar="P",
        help=f"Bolt port on 127.0.0.1 (default: {neo4j_server.DEFAULT_PORT})",
    )
    _data_arg(p)
    p.add_argument(
        "--timeout",
        type=float,
        default=120.0,
        metavar="S",
        help="seconds to wait for Bolt (default: 120)",
    )
    p.add_argument("--verbose", action="store_true", help="show Maven's output on the first build")
    p.set_defaults(func=cmd_start)

    p = sub.add_parser(
        "stop",
        help="stop the server",
        description="Stop the local Neo4j server.",
        epilog=_STOP_EPILOG,
        formatter_class=_RAW,
    )
    _data_arg(p)
    p.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        metavar="S",
        help="seconds to wait for a clean shutdown (default: 60)",
    )
    p.set_defaults(func=cmd_stop)

    p = sub.add_parser(
        "status",
        help="show whether the server runs",
        description="Show whether the local Neo4j server runs, its pid and URI.",
        epilog=_STATUS_EPILOG,
        formatter_class=_RAW,
    )
    _data_arg(p)
    p.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="output format (default: table)",
    )
    p.set_defaults(func=cmd_status)


def _error(exc: Neo4jServerError) -> int:
    print(f"error: {exc}", file=sys.stderr)
    return 1


def cmd_start(args: argparse.Namespace) -> int:
    """Handle ``graphbuild neo4j start``: print the bolt:// URI on stdout."""
    try:
        if getattr(args, "verbose", False):
            neo4j_server.ensure_built(verbose=True)
        uri = neo4j_server.start(port=args.port, data_dir=args.data, timeout=args.timeout)
    except Neo4jServerError as exc:
        return _error(exc)
    print(uri)
    return 0


def cmd_stop(args: argparse.Namespace) -> int:
    """Handle ``graphbuild neo4j stop``."""
    try:
        st = neo4j_server.status(args.data)
        stopped = neo4j_server.stop(args.data, timeout=args.timeout)
    except Neo4jServerError as exc:
        return _error(exc)
    if stopped:
        print(f"stopped Neo4j (pid {st['pid']}, {st['data_dir']})")
    else:
        print(f"no Neo4j server running on {st['data_dir']}")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    """Handle ``graphbuild neo4j status``: a table or one JSON object on stdout."""
    try:
        st = neo4j_server.status(args.data)
    except Neo4jServerError as exc:
        return _error(exc)
    if args.format == "json":
        print(json.dumps(st, ensure_ascii=False))
        return 0
    rows = {
        "running": "yes" if st["running"] else "no",
        "pid": st["pid"] if st["pid"] is not None else "-",
        "ready": "yes" if st["ready"] else "no",
        "uri": st["uri"] or "-",
        "data_dir": st["data_dir"],
        "log": st["log"],
    }
    width = max(len(k) for k in rows)
    for key, value in rows.items():
        print(f"{key:<{width}}  {value}")
    return 0
