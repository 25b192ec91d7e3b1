"""Reading inputs: files, folders (recursive, sorted), globs, JSONL, JSON and stdin.

Every input yields a :class:`Document`, also when it cannot be read: that
document carries an ``error`` and the run goes on. Text is kept as read:
UTF-8 decoded (other encodings detected with charset-normalizer, with a
warning), a leading BOM dropped, CRLF turned into LF, NUL characters removed
(with a warning), nothing else changed. JSONL is decoded line by line, so one
bad byte spoils one line at most. Folders give their regular files with a
text extension; the rest is listed in ``Inputs.skipped``.
"""
from __future__ import annotations

import glob
import json
import os
import re
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from .document import Document, iso_day

TEXT_SUFFIXES = {".txt", ".text", ""}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
JSON_SUFFIXES = {".json"}
READ_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | JSON_SUFFIXES
DEFAULT_MAX_CHARS = 2_000_000
# Signatures of common binary formats (images, archives, documents, executables).
BINARY_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"BZh",
                b"\xfd7zXZ", b"7z\xbc\xaf", b"\x7fELF", b"RIFF", b"\x00\x00\x01\x00", b"Rar!")
# Names of codecs for warnings.
ENCODING_NAMES = {"cp1256": "windows-1256", "iso8859_6": "ISO-8859-6", "cp864": "IBM-864", "mac_arabic": "MacArabic"}


# --- decoding -------------------------------------------------------------------------------------

def decode(data: bytes) -> tuple[str, list[str]]:
    """Bytes -> (text, warnings). Raises ValueError for binary data."""
    warnings = []
    if data.startswith(BINARY_MAGIC):
        raise ValueError("binary file (image, archive or executable signature); not a text document")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
        warnings.append("decoded as UTF-16 (not UTF-8)")
    elif b"\x00" in data and (text := _utf16_without_bom(data)) is not None:
        warnings.append("decoded as UTF-16 without BOM (not UTF-8)")
    else:
        nuls = data.count(b"\x00")
        if nuls:
            if nuls > max(8, len(data) // 100):
                raise ValueError(f"binary file ({nuls} NUL bytes); not a text document")
            data = data.replace(b"\x00", b"")
            warnings.append(f"{nuls} NUL byte(s) removed")
        text, how = _decode_8bit(data)
        if how:
            warnings.append(how)
    text, cleaned = clean_text(text)
    warnings.extend(cleaned)
    if _is_binary_text(text):
        raise ValueError("binary file (control characters); not a text document")
    return text, warnings


def _decode_8bit(data: bytes) -> tuple[str, str | None]:
    """UTF-8 when valid or nearly all valid (bad bytes replaced); else the encoding charset-normalizer finds."""
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    good = sum(1 for c in text if ord(c) > 127 and c != "\ufffd")
    if good >= 20 * bad:  # overwhelmingly valid UTF-8: a few stray bytes
        return text, f"{bad} invalid UTF-8 byte sequence(s) replaced with U+FFFD"
    best = _detect(data)
    if best is None:
        raise ValueError("not UTF-8 and no known text encoding fits; not a text document")
    encoding, text = best
    return text, f"decoded as {ENCODING_NAMES.get(encoding, encoding)} (not UTF-8)"


def _detect(data: bytes) -> tuple[str, str] | None:
    """(codec, text) from charset-normalizer, preferring the candidate with the most Arabic letters."""
    from charset_normalizer import from_bytes

    candidates = []
    for match in from_bytes(data):
        text = str(match)
        letters = [c for c in text[:20000] if c.isalpha()]
        arabic = sum(1 for c in letters if "\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f")
        candidates.append((-(arabic / len(letters) if letters else 0.0), match.chaos, match.encoding, text))
    if not candidates:
        return None
    _, _, encoding, text = min(candidates, key=lambda c: c[:2])
    return encoding, text


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


def clean_text(text: str) -> tuple[str, list[str]]:
    """A leading BOM dropped, CRLF -> LF, NUL characters removed (with a warning)."""
    warnings = []
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n")
    nuls = text.count("\x00")
    if nuls:
        text = text.replace("\x00", "")
        warnings.append(f"{nuls} NUL character(s) removed")
    return text, warnings


# --- dates ----------------------------------------------------------------------------------------

DAY_FIRST = re.compile(r"(\d{1,2})\s*[-/. ]\s*([^\d\s/.-][^/.-]*?|\d{1,2})\s*[-/. ]\s*(\d{4})")
YEAR_FIRST = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
                        r"\s*(?:Z|[+-]\d{2}:?\d{2})?)?")


