"""Patterns for Arabic temporal expressions and their TIMEX3 values.

Each rule is a regex over the normalized text and a function turning a match
into ``(type, value, extra)`` given the document creation time. A rule also
names the words its match can begin with (``first``); one scan of the text
finds those words (a trie regex compiled once), and each rule is tried only
where a match can begin, anchored there. All rules propose candidates; the
longest non-overlapping ones win. Without a dct, an expression that needs one
is still found, with ``value`` None and ``anchor`` ``NO_DCT``.
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

# word start; proclitics (also before a digit or bracket: و2018, ل(15)) stay outside the span
START = r"(?<![\p{L}\p{N}])(?:[وفبل]{1,2}(?=[\p{L}\p{N}(]))?"
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
    first: str = ""  # what a match can begin with: fragment names (MONTH, DIGIT...) and literal words


def fragments(lex: Lexicon) -> dict[str, str]:
    months = alternation(lex.gregorian)
    safe_months = alternation(m for m in lex.gregorian if m not in lex.ambiguous_months)
    numbers = alternation(lex.numbers)
    cardinal_word = alternation(lex.cardinals)
    dirs = alternation(list(lex.kinds["past"]) + list(lex.kinds["future"]) + list(lex.kinds["current"]))
    return {
        # one month name, or two side by side: آذار/مارس, تموز (يوليو), 12 نيسان ابريل
        "MONTH": rf"{months}(?:\s*/\s*{months}|\s*\(\s*{months}\s*\)|\s+{months})?",
        "SAFE_MONTH": rf"{safe_months}(?:\s*/\s*{months}|\s*\(\s*{months}\s*\)|\s+{months})?",
        "HMONTH": alternation(lex.hijri),
        "WD": alternation(lex.weekdays),
        "WD_BARE": alternation(w[2:] for w in lex.weekdays),
        "PART": alternation(lex.parts),
        "NUMW": rf"(?:ال)?{numbers}(?:\s+و?(?:ال)?{numbers}){{0,2}}",
        "HOURW": rf"(?:ال)?{numbers}(?:\s+عشره?)?",  # الحادية عشرة, not الحادية عشرة وتسع
        "CARD": rf"(?:\d{{1,4}}|\(\s*\d{{1,4}}\s*\)|(?:ال)?{cardinal_word}(?:\s+و?(?:ال)?{cardinal_word}){{0,2}})",
        "UNIT": alternation(lex.units),
        "DIR": dirs,
        "EDGE": alternation(lex.kinds["edge"]),
        "RELDAY": alternation(lex.kinds["day"]),
        "REF": alternation(lex.kinds["ref"]),
        "SETW": alternation(lex.kinds["set"]),
        "DECADE": alternation(lex.kinds["decade"]),
        "SEASON": alternation(lex.kinds["season"]),
        "FEAST": alternation(lex.feasts),
        "HMONTH_SAFE": alternation(m for m in lex.hijri if m not in lex.ambiguous_months),
        "NOUN_DAY": alternation(lex.kinds["noun_day"]),
        "VAGUE": alternation(lex.kinds["vague"]),
        "YEAR": r"(?:1\d|20)\d\d",
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


def weekday_date(dct: dt.date, weekday: int, future: bool, strict: bool = False) -> dt.date:
    """The most recent such weekday on or before dct (before it when strict: الخميس الماضي
    on a Thursday is a week back); with future, the next one after it."""
    if future:
        return dct + dt.timedelta(days=(weekday - dct.isoweekday() - 1) % 7 + 1)
    return dct - dt.timedelta(days=(dct.isoweekday() - weekday - strict) % 7 + strict)


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
    if unit in ("DE", "CE"):
        return f"P{amount * (10 if unit == 'DE' else 100)}Y"
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

NO_DCT = "no-dct"  # the anchor of an expression that needs a dct where there is none
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}  # WI runs into the next year


def group(m, name: str) -> str | None:
    """A named group, or None where the rule has no such group."""
    return m.groupdict().get(name)


def unresolved(typ: str) -> tuple[str, None, dict]:
    return typ, None, {"anchor": NO_DCT}


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
        if not group(m, "part"):
            return None
        part = " ".join(m["part"].split())
        return lex.parts.get(part) or lex.parts.get(part.removeprefix("ال"))

    def with_part(day: dt.date, m, extra=None):
        code = part_code(m)
        if code:
            return "TIME", f"{day.isoformat()}T{code[0]}", extra or {}
        return "DATE", day.isoformat(), extra or {}

    def part_type(m) -> str:
        return "TIME" if part_code(m) else "DATE"

    def year_of(m, dct):
        """The year group, or من العام الماضي / هذا العام relative to dct; (year, needs dct)."""
        if group(m, "year"):
            return int(group(m, "year")), False
        if group(m, "ydir"):
            offset = {"past": -1, "future": 1, "current": 0}[lex.direction(group(m, "ydir")) or "current"]
            return (dct.year + offset if dct else None), True
        return None, True

    def day_month(m, dct, day, month):
        if not month or not day or day > 31:
            return None
        year, relative = year_of(m, dct)
        if year is None and not group(m, "ydir"):
            if not dct:
                return unresolved(part_type(m))
            year = dct.year
            direction = lex.direction(group(m, "dir"))
            try:
                this_year = dt.date(year, month, day)
            except ValueError:
                return None
            if direction == "future":  # الثامن من مايو القادم: next year once May 8 has passed
                year += this_year <= dct
            elif direction == "past":
                year -= this_year > dct
            elif (dt.date(year, month, 1) - dct).days > 180:
                year -= 1
        elif year is None:
            return unresolved(part_type(m))
        try:
            date = dt.date(year, month, day)
        except ValueError:
            return None
        return with_part(date, m, {"anchor": "dct"} if relative else {})

    def full_date(m, dct, ctx):
        return day_month(m, dct, lex.number(m["day"]), lex.month(m["month"]))

    def numeric_date(m, dct, ctx):
        day, month, year = int(m["d"]), int(m["m"]), int(m["y"])
        if month > 12 and day <= 12:  # 4/22/1948: month first
            day, month = month, day
        if m["hsuf"]:
            return hijri_value(year, month, day)
        try:
            return "DATE", dt.date(year, month, day).isoformat(), {}
        except ValueError:
            return None

    def hijri_value(year, month, day, month_only=False):
        from hijridate import Hijri
        try:
            greg = Hijri(year, month, day).to_gregorian()
        except (ValueError, OverflowError):
            return None
        value = f"{greg.year:04d}-{greg.month:02d}" if month_only else greg.isoformat()
        return "DATE", value, {"calendar": "hijri"}

    def hijri_date(m, dct, ctx):
        month = lex.hijri[" ".join(m["hmonth"].split())]
        day = lex.number(m["day"]) if m["day"] else 1
        if m["year"]:
            year = int(m["year"])
        elif dct:
            year = _hijri_year(dct)
        else:
            return unresolved("DATE")
        return hijri_value(year, month, day, month_only=not m["day"])

    def hijri_month(m, dct, ctx):
        """رمضان, خلال شهر شعبان, 27 رمضان without هـ: this Hijri year's, or last year's if it is still to come."""
        if not dct:
            return unresolved("DATE")
        from hijridate import Gregorian
        month = lex.hijri[" ".join(m["hmonth"].split())]
        day = lex.number(m["day"]) if m["day"] else None
        today = Gregorian(dct.year, dct.month, dct.day).to_hijri()
        direction = lex.direction(m["dir"]) or ("future" if future_context(ctx, m.start("x"), m.end("x"), lex)
                                                else None)
        year = today.year
        if direction == "future":
            year += (month, day or 1) < (today.month, today.day)
        elif direction != "current" and (month, day or 1) > (today.month, today.day):
            year -= 1
        typ, value, extra = hijri_value(year, month, day or 1, month_only=day is None) or (None, None, {})
        return (typ, value, dict(extra, anchor="dct")) if typ else None

    def feast(m, dct, ctx):
        calendar, month, day = lex.feasts[" ".join(m["name"].split())]
        day += lex.number(m["ord"]) - 1 if m["ord"] else 0
        if m["year"]:
            year = int(m["year"])
        elif not dct:
            return unresolved("DATE")
        elif calendar == "hijri":
            from hijridate import Gregorian
            today = Gregorian(dct.year, dct.month, dct.day).to_hijri()
            year = today.year - ((month, day) > (today.month, today.day))
        else:
            year = dct.year - ((month, day) > (dct.month, dct.day))
        if calendar == "hijri":
            return hijri_value(year, month, day)
        return "DATE", dt.date(year, month, day).isoformat(), {}

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
        if not month:
            return None
        if not dct:
            return unresolved("DATE")
        direction = lex.direction(m["dir"]) or ("future" if future_context(ctx, m.start("x"), m.end("x"), lex)
                                                else None)
        year, month = month_date(dct, month, direction)
        return "DATE", f"{year:04d}-{month:02d}", {"anchor": "dct"}

    def year_only(m, dct, ctx):
        if group(m, "cyear"):  # و2018 after a year: kept only next to that year's timex (see find)
            return "DATE", m["cyear"], {"after_year": True}
        return "DATE", f"{int(m['year']):04d}", {}

    def century(m, dct, ctx):
        if m["dir"]:
            if not dct:
                return unresolved("DATE")
            return "DATE", f"{dct.year // 100 - 1:02d}", {"anchor": "dct"}
        number = lex.number(m["num"].removeprefix("ال"))
        return ("DATE", f"{number - 1:02d}", {}) if number and 1 <= number <= 21 else None

    def decade(m, dct, ctx):
        value = lex.kinds["decade"][m["w"]]
        if m["cnum"]:
            number = lex.number(m["cnum"].removeprefix("ال"))
            if not number or not 1 <= number <= 21:
                return None
            value = f"{number - 1:02d}{value[2]}"
        return "DATE", value, {}

    def season(m, dct, ctx):
        code = lex.kinds["season"][m["season"]]
        year, relative = year_of(m, dct)
        if year is None and m["dir"] and dct:
            first, last = SEASON_MONTHS[code]
            direction = lex.direction(m["dir"])
            year = dct.year
            if direction == "past" and last >= dct.month:
                year -= 1
            elif direction == "future" and first <= dct.month:
                year += 1
        elif year is None and m["this"] and dct:
            year = dct.year
        if year is None:
            return unresolved("DATE")
        return "DATE", f"{year:04d}-{code}", {"anchor": "dct"} if relative else {}

    def unit_relative(m, dct, ctx):
        if not dct:
            return unresolved("DATE")
        unit = {"اسبوع": "W", "شهر": "M", "عام": "Y", "سنه": "Y", "يوم": "D"}[m["unit"]]
        direction = lex.direction(m["dir"]) or "current"
        offset = {"past": -1, "future": 1, "current": 0}[direction]
        return "DATE", period_value(unit, dct, offset), {"anchor": "dct"}

    def part_dir(m, dct, ctx):
        """الليلة الماضية: the night before dct; الليلة المقبلة / هذه الليلة."""
        code = part_code(m)
        if not dct:
            return unresolved("TIME")
        offset = {"past": -1, "future": 1, "current": 0}[lex.direction(m["dir"]) or "current"]
        return "TIME", f"{(dct + dt.timedelta(days=offset)).isoformat()}T{code[0]}", {"anchor": "dct"}

    def ago(m, dct, ctx):
        unit, is_time, count = lex.units[" ".join(m["unit"].split())]
        amount = lex.number(m["num"].strip("() ")) if m["num"] else count
        if amount is None or is_time or unit in ("DE", "CE"):
            return None
        if m["dir"] == "منذ" and unit not in ("D", "W"):
            return None  # منذ أربع سنوات is a duration (the duration rule)
        if not dct:
            return unresolved("DATE")
        sign = 1 if m["dir"] == "بعد" else -1
        return "DATE", period_value(unit, dct, sign * amount), {"anchor": "dct"}

    def duration(m, dct, ctx):
        unit_word = " ".join(m["unit"].split())
        unit, is_time, count = lex.units[unit_word if unit_word in lex.units else unit_word[2:]]
        if m["vague"]:
            return "DURATION", f"PT{'X'}{unit}" if is_time else f"PX{unit}", {}
        if m["quarter"]:
            return "DURATION", f"P{25 if m['quarter'] == 'ربع' else 50}Y", {}
        amount = lex.number(m["num"].strip("() ")) if m["num"] else count
        if amount is None:
            return None
        if m["half"]:
            amount += 0.5
        extra = {"mod": "MORE_THAN"} if m["more"] else {"mod": "LESS_THAN"} if m["less"] else {}
        return "DURATION", duration_value(amount, unit, is_time), extra

    def weekday(m, dct, ctx):
        if not dct:
            return unresolved(part_type(m))
        if m["rel"]:  # يوم أمس السبت; the weekday wins where the two disagree
            day = relative_day(dct, m["rel"])
            if day.isoweekday() != lex.weekdays[m["wd"]]:
                day = weekday_date(day, lex.weekdays[m["wd"]], False)
        else:
            wd = lex.weekdays[m["wd"]]
            direction = lex.direction(m["dir"])
            future = direction == "future" or (not m["dir"] and future_context(ctx, m.start("x"), m.end("x"), lex))
            day = weekday_date(dct, wd, future, strict=direction == "past")
        typ, value, extra = with_part(day, m)
        return typ, value, {"anchor": "dct"}

    def part_relative(m, dct, ctx):
        if not dct:
            return unresolved("TIME")
        day = relative_day(dct, m["rel"])
        return with_part(day, m, {"anchor": "dct"})

    def day_word(m, dct, ctx):
        if not dct:
            return unresolved("DATE")
        day = relative_day(dct, m["rel"])
        return "DATE", day.isoformat(), {"anchor": "dct"}

    def clock(m, dct, ctx):
        if m["hm"]:
            hour, minute = (int(x) for x in m["hm"].split(":"))
        else:
            hour, minute = lex.number(m["h"]) or -1, int(m["mm"] or 0)
        if m["frac"]:
            minute = {"النصف": 30, "نصف": 30, "الربع": 15, "ربع": 15}.get(m["frac"], 0)
            if m["frac"].split()[-1] in ("دقيقه", "دقائق"):
                minute = lex.number(m["frac"].rsplit(None, 1)[0]) or -1
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
        unit, is_time, count = lex.units[" ".join(m["unit"].split())]
        amount = lex.number(m["num"]) if m["num"] else count or 1
        return ("SET", duration_value(amount, unit, is_time), {}) if amount else None

    def set_word(m, dct, ctx):
        return "SET", lex.kinds["set"][m["w"]], {}

    def ref(m, dct, ctx):
        return "DATE", lex.kinds["ref"][" ".join(m["w"].split())], {}

    # year: 2016, (1948), 2002م; a bare one only after a preposition or edge word, in brackets,
    # with م, or next to another year (عامي 2017 و2018, 1936 - 1939): never a count (قتل 2015 شخصا)
    year = (r"(?:\(\s*(?P<year>{YEAR})\s*(?:[/-]\s*{YEAR}\s*)?\)|(?P<year>{YEAR}))"
            r"(?:\s*(?:م|ميلادي|ميلاديه)(?!\p{{L}}))?")
    year_after = (r"(?:\s*(?:-|\s|،|,)\s*(?:من\s+)?(?:(?:عام|سنه|العام)\s+)?" + year +
                  r"|\s+(?:من\s+)?(?:ال)?(?:عام|سنه)\s+(?P<ydir>{DIR}))?")
    lead = r"(?:(?P<part>{PART})\s+(?:من\s+)?)?(?:يوم\s+)?(?:(?P<wd>{WD})\s*[،,]?\s*)?"
    day_words = r"(?P<day>\d{{1,2}}|{NUMW})"
    # a preposition before a bare year or Hijri month; من not after a quantity (اكثر من 2015 شخصا)
    prep = (r"(?<=(?<![\p{{L}}])[وف]?(?:في|منذ|حتي|قبل|بعد|خلال|(?<!(?:اكثر|اقل|نحو|حوالي|قرابه)\s+)من|الي)"
            r"\s+)")
    built = [
        Rule("date", rx(lead + day_words + r"\s*(?:-|\s)\s*(?:من\s+)?(?:شهر\s+)?(?P<month>{MONTH})" + year_after +
                        r"(?:\s+(?P<dir>{DIR}))?"), full_date, "PART يوم WD DAY NUMW"),
        Rule("coord_day", rx(r"(?:(?:يومي|ايام)\s+)?(?P<day>\d{{1,2}})(?=\s*(?:و|-|الي|حتي)\s*\d{{1,2}}\s*(?:-|\s)\s*"
                             r"(?:من\s+)?(?:شهر\s+)?(?P<month>{MONTH})" + year_after + r")"), full_date,
             "يومي ايام DAY"),
        Rule("numeric", rx(r"(?<!\d\s*[/.:-]\s*)(?:(?P<mname>{MONTH})\s*\(\s*)?(?P<d>\d{{1,2}})\s*(?P<sep>[/.-])\s*(?P<m>\d{{1,2}})\s*"
                           r"(?P=sep)\s*(?P<y>{YEAR})(?![\d/.:-]*\d)(?(mname)\s*\))"
                           r"(?:\s*(?:(?P<hsuf>ه|هجريه|هجري|للهجره)|م|ميلادي)(?!\p{{L}}))?"), numeric_date,
             "MONTH DAY/"),
        Rule("iso", rx(r"(?<!\d\s*[/.:-]\s*)(?P<y>{YEAR})\s*(?P<sep>[/.-])\s*(?P<m>\d{{1,2}})\s*(?P=sep)\s*(?P<d>\d{{1,2}})(?![\d/.:-]*\d)"
                       r"(?:\s*(?:(?P<hsuf>ه|هجريه|هجري|للهجره)|م)(?!\p{{L}}))?"), numeric_date, "YEAR/"),
        Rule("hijri", rx(r"(?:(?P<day>\d{{1,2}}|{NUMW})\s+(?:من\s+)?)?(?:شهر\s+)?(?P<hmonth>{HMONTH})"
                         r"(?:\s+(?:عام\s+|سنه\s+)?\(?\s*(?P<year>\d{{3,4}})\s*\)?)?\s*(?:ه|هجريه|هجري|للهجره)"),
             hijri_date, "DAY NUMW شهر HMONTH"),
        Rule("hijri_year", rx(r"(?:(?:عام|سنه|العام)\s+)?(?:\(\s*(?P<year>1[34]\d\d)\s*\)|(?P<year>1[34]\d\d))\s*"
                              r"(?:ه|هجريه|هجري|للهجره)"), hijri_year, "عام سنه العام YEAR"),
        Rule("hijri_month", rx(r"(?:(?P<day>\d{{1,2}}|{NUMW})\s+(?:من\s+)?(?:شهر\s+)?(?P<hmonth>{HMONTH})"
                               r"|شهر\s+(?P<hmonth>{HMONTH})|" + prep + r"(?P<hmonth>{HMONTH_SAFE}))"
                               r"(?:\s+(?P<dir>{DIR}))?"), hijri_month, "DAY NUMW شهر HMONTH"),
        Rule("feast", rx(r"(?:(?P<ord>اول|ثاني|ثالث|رابع)\s+(?:ايام\s+)?)?(?P<name>{FEAST})"
                         r"(?:\s+(?:(?:لعام|عام|سنه)\s+)?(?P<year>\d{{4}})\s*(?:ه|هجريه|هجري)?)?"), feast,
             "اول ثاني ثالث رابع FEAST"),
        Rule("month_year", rx(r"(?:(?:{EDGE})\s+)?(?:شهر\s+)?(?P<month>{MONTH})\s*(?:من\s+)?(?:(?:عام|سنه|العام)\s+)?"
                              + year), month_year, "EDGE شهر MONTH"),
        Rule("month", rx(r"(?:(?:{EDGE})\s+)?(?:(?:شهر\s+)(?P<month>{MONTH})|(?P<month>{MONTH})\s+(?P<dir>{DIR})"
                         r"|(?P<month>{SAFE_MONTH}))(?:\s+(?P<dir>{DIR}))?"), month_only, "EDGE شهر MONTH"),
        Rule("year", rx(r"(?:(?:{EDGE})\s+)?(?:(?:(?:عامي|سنتي)\s+(?=\(?\s*{YEAR}\s*\)?\s*(?:و|-|الي|حتي)))|(?:ل|ال)?(?:عام|سنه)\s+"
                        r"|العام\s+)" + year), year_only, "EDGE عام سنه العام عامي سنتي لعام"),
        Rule("year_bare", rx(r"(?:(?:{EDGE})\s+" + year + "|" + prep + r"(?P<year>(?:1[89]|20)\d\d)(?!\s*[%٪])"
                             r"(?:\s*(?:م|ميلادي|ميلاديه)(?!\p{{L}}))?"
                             r"|(?<=\(\s*)(?P<year>{YEAR})(?=\s*\))|(?P<year>{YEAR})\s*(?:م|ميلادي|ميلاديه)(?!\p{{L}})"
                             r"|(?<=(?<!\d){YEAR}\s*\)?\s*(?:و|-|–|الي|حتي|او)\s*\(?\s*)(?P<cyear>{YEAR})"
                             r"|(?P<year>{YEAR})(?=\s*(?:-|–)\s*{YEAR}(?!\d)))"), year_only, "EDGE YEAR"),
        Rule("century", rx(r"(?:(?:{EDGE})\s+)?القرن\s+(?:(?P<num>(?:ال)?\d{{1,2}}|{NUMW})|(?P<dir>{DIR}))"), century,
             "EDGE القرن"),
        Rule("decade", rx(r"(?:(?:{EDGE})\s+)?(?P<w>{DECADE})(?:\s+(?:من\s+)?القرن\s+(?:(?P<cnum>(?:ال)?\d{{1,2}}|"
                          r"{NUMW})|(?:{DIR})))?"), decade, "EDGE DECADE"),
        Rule("season", rx(r"(?:(?:{EDGE})\s+)?(?:(?P<this>هذا|هذه)\s+)?(?:فصل\s+)?(?P<season>{SEASON})"
                          r"(?(this)|\s+(?:(?:من\s+)?(?:(?:عام|سنه|العام)\s+)?" + year +
                          r"|(?:من\s+)?(?:ال)?(?:عام|سنه)\s+(?P<ydir>{DIR})|(?P<dir>{DIR})))"),
             season,
             "EDGE هذا_الصيف هذا_الشتاء هذا_الربيع هذا_الخريف فصل SEASON"),
        Rule("unit_relative", rx(r"(?:(?:{EDGE})\s+)?(?:ال(?P<unit>اسبوع|شهر|عام|سنه)\s+(?P<dir>{DIR})|(?:هذا|هذه)\s+"
                                 r"ال(?P<unit>اسبوع|شهر|عام|سنه)(?:\s+(?P<dir>{DIR}))?)"), unit_relative,
             "EDGE الاسبوع الشهر العام السنه هذا_الاسبوع هذا_الشهر هذا_العام هذه_السنه"),
        Rule("part_dir", rx(r"(?:(?P<part>الليله|المساء|الصباح)\s+(?P<dir>الماضيه|الماضي|المقبله|القادمه|المقبل|القادم)"
                            r"|(?:هذه|هذا)\s+(?P<part>الليله|المساء|الصباح))"), part_dir, "الليله المساء الصباح هذه_الليله هذا_المساء هذا_الصباح"),
        Rule("ago", rx(r"(?P<dir>قبل|بعد|منذ)\s+(?:(?P<num>{CARD})\s+)?(?P<unit>{UNIT})(?!\s+من\s)"), ago,
             "قبل بعد منذ"),
        Rule("duration", rx(r"(?:(?:(?P<more>اكثر|اكبر)|(?P<less>اقل))\s+من\s+)?"
                            r"(?:(?P<num>{CARD})\s+(?P<unit>{UNIT})|(?P<vague>{VAGUE})\s+(?P<unit>{UNIT})"
                            r"|(?P<quarter>ربع|نصف)\s+(?P<unit>قرن)"
                            r"|(?<=(?:اكثر|اكبر|اقل)\s+من\s+)(?P<unit>ساعه|دقيقه|يوم|اسبوع|شهر|عام|سنه|عقد|قرن)"
                            r"|(?P<unit>(?:ال)?(?:سنوات|اعوام|اشهر|شهور|ايام|اسابيع|ساعات|عقود))\s+(?P<num>(?:ال)?"
                            r"(?:{CARD}))(?=\s+(?:الماضيه|الاخيره|المقبله|القادمه|الاولي))"
                            r"|(?P<unit>(?:ال)?(?:يومين|ساعتين|اسبوعين|"
                            r"شهرين|عامين|سنتين|دقيقتين|عقدين|قرنين)))(?:\s+و(?P<half>نصف)(?:\s+(?:ال)?(?:{UNIT}))?)?"
                            r"(?:\s+(?:الماضي|الماضيه|الماضيين|الاخيره|الاخيرين|المقبله|المقبلين|القادمه))?"),
             duration, "اكثر_من اكبر_من اقل_من COUNT CARD VAGUE ربع نصف UNIT"),
        Rule("year_and_half", rx(r"(?P<unit>(?:ال)?(?:عام|سنه|شهر|يوم|ساعه))\s+و(?P<half>نصف)(?:\s+(?:ال)?"
                                 r"(?:عام|سنه|شهر|يوم|ساعه))?(?P<num>)(?P<vague>)(?P<quarter>)(?P<more>)(?P<less>)"),
             duration, "UNIT"),
        Rule("clock", rx(r"(?:(?:قرابه|حوالي|نحو)\s+)?(?:(?:الساعه\s+(?P<h>\d{{1,2}}|{HOURW})(?:[:.](?P<mm>\d\d))?)"
                         r"|(?P<hm>\d{{1,2}}:\d\d))"
                         r"(?:\s+و\s*(?P<frac>النصف|الربع|نصف|ربع|(?:\d{{1,2}}|{NUMW})\s+(?:دقيقه|دقائق)))?"
                         r"(?:\s+(?:من\s+)?(?P<part>{PART}))?(?:\s+(?:من\s+)?(?:يوم\s+)?(?P<rel>{RELDAY}))?"
                         r"(?:\s+(?P<wd>{WD}))?"), clock, "قرابه_الساعه حوالي_الساعه نحو_الساعه الساعه DAY/"),
        Rule("weekday", rx(r"(?:(?P<part>{PART})\s+(?:من\s+)?)?(?:يوم\s+)?(?:(?P<rel>{RELDAY})\s+)?(?P<wd>{WD})"
                           r"(?:\s+(?P<dir>{DIR}))?"), weekday, "PART يوم RELDAY WD"),
        Rule("part_relative", rx(r"(?P<part>{PART})\s+(?:يوم\s+)?(?P<rel>{RELDAY})"), part_relative, "PART"),
        Rule("day_word", rx(r"(?:يوم\s+)?(?P<rel>{RELDAY})(?!\s+(?:{NOUN_DAY}|ال\p{{L}}+ي)(?!\p{{L}}))"),
             day_word, "يوم RELDAY"),
        Rule("every", rx(r"كل\s+(?:(?:يوم\s+)?(?P<wd>{WD}|{WD_BARE})|(?P<unit>يوم|اسبوع|شهر|عام|سنه|ساعه|"
                         r"يومين|اسبوعين|شهرين|عامين|سنتين|ساعتين)|(?P<num>\d{{1,3}}|{NUMW})\s+(?P<unit>{UNIT}))"),
             every, "كل"),
        Rule("set_word", rx(r"(?P<w>{SETW})"), set_word, "SETW"),
        Rule("ref", rx(r"(?P<w>{REF})"), ref, "REF"),
    ]
    return built


def _hijri_year(day: dt.date) -> int:
    from hijridate import Gregorian
    return Gregorian(day.year, day.month, day.day).to_hijri().year


# ---- where rules are tried ----------------------------------------------------

PROCLITICS = "وفبل"
PERSIAN = str.maketrans("یکۀ", "يكه")  # Persian ya / kaf / heh written for Arabic ones (one for one)


def _first_words(spec: str, lex: Lexicon) -> set[str]:
    """The words a rule's match can begin with, from its ``first`` spec."""
    first = lambda table: {w.split()[0] for w in table}  # noqa: E731
    with_article = lambda words: words | {"ال" + w for w in words}  # noqa: E731
    tables = {"MONTH": first(lex.gregorian), "HMONTH": first(lex.hijri), "PART": first(lex.parts),
              "WD": set(lex.weekdays), "NUMW": with_article(first(lex.numbers)),
              "CARD": with_article(first(lex.cardinals)), "UNIT": with_article(first(lex.units)),
              "EDGE": first(lex.kinds["edge"]), "RELDAY": first(lex.kinds["day"]), "REF": first(lex.kinds["ref"]),
              "SETW": first(lex.kinds["set"]), "DECADE": first(lex.kinds["decade"]),
              "SEASON": first(lex.kinds["season"]), "FEAST": first(lex.feasts), "VAGUE": set(lex.kinds["vague"])}
    phrases = lambda table: {" ".join(w.split()[:2]) for w in table}  # noqa: E731
    tables.update({"REF": phrases(lex.kinds["ref"]), "PART": phrases(lex.parts), "RELDAY": phrases(lex.kinds["day"])})
    words = set()
    for item in spec.split():
        words |= tables.get(item, set() if item in DIGITS else {item.replace("_", " ")})
    return words


