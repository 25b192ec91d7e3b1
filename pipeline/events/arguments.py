"""An event mention's arguments: casualties, instrument, date, place, actor and target.

Each finder reads one sentence (tokens with their normalized keys, the
document's entities and timexes) around the trigger and returns spans of
the text, so every argument points back to the words that support it.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

import regex

from ..resources import read_tsv
from .lexicon import table, vague_numbers, variants, word_key

NUMBER = regex.compile(r"^\d{1,6}$")
DAY = regex.compile(r"^\d{4}-\d{2}-\d{2}")
INSTRUMENT_BEFORE, INSTRUMENT_AFTER = 6, 12   # tokens around a trigger where its weapon is named
ACTOR_SPAN = 6          # words at most in an actor description


@lru_cache(maxsize=1)
def number_words() -> dict[str, int]:
    return {word_key(r["word"]): int(r["value"]) for r in read_tsv("time/number_words.tsv")
            if r.get("kind", "cardinal") == "cardinal"}


VERB_FORMS = frozenset(("أعدم", "أعدمت", "قتلت", "قتلوا", "اغتال"))  # the figure may follow the subject
OBJECT_REACH = 6
QUALIFIERS = frozenset(word_key(w) for w in ("أكثر", "من", "نحو", "حوالي", "قرابة", "زهاء", "ما", "يقارب",
                                             "لا", "يقل", "عن", "أقل"))


def number(key: str) -> int | None:
    """The value of a number token: digits, a number word, a vague quantity (عشرات = 12), or a dual
    noun of a person (جنديان, طفلان = 2)."""
    for form in variants(key):
        if NUMBER.match(form):
            return int(form)
        if form in number_words():
            return number_words()[form]
        if form in vague_numbers():
            return vague_numbers()[form]
        if len(form) > 4 and form[-2:] in ("ان", "ين") and form[:-2] in victims():
            return 2
    return None


def casualties(keys: list[str]) -> dict[str, int | None]:
    """The lowest killed and wounded figures a clause reports (ACLED's rule), or None.

    The number stands after the word (مقتل 20, قتل جنديان, أصيب أكثر من مئة) or before it
    (30 قتيلا); ``مقتل 10 من الحوثيين و4 من ...`` adds up; a person named alone after the word
    (مقتل طفل, قتل قيادي) counts one."""
    found: dict[str, list[int]] = {"killed": [], "wounded": []}
    for first, end, row in table("casualties").find(keys):
        if row["number"] == "one":
            found[row["counts"]].append(1)
            continue
        value = None
        if row["number"] == "after":
            k = end
            while k < len(keys) and k < end + 4 and keys[k] in QUALIFIERS:
                k += 1
            if k < len(keys):
                value = number(keys[k])
                if value is None and any(v in victims() or v.rstrip("ا") in victims() for v in variants(keys[k])):
                    value = 1
                if value is None and row["form"] in VERB_FORMS:  # أعدم تنظيم داعش، الخميس، 5 مدنيين
                    value = next((number(x) for x in keys[k + 1:k + OBJECT_REACH] if number(x) is not None), None)
                if value is not None:
                    value += _more(keys, k + 1)
        else:
            for key in keys[max(0, first - 3):first][::-1]:
                value = number(key)
                if value is not None:
                    break
        if value is not None:
            found[row["counts"]].append(value)
    return {kind: (min(values) if values else None) for kind, values in found.items()}


def _more(keys: list[str], k: int) -> int:
    """و4 من عناصر المقاومة: a second figure joined by و a few words on."""
    for j in range(k, min(len(keys), k + 5)):
        key = keys[j]
        if key.startswith("و") and len(key) > 1 and NUMBER.match(key[1:]):
            return int(key[1:])
        if key in ("،", ",", ".") or table("casualties").match(keys, j):
            return 0
    return 0


@lru_cache(maxsize=1)
def victims() -> frozenset[str]:
    return frozenset(word_key(r["form"]) for r in read_tsv("events/victims.tsv"))


def instrument(keys: list[str], first: int, end: int, default: str | None,
               lo: int = 0, hi: int | None = None) -> str | None:
    """The weapon named near the trigger (not past the neighbouring triggers lo..hi); the most specific
    when several are (suicide over explosive)."""
    hi = len(keys) if hi is None else hi
    lo, hi = max(lo, first - INSTRUMENT_BEFORE), min(hi, end + INSTRUMENT_AFTER)
    named = [row["instrument"] for _, _, row in table("instruments").find(keys[lo:hi])]
    if default:
        named.append(default)
    for preferred in INSTRUMENT_ORDER:
        if preferred in named:
            return preferred
    return None


# Most specific weapon first: it decides the sub-type when several are named.
INSTRUMENT_ORDER = ("suicide", "chemical", "drone", "car_bomb", "grenade", "explosive", "aircraft", "missile",
                    "artillery", "firearm", "blade", "fire")


def day(value: str | None) -> str | None:
    return value[:10] if isinstance(value, str) and DAY.match(value) else None


EARLIER_WINDOW = 800    # characters back (into the previous paragraph at most) to the timex that dates a report


def event_date(timexes: list[dict], mention: dict, sentence: dict, paragraph_start: int,
               statement=lambda t: False) -> tuple[str | None, dict | None, str]:
    """(day, timex, how) for a mention: the closest dated timex in its sentence; else, when the
    sentence has no time expression of its own (منذ أيام is one), the nearest dated one before it in
    its paragraph or close before that. Never the dct by default."""
    def dated(t):
        return t.get("type") in ("DATE", "TIME") and day(t.get("value"))

    inside = [t for t in timexes if sentence["start"] <= t["start"] < sentence["end"]]
    own = [t for t in inside if dated(t) and not statement(t)]
    if own:
        best = min(own, key=lambda t: abs(t["start"] - mention["start"]))
        return day(best["value"]), best, "sentence"
    said = [t for t in inside if dated(t)]
    if said:  # قال أمس: only the day of the statement
        best = min(said, key=lambda t: abs(t["start"] - mention["start"]))
        return day(best["value"]), best, "statement"
    if inside:
        return None, None, "vague"
    window = min(paragraph_start, sentence["start"] - EARLIER_WINDOW)
    earlier = [t for t in timexes if window <= t["start"] < sentence["start"] and dated(t)]
    if earlier:
        return day(earlier[-1]["value"]), earlier[-1], "earlier"
    return None, None, "none"


def too_old(date: str | None, dct: str | None, days: int = 60) -> bool:
    """A date long before the report is background, not news."""
    if not date or not dct:
        return False
    try:
        return (dt.date.fromisoformat(dct) - dt.date.fromisoformat(date)).days > days
    except ValueError:
        return False


def after_report(date: str | None, dct: str | None) -> bool:
    """A day after the report's own: not something the report can tell as done."""
    if not date or not dct:
        return False
    try:
        return (dt.date.fromisoformat(date) - dt.date.fromisoformat(dct)).days > 1
    except ValueError:
        return False


@lru_cache(maxsize=1)
def actor_names() -> dict[str, tuple[str, int]]:
    return {r["form"]: (r["name"], int(r["inter"])) for r in read_tsv("events/actors.tsv")}


def actor_descriptions(keys: list[str]) -> list[tuple[int, int, dict]]:
    """Armed actors named by a description (القوات الأمريكية, مسلحون) in a sentence."""
    return table("actors").find(keys)
