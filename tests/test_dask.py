"""Dask: a local distributed cluster of two worker processes gives the CLI's records."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import SAMPLES

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    # Worker processes, not threads: records and options must survive pickling.
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  worker_dashboard_address=None) as cluster, \
            distributed.Client(cluster, timeout="20s") as client:
        yield client


def cli_records(*args: str) -> list[dict]:
    out = subprocess.run([sys.executable, "-m", "congress_extract", "extract", *args, "--format", "jsonl", "--jobs", "1"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return [json.loads(line) for line in out.stdout.splitlines()]


def test_bag_of_paths_equals_cli(client):
    from congress_extract.dask import extract_bag

    bag = extract_bag([str(SAMPLES)], partition_size=2)
    assert bag.npartitions >= 2
    records = bag.compute(timeout=30)
    assert records == cli_records(str(SAMPLES))
    assert len(records) == len(list(SAMPLES.glob("*.txt")))
    # Both workers did some of the work.
    assert len(client.run(lambda: 1)) == 2


def test_bag_of_bytes_equals_cli(client):
    import dask.bag as db

    from congress_extract.dask import extract_bag

    files = sorted(SAMPLES.glob("*.txt"))
    pairs = db.from_sequence([(str(p), p.read_bytes()) for p in files], npartitions=2)
    records = extract_bag(pairs).compute(timeout=30)
    assert records == cli_records(*map(str, files))


def test_error_records_travel(client, tmp_path):
    from congress_extract.dask import extract_bag

    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "big.txt").write_bytes("Đại hội ".encode() * 50)
    records = extract_bag([str(tmp_path)], max_bytes=100).compute(timeout=30)
    assert [(r["status"], r["error"]["type"]) for r in records] == [("error", "too_large"), ("error", "empty")]
