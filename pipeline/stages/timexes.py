"""The `timexes` stage: dates, times, durations and sets with TIMEX3 values resolved against dct."""
from __future__ import annotations

from ..document import Document
from ..timex import find
from .base import Stage, register


@register
class Timexes(Stage):
    name = "timexes"
    needs = ("header", "normalized", "tokens")
    adds = ("timexes",)
    version = "rules-1"

    def __call__(self, doc: Document) -> None:
        view = doc.views["normalized"]
        for number, c in enumerate(find(view.text, doc.dct), 1):
            start, end = view.to_original(c.start, c.end, doc.text)
            extra = {k: v for k, v in c.extra.items() if k != "rule"}
            doc.add("timexes", start, end, id=f"t{number}", type=c.type, value=c.value, **extra)
