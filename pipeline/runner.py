"""Batch runs: documents in, one JSON line per document out, in input order.

- Each line is written whole (one write, flushed; Ctrl-C or SIGTERM waits for
  the line being written), so a killed run leaves complete lines and at most
  one torn last line, which ``--resume`` cuts off.
- ``--resume`` skips documents by position: line *n* of the output is input
  document *n* when its id and content hash agree. From the first document
  that disagrees (the input changed) the output is rewritten, so a resumed
  run always equals a full run.
- The output folder is locked (``.naba.lock`` holds the PID) for the whole run;
  a second run into it is refused. A lock whose PID is gone is stale and taken over.
"""
from __future__ import annotations

import errno
import fcntl
import os
import signal
import sys
import threading
import time
import warnings
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Iterator

from .document import Document
from .engines import get_engine, to_json_line  # noqa: F401  (to_json_line: the line format, for callers)
from .jsonl import CorruptLine, read_lines
from .nlp import Pipeline, load
from .reader import DEFAULT_MAX_CHARS, read_inputs, scan

LOCK_NAME = ".naba.lock"


@dataclass
class Summary:
    ok: int = 0
    errors: int = 0
    skipped: int = 0  # already done (--resume)
    skipped_files: list[tuple[str, str]] = field(default_factory=list)  # (path, reason), never read
    seconds: float = 0.0
    output: Path | None = None

    def line(self) -> str:
        done = self.ok + self.errors
        rate = done / self.seconds if self.seconds else 0.0
        text = (f"naba: {done} documents ({self.ok} ok, {self.errors} with errors"
                f"{f', {self.skipped} already done' if self.skipped else ''}) "
                f"in {self.seconds:.1f} s, {rate:.1f} documents/s")
        if self.skipped_files:
            shown = ", ".join(f"{path} ({why})" for path, why in self.skipped_files[:10])
            more = len(self.skipped_files) - 10
            text += f"\nnaba: {len(self.skipped_files)} files skipped: {shown}{f' and {more} more' if more > 0 else ''}"
        return text


class OutputLocked(RuntimeError):
    """Another run holds the output folder."""


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM: the output holds whole lines; ``summary`` says how many."""

    def __init__(self, summary: Summary, signum: int = signal.SIGINT):
        super().__init__(f"interrupted by signal {signum}")
        self.summary, self.signum = summary, signum


# --- the output lock ------------------------------------------------------------------------------

def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _holder(path: Path) -> int | None:
    try:
        return int(path.read_text().strip() or "0") or None
    except (OSError, ValueError):
        return None


@contextmanager
def output_lock(out_dir: Path):
    """Hold ``out_dir/.naba.lock`` (flock + PID) while the block runs; yields the lock's file descriptor."""
    path = out_dir / LOCK_NAME
    waited = 0.0
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            holder = _holder(path)
            if holder is None or _pid_alive(holder):
                raise OutputLocked(f"output folder {out_dir} is in use by another naba run"
                                   f"{f' (PID {holder})' if holder else ''}; wait for it to finish or use "
                                   f"another -o folder") from None
            if waited < 5.0:  # its holder is gone: left-over worker processes are exiting
                time.sleep(0.2)
                waited += 0.2
                continue
            path.unlink(missing_ok=True)  # stale: nobody is writing
            continue
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if not same:  # removed by its holder while we waited: take the new one
            os.close(fd)
            continue
        break
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode())
    try:
        yield fd
    finally:
        if _holder(path) == os.getpid():
            path.unlink(missing_ok=True)
        os.close(fd)


# --- resume ---------------------------------------------------------------------------------------

def completed(path: Path) -> list[tuple[str, str, int]]:
    """(id, content_hash, byte offset after the line) for each whole line of an earlier run.

    A torn last line is left out (it is cut when writing starts); a bad line
    elsewhere raises ValueError: resuming over it would lose documents.
    """
    if not path.exists():
        return []
    done = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a torn last line: said below in one line
            for record, end, newline in read_lines(path):
                if newline:
                    done.append((record.get("id"), record.get("content_hash"), end))
    except CorruptLine as exc:
        raise ValueError(f"cannot resume: {exc}; move the file away or run without --resume") from None
    kept = done[-1][2] if done else 0
    if path.stat().st_size > kept:
        print(f"naba: resume: cutting a torn last line ({path.stat().st_size - kept} bytes) of {path}",
              file=sys.stderr)
    return done


