"""The `tokens` stage: camel-tools' word tokenizer aligned back to the text, with clitic segments.

Each token carries ``segments`` (proclitics, the article, the stem, enclitic
pronouns) with document offsets; see :mod:`pipeline.clitics`.
"""
from __future__ import annotations

from camel_tools.tokenizers.word import simple_word_tokenize

from ..arabic import INVISIBLE
from ..clitics import segment
from ..document import Document
from .base import Stage, register

NUMBER_JOINERS = ".,:٫٬/"


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each word token of text[start:end], numbers such as 3.5 and 14:30 kept whole."""
    end = len(text) if end is None else end
    spans, cursor = [], start
    invisible = INVISIBLE.search(text, start, end) is not None
    for token in simple_word_tokenize(text[start:end]):
        at = text.find(token, cursor, end)
        if at < 0:  # the tokenizer changed the string; fall back to the next non-space run
            continue
        cursor = at + len(token)
        start_, end_ = at, cursor
        if invisible:  # bidi marks, ZWJ at the edges
            while start_ < end_ and INVISIBLE.match(text[start_]):
                start_ += 1
            while end_ > start_ and INVISIBLE.match(text[end_ - 1]):
                end_ -= 1
        if end_ > start_:
            spans.append((start_, end_))
    return _join_numbers(text, spans)


def _join_numbers(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        start, end = spans[i]
        while (i + 2 < len(spans) and text[start:end][-1:].isdigit() and spans[i + 1][0] == end
               and text[end:spans[i + 1][1]] in NUMBER_JOINERS and spans[i + 2][0] == spans[i + 1][1]
               and text[spans[i + 2][0]].isdigit()):
            end = spans[i + 2][1]
            i += 2
        out.append((start, end))
        i += 1
    return out


@register
class Tokens(Stage):
    name = "tokens"
    needs = ("sentences",)
    adds = ("tokens",)

    def __call__(self, doc: Document) -> None:
        for number, sentence in enumerate(doc["sentences"]):
            for start, end in tokenize(doc.text, sentence["start"], sentence["end"]):
                word = doc.text[start:end]
                segments = [doc.span(start + s, start + e, kind=kind) for kind, s, e in segment(word)]
                doc.add("tokens", start, end, sentence=number, segments=segments)
