"""Rewrite samples/expected/*.json from the current extractor (run after an intended change).

    python tests/tools/update_expected.py

Review the diff before committing: these files are what the regression test holds the
extractor to.
"""

from __future__ import annotations

import json
from pathlib import Path

from congress_extract import extract

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def main() -> None:
    out = SAMPLES / "expected"
    out.mkdir(exist_ok=True)
    for path in sorted(SAMPLES.glob("*.txt")):
        record = extract(path.read_bytes(), path=f"samples/{path.name}").to_dict()
        (out / f"{path.stem}.json").write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {out / (path.stem + '.json')}")


if __name__ == "__main__":
    main()
