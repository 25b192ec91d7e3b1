"""The events stage's word lists (``data/events/*.tsv``) and one phrase matcher over word tokens.

Every list is keyed by normalized words (:func:`pipeline.arabic.normalize`);
a phrase's first word may carry a proclitic (و ف ب ل ك) and the article,
which the matcher strips from the token (``وبطائرة``, ``والغارات``, ``للقصف``).
"""
from __future__ import annotations

from functools import lru_cache

from ..arabic import normalize as word_key  # a word's matching form
from ..resources import read_tsv


@lru_cache(maxsize=65536)
def variants(key: str) -> tuple[str, ...]:
    """The key and its forms without a proclitic conjunction, preposition and article."""
    forms = [key]
    k = key
    if len(k) > 3 and k[0] in "وف":
        k = k[1:]
        forms.append(k)
    if len(k) > 3 and k[0] in "بلك":
        if k.startswith("لل"):
            forms.append("ال" + k[2:])
        k = k[1:]
        forms.append(k)
    if len(k) > 4 and k.startswith("ال"):
        forms.append(k[2:])
    return tuple(dict.fromkeys(forms))


@lru_cache(maxsize=65536)
def _bare(key: str) -> str:
    return key[2:] if key.startswith("ال") and len(key) > 4 else key


@lru_cache(maxsize=65536)
def _bare_variants(key: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_bare(v) for v in variants(key)))


class PhraseTable:
    """Rows of a TSV keyed by their ``form`` column: phrases of one or more words."""

    def __init__(self, name: str):
        self.first: dict[str, list[tuple[tuple[str, ...], dict]]] = {}
        for row in read_tsv(name):
            words = tuple(word_key(w) for w in row["form"].split("_"))
            self.first.setdefault(_bare(words[0]), []).append((words[1:], row))
        for entries in self.first.values():
            entries.sort(key=lambda e: -len(e[0]))
        self.starts: dict[str, bool] = {}

    def match(self, keys: list[str], i: int) -> tuple[dict, int] | None:
        """(row, token index after the phrase) for the longest phrase starting at token i."""
        for form in _bare_variants(keys[i]):
            for rest, row in self.first.get(form, ()):
                if all(i + 1 + n < len(keys) and _bare(keys[i + 1 + n]) == _bare(w) for n, w in enumerate(rest)):
                    return row, i + 1 + len(rest)
        return None

    def find(self, keys: list[str]) -> list[tuple[int, int, dict]]:
        """Every (first, end, row) match in a sentence's keys, left to right, not overlapping."""
        out, i, starts = [], 0, self.starts
        while i < len(keys):
            key = keys[i]
            can = starts.get(key)
            if can is None:  # most words start no phrase: remembered per word (a bounded memo)
                if len(starts) > 50_000:
                    starts.clear()
                can = starts[key] = any(form in self.first for form in _bare_variants(key))
            if can:
                hit = self.match(keys, i)
                if hit:
                    out.append((i, hit[1], hit[0]))
                    i = hit[1]
                    continue
            i += 1
        return out


@lru_cache(maxsize=None)
def table(name: str) -> PhraseTable:
    return PhraseTable(f"events/{name}.tsv")


@lru_cache(maxsize=1)
def subtypes() -> dict[str, tuple[str, str]]:
    return {r["instrument"]: (r["event_type"], r["sub_event_type"]) for r in read_tsv("events/subtypes.tsv")}


@lru_cache(maxsize=1)
def vague_numbers() -> dict[str, int]:
    return {word_key(r["form"]): int(r["value"]) for r in read_tsv("events/vague_numbers.tsv")}
