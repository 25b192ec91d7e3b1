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


def number(key: str) -> int | None:
    """The value of a number token: digits, a number word, or a vague quantity (عشرات = 12)."""
    for form in variants(key):
        if NUMBER.match(form):
            return int(form)
        if form in number_words():
            return number_words()[form]
        if form in vague_numbers():
            return vague_numbers()[form]
    return None


def casualties(keys: list[str]) -> dict[str, int | None]:
    """The lowest killed and wounded figures a sentence reports (ACLED's rule), or None."""
    found: dict[str, list[int]] = {"killed": [], "wounded": []}
    for first, end, row in table("casualties").find(keys):
        window = keys[end:end + 3] if row["number"] == "after" else keys[max(0, first - 3):first][::-1]
        for key in window:
            value = number(key)
            if value is not None:
                found[row["counts"]].append(value)
                break
        else:
            if row["number"] == "after" and row["counts"] == "killed" and end < len(keys) \
                    and not any(number(k) is not None for k in keys[end:end + 3]):
                continue  # مقتل without a figure says nothing about how many
    return {kind: (min(values) if values else None) for kind, values in found.items()}


def instrument(keys: list[str], first: int, end: int, default: str | None) -> str | None:
    """The weapon named near the trigger; the most specific when several are (suicide over explosive)."""
    lo, hi = max(0, first - INSTRUMENT_BEFORE), min(len(keys), end + INSTRUMENT_AFTER)
    named = [row["instrument"] for _, _, row in table("instruments").find(keys[lo:hi])]
    if default:
        named.append(default)
    for preferred in ("suicide", "car_bomb", "chemical", "drone", "grenade", "explosive", "aircraft", "missile",
                      "artillery", "firearm", "blade", "fire"):
        if preferred in named:
            return preferred
    return None


def day(value: str | None) -> str | None:
    return value[:10] if isinstance(value, str) and DAY.match(value) else None


EARLIER_WINDOW = 800    # characters back (into the previous paragraph at most) to the timex that dates a report


def event_date(timexes: list[dict], mention: dict, sentence: dict,
               paragraph_start: int) -> tuple[str | None, dict | None, str]:
    """(day, timex, how) for a mention: the closest dated timex in its sentence; else, when the
    sentence has no time expression of its own (منذ أيام is one), the nearest dated one before it in
    its paragraph or close before that. Never the dct by default."""
    def dated(t):
        return t.get("type") in ("DATE", "TIME") and day(t.get("value"))

    inside = [t for t in timexes if sentence["start"] <= t["start"] < sentence["end"]]
    if any(dated(t) for t in inside):
        best = min((t for t in inside if dated(t)), key=lambda t: abs(t["start"] - mention["start"]))
        return day(best["value"]), best, "sentence"
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


@lru_cache(maxsize=1)
def actor_names() -> dict[str, tuple[str, int]]:
    return {r["form"]: (r["name"], int(r["inter"])) for r in read_tsv("events/actors.tsv")}


def actor_descriptions(keys: list[str]) -> list[tuple[int, int, dict]]:
    """Armed actors named by a description (القوات الأمريكية, مسلحون) in a sentence."""
    return table("actors").find(keys)
