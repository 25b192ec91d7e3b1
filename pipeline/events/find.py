"""Events in one document: trigger mentions with their arguments, merged into one record per event.

1. Triggers (``data/events/triggers.tsv``) give an ACLED type; a weapon named
   near one (``بطائرة مسيرة``) gives the sub-type. Mentions under a threat,
   plan, negation or hypothetical, in sports, accident or court sentences, in
   tallies (``12 هجوما ... خلال الأسبوع``) or long before the report day are
   not events.
2. Each mention takes the place, day, actor, target and casualties of its
   sentence, and the claim or denial of the quote it stands in.
3. Mentions of one family (violence, protest, arrest, ...) on a compatible
   day at a compatible place (the same, or one inside the other) are one
   event; an event needs a place and a day.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from ..document import Document
from ..quotes.cues import match_at
from ..resources import read_keys, read_tsv
from . import arguments as args
from .geocode import could_start_name, locate
from .lexicon import subtypes, table, variants, word_key

VIOLENCE = {"strike", "attack", "battle", "territory"}
UNREST = {
    "riot": ("Riots", "Violent demonstration"), "mob": ("Riots", "Mob violence"),
    "force": ("Protests", "Excessive force against protesters"),
    "intervention": ("Protests", "Protest with intervention"), None: ("Protests", "Peaceful protest")}
# Which of several mentions of one event names its type (higher wins).
TYPE_RANK = {"Government regains territory": 9, "Non-state actor overtakes territory": 9,
             "Disrupted weapons use": 8, "Violent demonstration": 7, "Mob violence": 7,
             "Excessive force against protesters": 6, "Protest with intervention": 5}
CIVILIAN_WORDS = frozenset(word_key(w) for w in (
    "مدني", "مدنيين", "مدنيون", "المدنيين", "مواطنين", "المواطنين", "أطفال", "الأطفال", "نساء", "مصلين",
    "المصلين", "عائلة", "سكان", "طفل", "طفلا", "امرأة"))
PLACE_HEADS = read_keys("events/place_heads.txt") | frozenset(
    word_key(r["word"]) for r in read_tsv("ner/loc_heads.txt") if r["word"] not in ("العاصمة", "عاصمة"))
PERIOD_WORDS = frozenset(word_key(w) for w in ("خلال", "منذ", "طوال", "حصيلة"))
PRECISION = {"facility": 0, "place": 0, "admin1": 1, "country": 2}
GENERIC = frozenset(word_key(w) for w in ("هجمات", "الهجمات", "ضربات", "الضربات", "تفجيرات", "الصواريخ",
                                          "المعارك", "الاشتباكات", "الغارات"))


@dataclass
class Mention:
    start: int
    end: int
    sentence: int
    event_type: str
    sub_event_type: str
    family: str
    instrument: str | None
    date: str | None
    timex: dict | None
    location: dict | None
    actors: list[dict] = field(default_factory=list)
    targets: list[dict] = field(default_factory=list)
    killed: int | None = None
    wounded: int | None = None
    quote: dict | None = None
    dated_by: str = "none"


class Index:
    """Sorted lookups over one document's entities, timexes, quotes and line breaks (linear stages)."""

    def __init__(self, doc: Document):
        self.entities = sorted(doc["entities"], key=lambda e: e["start"])
        self.entity_starts = [e["start"] for e in self.entities]
        self.timexes = sorted(_body_timexes(doc), key=lambda t: t["start"])
        self.timex_starts = [t["start"] for t in self.timexes]
        self.quotes = sorted(doc["quotes"], key=lambda q: q["start"])
        self.quote_starts = [q["start"] for q in self.quotes]
        self.newlines = [i for i, c in enumerate(doc.text) if c == "\n"]
        self.length = len(doc.text)

    def entities_in(self, lo: int, hi: int) -> list[dict]:
        return self.entities[bisect_left(self.entity_starts, lo):bisect_left(self.entity_starts, hi)]

    def timexes_in(self, lo: int, hi: int) -> list[dict]:
        return self.timexes[bisect_left(self.timex_starts, lo):bisect_left(self.timex_starts, hi)]

    def quote_around(self, start: int, end: int) -> dict | None:
        i = bisect_right(self.quote_starts, start) - 1
        return self.quotes[i] if i >= 0 and self.quotes[i]["end"] >= end else None

    def paragraph(self, offset: int) -> tuple[int, int]:
        i = bisect_left(self.newlines, offset)
        start = self.newlines[i - 1] + 1 if i > 0 else 0
        end = self.newlines[i] if i < len(self.newlines) else self.length
        return start, end


def _ix(doc: Document) -> Index:
    if "events_index" not in doc.views:
        doc.views["events_index"] = Index(doc)
    return doc.views["events_index"]


def find_events(doc: Document) -> list[dict]:
    tokens = doc["tokens"]
    if not tokens:
        return []
    doc.views.pop("events_index", None)
    doc.views.pop("events_places", None)
    by_sentence: dict[int, list[dict]] = {}
    for token in tokens:
        by_sentence.setdefault(token.get("sentence", 0), []).append(token)
    sentences = doc["sentences"]
    context = frozenset(e["text"] for e in doc["entities"] if e["label"] == "LOC")  # hashed once per document
    places: dict[tuple[int, int], dict | None] = {}
    mentions: list[Mention] = []
    in_timex = _timex_offsets(doc)
    for number, words in sorted(by_sentence.items()):
        if number < len(sentences):
            mentions += _sentence_mentions(doc, number, words, sentences[number], context, places, in_timex)
    return [_record(doc, i, e) for i, e in enumerate(_merge(mentions), 1)]


