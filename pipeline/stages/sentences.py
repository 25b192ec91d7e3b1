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


def _abbreviations() -> frozenset[str]:
    return read_words("abbreviations.txt")


def split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans within text[start:end] (a line without newlines); linear in the line's length."""
    spans, begin, i = [], start, start
    open_quote = None  # closing mark we are waiting for
    marks, words = _NextMark(text, end), _WordsBefore(text)
    while i < end:
        ch = text[i]
        if open_quote:
            if ch == open_quote:
                open_quote = None
        elif ch in OPENERS and marks.find(OPENERS[ch], i + 1) > 0:
            open_quote = OPENERS[ch]
        elif ch == '"' and marks.find('"', i + 1) > 0 and (i == start or not text[i - 1].isalnum()):
            open_quote = '"'
        elif ch in TERMINATORS and _ends_sentence(text, i, end, words):
            j = i + 1
            while j < end and (text[j] in TERMINATORS or text[j] in CLOSERS):
                j += 1
            spans.append((begin, j))
            begin = i = j
            continue
        i += 1
    spans.append((begin, end))
    return spans


class _NextMark:
    """``text.find(mark, i, end)``, answered from the last search while that is still ahead of ``i``."""

    def __init__(self, text: str, end: int):
        self.text, self.end, self.found = text, end, {}

    def find(self, mark: str, i: int) -> int:
        known = self.found.get(mark)
        if known is None or (known != -1 and known < i):
            known = self.found[mark] = self.text.find(mark, i, self.end)
        return known


class _WordsBefore:
    """Whether the word before a period (its run of letters and periods) lets a sentence end there.

    Each run is read once: a period remembers where its run starts and its verdict.
    """

    def __init__(self, text: str):
        self.text, self.run_start, self.verdict = text, {}, {}
        self.longest = max(map(len, _abbreviations()), default=0)

    def allows_end(self, i: int) -> bool:
        text = self.text
        if i > 0 and text[i - 1] == "." and i - 1 in self.verdict:  # a run of periods: the same word
            self.run_start[i], self.verdict[i] = self.run_start[i - 1], self.verdict[i - 1]
            return self.verdict[i]
        start = i
        while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
            if start - 1 in self.run_start:
                start = self.run_start[start - 1]
                break
            start -= 1
        word_end = i
        while word_end > start and text[word_end - 1] == ".":
            word_end -= 1
        length = word_end - start  # the word without its final periods
        abbreviation = length == 1 or (length <= self.longest and text[start:word_end] in _abbreviations())
        self.run_start[i], self.verdict[i] = start, not abbreviation
        return not abbreviation


def _ends_sentence(text: str, i: int, end: int, words: _WordsBefore) -> bool:
    if text[i] != ".":
        return True
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < end else " "
    if before.isdigit() and after.isdigit():
        return False  # 3.5
    if not (after.isspace() or after in CLOSERS or after in TERMINATORS):
        return False  # a.b, www.site.com
    return words.allows_end(i)  # not after a single letter or an abbreviation (د. , ص.ب.)


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
