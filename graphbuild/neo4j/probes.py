"""Probes of the local server: is a port taken, why did the launcher stop (from its log)."""

from __future__ import annotations

import errno
import socket

__all__ = ["log_problem", "port_in_use"]


def log_problem(text: str) -> str:
    """A one-line summary of why the launcher stopped, from its log."""
    for line in text.splitlines():
        if line.startswith("ERROR:"):
            return line[len("ERROR:") :].strip()[:300]
    for line in reversed(text.splitlines()):
        if "Exception" in line or "Error" in line:
            return line.strip()[:300]
    return "no error message in the log"


def port_in_use(port: int) -> bool:
    """True when something listens on ``127.0.0.1:port``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        # Like the JVM's server socket: a port in TIME_WAIT is free, a listener is not.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                return True
            raise
    return False
