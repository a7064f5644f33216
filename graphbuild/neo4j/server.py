"""Fetch, start and stop a local Neo4j 5.26 LTS Community server.

No Docker and no Neo4j download site are needed: ``tools/neo4j`` is a tiny Maven project whose
launcher runs Neo4j embedded (``DatabaseManagementServiceBuilder``) with Bolt on 127.0.0.1 and
authentication enabled. The first :func:`start` builds it with Maven (the jars come from Maven
Central into ``tools/neo4j/target/lib``); later starts reuse the jars.

Layout of a data dir (default ``<project>/.neo4j/``, git-ignored)::

    neo4j.pid     pid of the running launcher
    server.json   port, URI and pid of the running launcher
    neo4j.log     launcher stdout/stderr (truncated at each start)
    password      password of user ``neo4j`` (mode 600), reused by later starts and the CLI
    data/, logs/  the Neo4j store and its debug.log

Environment variables: ``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD`` and
``NEO4J_DATABASE`` select a server (see :func:`connection_settings`);
``GRAPHBUILD_NEO4J_HEAP`` (default ``1g``) and ``GRAPHBUILD_NEO4J_PAGECACHE`` (default ``256m``)
size the local server's memory.

Examples
--------
>>> from graphbuild.neo4j import server as neo4j_server
>>> uri = neo4j_server.start()  # doctest: +SKIP
>>> neo4j_server.connection_settings()["uri"] == uri  # doctest: +SKIP
True
>>> neo4j_server.stop()  # doctest: +SKIP
True
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from graphbuild import settings
from graphbuild.errors import Neo4jServerError
from graphbuild.neo4j.password import (
    read_password,
    resolve_password,
    write_password,
)
from graphbuild.neo4j.probes import log_problem, port_in_use
from graphbuild.neo4j.toolchain import (
    LAUNCHER_JAR,
    LIB_DIR,
    NEO4J_VERSION_LINE,
    PROJECT_ROOT,
    ensure_built,
    file_lock,
    java_executable,
)

__all__ = [
    "DEFAULT_DATA_DIR",
    "DEFAULT_PORT",
    "NEO4J_VERSION_LINE",
    "Neo4jServerError",
    "connection_settings",
    "ensure_built",
    "start",
    "status",
    "stop",
]

DEFAULT_DATA_DIR = PROJECT_ROOT / ".neo4j"
DEFAULT_PORT = 7687
DEFAULT_USER = "neo4j"
DEFAULT_DATABASE = "neo4j"
MAIN_CLASS = "graphbuild.neo4j.Launcher"
READY_MARKER = "NEO4J READY"

PID_FILE = "neo4j.pid"
STATE_FILE = "server.json"
LOG_FILE = "neo4j.log"
LOCK_FILE = ".lock"

# Flags from the neo4j.conf that ships with Neo4j 5 (minus pre-touch, which would commit the
# whole heap up front): the page cache and Netty need these opens on Java 17+.
JVM_OPTIONS: tuple[str, ...] = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
)

# Launchers started by this Python process, so they can be reaped (no zombies).
_children: dict[int, subprocess.Popen[bytes]] = {}


# --------------------------------------------------------------------------- processes


def _resolve_data_dir(data_dir: Path | str | None) -> Path:
    return (Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR).expanduser().resolve()


def _read_int(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def _read_state(data_dir: Path) -> dict[str, Any]:
    try:
        state = json.loads((data_dir / STATE_FILE).read_text())
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _pid_alive(pid: int) -> bool:
    """True when *pid* is a live process (a zombie counts as dead)."""
    child = _children.get(pid)
    if child is not None:
        if child.poll() is None:
            return True
        _children.pop(pid, None)
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    # Field 3, after the parenthesised command name, is the state.
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def _is_our_launcher(pid: int, data_dir: Path) -> bool:
    """True when *pid* runs the launcher on *data_dir* (guards against a recycled pid)."""
    if not Path("/proc/self").exists():
        return True  # no /proc here: trust the pid file
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    args = [a.decode(errors="replace") for a in argv]
    return MAIN_CLASS in args and str(data_dir) in args


def _running_pid(data_dir: Path) -> int | None:
    pid = _read_int(data_dir / PID_FILE)
    if pid is not None and _pid_alive(pid) and _is_our_launcher(pid, data_dir):
        return pid
    return None


def _clear_run_files(data_dir: Path) -> None:
    for name in (PID_FILE, STATE_FILE):
        (data_dir / name).unlink(missing_ok=True)


def _log_text(data_dir: Path) -> str:
    try:
        return (data_dir / LOG_FILE).read_text(errors="replace")
    except OSError:
        return ""


def _uri(port: int) -> str:
    return f"bolt://127.0.0.1:{port}"


# --------------------------------------------------------------------------- public API


def status(data_dir: Path | str | None = None) -> dict[str, Any]:
    """Report whether a local server runs on *data_dir*.

    Parameters
    ----------
    data_dir : pathlib.Path or str, optional
        The server's data dir; default ``<project>/.neo4j``.

    Returns
    -------
    dict
        ``running`` (bool), ``pid`` (int or None), ``uri`` (``bolt://127.0.0.1:PORT`` or None),
        ``data_dir`` (str), ``ready`` (bool: the launcher reported Bolt ready) and ``log``
        (str: path of the launcher's log).
    """
    ddir = _resolve_data_dir(data_dir)
    pid = _running_pid(ddir)
    port = _read_state(ddir).get("port") if pid is not None else None
    return {
        "running": pid is not None,
        "pid": pid,
        "uri": _uri(int(port)) if isinstance(port, int) else None,
        "data_dir": str(ddir),
        "ready": pid is not None and READY_MARKER in _log_text(ddir),
        "log": str(ddir / LOG_FILE),
    }


def _verify(uri: str, password: str) -> Exception | None:
    """Try a Bolt handshake with credentials; return the error, or None when it worked."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import DriverError, Neo4jError

    try:
        with GraphDatabase.driver(
            uri, auth=(DEFAULT_USER, password), connection_timeout=5.0
        ) as driver:
            driver.verify_connectivity()
    except (
        Neo4jError,
        DriverError,
        OSError,
    ) as exc:  # the caller decides what is fatal
        return exc
    return None


def start(
    port: int = DEFAULT_PORT,
    data_dir: Path | str | None = None,
    password: str | None = None,
    timeout: float = 120,
) -> str:
    """Start a local Neo4j server in the background and wait until Bolt answers.

    The launcher is detached (own session; it survives this Python process), logs to
    ``<data_dir>/neo4j.log`` and writes its pid to ``<data_dir>/neo4j.pid``. The first call
    builds the launcher (see :func:`ensure_built`). If a server already runs on *data_dir*,
    its URI is returned and nothing is started (*port* is then ignored).

    Parameters
    ----------
    port : int, default 7687
        Bolt port, bound on 127.0.0.1 only.
    data_dir : pathlib.Path or str, optional
        Neo4j home holding the store, logs, pid and password files; default
        ``<project>/.neo4j``.
    password : str, optional
        Password for user ``neo4j``; else env ``NEO4J_PASSWORD``; else the one stored in
        ``<data_dir>/password``; else a random one. The password in effect is stored in
        ``<data_dir>/password`` (mode 600) for later starts and the CLI.
    timeout : float, default 120
        Seconds to wait for Bolt to answer.

    Returns
    -------
    str
        ``bolt://127.0.0.1:PORT``.

    Raises
    ------
    Neo4jServerError
        Java or Maven missing, the build failing, the port busy, the server exiting during
        start-up, or Bolt not answering within *timeout*.
    """
    if not 0 < port < 65536:
        raise Neo4jServerError(f"invalid port {port}; pick one between 1024 and 65535")
    ddir = _resolve_data_dir(data_dir)
    ddir.mkdir(parents=True, exist_ok=True)
    with file_lock(ddir / LOCK_FILE):
        current = status(ddir)
        if current["running"] and current["uri"]:
            wanted = password or settings.env("NEO4J_PASSWORD")
            if wanted and wanted != read_password(ddir):
                raise Neo4jServerError(
                    f"a Neo4j server already runs on {ddir} with another password; "
                    "stop it first ('graphbuild neo4j stop') or use its stored password"
                )
            return str(current["uri"])
        _clear_run_files(ddir)

        if port_in_use(port):
            raise Neo4jServerError(
                f"port {port} on 127.0.0.1 is already in use (another Neo4j?); stop that "
                "process or start on a free port (--port)"
            )
        ensure_built()
        java = java_executable()
        pw = resolve_password(password, ddir)
        write_password(ddir, pw)

        heap = settings.env("GRAPHBUILD_NEO4J_HEAP")
        pagecache = settings.env("GRAPHBUILD_NEO4J_PAGECACHE")
        cmd = [
            java,
            "-Xms256m",
            f"-Xmx{heap}",
            *JVM_OPTIONS,
            "-cp",
            f"{LAUNCHER_JAR}{os.pathsep}{LIB_DIR / '*'}",
            MAIN_CLASS,
            "--port",
            str(port),
            "--data",
            str(ddir),
            "--pagecache",
            pagecache,
        ]
        env = dict(os.environ, NEO4J_PASSWORD=pw)
        uri = _uri(port)
        log_path = ddir / LOG_FILE
        try:
            with open(log_path, "wb") as log:
                proc = subprocess.Popen(
                    cmd,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    env=env,
                    cwd=ddir,
                    start_new_session=True,  # detached: no SIGINT/SIGHUP from our terminal
                    close_fds=True,
                )
        except OSError as exc:
            raise Neo4jServerError(f"cannot run {java} ({exc}); check the Java install") from exc
        _children[proc.pid] = proc
        (ddir / PID_FILE).write_text(f"{proc.pid}\n")
        state = {"pid": proc.pid, "port": port, "uri": uri, "started": time.time()}
        (ddir / STATE_FILE).write_text(json.dumps(state) + "\n")

        deadline = time.monotonic() + timeout
        last_error: Exception | None = None
        while True:
            rc = proc.poll()
            if rc is not None:
                _children.pop(proc.pid, None)
                _clear_run_files(ddir)
                text = _log_text(ddir)
                if "Address already in use" in text:
                    raise Neo4jServerError(
                        f"port {port} on 127.0.0.1 is already in use; stop that process or "
                        "start on a free port (--port)"
                    )
                raise Neo4jServerError(
                    f"Neo4j exited during start-up (exit {rc}: {log_problem(text)}); see {log_path}"
                )
            # The launcher sets the password before it reports ready: probing earlier would
            # only count failed logins against user neo4j.
            if READY_MARKER in _log_text(ddir):
                last_error = _verify(uri, pw)
                if last_error is None:
                    return uri
                from neo4j.exceptions import AuthError

                if isinstance(last_error, AuthError):
                    _terminate(proc.pid, ddir, 30)
                    raise Neo4jServerError(
                        f"Neo4j on {uri} rejected the password ({last_error.__class__.__name__})"
                        f"; see {log_path}"
                    )
            if time.monotonic() > deadline:
                _terminate(proc.pid, ddir, 30)
                why = f" (last error: {last_error})" if last_error else ""
                why = why.replace("\n", " ")[:300]
                raise Neo4jServerError(
                    f"Neo4j did not answer on {uri} within {timeout:g} s{why}; see {log_path}, "
                    "and retry with a longer timeout on a busy machine"
                )
            time.sleep(0.25)


def _terminate(pid: int, data_dir: Path, timeout: float) -> None:
    """SIGTERM *pid* (the launcher's clean shutdown), SIGKILL it after *timeout* seconds."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    if _pid_alive(pid):
        print(
            f"Neo4j (pid {pid}) did not stop within {timeout:g} s; killing it",
            file=sys.stderr,
            flush=True,
        )
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        while _pid_alive(pid):
            time.sleep(0.1)
    child = _children.pop(pid, None)
    if child is not None:
        child.wait()
    _clear_run_files(data_dir)


def stop(data_dir: Path | str | None = None, timeout: float = 60) -> bool:
    """Stop the local server running on *data_dir*.

    Sends SIGTERM (the launcher then shuts Neo4j down cleanly) and waits; after *timeout*
    seconds the process is killed.

    Parameters
    ----------
    data_dir : pathlib.Path or str, optional
        The server's data dir; default ``<project>/.neo4j``.
    timeout : float, default 60
        Seconds to wait for a clean shutdown before SIGKILL.

    Returns
    -------
    bool
        True when a server was stopped, False when none was running.
    """
    ddir = _resolve_data_dir(data_dir)
    if not ddir.is_dir():
        return False
    with file_lock(ddir / LOCK_FILE):
        pid = _running_pid(ddir)
        if pid is None:
            _clear_run_files(ddir)
            return False
        _terminate(pid, ddir, timeout)
        return True


def _same_server(a: str, b: str | None) -> bool:
    """Do two Bolt URIs name the same local server (localhost = 127.0.0.1, any scheme)?"""
    from urllib.parse import urlsplit

    if not b:
        return False
    local = {"localhost", "127.0.0.1", "::1"}
    ua, ub = urlsplit(a), urlsplit(b)
    ha, hb = ua.hostname or "", ub.hostname or ""
    same_host = ha == hb or (ha in local and hb in local)
    return same_host and (ua.port or 7687) == (ub.port or 7687)


def connection_settings(data_dir: Path | str | None = None) -> dict[str, Any]:
    """The Neo4j server to use: environment first, else the running local server.

    ``NEO4J_URI``, ``NEO4J_USER`` (default ``neo4j``), ``NEO4J_PASSWORD`` and
    ``NEO4J_DATABASE`` (default ``neo4j``) win. Without ``NEO4J_URI`` the URI of the local
    server running on *data_dir* is used, and without ``NEO4J_PASSWORD`` its stored password.

    Parameters
    ----------
    data_dir : pathlib.Path or str, optional
        Data dir of the local server; default ``<project>/.neo4j``.

    Returns
    -------
    dict
        ``uri``, ``user``, ``password``, ``database`` and ``source`` (``"env"``, ``"local"``,
        or None when there is no server: then ``uri`` is None; call :func:`start`).
    """
    uri = settings.env("NEO4J_URI") or None
    password = settings.env("NEO4J_PASSWORD") or None
    source: str | None = "env" if uri else None
    if uri is None:
        ddir = _resolve_data_dir(data_dir)
        st = status(ddir)
        if st["running"]:
            uri = st["uri"]
            source = "local"
            if password is None:
                password = read_password(ddir)
    elif password is None:
        # `export NEO4J_URI=$(graphbuild neo4j start)`: that server's stored password
        ddir = _resolve_data_dir(data_dir)
        st = status(ddir)
        if st["running"] and _same_server(uri, st["uri"]):
            password = read_password(ddir)
    return {
        "uri": uri,
        "user": settings.env("NEO4J_USER") or DEFAULT_USER,
        "password": password,
        "database": settings.env("NEO4J_DATABASE") or DEFAULT_DATABASE,
        "source": source,
    }
