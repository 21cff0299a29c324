"""Beyond one machine: extract with Dask (`pip install 'congress-extract[dask]'`).

`extract_bag` turns paths (or a bag of paths, or of `(name, bytes)` pairs) into a
dask bag of record dicts: the same records, in the same order, as
`congress-extract extract` writes for the same inputs. Each worker process compiles
the rules once and reuses them for every document it is given.

Recipe for a cluster::

    # on the scheduler machine
    dask scheduler                                   # listens on tcp://HOST:8786
    # on every worker machine (same congress-extract version, inputs on a shared
    # file system mounted at the same path, one thread per process: the work is CPU-bound)
    dask worker tcp://HOST:8786 --nworkers auto --nthreads 1

    # on the client
    import json
    from dask.distributed import Client
    from congress_extract.dask import extract_bag

    client = Client("tcp://HOST:8786")
    bag = extract_bag(["/data/pages"], globs=("*.html",), partition_size=200)
    bag.map(json.dumps, ensure_ascii=False).to_textfiles("/data/out/records-*.jsonl")

Inputs that only the client can read (object stores, archives) can be shipped as
bytes: a bag of `(name, data)` pairs, e.g. with fsspec::

    import dask.bag as db, fsspec
    fs = fsspec.filesystem("s3")
    names = db.from_sequence(fs.find("bucket/pages"), partition_size=200)
    bag = extract_bag(names.map(lambda p: (p, fs.cat_file(p))))

Extra rule folders (`patterns=`) must be readable at the same path on every worker.
"""

from __future__ import annotations

import os
from typing import Any, Iterable

from .batch import DEFAULT_GLOBS, DEFAULT_MAX_BYTES, Options, discover, process
from .limits import DEFAULT_BUDGET

DEFAULT_PARTITION_SIZE = 100


def extract_bag(paths_or_bag: Any, *, globs: Iterable[str] = DEFAULT_GLOBS, patterns: Iterable[str] = (),
                max_bytes: int = DEFAULT_MAX_BYTES, budget: float | None = DEFAULT_BUDGET,
                partition_size: int = DEFAULT_PARTITION_SIZE) -> Any:
    """A dask bag of records (dicts of the congress-extract/1 schema), one per input.

    `paths_or_bag` is a path or a list of paths (files and folders, found as the CLI
    finds them: recursively, by `globs`, in a stable order), or a dask bag whose
    items are paths or `(name, bytes)` pairs. `budget` is seconds per document
    (None or 0: no limit); `partition_size` is documents per task.
    """
    import dask.bag as db

    options = Options(tuple(str(p) for p in patterns), max_bytes, budget or None)
    if isinstance(paths_or_bag, db.Bag):
        bag = paths_or_bag
    else:
        if isinstance(paths_or_bag, (str, os.PathLike)):
            paths_or_bag = [paths_or_bag]
        inputs = list(discover([os.fspath(p) for p in paths_or_bag], tuple(globs)))
        if not inputs:
            return db.from_sequence([], npartitions=1)
        bag = db.from_sequence(inputs, partition_size=partition_size)
    return bag.map_partitions(_extract_partition, options)


def _extract_partition(items: Iterable[Any], options: Options) -> list[dict[str, Any]]:
    """One task: rules come from the worker's cache, compiled on its first task."""
    out = []
    for item in items:
        if isinstance(item, (tuple, list)):
            name, data = item
            out.append(process(os.fspath(name), options, data=bytes(data)))
        else:
            out.append(process(os.fspath(item), options))
    return out
