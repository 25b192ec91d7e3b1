"""People's names the model leaves short: a listed given name right before a name
it found joins it (``علي`` + ``عبدالله صالح``). Given names are the PER entries of
the lists (ANERgazet, the hand list). Tried and dropped (issue 11): a given name
followed by name-like words as a new PER name lowered every figure (ANERcorp 0.713
-> 0.685, AQMAR 0.616 -> 0.556), being too often a word of another phrase.
"""
from __future__ import annotations

from functools import lru_cache

from . import gazetteer
from .features import split_word
from .heads import titles
from .names import never_a_name


@lru_cache(maxsize=50_000)
def given_name(word: str) -> bool:
    """A listed given name (PER in a list, no other label), not a stop word or title."""
    form = split_word(word)[2]
    labels = {e.label for e in gazetteer.lookup(form) if not e.ambiguous}
    return labels == {"PER"} and not never_a_name(word) and form not in titles()


def extend_left(words: list[str], first: int, taken) -> int:
    """A PER name's first token, taking in a listed given name right before it."""
    if first and given_name(words[first - 1]) and not taken(first - 1, first):
        return first - 1
    return first
