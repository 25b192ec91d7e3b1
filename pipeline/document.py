"""The document model: the text exactly as read, plus layers of stand-off spans.

Every span is a dict with ``start``/``end`` (code-point offsets, end exclusive)
and ``text == document.text[start:end]``. Spans are made with
:meth:`Document.span`, which fills ``text`` from the document, so the
invariant holds by construction; :meth:`Document.check_offsets` verifies it.
Annotations refer to each other by ``id`` (a quote's speaker -> ``e5``).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

# Layers every output record carries, in the order of annotations.md.
LAYERS = ("sentences", "tokens", "entities", "timexes", "quotes", "events")


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
        if not self.id:
            self.id = "doc_" + self.content_hash[:12]

    @property
    def content_hash(self) -> str:
        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()

    def __getitem__(self, layer: str) -> list[dict]:
        return self.layers[layer]

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
