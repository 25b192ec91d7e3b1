"""Reporting cues from ``data/quotes/cues.tsv``: verbs, nouns and source phrases with their class.

A cue is matched over word tokens after normalization, with a leading
``و``/``ف`` allowed on its first word; a last word of one letter (``ل``, ``ب``)
matches a proclitic on the next token (``وفقا لمصادر``).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..arabic import normalize as word_key  # a word's matching form
from ..resources import read_keys, read_tsv, read_words


@dataclass(frozen=True)
class Cue:
    lemma: str
    cls: str        # statement | claim | denial | warning | demand | report
    kind: str       # verb | noun | source
    takes: str      # that | object | any | -
    gender: str     # m | f | pl | -


@dataclass(frozen=True)
class CueMatch:
    cue: Cue
    first: int      # token index of the cue's first word
    last: int       # token index after the cue's last word (a one-letter last word stays on its token)


def bare_forms(word: str) -> tuple[str, ...]:
    """The word's matching key, and the key without a leading و/ف."""
    key = word_key(word)
    if len(key) > 3 and key[0] in "وف":
        return key, key[1:]
    return (key,)


@lru_cache(maxsize=1)
def lexicon() -> dict[str, list[tuple[tuple[str, ...], Cue]]]:
    """First word -> [(all words, cue)], longest phrases first."""
    table: dict[str, list[tuple[tuple[str, ...], Cue]]] = {}
    for row in read_tsv("quotes/cues.tsv"):
        for gender in ("m", "f", "pl"):
            for form in row[gender].split():
                if form == "-":
                    continue
                words = tuple(word_key(w) for w in form.split("_"))
                cue = Cue(row["lemma"], row["class"], row["kind"], row["takes"],
                          gender if row["kind"] == "verb" else "-")
                table.setdefault(words[0], []).append((words, cue))
    for entries in table.values():
        entries.sort(key=lambda e: -len(e[0]))
    return table


@lru_cache(maxsize=1)
def complementizers() -> frozenset[str]:
    return read_keys("quotes/complementizers.txt")


@lru_cache(maxsize=1)
def name_heads() -> dict[str, tuple[str, ...]]:
    """Last word -> phrases (as word tuples) that make a following quoted phrase a name."""
    heads: dict[str, tuple[str, ...]] = {}
    for phrase in read_words("quotes/name_heads.txt"):
        words = tuple(word_key(w) for w in phrase.split("_"))
        heads[words[-1]] = words
    return heads


def is_complementizer(word: str) -> bool:
    return word_key(word) in complementizers()


def match_at(words: list[str], i: int) -> CueMatch | None:
    """The longest cue starting at token i of a sentence's words, if any."""
    table = lexicon()
    for form in bare_forms(words[i]):
        for parts, cue in table.get(form, ()):
            if _matches(words, i, parts):
                last = i + len(parts) - (1 if len(parts[-1]) == 1 else 0)
                return CueMatch(cue, i, last)
    return None


def _matches(words: list[str], i: int, parts: tuple[str, ...]) -> bool:
    if i + len(parts) > len(words) + (1 if len(parts[-1]) == 1 else 0):
        return False
    for offset, part in enumerate(parts[1:], 1):
        if i + offset >= len(words):
            return False
        word = word_key(words[i + offset])
        if len(part) == 1:  # a one-letter preposition: its own token (لـ) or the next word's proclitic
            if not word.startswith(part):
                return False
        elif word != part:
            return False
    return True
