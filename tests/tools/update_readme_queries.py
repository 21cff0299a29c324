"""Rewrite the printed output of the README's example queries from a real run.

    python tests/tools/update_readme_queries.py   # builds ../shared/corpus into a temporary a.sqlite

The README's archive section shows `$ sqlite3 -header -column a.sqlite "..."` commands
with what they print over ../shared/corpus. When the rules change, so do the rows: this
runs each command again (with the sqlite3 shell, as the README does) and puts its output
in place. Review the diff before committing.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
CORPUS = ROOT.parent / "shared" / "corpus"
# A command, and what it printed up to the next command or the end of the code block.
EXAMPLE = re.compile(r'(\$ (sqlite3 -header -column a\.sqlite "\n.*?;")\n)(.*?)(?=\n\n\$ |\n```)', re.S)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "congress_extract", "extract", str(CORPUS), "-o", f"{tmp}/a.sqlite",
                        "--no-progress"], check=True)

        def rerun(m: re.Match) -> str:
            out = subprocess.run(m.group(2), shell=True, cwd=tmp, check=True, capture_output=True, text=True).stdout
            return m.group(1) + "\n".join(line.rstrip() for line in out.rstrip("\n").split("\n"))

        text = README.read_text(encoding="utf-8")
        README.write_text(EXAMPLE.sub(rerun, text), encoding="utf-8")
    print(f"rewrote the example queries' output in {README}")


if __name__ == "__main__":
    main()
