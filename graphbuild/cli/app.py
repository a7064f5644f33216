"""``graphbuild app``: start the Streamlit app headless (builds the graph first if needed).

Registered with the main CLI through :data:`graphbuild.cli.main.COMMANDS`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from graphbuild import settings
from graphbuild.settings import APP_FILE

__all__ = ["APP_FILE", "add_commands", "cmd_app", "streamlit_command"]


_EXAMPLES = """\
  graphbuild app                          # http://localhost:8501, embedded store
  graphbuild app --port 8600             # when 8501 is taken (./run app --port 8600 too)
  graphbuild app --build /tmp/graph       # read another build folder
  NEO4J_URI=bolt://127.0.0.1:7687 NEO4J_PASSWORD=… graphbuild app   # answer from Neo4j

Builds the graph into the build folder first when it has no model.json. The sidebar of
the app says which backend answers the questions. Stop it with Ctrl-C.
"""


def streamlit_command(port: int, address: str | None = None) -> list[str]:
    """The command line that runs the app with this Python's Streamlit, headless."""
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP_FILE),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        "--client.toolbarMode",
        "minimal",
    ]
    if address:
        cmd += ["--server.address", address]
    return cmd


def port_in_use(port: int, address: str | None = None) -> bool:
    """Is something already listening on ``port`` (where the app would bind)?"""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((address or "", port))
        except OSError:
            return True
    return False


def free_port(start: int, address: str | None = None, tries: int = 50) -> int | None:
    """The first port from ``start`` on that nothing listens on."""
    return next((p for p in range(start, start + tries) if not port_in_use(p, address)), None)


def cmd_app(args: argparse.Namespace) -> int:
    """Build if needed, then run Streamlit in the foreground; return its exit code."""
    from graphbuild.errors import EXIT_INPUT

    if port_in_use(args.port, args.address):
        other = free_port(args.port + 1, args.address) or args.port + 1
        print(
            f"error: port {args.port} is already in use (another app is running?); choose "
            f"another: `./run app --port {other}` or `graphbuild app --port {other}` "
            "(or set GRAPHBUILD_APP_PORT)",
            file=sys.stderr,
        )
        return EXIT_INPUT
    build = Path(args.build).resolve()
    if not (build / "model.json").exists():
        from graphbuild.cli.build import build_quietly

        if not args.quiet:
            print(f"no graph in {build}; building it first", file=sys.stderr)
        code = build_quietly(build)
        if code not in (0, 1):
            return code
    if not APP_FILE.exists():
        print(f"error: {APP_FILE}: the app is missing; reinstall the project", file=sys.stderr)
        return EXIT_INPUT
    try:
        import streamlit  # noqa: F401
    except ImportError:
        print("error: streamlit is not installed; run `pip install -e .[app]`", file=sys.stderr)
        return EXIT_INPUT
    env = dict(os.environ, GRAPHBUILD_BUILD=str(build))
    if args.backend:
        env["GRAPHBUILD_BACKEND"] = args.backend
    if not args.quiet:
        where = args.address or "localhost"
        print(f"graphbuild app on http://{where}:{args.port} (Ctrl-C stops it)", file=sys.stderr)
    cmd = streamlit_command(args.port, args.address)
    sys.stdout.flush()
    sys.stderr.flush()
    if hasattr(os, "execve"):
        # the server takes over this process: a signal to it stops the app, nothing is left
        os.execve(sys.executable, cmd, env)
    try:  # pragma: no cover - platforms without exec
        return subprocess.call(cmd, env=env)
    except KeyboardInterrupt:  # pragma: no cover
        return 0


def add_commands(sub: argparse._SubParsersAction, make: Any) -> None:
    """Add the ``app`` subcommand."""
    from graphbuild.cli.options import add_build_dir

    p = make(sub, "app", "Start the app (Streamlit, headless) on the built graph.", _EXAMPLES)
    p.add_argument(
        "--port",
        type=int,
        default=settings.app_port(),
        metavar="P",
        help="port to serve on (default: 8501)",
    )
    p.add_argument(
        "--address",
        default=None,
        metavar="ADDR",
        help="address to bind (default: Streamlit's, all interfaces)",
    )
    p.add_argument(
        "--backend",
        choices=("embedded", "neo4j"),
        default=None,
        help="answer from this backend (default: neo4j when NEO4J_URI is set)",
    )
    add_build_dir(p)
    p.set_defaults(func=cmd_app)