def _sentence_mentions(doc, number, words, sentence, context, places, in_timex) -> list[Mention]:
    """The event mentions of one sentence, each with its arguments."""
    keys = [word_key(t["text"]) for t in words]
    hits = sorted(table("triggers").find(keys) + _gapped(keys), key=lambda h: h[0])
    hits = [h for h in hits if h[2]["family"] != "territory" or _takes_place(keys, h)]
    if not hits or _blocked_sentence(keys) or _tally(keys, hits, doc, sentence):
        return []
    hits = [h for h in hits if words[h[0]]["start"] not in in_timex]  # فجر الجمعة is dawn, not a detonation
    kinds = _unrest_words(keys)
    unrest = _unrest(kinds) if any(h[2]["family"] == "protest" for h in hits) else False
    if unrest is False and "mob" in kinds:
        unrest = "mob"  # هاجم حشد غاضب ...: a crowd's violence is a riot
    out = []
    for n, (first, end, row) in enumerate(hits):
        if _blocked_before(keys, first):
            continue
        nxt = n + 1
        while nxt < len(hits) and hits[nxt][0] <= hits[nxt - 1][1]:
            nxt += 1  # انفجار عبوة ناسفة: adjacent triggers name one event
        limit = words[hits[nxt][0]]["start"] if nxt < len(hits) else words[-1]["end"]
        bounds = (_other_trigger(hits, n, -1), _other_trigger(hits, n, 1, len(keys)))
        lo, hi = max(0, first - WINDOW), min(len(keys), end + WINDOW)  # a long sentence is read near its trigger
        near = sentence if (lo, hi) == (0, len(keys)) else {"start": words[lo]["start"], "end": words[hi - 1]["end"]}
        mention = _mention(doc, words[lo:hi], keys[lo:hi], first - lo, end - lo, row, number, near, context,
                           places, min(limit, words[hi - 1]["end"]),
                           (max(0, bounds[0] - lo), min(hi, bounds[1]) - lo))
        if mention is None:
            continue
        if unrest is not False and (row["family"] in ("protest", "arrest", "destruction", "attack")
                                    or unrest in ("riot", "mob")):
            mention.event_type, mention.sub_event_type = UNREST[unrest]
            mention.family = "unrest"
        out.append(mention)
    return out


def _dates_statement(words: list[dict], timex: dict) -> bool:
    """A timex right after a reporting verb (قال أمس, اعلن ... يوم امس) dates the statement."""
    at = next((k for k, w in enumerate(words) if w["start"] >= timex["start"]), None)
    if at is None:
        return False
    texts = [w["text"] for w in words]
    for k in range(max(0, at - 3), at):
        match = match_at(texts, k)
        if match and match.cue.kind == "verb":
            return True
    return False


def _body_timexes(doc: Document) -> list[dict]:
    """Timexes outside the header line that gives the report's own date."""
    newline = doc.text.find("\n")
    first_line = doc.text[:newline].strip() if newline > 0 else ""
    header = [t for t in doc["timexes"] if first_line and t["text"].strip() == first_line]
    return [t for t in doc["timexes"] if t not in header]


def _unrest_words(keys: list[str]) -> set[str]:
    return {row["kind"] for _, _, row in table("unrest").find(keys)}


def _unrest(kinds: set[str]) -> str | None:
    """What a protest sentence says happened: riot, mob, force, intervention, or None (peaceful)."""
    for kind in ("riot", "mob", "force", "intervention"):
        if kind in kinds:
            return kind
    return None


@lru_cache(maxsize=1)
def _gapped_table() -> dict[str, list[dict]]:
    table_: dict[str, list[dict]] = {}
    for row in read_tsv("events/gapped.tsv"):
        table_.setdefault(word_key(row["first"]), []).append(row)
    return table_


def _gapped(keys: list[str]) -> list[tuple[int, int, dict]]:
    """أطلق مسلحون مجهولون النار: a two-word trigger with a few words between."""
    out = []
    for i, key in enumerate(keys):
        for form in variants(key):
            for row in _gapped_table().get(form, ()):
                last = word_key(row["last"])
                for j in range(i + 1, min(len(keys), i + 2 + int(row["gap"]))):
                    if last in variants(keys[j]):
                        out.append((i, i + 1, row))
                        break
    return out


def _takes_place(keys: list[str], hit) -> bool:
    """سيطر على مدينة X, استعاد السيطرة على, تحرير مدينة X; not تمت السيطرة عليه."""
    first, end, row = hit
    following = keys[end:end + 2]
    for key in keys[end:end + 8]:  # سيطر مسلحو التنظيم، مساء الأحد، على مدينة ...
        if key == "علي":  # على, normalized
            return True
        if key in (".", "؟", "!", "؛"):
            break
    return any(v in ("تحرير", "حرر", "حررت") for v in variants(keys[first])) and bool(following) \
        and following[0] not in ("عليه", "عليها")


