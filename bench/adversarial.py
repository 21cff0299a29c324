"""CPU seconds per megabyte of adversarial input, on this machine (`python bench/run.py --adversarial`).

The inputs are those of tests/test_adversarial.py (tests/adversarial_inputs.py): for every
rule file, 1 MB of its own words in hostile shapes, and 1 MB of each trigger the
robustness issue names repeated. The tests assert only that time grows linearly with
size (a machine's speed is no test's business); the target of the robustness work,
under 2 CPU seconds per megabyte on the 2-core development machine, is reported here.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 2.0  # CPU seconds for 1 MB of any adversarial input
CAP = 60  # CPU seconds: a run still going then is reported as stopped


def cases():
    """(label, 1 MB of input) for every rule file and every named trigger."""
    from tests.adversarial_inputs import MB, RULE_FILES, TRIGGERS, adversarial, repeated

    for name in RULE_FILES:
        yield name.removesuffix(".toml") + " (its own words)", adversarial(name, MB).encode("utf-8")
    for case_id, _, unit in TRIGGERS:
        yield f"{case_id} ({unit.strip()[:20]!r} repeated)", repeated(unit, MB).encode("utf-8")


def report() -> str:
    """A markdown table: CPU seconds per input, and whether each is under TARGET."""
    sys.path.insert(0, str(ROOT))  # the inputs are the tests' own
    from tests.adversarial_inputs import timed_extract

    rows = ["| adversarial input, 1 MB | CPU s | under 2 s |", "|---|---|---|"]
    for label, data in cases():
        timing = timed_extract(data, CAP, CAP * 10)
        if timing is None:
            rows.append(f"| {label} | stopped after {CAP} s | no |")
            continue
        print(f"  {label}: {timing.cpu:.2f} CPU s", file=sys.stderr)
        rows.append(f"| {label} | {timing.cpu:.2f} | {'yes' if timing.cpu < TARGET else 'no'} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(report())
