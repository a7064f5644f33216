"""Real tests of the local Neo4j server: no mocks, a JVM runs Neo4j 5.26 Community."""

from __future__ import annotations

import argparse
import json
import stat
from pathlib import Path
from typing import Any

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError

from graphbuild.cli import neo4j as cli_neo4j
from graphbuild.neo4j import server as neo4j_server
from tests.neo4j_fixtures import free_port, neo4j_driver, neo4j_settings  # noqa: F401


def _local_only(settings: dict[str, Any]) -> Path:
    if settings["data_dir"] is None:
        pytest.skip("NEO4J_URI names an external server; this test needs the local one")
    return Path(settings["data_dir"])


def _launchers_on(data_dir: Path) -> list[int]:
    """Pids of launcher processes whose command line names *data_dir* (Linux /proc)."""
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            args = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        text = [a.decode(errors="replace") for a in args]
        if neo4j_server.MAIN_CLASS in text and str(data_dir.resolve()) in text:
            pids.append(int(proc.name))
    return pids


@pytest.mark.neo4j
def test_server_answers_return_1(neo4j_driver, neo4j_settings):  # noqa: F811
    records, _, _ = neo4j_driver.execute_query(
        "RETURN 1 AS one", database_=neo4j_settings["database"]
    )
    assert [r["one"] for r in records] == [1]


@pytest.mark.neo4j
def test_server_is_community_5_26(neo4j_driver, neo4j_settings):  # noqa: F811
    records, _, _ = neo4j_driver.execute_query(
        "CALL dbms.components() YIELD name, versions, edition "
        "RETURN name, versions[0] AS version, edition",
        database_="system",
    )
    (row,) = records
    assert row["name"] == "Neo4j Kernel"
    if neo4j_settings["source"] == "local":
        assert row["version"].startswith("5.26.")
        assert row["edition"] == "community"


@pytest.mark.neo4j
def test_status_reports_running(neo4j_settings):  # noqa: F811
    data_dir = _local_only(neo4j_settings)
    st = neo4j_server.status(data_dir)
    assert st["running"] is True
    assert st["ready"] is True
    assert isinstance(st["pid"], int)
    assert st["uri"] == neo4j_settings["uri"]
    assert Path(st["data_dir"]) == data_dir.resolve()
    assert (data_dir / "neo4j.pid").read_text().strip() == str(st["pid"])


@pytest.mark.neo4j
def test_wrong_password_is_rejected(neo4j_settings):  # noqa: F811
    wrong = "not-" + neo4j_settings["password"]
    auth = (neo4j_settings["user"], wrong)
    with GraphDatabase.driver(neo4j_settings["uri"], auth=auth) as d, pytest.raises(AuthError):
        d.verify_connectivity()


@pytest.mark.neo4j
def test_second_start_returns_same_uri_without_new_process(neo4j_settings):  # noqa: F811
    data_dir = _local_only(neo4j_settings)
    before = neo4j_server.status(data_dir)["pid"]
    # Another port on purpose: the running server wins, nothing new is started.
    uri = neo4j_server.start(
        port=free_port(), data_dir=data_dir, password=neo4j_settings["password"]
    )
    assert uri == neo4j_settings["uri"]
    assert neo4j_server.status(data_dir)["pid"] == before
    if Path("/proc/self").exists():
        assert _launchers_on(data_dir) == [before]


@pytest.mark.neo4j
def test_password_file_is_private(neo4j_settings):  # noqa: F811
    data_dir = _local_only(neo4j_settings)
    pw_file = data_dir / "password"
    assert pw_file.read_text().strip() == neo4j_settings["password"]
    assert stat.S_IMODE(pw_file.stat().st_mode) == 0o600


@pytest.mark.neo4j
def test_connection_settings_find_local_server(neo4j_settings, monkeypatch):  # noqa: F811
    data_dir = _local_only(neo4j_settings)
    for var in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(var, raising=False)
    settings = neo4j_server.connection_settings(data_dir)
    assert settings == {
        "uri": neo4j_settings["uri"],
        "user": "neo4j",
        "password": neo4j_settings["password"],
        "database": "neo4j",
        "source": "local",
    }
    monkeypatch.setenv("NEO4J_URI", "bolt://example.invalid:7687")
    monkeypatch.setenv("NEO4J_PASSWORD", "from-env-123")
    settings = neo4j_server.connection_settings(data_dir)
    assert settings["uri"] == "bolt://example.invalid:7687"
    assert settings["password"] == "from-env-123"
    assert settings["source"] == "env"