# a match that begins with a number: DAY 1-2 digits, YEAR 4, COUNT 1-4 or a bracket (ل(15) عاما);
# DAY/ and YEAR/ only when a separator follows (10/8/1945, 2023-10-05, 14:30)
DIGITS = {"DAY": [(n, s) for n in (1, 2) for s in (0, 1)], "YEAR": [(4, 0), (4, 1)],
          "COUNT": [(n, s) for n in range(1, 5) for s in (0, 1)], "DAY/": [(1, 1), (2, 1)], "YEAR/": [(4, 1)]}


@lru_cache(maxsize=1)
def _index() -> tuple[re.Pattern, dict[str, tuple[int, ...]], dict]:
    """One trigger regex over every rule's first words and phrases (a trie, compiled once), the
    rules for each, and the rules for a number by its length ("(" for a bracket)."""
    lex = lexicon()
    by_word: dict[str, list[int]] = {}
    by_digits: dict = {}
    for i, rule in enumerate(rules()):
        for word in _first_words(rule.first, lex):
            by_word.setdefault(word, []).append(i)
        for item in rule.first.split():
            for length in DIGITS.get(item, ()):
                by_digits.setdefault(length, []).append(i)
            if item == "COUNT":
                by_digits.setdefault("(", []).append(i)
    trie = _trie_regex(by_word)
    # a word or a number at a word start, or a bracket before a number (a count: ل(15) عاما)
    pattern = re.compile(rf"(?<![^\W_])[{PROCLITICS}]{{0,2}}(?:(?:{trie})(?![^\W_])|\d+(?:\s*[/.:-])?|\((?=\s*\d))")
    return pattern, {w: tuple(r) for w, r in by_word.items()}, {k: tuple(v) for k, v in by_digits.items()}