def parse_date(value: str) -> str | None:
    """'2023-10-27', '2023-10-27T10:00:00Z', '27/10/2023', '27-أكتوبر-2023' -> '2023-10-27'; else None.

    Only real days are accepted ('2023-02-30' is None).
    """
    if not isinstance(value, str) or len(value) > 64:
        return None
    from .arabic import normalize
    from .timex.lexicon import lexicon

    value = normalize(value.strip())
    m = YEAR_FIRST.fullmatch(value)
    if m:
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    else:
        m = DAY_FIRST.fullmatch(value)
        if not m:
            return None
        month = int(m[2]) if m[2].isdigit() else lexicon().month(m[2])
        if month is None:
            return None
        day, year = int(m[1]), int(m[3])
    return iso_day(f"{year:04d}-{month:02d}-{day:02d}")


# --- finding inputs -------------------------------------------------------------------------------

@dataclass
class Inputs:
    """What a list of inputs expands to: paths to read, and (path, reason) for files left out."""
    paths: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def scan(inputs: Iterable[str]) -> Inputs:
    """Files, folders (recursive, sorted, text extensions only) and globs; '-' stays as is.

    Anything that is not a regular file (a FIFO, a socket, a device) is skipped, never opened.
    """
    found = Inputs()

    def take(path: str, from_folder: bool) -> None:
        try:
            mode = os.stat(path).st_mode
        except OSError:
            found.paths.append(path)  # missing or unreadable: read_text_file makes it an error record
            return
        if not stat.S_ISREG(mode):
            found.skipped.append((path, "not a regular file"))
        elif from_folder and Path(path).suffix.lower() not in READ_SUFFIXES:
            found.skipped.append((path, f"extension {Path(path).suffix} not read"))
        else:
            found.paths.append(path)

    def unlisted(exc: OSError) -> None:
        found.skipped.append((exc.filename, f"folder not readable: {exc.strerror}"))

    for item in inputs:
        item = str(item)
        if item == "-":
            found.paths.append(item)
        elif os.path.isdir(item):
            names = [os.path.join(root, name) for root, dirs, files in os.walk(item, onerror=unlisted)
                     for name in files if not name.startswith(".")
                     if not any(part.startswith(".") for part in Path(os.path.relpath(root, item)).parts)]
            for path in sorted(names):
                take(path, from_folder=True)
        elif os.path.lexists(item):
            take(item, from_folder=False)
        elif glob.has_magic(item):
            for path in sorted(glob.glob(item, recursive=True)):
                if not os.path.isdir(path):
                    take(path, from_folder=False)
        else:
            found.paths.append(item)
    return found


def expand(inputs: Iterable[str]) -> list[str]:
    """The paths :func:`scan` would read."""
    return scan(inputs).paths


# --- reading --------------------------------------------------------------------------------------

