"""Batch runs: documents in, one JSON line per document out, in input order.

Each line is written whole with one ``write`` and flushed, so a killed run
leaves complete lines (a torn last line is cut off when the run resumes).
``--resume`` skips documents already written, matched by id and content hash.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import sys
import time
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator

from .document import Document
from .nlp import Pipeline, load
from .reader import DEFAULT_MAX_CHARS, read_inputs

_worker_pipeline: Pipeline | None = None


@dataclass
class Summary:
    ok: int = 0
    errors: int = 0
    skipped: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        done = self.ok + self.errors
        rate = done / self.seconds if self.seconds else 0.0
        return (f"naba: {done} documents ({self.ok} ok, {self.errors} with errors"
                f"{f', {self.skipped} already done' if self.skipped else ''}) "
                f"in {self.seconds:.1f} s, {rate:.1f} documents/s")


def to_json_line(doc: Document) -> str:
    return json.dumps(doc.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n"


def completed(path: Path) -> set[tuple[str, str]]:
    """(id, content_hash) of the complete lines of an earlier run; a torn last line is removed."""
    if not path.exists():
        return set()
    done, keep = set(), 0
    with open(path, "rb") as f:
        for raw in f:
            if not raw.endswith(b"\n"):
                break
            try:
                record = json.loads(raw)
            except ValueError:
                break
            done.add((record.get("id"), record.get("content_hash")))
            keep += len(raw)
    if keep < path.stat().st_size:
        os.truncate(path, keep)
    return done


def _init_worker(options: dict) -> None:
    global _worker_pipeline
    _worker_pipeline = load(**options)


def _process_line(doc: Document) -> tuple[bool, str]:
    doc = _worker_pipeline.process(doc)
    return doc.error is None, to_json_line(doc)


def process_lines(docs: Iterable[Document], workers: int, options: dict,
                  pipeline: Pipeline | None = None) -> Iterator[tuple[bool, str]]:
    """(ok, JSON line) per document, in input order, with 1 or more processes.

    With one worker, an already loaded ``pipeline`` is used instead of loading another.
    """
    global _worker_pipeline
    if workers <= 1:
        _worker_pipeline = pipeline or load(**options)
        yield from map(_process_line, docs)
        return
    context = multiprocessing.get_context("spawn" if sys.platform == "darwin" else "fork")
    with context.Pool(workers, initializer=_init_worker, initargs=(options,)) as pool:
        yield from pool.imap(_process_line, docs, chunksize=4)


def run(inputs: list[str], out_dir: str | Path, workers: int = 1, resume: bool = False,
        dct: str | None = None, max_chars: int = DEFAULT_MAX_CHARS, progress: bool | None = None,
        limit: int | None = None, **options) -> Summary:
    """Annotate ``inputs`` into ``out_dir/docs.jsonl``; returns the counts."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "docs.jsonl"
    done = completed(path) if resume else set()
    summary = Summary()
    started = time.perf_counter()
    pipeline = load(**options)  # fails early (unknown stage, missing model) before any output is written

    def pending() -> Iterator[Document]:
        for doc in islice(read_inputs(inputs, dct=dct, max_chars=max_chars), limit):
            if (doc.id, doc.content_hash) in done:
                summary.skipped += 1
                continue
            yield doc

    with open(path, "a" if resume else "w", encoding="utf-8") as out:
        lines = process_lines(pending(), workers, options, pipeline)
        for ok, line in _progress(lines, progress):
            out.write(line)
            out.flush()
            if ok:
                summary.ok += 1
            else:
                summary.errors += 1
    summary.seconds = time.perf_counter() - started
    return summary


def _progress(items, enabled: bool | None):
    try:
        from tqdm import tqdm
    except ImportError:  # tqdm is optional
        return items
    return tqdm(items, unit="doc", file=sys.stderr, disable=None if enabled is None else not enabled,
                mininterval=1.0)