def _timex_offsets(doc: Document) -> set[int]:
    return {i for t in doc["timexes"] for i in range(t["start"], t["end"])}


BEFORE_WINDOW = 12  # words before a trigger where a threat, plan, negation or hypothetical governs it
CLAUSE_BREAKS = frozenset(word_key(w) for w in ("لكن", "بينما", "فيما", "حين", "ولكن", ".", "؛"))


def _blocked_sentence(keys: list[str]) -> bool:
    rows = [row for _, _, row in table("blockers").find(keys)]
    return any(r["scope"] == "sentence" for r in rows) or len({r["form"] for r in rows if r["scope"] == "sports"}) >= 2


def _blocked_before(keys: list[str], first: int) -> bool:
    window = keys[max(0, first - BEFORE_WINDOW):first]
    for k in range(len(window) - 1, -1, -1):
        if window[k] in CLAUSE_BREAKS:
            window = window[k + 1:]
            break
    if any(row["scope"] == "before" for _, _, row in table("blockers").find(window)):
        return True
    if first and keys[first - 1] in SINCE:
        return True  # منذ سيطرة التنظيم على المدينة: background, not news
    return _purpose(keys, first)


SINCE = frozenset(word_key(w) for w in ("منذ", "ومنذ", "إبان"))


SUBJECTED = frozenset(word_key(w) for w in ("تعرض", "تعرضت", "يتعرض", "تتعرض", "تعرضوا", "هدفا"))


def _purpose(keys: list[str], first: int) -> bool:
    """لشن, لتحرير, لهجوم: a verbal noun after لـ names an aim, not a deed (تعرضت لهجوم is one)."""
    key = keys[first]
    key = key[1:] if key[:1] in "وف" and len(key) > 4 else key
    if not key.startswith("ل") or len(key) < 4:
        return False
    if not (key.startswith("لل") or table("triggers").match([key[1:]], 0)):
        return False  # لغم is a word of its own
    return not (first and keys[first - 1] in SUBJECTED)


def _tally(keys: list[str], hits, doc: Document, sentence: dict) -> bool:
    """12 هجوما في العراق خلال الأسبوع الماضي: a count of events over a period of days is a summary."""
    counted = False
    for first, _, _ in hits:
        count = args.number(keys[first - 1]) if first else None
        counted = counted or (count is not None and count >= 2)
    if not counted:
        return False
    return "حصيله" in keys or any(_period(t) for t in _ix(doc).timexes_in(sentence["start"], sentence["end"]))


def _period(timex: dict) -> bool:
    """A week, a month, or a duration of two days or more."""
    value = str(timex.get("value"))
    if timex.get("type") == "DURATION":
        return not value.startswith("PT") and value not in ("P1D",)
    return "W" in value or len(value) == 7


def _clause(keys: list[str], first: int, end: int) -> list[str]:
    """The trigger's clause: from the last clause break before it to the next one after it."""
    lo, hi = 0, len(keys)
    for k in range(first - 1, -1, -1):
        if keys[k] in CLAUSE_BREAKS:
            lo = k + 1
            break
    for k in range(end, len(keys)):
        if keys[k] in CLAUSE_BREAKS:
            hi = k
            break
    return keys[lo:hi]


def _other_trigger(hits, n: int, step: int, default: int = 0) -> int:
    """Token bound set by a neighbouring trigger of another kind (its weapon is its own)."""
    k = n + step
    while 0 <= k < len(hits) and abs(k - n) <= 12:
        if hits[k][2]["family"] != hits[n][2]["family"] or hits[k][2]["instrument"] != hits[n][2]["instrument"]:
            return hits[k][1] if step < 0 else hits[k][0]
        k += step
    return default


def _mention(doc, words, keys, first, end, row, number, sentence, context, places, limit,
             bounds=(0, None)) -> Mention | None:
    start, stop = words[first]["start"], words[end - 1]["end"]
    instrument = args.instrument(keys, first, end, None if row["instrument"] == "-" else row["instrument"],
                                 *bounds)
    event_type, sub = row["event_type"], row["sub_event_type"]
    ix = _ix(doc)
    date, timex, how = args.event_date(ix.timexes_in(sentence["start"] - args.EARLIER_WINDOW, sentence["end"]),
                                       {"start": start}, sentence, ix.paragraph(sentence["start"])[0],
                                       lambda t: _dates_statement(words, t))
    if args.too_old(date, doc.dct) or args.after_report(date, doc.dct):
        return None  # background long before the report, or a day after it (حرب أكتوبر 1973 read as this year)
    location = _location(doc, words, keys, first, end, context, places, limit)
    if location is None and limit < words[-1]["end"]:  # هجوم ... حيث أعلنت تنفيذ ضربتين شرق سوريا
        location = _location(doc, words, keys, first, end, context, places, words[-1]["end"])
    actors, targets = _participants(doc, words, keys, first, end, location)
    if row["family"] == "territory":
        before = keys[max(0, first - 10):first]
        breaks = [k for k, key in enumerate(before) if key in CLAUSE_BREAKS]
        sub = _territory(actors, before[breaks[-1] + 1:] if breaks else before, sub)
    if row["family"] in ("strike", "attack") and instrument in subtypes() and event_type != "Strategic developments":
        event_type, sub = subtypes()[instrument]
    elif row["family"] == "attack" and event_type == "Battles" and (
            CIVILIAN_WORDS & set(_paragraph_keys(doc, sentence)) or any(a.get("inter") in (4, 7) for a in actors)):
        event_type, sub = "Violence against civilians", "Attack"
    counts = args.casualties(_clause(keys, first, end))
    if row["family"] == "destruction" and row["instrument"] == "fire" and counts["killed"]:
        event_type, sub = "Violence against civilians", "Attack"  # an arson that killed
    key = keys[first]
    if any(v in TARGETING for v in variants(key)) and instrument is None and not (counts["killed"] or counts["wounded"]) \
            and not _violence_near(keys, first, end):
        return None  # استهدفت الحملة 50 ألف طفل: "targeted" alone names no attack
    if any(v in GENERIC for v in variants(key)):
        return None  # الهجمات, ضربات: attacks in general, never one event
    weak = any(v.startswith("ال") for v in variants(key)[:3])
    if weak and not (how == "sentence" and location is not None and location.get("feature") != "country"):
        location = None  # الهجوم, الهجمات: a reference back to an event (or a generic one), not a new one
        date = date if how == "sentence" else None
    quote = ix.quote_around(start, stop)
    family = "violence" if sub == "Attack" else _family(row["family"])
    killed = counts["killed"]
    if killed is None and any(v in ASSASSINATION for v in variants(keys[first])):
        killed = 1  # اغتال ناشطا: one person killed
    return Mention(start, stop, number, event_type, sub, family, instrument, date, timex,
                   location, actors, targets, killed, counts["wounded"], quote, how)


