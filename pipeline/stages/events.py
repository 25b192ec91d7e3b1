"""The `events` stage: ACLED-style event records, one per real-world event the document reports,
geocoded offline (see :mod:`pipeline.events`)."""
from __future__ import annotations

from ..document import Document
from ..events.find import find_events
from .base import Stage, register


@register
class Events(Stage):
    name = "events"
    needs = ("tokens", "entities", "timexes", "quotes")
    adds = ("events",)
    version = "rules-1"

    def __call__(self, doc: Document) -> None:
        doc.layers["events"] = find_events(doc)
