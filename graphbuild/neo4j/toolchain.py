"""The local Neo4j's toolchain: the launcher built with Maven, and the Java that runs it.

``tools/neo4j`` is a tiny Maven project whose launcher runs Neo4j embedded; :func:`ensure_built`
fetches its jars from Maven Central on first use (see :mod:`graphbuild.neo4j.server`, which
starts and stops it).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from graphbuild import settings
from graphbuild.errors import Neo4jServerError

__all__ = [
    "LAUNCHER_JAR",
    "LIB_DIR",
    "NEO4J_VERSION_LINE",
    "TARGET_DIR",
    "ensure_built",
    "file_lock",
    "java_executable",
]

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TOOL_DIR = PROJECT_ROOT / "tools" / "neo4j"
TARGET_DIR = TOOL_DIR / "target"
LAUNCHER_JAR = TARGET_DIR / "neo4j-launcher.jar"
LIB_DIR = TARGET_DIR / "lib"
BUILD_STAMP = TARGET_DIR / "build.stamp"
MAVEN_LOG = TARGET_DIR / "maven.log"
NEO4J_VERSION_LINE = "5.26"


def _source_digest() -> str:
    """Hash of the launcher's sources: a change of version or code triggers a rebuild."""
    h = hashlib.sha256()
    files = [TOOL_DIR / "pom.xml", *sorted((TOOL_DIR / "src").rglob("*.java"))]
    for f in files:
        h.update(f.relative_to(TOOL_DIR).as_posix().encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def _is_built(digest: str) -> bool:
    try:
        stamp = BUILD_STAMP.read_text().strip()
    except OSError:
        return False
    return (
        stamp == digest
        and LAUNCHER_JAR.is_file()
        and any(LIB_DIR.glob(f"neo4j-{NEO4J_VERSION_LINE}.*.jar"))
    )


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on *path* (created if missing) for the ``with`` block."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _maven_error_line(text: str) -> str:
    """The first meaningful ``[ERROR]`` line of Maven output, shortened to one line."""
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("[ERROR]") and len(line) > len("[ERROR] "):
            return line[len("[ERROR] ") :][:300]
    return "no [ERROR] line in the output"


def ensure_built(verbose: bool = False) -> Path:
    """Build the launcher with Maven unless its jars are already there.

    The first call downloads Neo4j 5.26 Community and its dependencies from Maven Central
    (about 125 MB) into ``tools/neo4j/target/lib``; it says so on stderr. A stamp file with a
    hash of ``pom.xml`` and the Java sources makes later calls return at once, and makes a
    change of those sources rebuild.

    Parameters
    ----------
    verbose : bool, default False
        Stream Maven's output to stderr instead of only writing it to
        ``tools/neo4j/target/maven.log``.

    Returns
    -------
    pathlib.Path
        The build folder (``tools/neo4j/target``) holding ``neo4j-launcher.jar`` and ``lib/``.

    Raises
    ------
    Neo4jServerError
        When Maven or Java is missing, or the Maven build fails.
    """
    digest = _source_digest()
    if _is_built(digest):
        return TARGET_DIR
    with file_lock(TARGET_DIR / ".build.lock"):
        if _is_built(digest):  # built by a concurrent caller meanwhile
            return TARGET_DIR
        mvn = shutil.which("mvn")
        if mvn is None:
            raise Neo4jServerError(
                "Maven ('mvn') is not on PATH, so Neo4j cannot be fetched; "
                "install Maven 3.8+ (e.g. 'apt-get install maven') and retry"
            )
        java_executable()  # Maven needs Java too: fail with the clearer message
        print(
            f"Fetching Neo4j {NEO4J_VERSION_LINE} Community from Maven Central (first start only)…",
            file=sys.stderr,
            flush=True,
        )
        # Jars of an older version must not stay on the classpath.
        shutil.rmtree(LIB_DIR, ignore_errors=True)
        BUILD_STAMP.unlink(missing_ok=True)
        cmd = [mvn, "-B", "-f", str(TOOL_DIR / "pom.xml"), "package"]
        t0 = time.monotonic()
        try:
            if verbose:
                proc = subprocess.run(
                    cmd,
                    stdout=sys.stderr,
                    stderr=subprocess.STDOUT,
                    timeout=1800,
                    check=False,
                )
                output = ""
            else:
                proc = subprocess.run(
                    cmd,
                    capture_output=True,
                    text=True,
                    errors="replace",
                    timeout=1800,
                    check=False,
                )
                output = proc.stdout + proc.stderr
                TARGET_DIR.mkdir(parents=True, exist_ok=True)
                MAVEN_LOG.write_text(output)
        except subprocess.TimeoutExpired as exc:
            raise Neo4jServerError(
                "Maven did not finish building tools/neo4j within 30 minutes; "
                "check that Maven Central is reachable and retry"
            ) from exc
        except OSError as exc:
            raise Neo4jServerError(f"cannot run Maven ({exc}); check the Maven install") from exc
        if proc.returncode != 0:
            where = "the output above" if verbose else str(MAVEN_LOG)
            raise Neo4jServerError(
                f"Maven failed to build tools/neo4j (exit {proc.returncode}: "
                f"{_maven_error_line(output)}); see {where}, check that Maven Central is "
                "reachable and retry"
            )
        if not LAUNCHER_JAR.is_file() or not any(LIB_DIR.glob("*.jar")):
            raise Neo4jServerError(
                f"Maven succeeded but {LAUNCHER_JAR} or {LIB_DIR}/*.jar is missing; "
                "check tools/neo4j/pom.xml"
            )
        BUILD_STAMP.write_text(digest + "\n")
        print(
            f"Neo4j jars ready in {time.monotonic() - t0:.0f} s.",
            file=sys.stderr,
            flush=True,
        )
    return TARGET_DIR


def java_executable() -> str:
    """Path of ``java``: ``$JAVA_HOME/bin/java`` if it exists, else ``java`` on PATH."""
    java_home = settings.env("JAVA_HOME")
    if java_home:
        candidate = Path(java_home) / "bin" / "java"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    java = shutil.which("java")
    if java is None:
        raise Neo4jServerError(
            "Java ('java') is not on PATH nor in JAVA_HOME; install a JDK 17 or 21 "
            "(e.g. 'apt-get install openjdk-17-jdk-headless') and retry"
        )
    return java
