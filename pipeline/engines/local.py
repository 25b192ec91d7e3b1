"""The local engine: the pipeline in this process (1 worker) or in a pool of forked processes."""
from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from typing import Iterable, Iterator

from ..document import Document
from ..nlp import Pipeline, load
from . import to_json_line

_worker_pipeline: Pipeline | None = None


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(1)  # the run was killed: do not linger


def _init_worker(options: dict, lock_fd: int | None = None) -> None:
    global _worker_pipeline
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the run; workers print nothing
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if lock_fd is not None:
        os.close(lock_fd)  # only the parent holds the output lock
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()
    if _worker_pipeline is None:  # forked workers already have the parent's (its pages are shared)
        _worker_pipeline = load(**options)


def _process_line(doc: Document) -> tuple[bool, str]:
    doc = _worker_pipeline.process(doc)
    return doc.error is None, to_json_line(doc)


def process_lines(docs: Iterable[Document], workers: int, options: dict,
                  pipeline: Pipeline | None = None, lock_fd: int | None = None) -> Iterator[tuple[bool, str]]:
    """(ok, JSON line) per document, in input order, with 1 or more processes.

    With one worker, an already loaded ``pipeline`` is used instead of loading another.
    """
    global _worker_pipeline
    if workers <= 1:
        _worker_pipeline = pipeline or load(**options)
        yield from map(_process_line, docs)
        return
    context = multiprocessing.get_context("spawn" if sys.platform == "darwin" else "fork")
    _worker_pipeline = pipeline if context.get_start_method() == "fork" else None
    with context.Pool(workers, initializer=_init_worker,
                      initargs=(options, lock_fd if context.get_start_method() == "fork" else None)) as pool:
        yield from pool.imap(_process_line, docs, chunksize=4)
