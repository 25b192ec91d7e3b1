"""The `normalize` stage: a normalized view with an offset map back to the text."""
from __future__ import annotations

from ..arabic import NormalizedView
from ..document import Document
from .base import Stage, register


@register
class Normalize(Stage):
    name = "normalize"
    adds = ("normalized",)

    def __call__(self, doc: Document) -> None:
        doc.views["normalized"] = NormalizedView(doc.text)