# --- processing ---------------------------------------------------------------------------------

class _Signals:
    """Ctrl-C / SIGTERM raise KeyboardInterrupt, but never while a line is being written."""

    def __init__(self):
        self.writing, self.pending, self.saved = False, None, {}

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                self.saved[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc):
        for signum, handler in self.saved.items():
            signal.signal(signum, handler)

    def _handle(self, signum, frame):
        if self.writing:
            self.pending = signum
        else:
            raise KeyboardInterrupt(signum)


def run(inputs: list[str], out_dir: str | Path, workers: int = 1, resume: bool = False,
        dct: str | None = None, max_chars: int = DEFAULT_MAX_CHARS, progress: bool | None = None,
        limit: int | None = None, engine: str = "local", scheduler: str | None = None, **options) -> Summary:
    """Annotate ``inputs`` into ``out_dir/docs.jsonl``; returns the counts (``summary.output`` is the file).

    ``engine`` is ``local`` (a process pool here) or ``dask`` (dask.distributed: a LocalCluster
    of ``workers`` processes, or the cluster of ``scheduler``); the output is the same.
    Raises OutputLocked when another run holds ``out_dir``, Interrupted on Ctrl-C / SIGTERM.
    """
    if not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be 1 or more, not {workers!r}")
    if scheduler is not None and engine != "dask":
        raise ValueError("a scheduler address needs engine='dask'")
    process_lines = get_engine(engine)
    if scheduler is not None:
        process_lines = partial(process_lines, scheduler=scheduler)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = Summary(output=out_dir / "docs.jsonl")
    started = time.perf_counter()
    with output_lock(out_dir) as lock_fd:
        pipeline = load(**options)  # fails early (unknown stage, missing model) before any output is written
        _write_docs(inputs, summary, workers, resume, dct, max_chars, progress, limit, options, pipeline, lock_fd,
                    process_lines)
        _after_run(out_dir, summary)
    summary.seconds = time.perf_counter() - started
    return summary


def _after_run(out_dir: Path, summary: Summary) -> None:
    """Steps that read the finished docs.jsonl (still under the lock); none yet."""


def _write_docs(inputs, summary: Summary, workers: int, resume: bool, dct, max_chars: int, progress,
                limit, options: dict, pipeline: Pipeline, lock_fd: int, process_lines) -> None:
    path = summary.output
    done = completed(path) if resume else []
    found = scan(inputs)
    summary.skipped_files = found.skipped
    state = {"keep": None}  # byte offset where new lines go: after the leading documents already done

    def pending() -> Iterator[Document]:
        docs = islice(read_inputs(found.paths, dct=dct, max_chars=max_chars), limit)
        for position, doc in enumerate(docs):
            if state["keep"] is None:
                if position < len(done) and done[position][:2] == (doc.id, doc.content_hash):
                    summary.skipped += 1
                    continue
                state["keep"] = done[position - 1][2] if position else 0
                if position < len(done):
                    print(f"naba: resume: document {position + 1} ({doc.id}) differs from line "
                          f"{position + 1} of {path}; rewriting from there", file=sys.stderr)
            yield doc
        if state["keep"] is None:
            state["keep"] = done[summary.skipped - 1][2] if summary.skipped else 0

    def start_writing(out) -> None:
        out.seek(state["keep"])
        out.truncate()

    signals = _Signals()
    with open(path, "r+b" if resume and path.exists() else "wb") as out, signals:
        lines = process_lines(pending(), workers, options, pipeline, lock_fd)
        try:
            with closing(lines):
                for index, (ok, line) in enumerate(_progress(lines, progress)):
                    signals.writing = True
                    if index == 0:
                        start_writing(out)
                    out.write(line.encode("utf-8"))
                    out.flush()
                    signals.writing = False
                    summary.ok += ok
                    summary.errors += not ok
                    if signals.pending:
                        raise KeyboardInterrupt(signals.pending)
            if summary.ok + summary.errors == 0:  # nothing new: cut what lies beyond the documents done
                start_writing(out)
        except KeyboardInterrupt as exc:
            signum = exc.args[0] if exc.args and isinstance(exc.args[0], int) else signal.SIGINT
            raise Interrupted(summary, signum) from None


def _progress(items, enabled: bool | None):
    try:
        from tqdm import tqdm
    except ImportError:  # tqdm is optional
        return items
    return tqdm(items, unit="doc", file=sys.stderr, disable=None if enabled is None else not enabled,
                mininterval=1.0)