TARGETING = frozenset(word_key(w) for w in ("استهداف", "استهدف", "استهدفت", "استهدفوا"))


def _violence_near(keys: list[str], first: int, end: int) -> bool:
    """Another violent trigger, a weapon or a military target within a few words of استهدف."""
    lo, hi = max(0, first - 8), min(len(keys), end + 8)
    window = keys[lo:first] + keys[end:hi]
    return any(row["family"] in ("strike", "attack", "battle") and not any(v in TARGETING for v in
               variants(row["form"])) for _, _, row in table("triggers").find(window)) \
        or any(v in MILITARY_TARGETS for k in keys[end:hi] for v in variants(k)[:3])


MILITARY_TARGETS = frozenset(word_key(w) for w in (
    "قاعدة", "مقر", "مقرات", "موقع", "مواقع", "حاجز", "نقطة", "دورية", "رتل", "تجمع", "تجمعات", "معسكر", "ثكنة",
    "مركز", "مبنى", "منزل", "سيارة", "آلية", "مدرعة", "حافلة", "قوات", "جنود", "عناصر", "مسلحي"))


STATE_FORCES = frozenset(word_key(w) for w in (
    "الجيش", "جيش", "القوات", "قوات", "الشرطة", "الحكومة", "الأمن", "الحكومية", "الموالية", "الشرعية", "النظام"))


def _territory(actors: list[dict], before: list[str], default: str) -> str:
    """Who took the ground decides the sub-type: state forces (named in the clause before the verb, or
    the actor) regain, non-state groups overtake."""
    if any(v in STATE_FORCES for k in before for v in variants(k)[:3]) and not any(
            any(v in NONSTATE_HEADS for v in variants(k)[:3]) for k in before[:2]):
        return "Government regains territory"
    for actor in actors:
        words = [word_key(w) for w in actor["text"].split()]
        if actor.get("inter") == 1 or (words and any(v in STATE_FORCES for v in variants(words[0])[:3])
                                       and not _armed_group(actor["text"])):
            return "Government regains territory"
        if actor.get("inter") in (2, 3, 4) or _armed_group(actor["text"]) or words and words[0] in (
                word_key("المعارضة"), word_key("المتمردون"), word_key("المتمردين")):
            return "Non-state actor overtakes territory"
    return default


ASSASSINATION = frozenset(word_key(w) for w in ("اغتيال", "اغتال", "اغتالت", "اغتالوا"))


PARAGRAPH_REACH = 600  # characters around a sentence read as its paragraph


def _paragraph_keys(doc: Document, sentence: dict) -> list[str]:
    start, end = _ix(doc).paragraph(sentence["start"])
    start, end = max(start, sentence["start"] - PARAGRAPH_REACH), min(end, sentence["end"] + PARAGRAPH_REACH)
    return [word_key(w) for w in doc.text[start:end].split()]


def _family(family: str) -> str:
    return "violence" if family in VIOLENCE else family


LOCATIVE = frozenset(word_key(w) for w in ("في", "قرب", "بالقرب", "شرق", "غرب", "شمال", "جنوب", "وسط", "داخل",
                                           "عند", "شمالي", "جنوبي", "شرقي", "غربي", "ريف", "أطراف", "ضواحي"))


def _location(doc, words, keys, first, end, context, places, limit) -> dict | None:
    """The most specific place after the trigger (before the next trigger), else before it, else a
    country (see :func:`_rank`)."""
    trigger = words[first]["start"]
    scored = []
    for span, place in _place_candidates(doc, words, keys, context, places):
        if span[0] >= limit:
            continue
        side = 0 if span[0] >= trigger else 1
        distance = span[0] - trigger if side == 0 else trigger - span[1]
        country = _rank(place) >= 3
        scored.append(((country, side, _rank(place), distance), place))
    if scored:
        return min(scored, key=lambda sp: sp[0])[1]
    if any(v in ANAPHORIC for k in keys for v in variants(k)[:3]):
        return _last_place(doc, words[0]["start"], context, places)  # أحياء المدينة: the town named before
    return None


