"""Temporal vocabulary from ``pipeline/data/time/*.tsv``, normalized, with regex fragments.

All matching happens on the normalized view (no diacritics, unified alef /
ya / ta marbuta, Western digits), so each word list holds normalized forms.
"""
from __future__ import annotations

from functools import lru_cache

import regex

from ..arabic import normalize
from ..resources import read_tsv


def alternation(words) -> str:
    """A non-capturing regex alternation, longest first; spaces match any run of spaces."""
    forms = sorted({w for w in words if w}, key=len, reverse=True)
    return "(?:" + "|".join(regex.escape(f).replace(r"\ ", r"\s+") for f in forms) + ")"


def _table(name: str) -> tuple[dict, ...]:
    return read_tsv(f"time/{name}.tsv")


class Lexicon:
    def __init__(self):
        months = _table("months")
        self.gregorian = {normalize(r["name"]): int(r["month"]) for r in months if r["calendar"] == "gregorian"}
        self.hijri = {normalize(r["name"]): int(r["month"]) for r in months if r["calendar"] == "hijri"}
        self.ambiguous_months = {normalize(r["name"]) for r in months if r["ambiguous"] == "1"}
        self.weekdays = {normalize(r["name"]): int(r["weekday"]) for r in _table("weekdays")}
        self.parts = {normalize(r["word"]): (r["code"], r["pm"] == "1") for r in _table("parts_of_day")}
        numbers = _table("number_words")
        self.numbers = {normalize(r["word"]): int(r["value"]) for r in numbers}
        self.cardinals = {normalize(r["word"]) for r in numbers if r["kind"] == "cardinal"}
        self.units = {normalize(r["word"]): (r["unit"], r["time"] == "1", int(r["count"]) if r["count"] else None)
                      for r in _table("units")}
        self.feasts = {normalize(r["name"]): (r["calendar"], int(r["month"]), int(r["day"])) for r in _table("feasts")}
        words = _table("words")
        self.kinds = {}
        for r in words:
            self.kinds.setdefault(r["kind"], {})[normalize(r["word"])] = r["value"]

    def month(self, name: str) -> int | None:
        """'تشرين الاول / اكتوبر', 'تموز (يوليو)', 'نيسان ابريل' -> the first name that is known."""
        m = self._month_start().match(name.strip("( \t\n"))
        return self.gregorian[" ".join(m.group().split())] if m else None

    @lru_cache(maxsize=1)
    def _month_start(self) -> regex.Pattern:
        return regex.compile(alternation(self.gregorian) + r"(?!\p{L})")

    def number(self, phrase: str) -> int | None:
        """'16', 'الستة عشر', 'خمسة وعشرين', 'الحادي عشر' -> int."""
        phrase = phrase.strip()
        if phrase.isdigit():
            return int(phrase)
        total = 0
        for word in regex.split(r"\s+و?|^و", phrase):
            if not word:
                continue
            if word not in self.numbers and word.startswith("ال"):
                word = word[2:]
            value = self.numbers.get(word)
            if value is None:
                return None
            total = total * value if value == 100 and total else total + value
        return total or None

    def direction(self, word: str | None) -> str | None:
        """'past', 'future', 'current' or None for a word such as الماضي."""
        if not word:
            return None
        word = " ".join(word.split())
        for kind in ("past", "future", "current"):
            if word in self.kinds.get(kind, {}):
                return kind
        return None


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon()
