"""The local Neo4j's password: kept in the data dir (mode 600) and reused by later starts."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from graphbuild import settings
from graphbuild.errors import Neo4jServerError

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "PASSWORD_FILE",
    "read_password",
    "resolve_password",
    "write_password",
]

MIN_PASSWORD_LENGTH = 8  # Neo4j 5 default of dbms.security.auth_minimum_password_length
PASSWORD_FILE = "password"


def read_password(data_dir: Path) -> str | None:
    try:
        pw = (data_dir / PASSWORD_FILE).read_text().strip()
    except OSError:
        return None
    return pw or None


def write_password(data_dir: Path, password: str) -> None:
    path = data_dir / PASSWORD_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, (password + "\n").encode())
    finally:
        os.close(fd)


def resolve_password(password: str | None, data_dir: Path) -> str:
    """Argument, else env ``NEO4J_PASSWORD``, else the stored one, else a new random one."""
    pw = password or settings.env("NEO4J_PASSWORD") or read_password(data_dir)
    if pw is None:
        pw = secrets.token_urlsafe(24)
    if len(pw) < MIN_PASSWORD_LENGTH:
        raise Neo4jServerError(
            f"the Neo4j password must have at least {MIN_PASSWORD_LENGTH} characters; "
            "choose a longer NEO4J_PASSWORD (or unset it to get a random one)"
        )
    return pw