ANAPHORIC = frozenset(word_key(w) for w in ("المدينة", "البلدة", "القرية", "المخيم", "الحي"))
ANAPHORA_REACH = 1500  # characters back to the town that المدينة stands for


def _last_place(doc, before: int, context, places) -> dict | None:
    ix = _ix(doc)
    for entity in reversed(ix.entities_in(before - ANAPHORA_REACH, before)):
        if entity["label"] == "LOC":
            place = _place(doc, (entity["start"], entity["end"]), context, places)
            if place and place.get("feature") in ("place", "facility"):
                return place
    return None


def _place_candidates(doc, words, keys, context, places) -> list[tuple[tuple[int, int], dict]]:
    """The places a stretch of words names, once per stretch: LOC entities; a name after a head word
    (قاعدة عين الأسد) or a locative word (في الميادين) that the gazetteer knows; two-word names the NER
    missed; and an unknown name after a head word, kept with null coordinates rather than dropped."""
    cache = doc.views.setdefault("events_places", {})
    bounds = (words[0]["start"], words[-1]["end"])
    if bounds in cache:
        return cache[bounds]
    candidates = []
    located = [e for e in _ix(doc).entities_in(words[0]["start"], words[-1]["end"])
               if e["label"] == "LOC" and e["end"] <= words[-1]["end"]]
    skip = set()
    for n, entity in enumerate(located):  # خان | شيخون tagged apart: the gazetteer knows them together
        if n in skip:
            continue
        span = (entity["start"], entity["end"])
        if n + 1 < len(located) and doc.text[entity["end"]:located[n + 1]["start"]] == " " \
                and _place(doc, (entity["start"], located[n + 1]["end"]), context, places):
            span = (entity["start"], located[n + 1]["end"])
            skip.add(n + 1)
        candidates.append(span)
    covered = {k for k, w in enumerate(words) if any(s <= w["start"] < e for s, e in candidates)}
    unknown = []
    for k, key in enumerate(keys[:-1]):
        head = key in PLACE_HEADS or key[1:] in PLACE_HEADS
        if not head and key not in LOCATIVE:
            continue
        nxt = keys[k + 1]
        if k + 1 in covered or nxt in PLACE_HEADS or nxt in LOCATIVE:
            continue
        for n in (3, 2, 1):
            if k + n < len(words):
                span = (words[k + 1]["start"], words[k + n]["end"])
                place = _place(doc, span, context, places)
                if place and (place.get("feature") in ("country", "admin1", "facility")
                              or place.get("country") in _doc_countries(doc, context, places)):
                    candidates.append(span)
                    covered.update(range(k + 1, k + n + 1))
                    break
        else:
            if head and _names_place(key, nxt) and words[k + 1]["text"][:1].isalpha():
                head_start = words[k]["start"] + (1 if key[1:] in PLACE_HEADS else 0)
                unknown.append((head_start, words[k + 1]["end"]))
    for k in range(len(words) - 1):  # two-word names the NER missed (عين الأسد, منزل بورقيبة)
        if k in covered or k + 1 in covered or not keys[k][:1].isalpha() or not keys[k + 1][:1].isalpha() \
                or keys[k] in FUNCTION_WORDS or keys[k + 1] in FUNCTION_WORDS or keys[k] in LOCATIVE \
                or not could_start_name(words[k]["text"]):
            continue
        span = (words[k]["start"], words[k + 1]["end"])
        place = _place(doc, span, context, places)
        if place and (place.get("feature") == "facility"
                      or place.get("country") in _doc_countries(doc, context, places)):
            candidates.append(span)
            covered.update((k, k + 1))
    resolved = [(span, _place(doc, span, context, places)) for span in sorted(set(candidates))]
    resolved = [(span, place) for span, place in resolved if place is not None]
    starts = {w["end"]: k for k, w in enumerate(words)}
    for n, (span, place) in enumerate(resolved):  # قضاء الخالدية: a head word vouches for a name only the NER saw
        before = starts.get(span[0] - 1)
        first_word = word_key(doc.text[span[0]:span[1]].split()[0]) if doc.text[span[0]:span[1]].split() else ""
        if place.get("unresolved") == "entity" and (first_word in PLACE_HEADS or before is not None and (
                keys[before] in PLACE_HEADS or keys[before][1:] in PLACE_HEADS)):
            resolved[n] = (span, dict(place, unresolved="head"))
    resolved = [(span, _unknown_place(doc, span, "foreign") if _foreign(doc, place, context, places) else place)
                for span, place in resolved if not _not_a_name(doc.text[span[0]:span[1]])]
    resolved += [(span, _unknown_place(doc, span)) for span in unknown]
    cache[bounds] = resolved
    return resolved


def _rank(place: dict) -> float:
    """Most specific first: a town or facility, a place a head word names (منطقة X), near a town, a name
    only the NER gives, a region, a country."""
    feature = place.get("feature")
    if feature == "country":
        return 3
    if feature == "admin1":
        return 2
    if place.get("country") is None:
        return 1.75 if place.get("unresolved") in ("entity", "foreign") else 1
    return 1.5 if place.get("geo_precision") == 2 else 0


