"""Offline geocoding of Arabic place mentions against the shipped gazetteer (``pipeline/data/geo/``).

``resolve(name, context)`` looks a mention up (a proclitic, the article, a head
noun such as ``مدينة``/``قاعدة``, a direction such as ``شرق`` may be written
with it) among facilities, countries, first-level regions and GeoNames places,
all keyed by ``pipeline.arabic.normalize``. A name several entries share is
decided by the document's other places (``context``: same country, same
region), then by weight (facility > country > region > population, a MENA
place counting 100 times its population, a capital elsewhere 10 times); when that
still leaves two far-apart candidates of the same weight class, the result
keeps what they share and has ``lat``/``lon`` null rather than a guess.
``locate(text, start, end, context)`` first extends a mention's span left
over a head noun and a direction or "near" word (``قرب``, ``ريف``).
``geo_precision`` is ACLED's: 1 the place itself, 2 near it or part of it,
3 only a region or country.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import regex

from ..arabic import normalize
from ..resources import read_tsv

FACILITY, COUNTRY, ADMIN1, PLACE = "facility", "country", "admin1", "place"
# How much a feature outweighs a place's population when a name is shared.
WEIGHT = {FACILITY: 1e12, COUNTRY: 1e10, ADMIN1: 1e7}
DOMINANT = 10          # the top candidate must outweigh a far-away rival this many times
MENA_PRIOR = 100       # Arabic news names MENA places far more often than same-named places elsewhere
SAME_PLACE_KM = 25     # candidates closer than this are one place listed twice
WORD = regex.compile(r"[\p{L}\p{M}\d]+")


@dataclass(frozen=True)
class Entry:
    feature: str
    name: str
    name_ar: str
    country: str            # ISO2
    admin1: str             # GeoNames admin1 code ('' when none)
    lat: float | None
    lon: float | None
    weight: float
    geonameid: int | None = None
    capital: int | None = None   # an admin1's capital (geonameid)


@lru_cache(maxsize=30_000)
def key(name: str) -> str:
    """Lookup key: normalized, hyphens as spaces, single spaces (as ``pipeline.train.geo`` builds)."""
    return " ".join(normalize(name).replace("-", " ").replace("ـ", "").split())


def _float(value: str) -> float | None:
    return float(value) if value else None


class Gazetteer:
    def __init__(self):
        self.index: dict[str, list[Entry]] = {}
        self.countries = {r["country"]: r for r in read_tsv("geo/countries.tsv")}
        self.admin1 = {(r["country"], r["code"]): r for r in read_tsv("geo/admin1.tsv")}
        for r in self.countries.values():
            self._add(r["keys"], Entry(COUNTRY, r["name"], r["name_ar"], r["country"], "",
                                       _float(r["lat"]), _float(r["lon"]), WEIGHT[COUNTRY]))
        for r in self.admin1.values():
            if r["keys"]:
                self._add(r["keys"], Entry(ADMIN1, r["name"], r["name_ar"], r["country"], r["code"],
                                           _float(r["lat"]), _float(r["lon"]), WEIGHT[ADMIN1],
                                           capital=int(r["capital"]) if r["capital"] else None))
        for r in read_tsv("geo/facilities.tsv"):
            self._add(r["keys"], Entry(FACILITY, r["name"], r["name_ar"], r["country"], r["admin1"],
                                       float(r["lat"]), float(r["lon"]), WEIGHT[FACILITY]))
        capitals = {(r["lat"], r["lon"]) for r in self.countries.values()}
        for r in read_tsv("geo/places.tsv"):
            weight = max(float(r["population"] or 0), 1) * (MENA_PRIOR if r["mena"] else 1)
            if not r["mena"] and (r["lat"], r["lon"]) in capitals:
                weight *= DOMINANT      # elsewhere a capital outweighs its namesakes: Athens, not Athens, Georgia
            self._add(r["keys"], Entry(PLACE, r["name"], r["name_ar"], r["country"], r["admin1"],
                                       float(r["lat"]), float(r["lon"]), weight,
                                       geonameid=int(r["geonameid"]) if r["geonameid"] else None))
        words = read_tsv("geo/words.tsv")
        self.roles = {key(w["word"]): w["role"] for w in words}
        heads = {key(h["word"]): h["subtype"] for h in read_tsv("ner/loc_heads.txt")}
        # A head noun says what kind of place follows: a region, a facility, or a town.
        self.heads = {w: ("region" if self.roles.get(w) == "region" else
                          FACILITY if sub == "FAC" else "town") for w, sub in heads.items()
                      if sub in ("GPE", "REGION", "FAC")}
        self.heads.update({w: "region" if r == "region" else "town" for w, r in self.roles.items()
                           if r in ("region", "head")})
        self.suffixes = {w for w, r in self.roles.items() if r == "suffix"}
        self.near = {w for w, r in self.roles.items() if r in ("near", "direction")}

    def _add(self, keys: str, entry: Entry) -> None:
        for k in keys.split("|"):
            if k:
                self.index.setdefault(k, []).append(entry)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    return frozenset(k.split()[0] for k in gazetteer().index if " " in k)


@lru_cache(maxsize=30_000)
def _known(name_key: str) -> bool:
    words = name_key.split()
    return bool(words) and bool(_lookup(words)[0])


def could_start_name(word: str) -> bool:
    """Whether a word (with a proclitic allowed) can begin a several-word name in the gazetteer: a cheap
    test before trying a two-word stretch as a place."""
    firsts = _first_words()
    return any(f in firsts or g in firsts for f in _unclitic(key(word)) for g in _with_article(f))


def _unclitic(word: str) -> list[str]:
    """The word and its forms without a proclitic (و ف, then ب ل ك; لل -> ال)."""
    forms = [word]
    rest = word
    if len(rest) > 3 and rest[0] in "وف":
        rest = rest[1:]
        forms.append(rest)
    if len(rest) > 3 and rest.startswith("لل"):
        forms.append("ال" + rest[2:])
    elif len(rest) > 3 and rest[0] in "بلك":
        forms.append(rest[1:])
    return forms


def _with_article(word: str) -> list[str]:
    return [word[2:]] if word.startswith("ال") and len(word) > 4 else ["ال" + word]


def _near_length(words: list[str]) -> int:
    """How many of the first words form a near/direction phrase (its first word may carry a proclitic)."""
    g = gazetteer()
    for n in (3, 2, 1):
        if len(words) >= n and any(" ".join([first, *words[1:n]]) in g.near for first in _unclitic(words[0])):
            return n
    return 0


def _head_role(word: str) -> str | None:
    g = gazetteer()
    return next((g.heads[f] for f in _unclitic(word) if f in g.heads), None)


def _lookup(words: list[str]) -> tuple[list[Entry], str | None, bool]:
    """Candidates for a mention's words, the head noun's role, and whether a near/direction word came first.

    The whole name is tried before a leading direction word is taken off (شمال سيناء is a region).
    """
    found, head = _forms(words)
    near = _near_length(words)
    if not found and 0 < near < len(words):
        found, head = _forms(words[near:])
        return found, head, bool(found)
    return found, head, False


def _forms(words: list[str]) -> tuple[list[Entry], str | None]:
    """Try the words as written, without a proclitic, without a head noun or suffix, with the article toggled."""
    g = gazetteer()
    head = None
    tries = [[first, *words[1:]] for first in _unclitic(words[0])]
    for form in list(tries):
        if len(form) > 1 and (role := _head_role(form[0])):
            head = head or role
            rest = form[1:]
            tries.append(rest)
            while len(rest) > 1 and rest[-1] in g.suffixes:
                rest = rest[:-1]
                tries.append(rest)
    for form in tries:
        found = g.index.get(" ".join(form), [])
        toggled = [e for f in _with_article(form[0]) for e in g.index.get(" ".join([f, *form[1:]]), ())]
        # The form with the article toggled is the same name within a country (الخرطوم, خرطوم),
        # and a rival only when nothing is written exactly so (القدس is not Iran's Qods).
        countries = {e.country for e in found}
        found = found + [e for e in toggled if not found or e.country in countries]
        if found:
            return list(dict.fromkeys(found)), head
    return [], head


def _km(a: Entry, b: Entry) -> float:
    if a.lat is None or b.lat is None:
        return math.inf
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b.lon - a.lon) / 2) ** 2)
    return 12742 * math.asin(math.sqrt(h))


def _filter(found: list[Entry], head: str | None) -> list[Entry]:
    """Keep the candidates a head noun allows; a region named like its capital city is the city."""
    def only(features):
        kept = [e for e in found if e.feature in features]
        return kept or found
    if head == FACILITY:
        return only({FACILITY, PLACE})
    if head == "region":
        return only({ADMIN1, FACILITY})
    if head == "town":
        return only({PLACE, FACILITY})
    places = {(e.country, e.geonameid) for e in found if e.feature == PLACE}
    return [e for e in found if not (e.feature == ADMIN1 and (e.country, e.capital) in places)]


@lru_cache(maxsize=4096)
def _context(names: tuple[str, ...]) -> tuple[frozenset, frozenset]:
    """Countries and (country, admin1) regions the document's other place names resolve to on their own."""
    countries, regions = set(), set()
    for name in names:
        country, region = _alone(name)
        if country:
            countries.add(country)
        if region:
            regions.add(region)
    return frozenset(countries), frozenset(regions)


