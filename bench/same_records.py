#!/usr/bin/env python3
"""Same records, byte for byte, from two source trees of congress-extract; and their CPU time, A/B.

A speed change must not change what the rules find. This runs every real article of
../shared/corpus/ (as text, and wrapped in bench/run.py's portal page as HTML) through
`congress_extract.extract` of a reference tree and of the tree under test, each in its own
process with its own `src/` and `patterns/`, and compares the JSON records.

    python bench/same_records.py REF_TREE [NEW_TREE]         # NEW_TREE defaults to this tree
    python bench/same_records.py REF_TREE --rounds 5         # and time both, interleaved

Both trees should carry the same rules (e.g. REF_TREE a checkout of the commit the change is
based on). Timing is in-process CPU time (time.process_time) of the extraction loop, rules
compiled beforehand, rounds interleaved A, B, A, B so that other work on the machine
weighs on both alike.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "corpus"

CHILD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from congress_extract import extract, load_rules
inputs = json.load(open(sys.argv[2], encoding="utf-8"))
mode, out = sys.argv[3], sys.argv[4]
t0 = time.process_time()
rules = load_rules()
if hasattr(rules, "compile"):  # rules that compile on first use: compile them before timing
    rules.compile()
t1 = time.process_time()
docs = [(name, kind, data.encode("utf-8") if isinstance(data, str) else data) for name, kind, data in inputs]
if mode == "dump":
    with open(out, "w", encoding="utf-8") as fh:
        for name, kind, data in docs:
            record = extract(data, path=name, rules=rules).to_dict()
            fh.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
else:
    times = {}
    for kind in ("text", "html"):
        t = time.process_time()
        for name, k, data in docs:
            if k == kind:
                extract(data, path=name, rules=rules)
        times[kind] = time.process_time() - t
    times["compile"] = t1 - t0
    print(json.dumps(times))
"""


def inputs(kinds: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """(name, kind, text) of every real article, as text and as a portal page."""
    spec = importlib.util.spec_from_file_location("bench_run", HERE / "run.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    paths = sorted(CORPUS.rglob("*.txt"))
    texts = [p.read_bytes().decode("utf-8", "replace") for p in paths]
    titles = [next((ln.strip() for ln in t.splitlines() if ln.strip()), "Tin tức")[:120] for t in texts]
    out = []
    for i, (path, text) in enumerate(zip(paths, texts)):
        name = str(path.relative_to(CORPUS))
        if "text" in kinds:
            out.append((name, "text", text))
        if "html" in kinds:
            out.append((name + ".html", "html", bench.portal_page(text, i, titles)))
    return out


def child(tree: Path, data: Path, mode: str, out: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    done = subprocess.run([sys.executable, "-c", CHILD, str(tree / "src"), str(data), mode, str(out)],
                          env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{tree}: {done.stderr}")
    return done.stdout


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("ref", type=Path)
    ap.add_argument("new", type=Path, nargs="?", default=HERE.parent)
    ap.add_argument("--rounds", type=int, default=0, help="timing rounds per tree (interleaved)")
    ap.add_argument("--kinds", default="text,html")
    ap.add_argument("--work", type=Path, default=Path("/tmp/same_records"))
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    data = args.work / "inputs.json"
    docs = inputs(tuple(args.kinds.split(",")))
    data.write_text(json.dumps(docs, ensure_ascii=False), encoding="utf-8")
    outs = {}
    for label, tree in (("ref", args.ref), ("new", args.new)):
        outs[label] = args.work / f"{label}.jsonl"
        child(tree.resolve(), data, "dump", outs[label])
    ref, new = (outs[k].read_text(encoding="utf-8").splitlines() for k in ("ref", "new"))
    differ = [docs[i][0] for i, (a, b) in enumerate(zip(ref, new)) if a != b]
    print(f"{len(docs)} documents: {len(ref)} vs {len(new)} records, {len(differ)} differ")
    for name in differ[:20]:
        print("  differs:", name)
    for r in range(args.rounds):
        for label, tree in (("ref", args.ref), ("new", args.new)):
            t = json.loads(child(tree.resolve(), data, "time", Path(os.devnull)))
            print(f"round {r + 1} {label}: " + ", ".join(f"{k} {v:.3f} s" for k, v in t.items()), flush=True)
    sys.exit(1 if differ or len(ref) != len(new) else 0)


if __name__ == "__main__":
    main()