# Heads that name a place with any word after them (قرية جناله); other heads (سوق, ساحة, قاعدة) need a
# definite name that is not an adjective (سوق شعبي is not a place name).
TOPONYM_HEADS = frozenset(word_key(w) for w in (
    "منطقة", "ناحية", "قضاء", "مديرية", "قرية", "بلدة", "مدينة", "حي", "مخيم", "جبل", "جبال", "محافظة", "ولاية",
    "إقليم", "مقاطعة", "وادي", "جزيرة"))


def _names_place(head: str, word: str) -> bool:
    head = head if head in PLACE_HEADS else head[1:]
    if len(word) < 3 or word in FUNCTION_WORDS or word in LOCATIVE or (word[0] in "لب" and not word.startswith("ال")) \
            or table("triggers").match([word], 0) or table("casualties").match([word], 0):
        return False  # ولاية اعتقل, منطقة قرب: a verb or a preposition, not a name
    if head in TOPONYM_HEADS:
        return True
    return word.startswith("ال") and not (word.endswith("ي") or word.endswith("يه"))


FUNCTION_WORDS = frozenset(word_key(w) for w in ("من", "على", "إلى", "عن", "مع", "عند", "التي", "الذي", "الذين", "هذه",
                                                "هذا", "تلك", "ذلك", "بين", "كل", "جميع", "أخرى", "آخر"))


def _doc_countries(doc: Document, context, places) -> dict[str, int]:
    """How many of the document's LOC mentions fall in each country (a common word found in the
    gazetteer counts only in these)."""
    if "_countries" not in places:
        found: dict[str, int] = {}
        for e in doc["entities"]:
            if e["label"] == "LOC":
                place = _place(doc, (e["start"], e["end"]), context, places)
                if place and place.get("country"):
                    found[place["country"]] = found.get(place["country"], 0) + 1
        places["_countries"] = found
    return places["_countries"]


GENERIC_PLACES = read_keys("events/generic_places.txt")


def _not_a_name(text: str) -> bool:
    """ريف, قرب, البلاد: a head, a direction word or a common noun for a place, alone."""
    words = [word_key(w) for w in text.split()]
    return all(w in PLACE_HEADS or w in LOCATIVE or w in FUNCTION_WORDS or w[1:] in LOCATIVE
               or any(v in GENERIC_PLACES for v in variants(w)) for w in words)


def _foreign(doc: Document, place: dict, context, places) -> bool:
    """A town whose country nothing else in the document names, in a document about another country
    (معسكر read as Mascara, طراز as Taraz): likely a common word or a namesake; not geocoded."""
    if place.get("feature") != "place" or not place.get("country"):
        return False
    support = _doc_countries(doc, context, places)
    own = support.get(place["country"], 0)
    return own <= 1 and any(n >= 2 for c, n in support.items() if c != place["country"])


def _unknown_place(doc: Document, span: tuple[int, int], named_by: str = "head") -> dict:
    """A place the gazetteer does not know, kept with null coordinates; ``unresolved`` says what named it
    (a head word such as منطقة, or only the NER)."""
    return doc.span(span[0], span[1], name=doc.text[span[0]:span[1]], name_ar=doc.text[span[0]:span[1]],
                    country=None, iso=None, admin1=None, lat=None, lon=None, geonameid=None, feature="place",
                    geo_precision=None, unresolved=named_by)


def _place(doc, span, context, places) -> dict | None:
    if span not in places:
        found = locate(doc.text, span[0], span[1], context)
        if found is None and any(e["start"] == span[0] and e["end"] == span[1] and e["label"] == "LOC"
                                 for e in _ix(doc).entities_in(span[0], span[0] + 1)):
            found = _unknown_place(doc, span, "entity")
        places[span] = found
    return places[span]


def _participants(doc, words, keys, first, end, location) -> tuple[list[dict], list[dict]]:
    """The actor before the trigger (or right after it: هجوم شنته القوات ...), the target after it."""
    lo, hi = words[0]["start"], words[-1]["end"]
    found = [(e["start"], e["end"], e) for e in _ix(doc).entities_in(lo, hi)
             if e["label"] in ("ORG", "PER") and e["end"] <= hi]
    for a, b, row in args.actor_descriptions(keys):
        span = (words[a]["start"], words[b - 1]["end"])
        if not any(s < span[1] and span[0] < e for s, e, _ in found):
            found.append((span[0], span[1], {"description": row}))
    for a, b in _armed_descriptions(keys, first, end):
        span = (words[a]["start"], words[b - 1]["end"])
        if not any(s < span[1] and span[0] < e for s, e, _ in found):
            found.append((span[0], span[1], {"description": {"name": doc.text[span[0]:span[1]], "inter": 0}}))
    if location is not None:
        found = [f for f in found if not (f[0] < location["end"] and location["start"] < f[1])]
    found.sort(key=lambda f: f[0])
    trigger_start, trigger_end = words[first]["start"], words[end - 1]["end"]
    before = [f for f in found if f[1] <= trigger_start]
    after = [f for f in found if f[0] >= trigger_end]
    actor = before[-1] if before else None
    if actor is None and after and _near(doc.text, trigger_end, after[0][0]):
        actor, after = after[0], after[1:]
    target = after[0] if after else _object(doc, words, keys, end, location)
    if target is not None and actor is not None and doc.text[target[0]:target[1]] == doc.text[actor[0]:actor[1]]:
        target = None
    return ([_participant(doc, actor)] if actor else []), ([_participant(doc, target)] if target else [])


