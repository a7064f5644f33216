"""Did an extraction change move the seed plans? Diff (task, unit, role) against a revision.

Usage:
  python benchmarks/seed_diff.py                 # against 9f715c8, the foundation build
  python benchmarks/seed_diff.py --rev main~3 --input data/raw

Checks out REV into a temporary git worktree, builds INPUT there and in this working tree
(``graphbuild build --no-validate``), and prints how many tasks each build has and every task
whose units or roles differ. The foundation revision is the one whose output was measured
against the independent gold set (precision, recall and lead accuracy 1.000 on 389 tasks),
so "no differences" means the seed plans are still at their foundation figures.
Exit status: 0 no differences, 1 differences, 2 the revision or a build failed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOUNDATION = "9f715c8"

Triples = dict[str, list[tuple[str, str]]]


def _build(checkout: Path, docs: Path, out: Path) -> Triples:
    """Build DOCS with the code in CHECKOUT; task id → sorted (unit, role)."""
    cmd = [sys.executable, "-m", "graphbuild", "build", "--input", str(docs), "--out", str(out)]
    done = subprocess.run(
        [*cmd, "-q", "--no-validate"], cwd=checkout, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"build in {checkout} failed: {done.stderr.strip()[-300:]}")
    rows = (json.loads(line) for line in (out / "tasks.jsonl").read_text("utf-8").splitlines())
    return {r["id"]: sorted((u["name"], u["role"]) for u in r["units"]) for r in rows}


def main() -> int:
    """Print the differences; see the module docstring for the exit status."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rev", default=FOUNDATION, help=f"git revision (default {FOUNDATION})")
    parser.add_argument("--input", type=Path, default=ROOT / "data" / "raw")
    args = parser.parse_args()
    docs = args.input.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "rev"
        add = ["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(tree), args.rev]
        done = subprocess.run(add, capture_output=True, text=True)
        if done.returncode != 0:
            print(f"cannot check out {args.rev}: {done.stderr.strip()}", file=sys.stderr)
            return 2
        try:
            old = _build(tree, docs, Path(tmp) / "old")
            new = _build(ROOT, docs, Path(tmp) / "new")
        finally:
            remove = ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)]
            subprocess.run(remove, capture_output=True)
    changed = sorted(t for t in old.keys() & new.keys() if old[t] != new[t])
    print(f"tasks: {len(old)} at {args.rev}, {len(new)} now; units or roles differ: {len(changed)}")
    for task in sorted(old.keys() - new.keys()):
        print(f"  gone   {task}")
    for task in sorted(new.keys() - old.keys()):
        print(f"  new    {task}")
    for task in changed:
        print(f"  {task}\n    was {old[task]}\n    now {new[task]}")
    return int(bool(changed or old.keys() != new.keys()))


if __name__ == "__main__":
    sys.exit(main())
