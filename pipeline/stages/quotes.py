"""The `quotes` stage: direct and indirect reported speech with cue, class and speaker.

Also gives every entity its ``canonical`` name (the fullest mention of the
same name in the document), which a speaker's ``name`` reports.
"""
from __future__ import annotations

from ..document import Document
from ..quotes.find import find_quotes
from ..quotes.speakers import canonical_names
from .base import Stage, register


@register
class Quotes(Stage):
    name = "quotes"
    needs = ("tokens", "entities", "timexes")
    adds = ("quotes",)
    version = "rules-1"

    def __call__(self, doc: Document) -> None:
        canonical_names(doc["entities"])
        doc.layers["quotes"] = []
        for number, quote in enumerate(find_quotes(doc), 1):
            doc.layers["quotes"].append({"id": f"q{number}", **quote})
