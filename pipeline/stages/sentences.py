"""The `sentences` stage: split at . ؟ ? ! ؛ … and line breaks.

A period inside a number (3.5), after an abbreviation (د. , ص.ب.) or
inside a quotation that closes later on the same line does not end a
sentence; closing quotes and brackets after a terminator stay with it.
"""
from __future__ import annotations

import regex

from ..document import Document
from ..resources import read_words
from .base import Stage, register

TERMINATORS = ".!?؟؛…"
CLOSERS = "\"'»”’)]}"
OPENERS = {"«": "»", "“": "”", "(": ")"}
WORD_BEFORE = regex.compile(r"([\p{L}.]+)$")


def _abbreviations() -> frozenset[str]:
    return read_words("abbreviations.txt")


def split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans within text[start:end] (a line without newlines)."""
    spans, begin, i = [], start, start
    open_quote = None  # closing mark we are waiting for
    while i < end:
        ch = text[i]
        if open_quote:
            if ch == open_quote:
                open_quote = None
        elif ch in OPENERS and text.find(OPENERS[ch], i + 1, end) > 0:
            open_quote = OPENERS[ch]
        elif ch == '"' and text.find('"', i + 1, end) > 0 and (i == start or not text[i - 1].isalnum()):
            open_quote = '"'
        elif ch in TERMINATORS and _ends_sentence(text, i, end):
            j = i + 1
            while j < end and (text[j] in TERMINATORS or text[j] in CLOSERS):
                j += 1
            spans.append((begin, j))
            begin = i = j
            continue
        i += 1
    spans.append((begin, end))
    return spans


def _ends_sentence(text: str, i: int, end: int) -> bool:
    if text[i] != ".":
        return True
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < end else " "
    if before.isdigit() and after.isdigit():
        return False  # 3.5
    if not (after.isspace() or after in CLOSERS or after in TERMINATORS):
        return False  # a.b, www.site.com
    word = WORD_BEFORE.search(text, 0, i)
    if word:
        token = word[1].rstrip(".")
        if len(token) == 1 or token in _abbreviations():
            return False
    return True


@register
class Sentences(Stage):
    name = "sentences"
    adds = ("sentences",)

    def __call__(self, doc: Document) -> None:
        text = doc.text
        for line in regex.finditer(r"[^\n]+", text):
            for start, end in split_line(text, line.start(), line.end()):
                while start < end and text[start].isspace():
                    start += 1
                while end > start and text[end - 1].isspace():
                    end -= 1
                if end > start:
                    doc.add("sentences", start, end)
