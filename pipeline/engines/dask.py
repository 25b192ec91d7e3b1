"""The dask engine: the same run on dask.distributed (``naba run --engine dask [--scheduler ADDRESS]``).

Without a scheduler address a LocalCluster of ``workers`` processes (one thread
each) is started for the run and closed after it. With one, the run uses that
cluster's workers, which need naba installed (same version, same models/).
Each worker loads the pipeline once, when it joins (a worker plugin), not per
document. Documents go out in batches, a bounded number at a time, and lines
come back in input order, so the output equals the local engine's.
"""
from __future__ import annotations

import logging
from collections import deque
from itertools import islice
from typing import Iterable, Iterator

from ..document import Document
from ..nlp import Pipeline, load
from . import to_json_line

PLUGIN = "naba-pipeline"
BATCH = 8            # documents per task
IN_FLIGHT = 4        # tasks in flight per worker thread
INSTALL = "the dask engine needs dask.distributed: pip install 'naba[dask]'"


try:
    import distributed
    from distributed import WorkerPlugin
except ImportError:  # the engine is optional: process_lines says how to install it
    distributed, WorkerPlugin = None, object


class PipelinePlugin(WorkerPlugin):
    """Loads the pipeline once on each worker (dask calls ``setup`` when the worker joins)."""

    name = PLUGIN

    def __init__(self, options: dict):
        self.options = options
        self.pipeline: Pipeline | None = None

    def setup(self, worker=None):
        self.pipeline = load(**self.options)

    def teardown(self, worker=None):
        self.pipeline = None


def check() -> None:
    """Raise ValueError (saying what to install) when dask.distributed is missing."""
    if distributed is None:
        raise ValueError(INSTALL)


def _process_batch(docs: list[Document]) -> list[tuple[bool, str]]:
    from distributed import get_worker
    plugin = get_worker().plugins[PLUGIN]
    out = []
    for doc in docs:
        doc = plugin.pipeline.process(doc)
        out.append((doc.error is None, to_json_line(doc)))
    return out


def process_lines(docs: Iterable[Document], workers: int, options: dict, pipeline: Pipeline | None = None,
                  lock_fd: int | None = None, scheduler: str | None = None) -> Iterator[tuple[bool, str]]:
    """(ok, JSON line) per document, in input order, computed on dask workers."""
    check()
    cluster = None
    if scheduler is None:
        cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                           dashboard_address=None, silence_logs=logging.ERROR)
    client = distributed.Client(cluster or scheduler)
    pending: deque = deque()
    try:
        client.register_plugin(PipelinePlugin(options), name=PLUGIN)
        threads = max(1, sum(client.nthreads().values()))
        docs = iter(docs)
        while batch := list(islice(docs, BATCH)):
            pending.append(client.submit(_process_batch, batch, pure=False))
            while len(pending) >= threads * IN_FLIGHT:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
        client.close()
        if cluster is not None:
            cluster.close()

