"""Reading inputs: files, folders (recursive, sorted), globs, JSONL and stdin.

Every input yields a :class:`Document`, also when it cannot be read: that
document carries an ``error`` and the run goes on. Text is kept as read:
UTF-8 decoded (UTF-16 and windows-1256 detected, with a warning), a leading
BOM dropped, CRLF turned into LF, nothing else changed.
"""
from __future__ import annotations

import glob
import json
import os
import sys
from pathlib import Path
from typing import Iterable, Iterator

from .document import Document

TEXT_SUFFIXES = {".txt", ".text", ""}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
DEFAULT_MAX_CHARS = 2_000_000


def decode(data: bytes) -> tuple[str, list[str]]:
    """Bytes -> (text, warnings). Raises ValueError for binary data."""
    warnings = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
        warnings.append("decoded as UTF-16 (not UTF-8)")
    elif b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is None:
            raise ValueError("binary file (NUL bytes); not a text document")
        warnings.append("decoded as UTF-16 without BOM (not UTF-8)")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            try:
                text = data.decode("cp1256")
            except UnicodeDecodeError:
                raise ValueError(f"not UTF-8 ({exc.reason} at byte {exc.start}) nor windows-1256") from None
            warnings.append("decoded as windows-1256 (not UTF-8)")
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n")
    if _is_binary_text(text):
        raise ValueError("binary file (control characters); not a text document")
    return text, warnings


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 (LE or BE) text whose characters are nearly all letters, digits, spaces, punctuation."""
    if len(data) % 2:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:2000]
        plain = sum(1 for c in sample if c.isalnum() or c.isspace() or c in ".,،:;؛!?؟\"'()-")
        if sample and plain / len(sample) > 0.9:
            return text
    return None


def _is_binary_text(text: str) -> bool:
    sample = text[:4000]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f\v")
    return controls > max(2, len(sample) // 100)


def expand(inputs: Iterable[str]) -> list[str]:
    """Paths from files, folders (recursive, sorted) and globs; '-' stays as is."""
    paths = []
    for item in inputs:
        if item == "-":
            paths.append(item)
        elif os.path.isdir(item):
            found = [os.path.join(root, name) for root, _, files in os.walk(item)
                     for name in files if not name.startswith(".")]
            paths.extend(sorted(found))
        elif os.path.exists(item):
            paths.append(item)
        elif glob.has_magic(item):
            paths.extend(p for p in sorted(glob.glob(item, recursive=True)) if os.path.isfile(p))
        else:
            paths.append(item)  # missing: read_text_file turns it into an error record
    return paths


def read_inputs(inputs: Iterable[str], dct: str | None = None,
                max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Document]:
    for path in expand(inputs):
        if path == "-":
            yield from read_jsonl_lines(sys.stdin, "<stdin>", dct, max_chars)
        elif Path(path).suffix.lower() in JSONL_SUFFIXES:
            try:
                with open(path, encoding="utf-8-sig") as f:
                    yield from read_jsonl_lines(f, path, dct, max_chars)
            except (OSError, UnicodeDecodeError) as exc:
                yield Document(text="", id=Path(path).stem, source=path, error=f"cannot read {path}: {exc}")
        else:
            yield read_text_file(path, dct, max_chars)


def read_text_file(path: str, dct: str | None = None, max_chars: int = DEFAULT_MAX_CHARS) -> Document:
    doc_id = Path(path).stem
    try:
        data = Path(path).read_bytes()
        text, warnings = decode(data)
    except (OSError, ValueError) as exc:
        return Document(text="", id=doc_id, source=path, error=f"cannot read {path}: {exc}")
    doc = Document(text=text, id=doc_id, source=path, dct=dct, warnings=warnings)
    doc.meta["format"] = "txt"
    doc.meta["dct_given"] = dct is not None
    return _check_size(doc, max_chars)


def read_jsonl_lines(lines: Iterable[str], source: str, dct: str | None = None,
                     max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Document]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError("a JSON object was expected")
            text = record.get("text")
            if not isinstance(text, str):
                raise ValueError("no 'text' string field")
        except ValueError as exc:
            yield Document(text="", id=f"{Path(source).stem}_line{number}", source=where,
                           error=f"malformed JSONL line {number} in {source}: {exc}", meta={"raw": line.rstrip("\n")})
            continue
        if text.startswith("\ufeff"):
            text = text[1:]
        text = text.replace("\r\n", "\n")
        given = dct or record.get("dct") or record.get("date")
        doc = Document(text=text, id=str(record.get("id") or ""), source=where, dct=given,
                       title=record.get("title"))
        doc.meta["format"] = "jsonl"
        doc.meta["dct_given"] = given is not None
        extra = {k: v for k, v in record.items() if k not in ("text", "id", "dct", "date", "title")}
        if extra:
            doc.meta["input"] = extra
        yield _check_size(doc, max_chars)


def _check_size(doc: Document, max_chars: int) -> Document:
    if len(doc.text) > max_chars:
        doc.error = (f"document too large: {len(doc.text):,} characters > limit {max_chars:,} "
                     f"(raise it with --max-chars); text kept, not annotated")
    return doc
