"""How fast the app answers in a real browser, on the embedded store and on Neo4j.

Usage: python benchmarks/app_timing.py [--rounds 2] [--no-neo4j] [--json FILE]

For each backend: starts ``graphbuild app`` on a free port (a private build of the seed
plans), opens it in headless Chromium (Debian's ``/usr/bin/chromium``) and prints

* the time from starting the app to the first page being fully rendered in the browser,
* the time for each page to render after navigating to it from the sidebar, per round
  (round 1: the first visit of a session, caches cold; round 2: warm).

"Fully rendered" means: the page has its title, Streamlit reports nothing running or
stale, and the text of the main area has not changed for 0.8 s (that quiet time is
included in every figure). Neo4j: the server named by NEO4J_URI (loaded with
``graphbuild load``), else a private local one that this script starts, loads and stops.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = os.environ.get("GRAPHBUILD_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAGES = ["overview", "ask", "compare", "agency", "task", "governance", "explorer", "documents"]

#: True once the main area has a title, nothing is running or stale, and its text has not
#: changed for 800 ms.
SETTLED = """() => {
  const m = document.querySelector('[data-testid="stMain"]');
  if (!m || !m.querySelector('h1')) return false;
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  const n = m.innerText.length, now = Date.now();
  if (window.__gbLen !== n) { window.__gbLen = n; window.__gbSince = now; return false; }
  return now - window.__gbSince > 800;
}"""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_settled(page: Any, timeout: float = 120_000) -> None:
    """Wait until the Streamlit page has finished rendering."""
    page.evaluate("() => { window.__gbLen = -1; }")
    page.wait_for_function(SETTLED, timeout=timeout, polling=100)


def start_app(
    build: Path, port: int, env: dict[str, str] | None = None, timeout: float = 90
) -> subprocess.Popen:
    """`graphbuild app` on 127.0.0.1:port; returns once its health check answers."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "graphbuild",
            "app",
            "--port",
            str(port),
            "--address",
            "127.0.0.1",
            "--build",
            str(build),
            "-q",
        ],
        cwd=ROOT,
        env=dict(os.environ, **(env or {})),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
            raise RuntimeError(f"the app exited with {proc.returncode}: {out[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return proc
        except OSError:
            time.sleep(0.1)
    stop_app(proc)
    raise RuntimeError(f"the app did not answer within {timeout:.0f} s")


def stop_app(proc: subprocess.Popen) -> None:
    """Stop the server started by :func:`start_app` (that one process only)."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
    if proc.stdout:
        proc.stdout.close()


@contextlib.contextmanager
def browser(viewport: tuple[int, int] = (1400, 1800)) -> Iterator[Any]:
    """A fresh headless Chromium context (Debian's binary, a throw-away profile)."""
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="gb-chromium-")
    try:
        with sync_playwright() as pw:
            ctx = pw.chromium.launch_persistent_context(
                profile,
                executable_path=CHROMIUM,
                args=ARGS,
                headless=True,
                viewport={"width": viewport[0], "height": viewport[1]},
                locale="zh-CN",
            )
            try:
                yield ctx
            finally:
                ctx.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def private_build() -> Path:
    """The seed plans built into a temporary folder."""
    from graphbuild.build import build_corpus
    from graphbuild.store import render_outputs, write_outputs

    out = Path(tempfile.mkdtemp(prefix="gb-app-bench-")) / "build"
    corpus, resolver = build_corpus(ROOT / "data" / "raw")
    write_outputs(render_outputs(corpus, resolver), out)
    return out


def measure(build: Path, env: dict[str, str], rounds: int) -> dict[str, Any]:
    """Start-to-first-page and per-page navigation times for one backend."""
    with browser() as ctx:
        page = ctx.new_page()
        page.goto("about:blank")
        started = time.perf_counter()
        port = free_port()
        proc = start_app(build, port, env)
        try:
            healthy = time.perf_counter() - started
            page.goto(f"http://127.0.0.1:{port}/")
            wait_settled(page)
            first = time.perf_counter() - started
            backend = page.locator(
                '[data-testid="stSidebar"] [data-testid="stAlert"]'
            ).first.inner_text()
            pages: dict[str, list[float]] = {p: [] for p in PAGES}
            for _ in range(rounds):
                for name in [*PAGES[1:], PAGES[0]]:
                    link = page.locator(
                        f'[data-testid="stSidebarNav"] a[href$="/{name}"]'
                        if name != "overview"
                        else '[data-testid="stSidebarNav"] a'
                    ).first
                    t0 = time.perf_counter()
                    link.click()
                    page.wait_for_url(f"**/{'' if name == 'overview' else name}*")
                    wait_settled(page)
                    pages[name].append(time.perf_counter() - t0)
                    if page.locator('[data-testid="stException"]').count():
                        raise RuntimeError(f"{name}: the page shows an exception")
        finally:
            stop_app(proc)
    return {
        "health_s": healthy,
        "first_page_s": first,
        "pages_s": pages,
        "backend": backend.replace("\n", " "),
    }


@contextlib.contextmanager
def neo4j_env(build: Path) -> Iterator[dict[str, str]]:
    """Settings of a loaded Neo4j: NEO4J_URI's, else a private local server."""
    from graphbuild.neo4j import server as neo4j_server
    from graphbuild.neo4j.client import connect
    from graphbuild.neo4j.load import build_rows, load

    if os.environ.get("NEO4J_URI"):
        yield {"GRAPHBUILD_BACKEND": "neo4j"}
        return
    tmp = tempfile.mkdtemp(prefix="gb-app-bench-neo4j-")
    password = secrets.token_urlsafe(18)
    print("starting a private Neo4j for the benchmark…", file=sys.stderr, flush=True)
    uri = neo4j_server.start(port=free_port(), data_dir=tmp, password=password)
    try:
        settings = {"uri": uri, "user": "neo4j", "password": password, "database": "neo4j"}
        with connect(settings) as conn:
            load(conn, build_rows(build), replace=True, progress=False)
        yield {
            "GRAPHBUILD_BACKEND": "neo4j",
            "NEO4J_URI": uri,
            "NEO4J_USER": "neo4j",
            "NEO4J_PASSWORD": password,
            "NEO4J_DATABASE": "neo4j",
        }
    finally:
        neo4j_server.stop(tmp)
        shutil.rmtree(tmp, ignore_errors=True)


def report(name: str, result: dict[str, Any]) -> None:
    print(f"\n== {name}  ({result['backend']})")
    print(f"start → server healthy            {result['health_s']:6.2f} s")
    print(f"start → first page fully rendered  {result['first_page_s']:6.2f} s")
    rounds = len(next(iter(result["pages_s"].values())))
    print(f"{'page':<12}" + "".join(f"  round {i + 1:>2} (s)" for i in range(rounds)))
    for page, times in result["pages_s"].items():
        print(f"{page:<12}" + "".join(f"  {t:12.2f}" for t in times))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="visits of every page")
    parser.add_argument("--no-neo4j", action="store_true", help="embedded store only")
    parser.add_argument("--json", type=Path, help="also write the figures here as JSON")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"error: {CHROMIUM} is missing; apt-get install chromium", file=sys.stderr)
        return 2
    build = private_build()
    results: dict[str, Any] = {}
    try:
        results["embedded"] = measure(
            build, {"GRAPHBUILD_BACKEND": "embedded", "NEO4J_URI": ""}, args.rounds
        )
        report("embedded store", results["embedded"])
        if not args.no_neo4j:
            try:
                with neo4j_env(build) as env:
                    results["neo4j"] = measure(build, env, args.rounds)
                report("Neo4j", results["neo4j"])
            except Exception as exc:
                print(f"\n== Neo4j: not measured ({type(exc).__name__}: {exc})")
    finally:
        shutil.rmtree(build.parent, ignore_errors=True)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