@lru_cache(maxsize=16)
def _context_keys(names: frozenset) -> dict[str, tuple[str | None, tuple | None]]:
    """Each distinct place key of a document's context with what it resolves to alone."""
    return {k: _alone(k) for k in {key(n) for n in names} if k}


@lru_cache(maxsize=2048)
def _context_without(names: frozenset, own: str) -> tuple[frozenset, frozenset]:
    """Countries and regions of the document's other place names (the mention itself left out), in time
    linear in the number of distinct names once per document."""
    resolved = _context_keys(names)
    countries: dict[str, int] = {}
    regions: dict[tuple, int] = {}
    for k, (country, region) in resolved.items():
        if k == own:
            continue
        if country:
            countries[country] = 1
        if region:
            regions[region] = 1
    return frozenset(countries), frozenset(regions)


@lru_cache(maxsize=30_000)
def _alone(name: str) -> tuple[str | None, tuple | None]:
    """The country and (country, admin1) one place name resolves to without context."""
    words = key(name).split()
    if not words:
        return None, None
    entry = _choose(_filter(*_lookup(words)[:2]), frozenset(), frozenset())
    if isinstance(entry, Entry):
        return entry.country, (entry.country, entry.admin1) if entry.admin1 else None
    if entry is not None and entry[0]:
        return entry[0], None
    return None, None