def _trie_regex(words) -> str:
    """A regex matching exactly ``words``, shaped as a trie so a scan descends one branch."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node) -> str:
        branches = [(r"\s+" if ch == " " else re.escape(ch)) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


def _rules_at(word: str, by_word: dict, by_digits: dict) -> set[int]:
    """Rules that can begin at a trigger: the word itself or the word after one or two proclitics."""
    found: set[int] = set()
    if " " in word or "\n" in word or "\t" in word:
        word = " ".join(word.split())
    for cut in range(3):
        if cut and word[cut - 1] not in PROCLITICS:
            break
        rest = word[cut:]
        if rest == "(":
            found.update(by_digits.get("(", ()))
        elif rest[:1].isdigit():
            digits = len(rest) - len(rest.lstrip("0123456789"))
            found.update(by_digits.get((digits, digits < len(rest)), ()))
        found.update(by_word.get(rest, ()))
    return found


def find(text: str, dct: str | None, everywhere: bool = False) -> list[Candidate]:
    """Non-overlapping timex candidates in normalized text, longest first.

    Each rule is tried, anchored, only where one of its first words stands
    (:func:`_index`); ``everywhere`` tries every rule at every word start
    instead (the reference the tests compare against).
    """
    if "ی" in text or "ک" in text or "ۀ" in text:  # a membership test is far cheaper than translate
        text = text.translate(PERSIAN)
    anchor = parse_dct(dct)
    all_rules = rules()
    trigger, by_word, by_digits = _index()
    if everywhere:
        starts = [(m.start(), range(len(all_rules))) for m in re.finditer(r"(?<![^\W_])[^\W_]|\(", text)]
    else:
        starts = [(m.start(), _rules_at(m.group(), by_word, by_digits)) for m in trigger.finditer(text)]
    found = []
    for position, indexes in starts:
        for index in indexes:
            rule = all_rules[index]
            m = rule.pattern.match(text, position)
            if not m:
                continue
            resolved = rule.resolve(m, anchor, text)
            if resolved:
                typ, value, extra = resolved
                found.append(Candidate(m.start("x"), m.end("x"), typ, value, index, dict(extra, rule=rule.name)))
    found.sort(key=lambda c: (-(c.end - c.start), c.priority, c.start))
    taken: list[Candidate] = []
    for c in found:
        if all(c.end <= t.start or c.start >= t.end for t in taken):
            taken.append(c)
    taken.sort(key=lambda c: c.start)
    kept: list[Candidate] = []
    for c in taken:
        if not c.extra.pop("after_year", False) or (
                kept and kept[-1].type == "DATE" and kept[-1].value
                and regex.fullmatch(r"[\s()]*(?:و|-|–|الي|حتي|او)[\s(]*", text[kept[-1].end:c.start])):
            kept.append(c)
    taken = kept
    _bind_clock_times(taken, text)
    return taken


def _bind_clock_times(taken: list[Candidate], text: str) -> None:
    """A clock time right after a full date (في 5 مارس 2023 الساعة 10 صباحا) is on that date, not on dct."""
    for before, c in zip(taken, taken[1:]):
        if (c.extra.get("rule") == "clock" and c.value and c.extra.get("anchor") == "dct"
                and before.type == "DATE" and before.value and len(before.value) == 10
                and regex.fullmatch(r"[\s،,]*(?:(?:في|عند|من)\s+)?(?:تمام\s+)?", text[before.end:c.start])):
            c.value = before.value + c.value[10:]
            c.extra.pop("anchor")
