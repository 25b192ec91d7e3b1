"""Name lists (places, countries, people, organizations) matched over token sequences.

Keys are normalized word tuples (:func:`pipeline.arabic.normalize`). A name
matches a run of tokens whose first token may carry proclitics (``بالعراق``
matches ``العراق``); callers pass that clitic-free form of each token
(:func:`pipeline.ner.features.split_word`).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..arabic import normalize
from ..resources import read_tsv, read_words

MAX_WORDS = 6


@dataclass(frozen=True)
class Entry:
    label: str           # PER ORG LOC MISC
    subtype: str         # GPE FAC REGION ... or ''
    source: str          # which list
    country: str = ""    # ISO2 where known
    geonameid: str = ""
    population: int = 0
    ambiguous: bool = False  # also a common word: a model feature only, never tagged from the list


def key(name: str) -> tuple[str, ...]:
    return tuple(normalize(name).split())


@lru_cache(maxsize=1)
def entries() -> dict[tuple[str, ...], tuple[Entry, ...]]:
    found: dict[tuple[str, ...], list[Entry]] = {}

    def add(name: str, entry: Entry):
        k = key(name)
        if k and len(k) <= MAX_WORDS and entry not in found.setdefault(k, []):
            found[k].append(entry)

    for row in read_tsv("ner/entities.tsv"):
        add(row["name"], Entry(row["label"], row["subtype"], "curated", row["country"],
                               ambiguous=row["ambiguous"] == "yes"))
    for row in read_tsv("gazetteer/countries.tsv"):
        add(row["name"], Entry("LOC", "GPE", "country", row["country"]))
    for row in read_tsv("gazetteer/places.tsv"):
        add(row["name"], Entry("LOC", "GPE", "place", row["country"], row["geonameid"],
                               int(float(row["population"] or 0))))
    for label, name in (("LOC", "anergazet_loc.txt"), ("ORG", "anergazet_org.txt"),
                        ("PER", "anergazet_per.txt")):
        for word in read_words(f"gazetteer/{name}"):
            add(word, Entry(label, "", "anergazet"))
    return {k: tuple(v) for k, v in found.items()}


@lru_cache(maxsize=1)
def _prefixes() -> frozenset[tuple[str, ...]]:
    return frozenset(k[:n] for k in entries() for n in range(1, len(k)))


def longest_matches(forms: list[str], first_forms: list[str] | None = None):
    """Yield (start, end, entries) for the longest names in a token sequence, left to right.

    ``forms`` are normalized tokens; ``first_forms[i]`` is token i without its
    proclitics, tried when a name starts at i.
    """
    table, prefixes = entries(), _prefixes()
    i = 0
    while i < len(forms):
        best = None
        for first in dict.fromkeys((first_forms[i] if first_forms else forms[i], forms[i])):
            words = (first,)
            for j in range(i + 1, min(i + MAX_WORDS, len(forms)) + 1):
                if j > i + 1:
                    words = words + (forms[j - 1],)
                if words in table and (best is None or j > best[1]):
                    best = (i, j, table[words])
                if words not in prefixes:
                    break
        if best:
            yield best
            i = best[1]
        else:
            i += 1


def lookup(name: str) -> tuple[Entry, ...]:
    return entries().get(key(name), ())
