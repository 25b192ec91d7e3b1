"""Arabic character classes and the normalized view with its offset map.

The view is built with camel-tools' own dediacritization and normalization
applied character by character (memoized), so each normalized character
maps back to exactly one original offset.
"""
from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache

import regex
from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (normalize_alef_ar, normalize_alef_maksura_ar,
                                         normalize_teh_marbuta_ar)

TATWEEL = "\u0640"
DIACRITICS = regex.compile(r"[\u064b-\u065f\u0670\u06d6-\u06ed]")
# Bidi controls, zero-width joiners/non-joiners, BOM-as-ZWNBSP, soft hyphen.
INVISIBLE = regex.compile(r"[\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff\u00ad]")
ARABIC_LETTER = regex.compile(r"[\u0621-\u064a\u0671-\u06d3\u06fa-\u06fc]")
EASTERN_DIGITS = regex.compile(r"[\u0660-\u0669\u06f0-\u06f9]")
DIGIT_TABLE = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


@lru_cache(maxsize=None)
def normalize_char(ch: str) -> str:
    """'' for characters the view drops (diacritics, tatweel, invisibles), else the normal form."""
    if ch == TATWEEL or INVISIBLE.match(ch) or DIACRITICS.match(ch):
        return ""
    ch = dediac_ar(ch)
    if not ch:
        return ""
    ch = normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(ch)))
    return ch.translate(DIGIT_TABLE)


class _CharTable(dict):
    """normalize_char as a ``str.translate`` table, filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        self[code] = value = normalize_char(chr(code))
        return value


_TABLE = _CharTable()


def normalize(text: str) -> str:
    """Matching form: no diacritics/tatweel, alef/ya/ta-marbuta unified, Western digits."""
    return _normalize_short(text) if len(text) <= 40 else text.translate(_TABLE)


@lru_cache(maxsize=30_000)
def _normalize_short(text: str) -> str:  # words and names recur: looked up, not translated again
    return text.translate(_TABLE)


class NormalizedView:
    """``text`` normalized, with ``origin[i]`` = offset in the original of character i."""

    def __init__(self, original: str):
        self.text = original.translate(_TABLE)
        self.original_length = len(original)
        if all(len(_TABLE[ord(ch)]) == 1 for ch in set(original)):
            self.origin = list(range(len(original)))  # every character kept as one: the usual case
            return
        self.origin = [i for i, ch in enumerate(original) for _ in range(len(_TABLE[ord(ch)]))]

    def to_original(self, start: int, end: int, text: str | None = None) -> tuple[int, int]:
        """Original (start, end) covering normalized [start, end).

        Given the original ``text``, the end also takes in the diacritics and
        tatweel that follow the last character (``هـ``, ``بيانًا``).
        """
        if start >= len(self.origin):
            return self.original_length, self.original_length
        if end <= start:
            return self.origin[start], self.origin[start]
        last = self.origin[end - 1] + 1
        if text is not None:
            while last < len(text) and (text[last] == TATWEEL or DIACRITICS.match(text[last])):
                last += 1
        return self.origin[start], last

    def from_original(self, offset: int) -> int:
        """First normalized index at or after an original offset."""
        return bisect_left(self.origin, offset)
