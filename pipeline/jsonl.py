"""Reading a run's JSONL output back: one reader for `read_results`, `naba eval` and `--resume`.

A kill or a full disk can leave the last line torn (no newline, not JSON):
that line is skipped with a warning. A bad line anywhere else is corruption
and raises :class:`CorruptLine` naming the file and the line.
"""
from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Iterator


class CorruptLine(ValueError):
    pass


def read_lines(path: str | Path) -> Iterator[tuple[dict, int, bool]]:
    """(record, byte offset just after its line, whether the line ends with a newline) per record."""
    offset = 0
    with open(path, "rb") as f:
        for number, raw in enumerate(f, 1):  # only the last line can lack its newline
            offset += len(raw)
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf-8"))
                if not isinstance(record, dict):
                    raise ValueError("a JSON object was expected")
            except ValueError as exc:
                if raw.endswith(b"\n"):
                    raise CorruptLine(f"{path}: line {number} is not a JSON record ({exc}); "
                                      f"the file is damaged") from None
                warnings.warn(f"{path}: torn last line {number} skipped ({len(raw)} bytes; "
                              f"left by an interrupted run)", RuntimeWarning, stacklevel=2)
                continue
            yield record, offset, raw.endswith(b"\n")


def read_records(path: str | Path) -> Iterator[dict]:
    """The records of a JSONL file; a torn last line is skipped with a warning."""
    for record, _, _ in read_lines(path):
        yield record
