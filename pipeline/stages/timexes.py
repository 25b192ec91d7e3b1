"""The `timexes` stage: dates, times, durations and sets with TIMEX3 values resolved against dct.

Without a dct, expressions that need one (أمس, مساء الخميس, الأسبوع الماضي) are still
found, with ``value`` null and ``anchor`` "no-dct", and the document gets one warning;
absolute dates keep their values.
"""
from __future__ import annotations

from ..document import Document
from ..timex import find
from ..timex.grammar import NO_DCT
from .base import Stage, register


@register
class Timexes(Stage):
    name = "timexes"
    needs = ("header", "normalized", "tokens")
    adds = ("timexes",)
    version = "rules-2"

    def __call__(self, doc: Document) -> None:
        view = doc.views["normalized"]
        unresolved = 0
        for number, c in enumerate(find(view.text, doc.dct), 1):
            start, end = view.to_original(c.start, c.end, doc.text)
            extra = {k: v for k, v in c.extra.items() if k != "rule"}
            doc.add("timexes", start, end, id=f"t{number}", type=c.type, value=c.value, **extra)
            unresolved += extra.get("anchor") == NO_DCT
        if unresolved:
            doc.warnings.append(f"no dct: {unresolved} relative timex(es) left with value null "
                                "(give --dct, a header date or a JSONL 'date')")
