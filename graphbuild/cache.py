"""The per-plan cache of ``graphbuild build``: what each plan's steps produced, on disk.

It lives beside the output folder (``.NAME.cache/`` for ``--out NAME``) and holds, per
plan key (:func:`plan_key`): ``plans/KEY.pickle`` (the extraction,
:class:`graphbuild.build.PlanResult`), ``summaries/KEY.pickle`` (its
:class:`graphbuild.summary.PlanSummary`), ``fragments/KEY/`` (its share of each output
file); and per graph key (:meth:`graphbuild.workers.GraphJob.digest`): ``graphs/KEY.nt``
(the plan's sorted N-Triples lines) and ``graphs/KEY.pickle`` (its SHACL result). A
damaged or missing entry is a miss; every entry is written under a temporary name first.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from graphbuild.analyse.corrections import corrections_path
from graphbuild.settings import PACKAGE_DIR

__all__ = ["PlanCache", "cache_dir", "code_version", "plan_key"]

#: Bumped when what the cache holds changes shape.
CACHE_FORMAT = "2"


@cache
def code_version() -> str:
    """A digest of the package's code and tables: a cached plan is stale when it changes."""
    digest = hashlib.sha256(CACHE_FORMAT.encode())
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".csv", ".toml", ".json", ".txt", ".ttl"):
            if "app" in path.relative_to(PACKAGE_DIR).parts[:1]:
                continue
            digest.update(str(path.relative_to(PACKAGE_DIR)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def cache_dir(out: Path) -> Path:
    """Where the per-plan cache of a build into ``out`` lives."""
    out = Path(out).resolve()
    return out.parent / f".{out.name}.cache"


def plan_key(path: Path, options: dict[str, str]) -> str:
    """The key of a plan file's results: its name and bytes, its ``.meta.toml`` and
    ``.corrections.csv``, the build's options and :func:`code_version`."""
    digest = hashlib.sha256(code_version().encode())
    digest.update(path.name.encode())
    digest.update(path.read_bytes())
    for side in (path.with_name(path.stem + ".meta.toml"), corrections_path(path)):
        digest.update(b"\0" + side.name.encode())
        if side.exists():
            digest.update(side.read_bytes())
    digest.update(json.dumps(options, sort_keys=True).encode())
    return digest.hexdigest()


class PlanCache:
    """Pickled results and files by key under ``folder/kind/``."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def path(self, kind: str, key: str, suffix: str = ".pickle") -> Path:
        """Where an entry lives."""
        return self.folder / kind / f"{key}{suffix}"

    def get(self, kind: str, key: str) -> Any:
        """The pickled entry, or None when it is missing or damaged."""
        try:
            with self.path(kind, key).open("rb") as fh:
                return pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None

    def put(self, kind: str, key: str, value: Any) -> None:
        """Keep ``value`` pickled (replacing the entry as a whole)."""
        self.write(self.path(kind, key), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    @staticmethod
    def write(path: Path, data: bytes) -> None:
        """Write a file under a temporary name, then put it in place."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)

    def fragments(self, key: str) -> Path:
        """The folder of a plan's rendered output fragments."""
        return self.folder / "fragments" / key

    def keep_only(self, kind: str, keys: set[str]) -> None:
        """Forget entries no plan of this build uses (the cache does not grow forever)."""
        if not (self.folder / kind).is_dir():
            return
        for path in (self.folder / kind).iterdir():
            name = path.name.split(".", 1)[0]
            if name in keys:
                continue
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