def read(paths: str | os.PathLike | Iterable[str | os.PathLike], dct: str | None = None,
         max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Document]:
    """Documents exactly as ``naba run`` reads them (for ``nlp.pipe``)."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return read_inputs([str(p) for p in paths], dct=dct, max_chars=max_chars)


def read_inputs(inputs: Iterable[str], dct: str | None = None,
                max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Document]:
    if dct is not None:
        dct = parse_date(dct) or dct  # a bad one is warned about and left null by Document
    for path in scan(inputs).paths:
        given = 0
        try:
            for doc in _read_path(path, dct, max_chars):
                given += 1
                yield doc
        except Exception as exc:  # never expected; one unreadable input must not stop the run
            where = f"{path}:{given + 1}" if given else path
            yield Document(text="", id=f"{Path(path).stem}_{given + 1}" if given else Path(path).stem,
                           source=where, error=f"cannot read {where}: {type(exc).__name__}: {exc}")


def _read_path(path: str, dct: str | None, max_chars: int) -> Iterator[Document]:
    suffix = Path(path).suffix.lower()
    if path == "-":
        yield from read_jsonl_stream(sys.stdin.buffer, "<stdin>", dct, max_chars)
    elif suffix in JSONL_SUFFIXES:
        try:
            with open(path, "rb") as f:
                yield from read_jsonl_stream(f, path, dct, max_chars)
        except OSError as exc:
            yield Document(text="", id=Path(path).stem, source=path, error=f"cannot read {path}: {exc}")
    elif suffix in JSON_SUFFIXES:
        yield from read_json_file(path, dct, max_chars)
    else:
        yield read_text_file(path, dct, max_chars)


def read_text_file(path: str, dct: str | None = None, max_chars: int = DEFAULT_MAX_CHARS) -> Document:
    doc_id = Path(path).stem
    try:
        data = Path(path).read_bytes()
        text, warnings = decode(data)
    except (OSError, ValueError) as exc:
        return Document(text="", id=doc_id, source=path, error=f"cannot read {path}: {exc}")
    doc = Document(text=text, id=doc_id, source=path, dct=dct, warnings=warnings,
                   meta={"format": "txt", "dct_given": dct is not None})
    return _check_size(doc, max_chars)


def read_json_file(path: str, dct: str | None = None, max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Document]:
    """A .json file: one record (an object with ``text``) or a list of records."""
    stem = Path(path).stem
    try:
        text, warnings = decode(Path(path).read_bytes())
        value = _loads(text)
        if isinstance(value, dict):
            value = [value]
        if not isinstance(value, list):
            raise ValueError("a JSON object or a list of objects was expected")
    except (OSError, ValueError) as exc:
        yield Document(text="", id=stem, source=path, error=f"cannot read {path}: {exc}")
        return
    for number, record in enumerate(value, 1):
        where = path if len(value) == 1 else f"{path}:{number}"
        fallback = stem if len(value) == 1 else f"{stem}_{number}"
        yield record_document(record, where, fallback, dct, max_chars, list(warnings), raw=None)


def read_jsonl_stream(stream: BinaryIO, source: str, dct: str | None = None,
                      max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Document]:
    """JSONL from a binary stream, decoded line by line: a bad byte spoils one line, never the rest."""
    first = stream.readline()
    if first.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 JSONL: decode the whole stream
        lines = (first + stream.read()).decode("utf-16", errors="replace").encode("utf-8").splitlines(True)
    else:
        lines = _chain_first(first, stream)
    for number, raw in enumerate(lines, 1):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        where = f"{source}:{number}"
        warnings = []
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw.decode("utf-8", errors="replace")
            warnings.append(f"invalid UTF-8 at byte {exc.start} of line {number} replaced with U+FFFD")
        fallback = f"{Path(source).stem}_line{number}"
        try:
            record = _loads(line.replace("\x00", ""))
            if not isinstance(record, dict):
                raise ValueError("a JSON object was expected")
        except ValueError as exc:
            raw_line, _ = clean_text(line.rstrip("\n"))
            yield Document(text="", id=fallback, source=where, warnings=warnings,
                           error=f"malformed JSONL line {number} in {source}: {exc}", meta={"raw": raw_line})
            continue
        if "\x00" in line:
            warnings.append(f"{line.count(chr(0))} NUL byte(s) removed")
        yield record_document(record, where, fallback, dct, max_chars, warnings, raw=line)


def _loads(text: str):
    """json.loads that fails with ValueError only: too deep a nesting, NaN/Infinity read as null."""
    try:
        return json.loads(text, parse_constant=lambda name: None)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None


def _chain_first(first: bytes, stream: BinaryIO) -> Iterator[bytes]:
    if first:
        yield first
    yield from stream


def record_document(record, where: str, fallback_id: str, dct: str | None, max_chars: int,
                    warnings: list[str], raw: str | None) -> Document:
    """A JSON record (``text``, optional ``id``, ``date``/``dct``, ``title``) as a Document; bad values warned."""
    text = record.get("text") if isinstance(record, dict) else None
    if not isinstance(text, str):
        meta = {"raw": clean_text(raw.rstrip("\n"))[0]} if raw is not None else {}
        return Document(text="", id=fallback_id, source=where, warnings=warnings, meta=meta,
                        error=f"no 'text' string field in the record at {where}")
    text, cleaned = clean_text(text)
    warnings.extend(cleaned)
    given = dct
    if given is None:
        value = record.get("dct", record.get("date"))
        given = parse_date(value) if isinstance(value, str) else None
        if value is not None and given is None:
            warnings.append(f"date {value!r} is not a date; dct left null")
    title = record.get("title")
    if title is not None and not isinstance(title, str):
        warnings.append(f"title {title!r} is not a string; title left null")
        title = None
    doc_id = record.get("id")
    if isinstance(doc_id, bool) or not isinstance(doc_id, (str, int)):
        if doc_id is not None:
            warnings.append(f"id {doc_id!r} is not a string; id made from the content")
        doc_id = ""
    meta = {"format": "jsonl", "dct_given": given is not None}
    extra = {k: v for k, v in record.items() if k not in ("text", "id", "dct", "date", "title")}
    if extra:
        meta["input"] = extra
    doc = Document(text=text, id=str(doc_id), source=where, dct=given, title=title, warnings=warnings, meta=meta)
    return _check_size(doc, max_chars)


def _check_size(doc: Document, max_chars: int) -> Document:
    if len(doc.text) > max_chars:
        doc.error = (f"document too large: {len(doc.text):,} characters > limit {max_chars:,} "
                     f"(raise it with --max-chars); text kept, not annotated")
    return doc
