#!/usr/bin/env python3
"""What each rule costs: CPU time spent searching it, per family and per rule, on the real articles.

A profiler charges the engine's scanning to the Python generator that drives it
(`Context.finditer`), so its "own time" there is mostly the rules' own cost; this
times each rule's searches directly instead. Every real article of ../shared/corpus/
goes through `extract` (rules compiled beforehand), and each `Context.finditer` call is
timed with time.process_time, its matches included, attributed to the rule.

    python bench/rule_costs.py [--top 25]

Prints, in µs per document: the whole extraction, the family stages, and the most
expensive rules with their number of matches.
"""

from __future__ import annotations

import argparse
import collections
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "corpus"


def measure() -> tuple[int, float, dict[str, float], dict[str, float], dict[str, int]]:
    from congress_extract import extract, load_rules, pipeline
    from congress_extract.extract import context

    docs = [p.read_bytes() for p in sorted(CORPUS.rglob("*.txt"))]
    rules = load_rules().compile()
    by_rule: dict[str, float] = collections.Counter()
    matches: dict[str, int] = collections.Counter()
    by_family: dict[str, float] = collections.Counter()
    finditer = context.Context.finditer

    def timed_finditer(self, rule, *args, **kwargs):
        started = time.process_time()
        found = list(finditer(self, rule, *args, **kwargs))
        by_rule[rule.id] += time.process_time() - started
        matches[rule.id] += len(found)
        return iter(found)

    def timed_family(name, find):
        def run(ctx):
            started = time.process_time()
            try:
                return find(ctx)
            finally:
                by_family[name] += time.process_time() - started
        return run

    context.Context.finditer = timed_finditer
    families = pipeline.FAMILIES
    pipeline.FAMILIES = tuple((name, timed_family(name, find)) for name, find in families)
    try:
        started = time.process_time()
        for data in docs:
            extract(data, rules=rules)
        total = time.process_time() - started
    finally:
        context.Context.finditer = finditer
        pipeline.FAMILIES = families
    return len(docs), total, by_family, by_rule, matches


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--top", type=int, default=25, help="rules to list (default 25)")
    args = parser.parse_args()
    n, total, by_family, by_rule, matches = measure()
    us = 1e6 / n
    print(f"{n} documents, {total * us:.0f} µs each in all; rules searched: {sum(by_rule.values()) * us:.0f} µs")
    print("\nfamily        µs/doc (its rules' searches included)")
    for name, spent in sorted(by_family.items(), key=lambda kv: -kv[1]):
        print(f"{name:13s} {spent * us:7.0f}")
    print("\nrule                                 µs/doc  matches")
    for rule, spent in sorted(by_rule.items(), key=lambda kv: -kv[1])[:args.top]:
        print(f"{rule:36s} {spent * us:7.1f} {matches[rule]:8d}")


if __name__ == "__main__":
    main()