ACTOR_HEADS = read_keys("events/actor_heads.txt")


def _armed_descriptions(keys: list[str], first: int, end: int) -> list[tuple[int, int]]:
    """ميليشيات الحوثي, مقاتلات تركية: an armed-actor head word and up to two words after it."""
    out = []
    for k, key in enumerate(keys):
        if first <= k < end or not any(v in ACTOR_HEADS for v in variants(key)[:2]):
            continue
        j = k + 1
        while j < len(keys) and j <= k + 2 and keys[j] not in FUNCTION_WORDS and keys[j] not in LOCATIVE \
                and keys[j][:1].isalpha() and not table("triggers").match(keys, j):
            j += 1
        if j > k + 1:
            out.append((k, j))
    return out


OBJECT_WORDS = 3


def _object(doc, words, keys, end, location):
    """استهداف قاعدة الاحتلال الأمريكي: the noun phrase right after a verbal-noun trigger is its target."""
    j = end
    while j < len(words) and j < end + OBJECT_WORDS and keys[j] not in FUNCTION_WORDS and keys[j] not in LOCATIVE \
            and keys[j][:1].isalpha() and not table("triggers").match(keys, j) \
            and not (location and location["start"] <= words[j]["start"] < location["end"]):
        j += 1
    if j == end:
        return None
    return words[end]["start"], words[j - 1]["end"], {"description": {"name": doc.text[words[end]["start"]:
                                                                                     words[j - 1]["end"]],
                                                                    "inter": 0}}


def _near(text: str, end: int, start: int) -> bool:
    return len(text[end:start].split()) <= 2


def _participant(doc: Document, found) -> dict:
    start, end, info = found
    fields = {}
    if "description" in info:
        fields["name"] = info["description"]["name"]
        fields["inter"] = int(info["description"]["inter"])
    else:
        fields["entity"] = info["id"]
        fields["name"] = info.get("canonical") or info["text"]
    return doc.span(start, end, **fields)


MERGE_REACH = 40  # earlier events a mention is compared with
WINDOW = 80       # words either side of a trigger that its arguments are looked for in


def _merge(mentions: list[Mention]) -> list[list[Mention]]:
    events: list[list[Mention]] = []
    for m in mentions:
        home = next((e for e in reversed(events[-MERGE_REACH:]) if _compatible(e, m)), None)
        if home is None and m.location is not None:
            events.append([m])
        elif home is None:
            continue  # a mention with no place only adds to an event already found
        else:
            home.append(m)
    return [e for e in events if any(m.location for m in e) and any(m.date for m in e)]


def _compatible(event: list[Mention], m: Mention) -> bool:
    if event[0].family != m.family:
        return False
    last = event[-1]
    if last.sentence == m.sentence and (not m.date or not last.date or m.date == last.date) \
            and not _different_towns(last.location, m.location):
        return True  # one sentence, one family, one day: the same event told twice
    dates = {x.date for x in event if x.date}
    if m.date and dates and m.date not in dates and not (m.location and _day_apart(m.date, dates)):
        return False
    places = [x.location for x in event if x.location]
    if m.location is None or not places:
        return bool(m.date and dates) or m.location is None and m.sentence - event[-1].sentence <= 1
    return any(_same_place(p, m.location) for p in places)


def _different_towns(a: dict | None, b: dict | None) -> bool:
    """Two places that are both towns or facilities and not one and the same."""
    if not a or not b or _same_place(a, b):
        return False
    if None in (a.get("lat"), b.get("lat")):  # not both geocoded: apart in the text, apart on the ground
        return min(abs(a["start"] - b["end"]), abs(b["start"] - a["end"])) > 25
    return _rank(a) < 2 and _rank(b) < 2 and _km(a, b) > 10


def _km(a: dict, b: dict) -> float:
    import math
    p1, p2 = math.radians(a["lat"]), math.radians(b["lat"])
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b["lon"] - a["lon"]) / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


def _day_apart(date: str, dates: set[str]) -> bool:
    """One day apart: a document that dates the report in one place and the event in another."""
    import datetime as dt
    day = dt.date.fromisoformat(date)
    return any(abs((day - dt.date.fromisoformat(d)).days) == 1 for d in dates)


def _same_place(a: dict, b: dict) -> bool:
    """The same place, or one inside the other (a town and its region or country)."""
    ka, kb = word_key(a["text"]), word_key(b["text"])
    if ka == kb or ka in kb or kb in ka or (a.get("name") and a.get("name") == b.get("name")):
        return True
    if a.get("country") and a.get("country") == b.get("country"):
        if "country" in (a.get("feature"), b.get("feature")):
            return True
        if a.get("admin1") and a.get("admin1") == b.get("admin1") and (
                "admin1" in (a.get("feature"), b.get("feature")) or _region_word(a) or _region_word(b)):
            return True
    return False


REGION_WORDS = frozenset(word_key(w) for w in ("منطقة", "محافظة", "ولاية", "إقليم", "ريف", "مقاطعة"))


