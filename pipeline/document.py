"""The document model: the text exactly as read, plus layers of stand-off spans.

Every span is a dict with ``start``/``end`` (code-point offsets, end exclusive)
and ``text == document.text[start:end]``. Spans are made with
:meth:`Document.span`, which fills ``text`` from the document, so the
invariant holds by construction; :meth:`Document.check_offsets` verifies it.
Annotations refer to each other by ``id`` (a quote's speaker -> ``e5``).
"""
from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

# Layers every output record carries, in the order of annotations.md.
LAYERS = ("sentences", "tokens", "entities", "timexes", "quotes", "events")
# Record fields that ``doc[key]`` also gives, besides the layers.
FIELDS = ("id", "source", "dct", "title", "text", "meta", "warnings", "error")
SURROGATE = re.compile("[\ud800-\udfff]")
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def repair_surrogates(text: str) -> tuple[str, int]:
    """Lone surrogate code points (not encodable as UTF-8) -> U+FFFD, one for one: offsets are kept."""
    if not SURROGATE.search(text):
        return text, 0
    return SURROGATE.subn("\ufffd", text)


def iso_day(value) -> str | None:
    """``value`` when it is a real day written YYYY-MM-DD, else None."""
    if not isinstance(value, str) or not ISO_DAY.fullmatch(value):
        return None
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return None
    return value


@dataclass
class Document:
    text: str
    id: str = ""
    source: str | None = None
    dct: str | None = None
    title: str | None = None
    layers: dict[str, list[dict]] = field(default_factory=lambda: {name: [] for name in LAYERS})
    meta: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    stages_run: dict[str, str] = field(default_factory=dict)
    # Views computed by stages that are not written out (e.g. the normalized text).
    views: dict[str, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self):
        self._check_fields()
        if not self.id:
            self.id = "doc_" + self.content_hash[:12]

    def _check_fields(self) -> None:
        """Values the output cannot hold become a warning: surrogates are replaced, a bad dct or title is null."""
        if not isinstance(self.text, str):
            raise TypeError(f"a document's text must be a string, not {type(self.text).__name__}")
        self.text, found = repair_surrogates(self.text)
        if found:
            self.warnings.append(f"{found} lone surrogate code point(s) replaced with U+FFFD (invalid Unicode)")
        if not isinstance(self.id, str):
            self.id = str(self.id) if isinstance(self.id, int) and not isinstance(self.id, bool) else ""
        self.id = repair_surrogates(self.id)[0]
        if self.dct is not None and iso_day(self.dct) is None:
            self.warnings.append(f"dct {self.dct!r} is not a day (YYYY-MM-DD); dct left null")
            self.dct = None
        if self.title is not None and not isinstance(self.title, str):
            self.warnings.append(f"title {self.title!r} is not a string; title left null")
            self.title = None
        if self.title is not None:
            self.title = repair_surrogates(self.title)[0]

    @property
    def content_hash(self) -> str:
        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()

    def __getitem__(self, key: str):
        """A layer (``doc["entities"]``) or a record field (``doc["warnings"]``, ``doc["dct"]``)."""
        if key in self.layers:
            return self.layers[key]
        if key in FIELDS:
            return getattr(self, key)
        raise KeyError(key)

    def span(self, start: int, end: int, **fields) -> dict:
        """A span over ``text[start:end]`` with extra fields."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside a text of {len(self.text)} characters")
        return {"start": start, "end": end, "text": self.text[start:end], **fields}

    def add(self, layer: str, start: int, end: int, **fields) -> dict:
        span = self.span(start, end, **fields)
        self.layers.setdefault(layer, []).append(span)
        return span

    def _repr_html_(self) -> str:
        """A notebook shows the document with its layers highlighted (pipeline.render)."""
        from .render import render
        return render(self, page=False)

    def check_offsets(self) -> list[str]:
        """Every span (and nested span) whose text does not match the document."""
        problems = []

        def visit(where, value):
            if isinstance(value, dict):
                if "start" in value and "end" in value and "text" in value:
                    if self.text[value["start"]:value["end"]] != value["text"]:
                        problems.append(f"{where}: {value['start']}:{value['end']} != {value['text']!r}")
                for key, inner in value.items():
                    visit(f"{where}.{key}", inner)
            elif isinstance(value, list):
                for i, inner in enumerate(value):
                    visit(f"{where}[{i}]", inner)

        for name, spans in self.layers.items():
            visit(name, spans)
        return problems

    def to_dict(self) -> dict:
        record = {
            "id": self.id,
            "source": self.source,
            "dct": self.dct,
            "title": self.title,
            "text": self.text,
            "content_hash": self.content_hash,
            "pipeline": {"version": _version(), "stages": dict(self.stages_run)},
        }
        for name in LAYERS:
            record[name] = self.layers.get(name, [])
        for name, spans in self.layers.items():
            if name not in LAYERS:
                record[name] = spans
        if self.meta:
            record["meta"] = self.meta
        record["warnings"] = list(self.warnings)
        if self.error:
            record["error"] = self.error
        return record

    @classmethod
    def from_dict(cls, record: dict) -> "Document":
        layers = {name: list(record.get(name) or []) for name in LAYERS}
        doc = cls(text=record.get("text", ""), id=record.get("id", ""), source=record.get("source"),
                  dct=record.get("dct"), title=record.get("title"), layers=layers,
                  meta=dict(record.get("meta") or {}), warnings=list(record.get("warnings") or []),
                  error=record.get("error"))
        doc.stages_run = dict((record.get("pipeline") or {}).get("stages") or {})
        return doc


def _version() -> str:
    from . import __version__
    return __version__
