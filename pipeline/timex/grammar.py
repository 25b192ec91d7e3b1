"""Patterns for Arabic temporal expressions and their TIMEX3 values.

Each rule is a regex over the normalized text and a function turning a match
into ``(type, value, extra)`` given the document creation time. All rules
propose candidates; the longest non-overlapping ones win.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import regex

from ..clitics import analyze
from .lexicon import Lexicon, alternation, lexicon

START = r"(?<![\p{L}\p{N}])(?:[وفبل]{1,2}(?=\p{L}))?"  # word start; proclitics stay outside the span
END = r"(?![\p{L}\p{N}])"


@dataclass
class Candidate:
    start: int
    end: int
    type: str
    value: str
    priority: int
    extra: dict


@dataclass
class Rule:
    name: str
    pattern: regex.Pattern
    resolve: Callable  # (match, dct, context) -> (type, value, extra) or None
    keys: frozenset | None = None  # the rule can only match where one of these words occurs


def fragments(lex: Lexicon) -> dict[str, str]:
    months = alternation(lex.gregorian)
    safe_months = alternation(m for m in lex.gregorian if m not in lex.ambiguous_months)
    numbers = alternation(lex.numbers)
    cardinal_word = alternation(lex.cardinals)
    dirs = alternation(list(lex.kinds["past"]) + list(lex.kinds["future"]) + list(lex.kinds["current"]))
    return {
        "MONTH": rf"{months}(?:\s*/\s*{months})?",
        "SAFE_MONTH": rf"{safe_months}(?:\s*/\s*{months})?",
        "HMONTH": alternation(lex.hijri),
        "WD": alternation(lex.weekdays),
        "WD_BARE": alternation(w[2:] for w in lex.weekdays),
        "PART": alternation(lex.parts),
        "NUMW": rf"(?:ال)?{numbers}(?:\s+و?(?:ال)?{numbers}){{0,2}}",
        "CARD": rf"(?:\d{{1,3}}|(?:ال)?{cardinal_word}(?:\s+و?(?:ال)?{cardinal_word}){{0,2}})",
        "UNIT": alternation(lex.units),
        "DIR": dirs,
        "EDGE": alternation(lex.kinds["edge"]),
        "RELDAY": alternation(lex.kinds["day"]),
        "REF": alternation(lex.kinds["ref"]),
        "SETW": alternation(lex.kinds["set"]),
        "DECADE": alternation(lex.kinds["decade"]),
    }


# ---- calendar helpers -------------------------------------------------------

def parse_dct(dct: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(dct[:10]) if dct else None
    except ValueError:
        return None


def shift_months(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def week_value(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def weekday_date(dct: dt.date, weekday: int, future: bool) -> dt.date:
    """The most recent such weekday on or before dct; with future, the next one after it."""
    if future:
        return dct + dt.timedelta(days=(weekday - dct.isoweekday() - 1) % 7 + 1)
    return dct - dt.timedelta(days=(dct.isoweekday() - weekday) % 7)


def month_date(dct: dt.date, month: int, direction: str | None) -> tuple[int, int]:
    if direction == "future":
        return (dct.year if month > dct.month else dct.year + 1), month
    if direction == "current":
        return dct.year, month
    return (dct.year if month <= dct.month else dct.year - 1), month


def period_value(unit: str, dct: dt.date, offset: int) -> str:
    """Value of a calendar period offset from dct: D -> day, W -> week, M -> month, Y -> year."""
    if unit == "D":
        return (dct + dt.timedelta(days=offset)).isoformat()
    if unit == "W":
        return week_value(dct + dt.timedelta(weeks=offset))
    if unit == "M":
        year, month = shift_months(dct, offset)
        return f"{year:04d}-{month:02d}"
    if unit == "Y":
        return f"{dct.year + offset:04d}"
    return "PAST_REF" if offset < 0 else "FUTURE_REF"


def duration_value(amount: float, unit: str, is_time: bool) -> str:
    if amount != int(amount):  # one and a half: express in the next smaller unit
        smaller = {"Y": (12, "M"), "M": (30, "D"), "W": (7, "D"), "D": (24, "H"), "H": (60, "M")}
        factor, unit2 = smaller.get(unit, (1, unit))
        return duration_value(amount * factor, unit2, is_time or unit == "D")
    amount = int(amount)
    if unit == "DE":
        return f"P{amount * 10}Y"
    return f"PT{amount}{unit}" if is_time else f"P{amount}{unit}"


def future_context(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """A future verb or particle shortly before, or المقبل/القادم right after."""
    after = text[end:end + 12].split()
    if after and lex.direction(after[0]) == "future":
        return True
    for word in text[max(0, start - 40):start].split()[-4:]:
        if word == "سوف" or (len(word) > 3 and analyze(word)[0].endswith("س")):
            return True
    return False


# ---- rules ------------------------------------------------------------------

@lru_cache(maxsize=1)
def rules() -> list[Rule]:
    lex = lexicon()
    f = fragments(lex)

    def rx(pattern: str) -> regex.Pattern:
        return regex.compile(START + "(?P<x>" + pattern.format(**f) + ")" + END, regex.V1)

    def relative_day(dct: dt.date, word: str) -> dt.date:
        """أمس -> dct - 1 day, غدا -> dct + 1 day (data/time/words.tsv)."""
        return dct + dt.timedelta(days=int(lex.kinds["day"][" ".join(word.split())]))

    def part_code(m) -> tuple[str, bool] | None:
        return lex.parts.get(" ".join(m["part"].split())) if m["part"] else None

    def with_part(day: dt.date, m, extra=None):
        code = part_code(m)
        if code:
            return "TIME", f"{day.isoformat()}T{code[0]}", extra or {}
        return "DATE", day.isoformat(), extra or {}

    def full_date(m, dct, ctx):
        month = lex.month(m["month"])
        day = lex.number(m["day"])
        if not month or not day or day > 31:
            return None
        if m["year"]:
            year = int(m["year"])
        elif dct:
            year = dct.year
            if (dt.date(year, month, 1) - dct).days > 180:
                year -= 1
        else:
            return None
        try:
            date = dt.date(year, month, day)
        except ValueError:
            return None
        return with_part(date, m, {} if m["year"] else {"anchor": "dct"})

    def hijri_date(m, dct, ctx):
        from hijridate import Hijri
        month = lex.hijri[" ".join(m["hmonth"].split())]
        day = lex.number(m["day"]) if m["day"] else 1
        if m["year"]:
            year = int(m["year"])
        elif dct:
            year = _hijri_year(dct)
        else:
            return None
        try:
            greg = Hijri(year, month, day).to_gregorian()
        except (ValueError, OverflowError):
            return None
        value = greg.isoformat() if m["day"] else f"{greg.year:04d}-{greg.month:02d}"
        return "DATE", value, {"calendar": "hijri"}

    def hijri_year(m, dct, ctx):
        from hijridate import Hijri
        try:
            greg = Hijri(int(m["year"]), 1, 1).to_gregorian()
        except (ValueError, OverflowError):
            return None
        return "DATE", f"{greg.year:04d}", {"calendar": "hijri"}

    def month_year(m, dct, ctx):
        month = lex.month(m["month"])
        return ("DATE", f"{int(m['year']):04d}-{month:02d}", {}) if month else None

    def month_only(m, dct, ctx):
        month = lex.month(m["month"])
        if not month or not dct:
            return None
        direction = lex.direction(m["dir"]) or ("future" if future_context(ctx, m.start("x"), m.end("x"), lex)
                                                else None)
        year, month = month_date(dct, month, direction)
        return "DATE", f"{year:04d}-{month:02d}", {"anchor": "dct"}

    def year_only(m, dct, ctx):
        return "DATE", m["year"], {}

    def unit_relative(m, dct, ctx):
        if not dct:
            return None
        unit = {"اسبوع": "W", "شهر": "M", "عام": "Y", "سنه": "Y", "يوم": "D"}[m["unit"]]
        direction = lex.direction(m["dir"])
        offset = {"past": -1, "future": 1, "current": 0}[direction]
        return "DATE", period_value(unit, dct, offset), {"anchor": "dct"}

    def ago(m, dct, ctx):
        unit, is_time, count = lex.units[" ".join(m["unit"].split())]
        amount = lex.number(m["num"]) if m["num"] else count
        if not dct or amount is None or is_time or unit == "DE":
            return None
        sign = -1 if m["dir"] == "قبل" else 1
        return "DATE", period_value(unit, dct, sign * amount), {"anchor": "dct"}

    def duration(m, dct, ctx):
        unit_word = " ".join(m["unit"].split())
        unit, is_time, count = lex.units[unit_word if unit_word in lex.units else unit_word[2:]]
        amount = lex.number(m["num"]) if m["num"] else count
        if amount is None:
            return None
        if m["half"]:
            amount += 0.5
        return "DURATION", duration_value(amount, unit, is_time), {}

    def weekday(m, dct, ctx):
        if not dct:
            return None
        if m["rel"]:  # يوم أمس السبت; the weekday wins where the two disagree
            day = relative_day(dct, m["rel"])
            if day.isoweekday() != lex.weekdays[m["wd"]]:
                day = weekday_date(day, lex.weekdays[m["wd"]], False)
        else:
            wd = lex.weekdays[m["wd"]]
            future = lex.direction(m["dir"]) == "future" or (
                not m["dir"] and future_context(ctx, m.start("x"), m.end("x"), lex))
            day = weekday_date(dct, wd, future)
        typ, value, extra = with_part(day, m)
        return typ, value, {"anchor": "dct"}

    def part_relative(m, dct, ctx):
        if not dct:
            return None
        day = relative_day(dct, m["rel"])
        return with_part(day, m, {"anchor": "dct"})

    def day_word(m, dct, ctx):
        if not dct:
            return None
        day = relative_day(dct, m["rel"])
        return "DATE", day.isoformat(), {"anchor": "dct"}

    def clock(m, dct, ctx):
        if m["hm"]:
            hour, minute = (int(x) for x in m["hm"].split(":"))
        else:
            hour, minute = lex.number(m["h"]) or -1, int(m["mm"] or 0)
        if m["frac"]:
            minute = {"النصف": 30, "نصف": 30, "الربع": 15, "ربع": 15}.get(m["frac"], 0)
            if m["frac"].split()[0].isdigit():
                minute = int(m["frac"].split()[0])
        code = part_code(m)
        if code and code[1] and hour < 12:
            hour += 12
        if not (0 <= hour <= 24 and 0 <= minute < 60):
            return None
        day = dct
        if m["rel"] and dct:
            day = relative_day(dct, m["rel"])
        elif m["wd"] and dct:
            day = weekday_date(dct, lex.weekdays[m["wd"]], False)
        if day is None:
            return "TIME", f"T{hour:02d}:{minute:02d}", {}
        return "TIME", f"{day.isoformat()}T{hour:02d}:{minute:02d}", {"anchor": "dct"}

    def every(m, dct, ctx):
        if m["wd"]:
            return "SET", f"XXXX-WXX-{lex.weekdays['ال' + m['wd'].removeprefix('ال')]}", {}
        unit, is_time, _ = lex.units[m["unit"]]
        return "SET", duration_value(1, unit, is_time), {}

    def set_word(m, dct, ctx):
        return "SET", lex.kinds["set"][m["w"]], {}

    def ref(m, dct, ctx):
        return "DATE", lex.kinds["ref"][" ".join(m["w"].split())], {}

    def decade(m, dct, ctx):
        return "DATE", lex.kinds["decade"][m["w"]], {}

    lead = r"(?:(?P<part>{PART})\s+(?:من\s+)?)?(?:يوم\s+)?(?:(?P<wd>{WD})\s*[،,]?\s*)?"
    built = [
        Rule("date", rx(lead + r"(?P<day>\d{{1,2}}|{NUMW})\s*(?:-|\s)\s*(?:من\s+)?(?:شهر\s+)?(?P<month>{MONTH})"
                        r"(?:\s*(?:-|\s|،|,)\s*(?:من\s+)?(?:عام\s+|سنه\s+)?(?P<year>\d{{4}}))?"
                        r"(?:\s*(?:م|ميلادي|ميلاديه)(?![\p{{L}}]))?(?:\s+(?:{DIR}))?"), full_date),
        Rule("hijri", rx(r"(?:(?P<day>\d{{1,2}}|{NUMW})\s+(?:من\s+)?)?(?:شهر\s+)?(?P<hmonth>{HMONTH})"
                         r"(?:\s+(?:عام\s+|سنه\s+)?(?P<year>\d{{3,4}}))?\s*(?:ه|هجريه|للهجره)"), hijri_date),
        Rule("hijri_year", rx(r"(?:عام\s+|سنه\s+)?(?P<year>1[34]\d\d)\s*(?:ه|هجريه|للهجره)"), hijri_year),
        Rule("month_year", rx(r"(?:(?:{EDGE})\s+)?(?:شهر\s+)?(?P<month>{MONTH})\s*(?:من\s+)?(?:عام\s+|سنه\s+)?"
                              r"(?P<year>\d{{4}})"), month_year),
        Rule("month", rx(r"(?:(?:{EDGE})\s+)?(?:(?:شهر\s+)(?P<month>{MONTH})|(?P<month>{MONTH})\s+(?P<dir>{DIR})"
                         r"|(?P<month>{SAFE_MONTH}))(?:\s+(?P<dir>{DIR}))?"), month_only),
        Rule("year", rx(r"(?:(?:{EDGE})\s+)?(?:عام|سنه|العام)\s+(?P<year>\d{{4}})"), year_only),
        Rule("unit_relative", rx(r"(?:(?:{EDGE})\s+)?(?:ال|هذا\s+ال)(?P<unit>اسبوع|شهر|عام|سنه)\s+(?P<dir>{DIR})"),
             unit_relative),
        Rule("ago", rx(r"(?P<dir>قبل|بعد)\s+(?:(?P<num>{CARD})\s+)?(?P<unit>{UNIT})(?!\s+من\s)"), ago),
        Rule("duration", rx(r"(?:(?P<num>{CARD})\s+(?P<unit>{UNIT})|(?P<unit>(?:ال)?(?:يومين|ساعتين|اسبوعين|"
                            r"شهرين|عامين|سنتين|دقيقتين|عقدين)))(?:\s+و(?P<half>نصف)(?:\s+(?:ال)?(?:{UNIT}))?)?"
                            r"(?:\s+(?:الماضي|الماضيه|الماضيين|الاخيره|الاخيرين|المقبله|المقبلين|القادمه))?"),
             duration),
        Rule("year_and_half", rx(r"(?P<unit>(?:ال)?(?:عام|سنه|شهر|يوم|ساعه))\s+و(?P<half>نصف)(?:\s+(?:ال)?"
                                 r"(?:عام|سنه|شهر|يوم|ساعه))?(?P<num>)"), duration),
        Rule("clock", rx(r"(?:(?:قرابه|حوالي|نحو)\s+)?(?:(?:الساعه\s+(?P<h>\d{{1,2}}|{NUMW})(?::(?P<mm>\d\d))?)"
                         r"|(?P<hm>\d{{1,2}}:\d\d))"
                         r"(?:\s+و\s*(?P<frac>النصف|الربع|نصف|ربع|\d{{1,2}}\s+دقيقه))?"
                         r"(?:\s+(?:من\s+)?(?P<part>{PART}))?(?:\s+(?:من\s+)?(?:يوم\s+)?(?P<rel>{RELDAY}))?"
                         r"(?:\s+(?P<wd>{WD}))?"), clock),
        Rule("weekday", rx(r"(?:(?P<part>{PART})\s+(?:من\s+)?)?(?:يوم\s+)?(?:(?P<rel>{RELDAY})\s+)?(?P<wd>{WD})"
                           r"(?:\s+(?P<dir>{DIR}))?"), weekday),
        Rule("part_relative", rx(r"(?P<part>{PART})\s+(?:يوم\s+)?(?P<rel>{RELDAY})"), part_relative),
        Rule("day_word", rx(r"(?:يوم\s+)?(?P<rel>{RELDAY})"), day_word),
        Rule("every", rx(r"كل\s+(?:(?:يوم\s+)?(?P<wd>{WD}|{WD_BARE})|(?P<unit>يوم|اسبوع|شهر|عام|سنه|ساعه))"), every),
        Rule("set_word", rx(r"(?P<w>{SETW})"), set_word),
        Rule("ref", rx(r"(?P<w>{REF})"), ref),
        Rule("decade", rx(r"(?P<w>{DECADE})"), decade),
    ]
    first = lambda table: frozenset(w.split()[0] for w in table)  # noqa: E731
    months, weekdays = first(lex.gregorian), first(lex.weekdays) | {w[2:] for w in lex.weekdays}
    keys = {"date": months, "month_year": months, "month": months, "hijri": first(lex.hijri),
            "hijri_year": frozenset({"#"}), "year": frozenset({"عام", "سنه", "العام"}),
            "unit_relative": frozenset({"اسبوع", "شهر", "عام", "سنه"}), "ago": frozenset({"قبل", "بعد"}),
            "clock": frozenset({"الساعه", ":"}), "weekday": weekdays, "every": frozenset({"كل"}),
            "part_relative": first(lex.parts), "day_word": first(lex.kinds["day"]),
            "set_word": first(lex.kinds["set"]), "ref": first(lex.kinds["ref"]), "decade": first(lex.kinds["decade"])}
    for rule in built:
        rule.keys = keys.get(rule.name)
    return built


def _hijri_year(day: dt.date) -> int:
    from hijridate import Gregorian
    return Gregorian(day.year, day.month, day.day).to_hijri().year


GLUE = frozenset("من قبل بعد كل الساعه قرابه حوالي نحو نصف ونصف النصف ربع الربع م ميلادي ميلاديه ه هجريه "
                 "للهجره حتي منذ في وقت سابق هذا".split())


@lru_cache(maxsize=1)
def trigger_words() -> frozenset[str]:
    """Words around which a timex can stand: lexicon entries split at spaces, and the longer glue words."""
    lex = lexicon()
    words = set()
    for table in (lex.gregorian, lex.hijri, lex.weekdays, lex.parts, lex.numbers, lex.units, *lex.kinds.values()):
        for entry in table:
            words.update(entry.split())
    return frozenset(words | {w for w in GLUE if len(w) > 2})


@lru_cache(maxsize=1)
def _trigger_pattern() -> re.Pattern:
    words = sorted(trigger_words(), key=len, reverse=True)
    stems = "|".join(re.escape(w[2:] if w.startswith("ال") else w) for w in words)
    return re.compile(rf"(?<!\w)[وفبل]{{0,2}}(?:ال)?(?:{stems})(?!\w)|\d+")


def windows(text: str, before: int = 30, after: int = 45) -> list[tuple[int, int]]:
    """Stretches around temporal trigger words and digits, snapped to spaces and merged."""
    out: list[list[int]] = []
    for m in _trigger_pattern().finditer(text):
        start = text.rfind(" ", 0, max(0, m.start() - before)) + 1
        end = text.find(" ", min(len(text), m.end() + after))
        end = len(text) if end < 0 else end
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(a, b) for a, b in out]


def find(text: str, dct: str | None) -> list[Candidate]:
    """Non-overlapping timex candidates in normalized text, longest first.

    Rules run only over the stretches of text made of temporal words
    (:func:`windows`), which keeps the stage fast on long documents.
    """
    anchor = parse_dct(dct)
    found = []
    spans = windows(text)
    pieces = [text[start:end] for start, end in spans]
    if any(c.isdigit() for c in text):
        pieces = [p + " #" if any(c.isdigit() for c in p) else p for p in pieces]
    for priority, rule in enumerate(rules()):
        for (start, end), piece in zip(spans, pieces):
            if rule.keys is not None and not any(k in piece for k in rule.keys):
                continue  # a substring test: cheap, and a false hit only costs a regex pass
            for m in rule.pattern.finditer(text, start, end):
                resolved = rule.resolve(m, anchor, text)
                if resolved:
                    typ, value, extra = resolved
                    found.append(Candidate(m.start("x"), m.end("x"), typ, value, priority,
                                           dict(extra, rule=rule.name)))
    found.sort(key=lambda c: (-(c.end - c.start), c.priority, c.start))
    taken: list[Candidate] = []
    for c in found:
        if all(c.end <= t.start or c.start >= t.end for t in taken):
            taken.append(c)
    return sorted(taken, key=lambda c: c.start)