def _region_word(place: dict) -> bool:
    """منطقة بنزرت: the name stands for its region, not only its town."""
    first = word_key(place["text"].split()[0]) if place["text"].split() else ""
    return first in REGION_WORDS or first[1:] in REGION_WORDS


def _record(doc: Document, number: int, mentions: list[Mention]) -> dict:
    best = min((m for m in mentions if m.location), key=lambda m: PRECISION.get(m.location.get("feature"), 1))
    typed = max(mentions, key=_specificity)
    ranked = max(mentions, key=lambda m: TYPE_RANK.get(m.sub_event_type, 0))
    if TYPE_RANK.get(ranked.sub_event_type, 0):
        typed = ranked
    rank = {"sentence": 0, "earlier": 1, "statement": 2}
    dated = sorted((m for m in mentions if m.date), key=lambda m: rank.get(m.dated_by, 3))
    date_m = dated[0]  # the first mention its own sentence dates
    killed = [m.killed for m in mentions if m.killed is not None]
    wounded = [m.wounded for m in mentions if m.wounded is not None]
    actors = _union([a for m in mentions for a in m.actors])
    targets = _union([t for m in mentions for t in m.targets])
    claimed_by = denied_by = None
    for m in mentions:
        q = m.quote
        if q and q.get("speaker") and q.get("cue"):
            ref = {"text": q["speaker"]["text"], "quote": q["id"], "entity": q["speaker"].get("entity")}
            if q["cue"].get("class") == "denial":
                denied_by = denied_by or ref
            elif q["cue"].get("class") == "claim" or (q["cue"].get("class") == "statement" and (
                    _speaker_is_actor(ref, actors, mentions)
                    or _armed_group(ref["text"]) and all(_armed_group(a["text"]) for a in actors))):
                claimed_by = claimed_by or ref  # the group that did it says so (an official's account is a report)
    modality = "reported"
    if typed.sub_event_type == "Disrupted weapons use":
        modality = "foiled"
    elif claimed_by and mentions[0].family == "violence":
        modality = "claimed"
    elif denied_by and not claimed_by:
        modality = "denied"
    named = [m.instrument for m in mentions if m.instrument]
    instrument = min(named, key=args.INSTRUMENT_ORDER.index) if named else None
    if not actors and claimed_by and modality == "claimed":
        q = next(m.quote for m in mentions if m.quote and m.quote["id"] == claimed_by["quote"])
        actors = [doc.span(q["speaker"]["start"], q["speaker"]["end"], entity=q["speaker"].get("entity"),
                           name=q["speaker"].get("name") or q["speaker"]["text"])]
    if modality != "claimed":
        claimed_by = None  # a ministry's statement reports an arrest; it claims nothing
    location = dict(best.location)
    location.setdefault("name", location["text"])
    return {
        "id": f"v{number}", "event_type": typed.event_type, "sub_event_type": typed.sub_event_type,
        "date": date_m.date, "time": date_m.timex.get("value") if date_m.timex and date_m.timex["type"] == "TIME"
        else None, "time_precision": 1, "date_source": date_m.dated_by, "location": location, "actors": actors, "targets": targets,
        "instrument": instrument, "fatalities": min(killed) if killed else None,
        "injuries": min(wounded) if wounded else None, "modality": modality,
        "claimed_by": claimed_by, "denied_by": denied_by,
        "mentions": [doc.span(m.start, m.end, sentence=m.sentence) for m in mentions],
    }


def _specificity(m: Mention) -> int:
    """Prefer a mention whose weapon fixed the sub-type, then any Explosions/Remote violence one."""
    order = args.INSTRUMENT_ORDER
    weapon = len(order) - order.index(m.instrument) if m.instrument in subtypes() else 0
    return weapon * 2 + (m.event_type == "Explosions/Remote violence")


def _union(spans: list[dict]) -> list[dict]:
    out, seen = [], set()
    for span in spans:
        key = span.get("entity") or word_key(span.get("name") or span["text"])
        if key not in seen:
            seen.add(key)
            out.append(span)
    return out


def _armed_group(text: str) -> bool:
    """A non-state armed group named in the actors list (inter 2-4): its statement is a claim."""
    keys = [word_key(w) for w in text.split()]
    if keys and any(v in NONSTATE_HEADS for v in variants(keys[0])):
        return True
    return any(2 <= int(row["inter"]) <= 4 for k in range(len(keys)) for row in [_actor_match(keys, k)] if row)


NONSTATE_HEADS = frozenset(word_key(w) for w in (
    "المقاومة", "مقاومة", "فصائل", "الفصائل", "فصيل", "جماعة", "تنظيم", "ميليشيات", "ميليشيا", "مسلحو", "مسلحون",
    "مسلحين", "كتائب", "سرايا", "حركة", "الحركة", "الجماعة", "التنظيم"))


def _actor_match(keys: list[str], k: int) -> dict | None:
    hit = table("actors").match(keys, k)
    return hit[0] if hit else None


def _speaker_is_actor(claim: dict, actors: list[dict], mentions: list[Mention]) -> bool:
    speaker = word_key(claim["text"])
    return any(claim.get("entity") and claim.get("entity") == a.get("entity") or
               word_key(a["text"]) in speaker or speaker in word_key(a["text"]) for a in actors)
