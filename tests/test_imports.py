"""A build imports only what it uses: no machine-learning, PDF, Word, app or driver library."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"

#: Libraries a build of text plans has no use for (scikit-learn and scipy are not even
#: dependencies any more; pyshacl is the fallback when pyrudof is missing).
NOT_NEEDED = {"sklearn", "scipy", "pdfplumber", "docx", "streamlit", "pyshacl", "neo4j"}


def test_a_build_of_text_plans_imports_nothing_it_does_not_use(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from graphbuild.cli.main import main\n"
        f"code = main(['build', '--input', {str(RAW)!r}, '--out', {str(tmp_path / 'b')!r}, '-q'])\n"
        "print(code)\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    status, *modules = done.stdout.split()
    assert status == "0"
    loaded = {m.split(".")[0] for m in modules}
    assert "graphbuild" in loaded and "pyrudof" in loaded  # the build ran, and validated
    assert not loaded & NOT_NEEDED