@pytest.mark.neo4j
def test_neo4j_uri_of_the_local_server_uses_its_password(
    neo4j_settings,  # noqa: F811
    build_dir,
    monkeypatch,
    capsys,
):
    """The --help example: `export NEO4J_URI=$(graphbuild neo4j start)` then `graphbuild
    load`, NEO4J_PASSWORD unset. The server's stored password is used (it was refused)."""
    from graphbuild.cli.main import main

    data_dir = _local_only(neo4j_settings)
    monkeypatch.setattr(neo4j_server, "DEFAULT_DATA_DIR", data_dir)
    for var in ("NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(var, raising=False)
    port = int(neo4j_settings["uri"].rsplit(":", 1)[1])
    for uri in (neo4j_settings["uri"], f"bolt://localhost:{port}", f"neo4j://127.0.0.1:{port}"):
        monkeypatch.setenv("NEO4J_URI", uri)
        settings = neo4j_server.connection_settings()
        assert settings["password"] == neo4j_settings["password"], uri
        assert settings["source"] == "env"
    # another server's URI does not get this one's password
    monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{port + 1}")
    assert neo4j_server.connection_settings()["password"] is None
    monkeypatch.setenv("NEO4J_URI", neo4j_settings["uri"])
    assert main(["load", "--build", str(build_dir), "-q"]) == 0, capsys.readouterr().err


@pytest.mark.neo4j
def test_busy_port_is_a_clear_error(neo4j_settings, tmp_path):  # noqa: F811
    _local_only(neo4j_settings)
    port = int(neo4j_settings["uri"].rsplit(":", 1)[1])
    with pytest.raises(neo4j_server.Neo4jServerError, match=f"port {port} .* in use"):
        neo4j_server.start(port=port, data_dir=tmp_path / "other", password="x" * 12)
    assert neo4j_server.status(tmp_path / "other")["running"] is False


def test_stop_without_server_returns_false(tmp_path):
    assert neo4j_server.stop(tmp_path / "never-started") is False
    st = neo4j_server.status(tmp_path / "never-started")
    assert st["running"] is False and st["pid"] is None and st["uri"] is None


def _cli(*argv: str) -> tuple[argparse.ArgumentParser, argparse.Namespace]:
    parser = argparse.ArgumentParser(prog="graphbuild")
    cli_neo4j.add_commands(parser.add_subparsers(dest="command", required=True))
    return parser, parser.parse_args(list(argv))


@pytest.mark.neo4j
def test_cli_status_json_and_start(neo4j_settings, capsys):  # noqa: F811
    data_dir = _local_only(neo4j_settings)
    _, args = _cli("neo4j", "status", "--data", str(data_dir), "--format", "json")
    assert args.func(args) == 0
    st = json.loads(capsys.readouterr().out)
    assert st["running"] is True and st["uri"] == neo4j_settings["uri"]

    _, args = _cli("neo4j", "start", "--data", str(data_dir))
    assert args.func(args) == 0
    assert capsys.readouterr().out.strip() == neo4j_settings["uri"]


@pytest.mark.neo4j
def test_cli_reports_errors_on_stderr(neo4j_settings, tmp_path, capsys):  # noqa: F811
    _local_only(neo4j_settings)
    port = neo4j_settings["uri"].rsplit(":", 1)[1]
    _, args = _cli("neo4j", "start", "--port", port, "--data", str(tmp_path / "x"))
    assert args.func(args) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: port ") and err.count("\n") == 1


def test_cli_help_has_examples(capsys):
    for sub in ("start", "stop", "status"):
        parser, _ = _cli("neo4j", "status")
        with pytest.raises(SystemExit):
            parser.parse_args(["neo4j", sub, "--help"])
        assert "examples:" in capsys.readouterr().out
