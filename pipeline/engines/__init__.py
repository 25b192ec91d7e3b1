"""Engines: how documents reach the pipeline and their JSON lines come back, in input order.

Each engine has ``process_lines(docs, workers, options, pipeline=None, lock_fd=None, **engine_options)``
yielding ``(ok, line)`` per document, in input order, streaming (a bounded number
of documents in flight). ``local`` is a process pool on this machine; ``dask``
runs on dask.distributed (a LocalCluster, or an existing scheduler).
"""
from __future__ import annotations

import importlib
import json

from ..document import Document, repair_surrogates

ENGINES = ("local", "dask")


def to_json_line(doc: Document) -> str:
    """The docs.jsonl line of a processed document (every engine writes exactly this)."""
    line = json.dumps(doc.to_dict(), ensure_ascii=False, separators=(",", ":"))
    return repair_surrogates(line)[0] + "\n"  # e.g. in meta.input: a line must always encode as UTF-8


def get_engine(name: str):
    """The ``process_lines`` function of the named engine."""
    if name not in ENGINES:
        raise ValueError(f"unknown engine {name!r}; known: {', '.join(ENGINES)}")
    module = importlib.import_module(f".{name}", __name__)
    getattr(module, "check", lambda: None)()  # e.g. dask not installed: said before any output is touched
    return module.process_lines