def _choose(found: list[Entry], countries: frozenset, regions: frozenset):
    """The best candidate, or (country or '', admin1 or '', feature, name) when it stays ambiguous."""
    if not found:
        return None
    def score(e: Entry):
        return ((e.country, e.admin1) in regions, e.country in countries, e.weight)
    ranked = sorted(found, key=score, reverse=True)
    best = ranked[0]
    rivals = [e for e in ranked[1:] if _km(best, e) > SAME_PLACE_KM
              and score(e)[:2] == score(best)[:2] and e.weight * DOMINANT > best.weight]
    if not rivals:
        return best
    group = [best, *rivals]
    def shared(attr):
        values = {getattr(e, attr) for e in group}
        return values.pop() if len(values) == 1 else ""
    country = shared("country")
    return (country, shared("admin1") if country else "", shared("feature") or PLACE, shared("name"))


def precision(words_before: str, feature: str) -> int:
    """ACLED geo_precision of a place of ``feature`` written after ``words_before``."""
    if feature == COUNTRY:
        return 3
    words = key(words_before).split()
    while words and _head_role(words[-1]):
        words = words[:-1]
    near = any(_near_length(words[-n:]) == n for n in (3, 2, 1) if len(words) >= n)
    if feature == ADMIN1:
        return 2 if near else 3
    return 2 if near else 1


def _record(entry, name_ar: str, near: bool) -> dict:
    g = gazetteer()
    if isinstance(entry, Entry):
        country, admin1, feature = entry.country, entry.admin1, entry.feature
        name, name_ar, lat, lon, geonameid = entry.name, entry.name_ar, entry.lat, entry.lon, entry.geonameid
    else:
        country, admin1, feature, name = entry
        lat = lon = geonameid = None
        name = name or None
    row = g.countries.get(country)
    region = g.admin1.get((country, admin1)) if feature != COUNTRY else None
    return {"name": name, "name_ar": name_ar,
            "country": row["name"] if row else None, "iso": row["iso3"] if row else None,
            "admin1": region["name"] or None if region else None,
            "lat": lat, "lon": lon, "geonameid": geonameid, "feature": feature,
            "geo_precision": precision("قرب" if near else "", feature)}


def resolve(name: str, context: Iterable[str] = ()) -> dict | None:
    """The gazetteer entry for a place mention as written, or None when the name is unknown."""
    words = key(name).split()
    if not words:
        return None
    found, head, near = _lookup(words)
    own = key(name)
    countries, regions = _context_without(context if isinstance(context, frozenset) else frozenset(context), own)
    entry = _choose(_filter(found, head), countries, regions)
    if entry is None:
        return None
    return _record(entry, name.strip(), near)


def locate(text: str, start: int, end: int, context: Iterable[str] = ()) -> dict | None:
    """Resolve ``text[start:end]``, first extending it left over a head noun and a direction/near word.

    The result has the mention's ``text``, ``start`` and ``end`` (``text[start:end] == result["text"]``).
    """
    if not _known(key(text[start:end])):
        return None  # the name itself is unknown (most two-word stretches a caller tries)
    before = [(m.start(), m.group()) for m in WORD.finditer(text, max(0, start - 80), start)]
    new_start = start
    if before and _head_role(key(before[-1][1])) and before[-1][0] + len(before[-1][1]) <= start:
        new_start = _inside(*before.pop())
    words = [key(w) for _, w in before[-3:]]
    for n in (3, 2, 1):
        if len(words) >= n and _near_length(words[-n:]) == n:
            new_start = _inside(*before[-n])
            break
    result = resolve(text[new_start:end], context)
    if result is None:
        return None
    return {**result, "text": text[new_start:end], "start": new_start, "end": end}


def _inside(offset: int, word: str) -> int:
    """Where a head or direction word starts inside a written token (after its proclitic: بريف -> ريف)."""
    g = gazetteer()
    for cut in (0, 1, 2, 3):
        rest = key(word[cut:])
        if rest in g.heads or any(p == rest or p.startswith(rest + " ") for p in g.near):
            return offset + cut
        if cut and word[:cut].endswith("ل") and "ال" + rest in g.heads:
            return offset + cut - 1
    return offset
