"""Quotes in one document: direct quotes between marks, indirect speech after a cue, source phrases.

1. Quoted spans (:mod:`.marks`) become direct quotes unless they are names or
   titles (an entity, a name head before them such as ``عملية``, or one or
   two words that no cue governs).
2. A cue verb followed by its subject and ``إن``/``أن`` opens indirect speech
   that runs to the end of the sentence, or to the next cue or ``وإن``/``وأن``
   (which opens a new quote under the same cue); a verb that takes an object
   (``أعلن بدء``, ``نفى``) does so without ``أن``. Content that opens with a
   quotation mark is that direct quote.
3. ``بحسب``/``وفقا لـ``/``نقلا عن`` X: the clause before (or after, at a
   sentence start) is X's claim.
Quotes never overlap: direct quotes first, then the longer ones.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache

from ..document import Document
from ..resources import read_words
from .cues import CueMatch, is_complementizer, match_at, name_heads, word_key
from .marks import MARKS, Quoted, find_quoted
from .speakers import (Context, Speaker, after_cue, before_cue, is_relative, link_entity, plausible_subject)

MIN_UNGOVERNED_WORDS = 6      # a quoted passage this long is a quote even with no cue in its sentence
MIN_GOVERNED_WORDS = 3        # ... this long when a cue stands earlier in its sentence
SHORT_CUE_WINDOW = 6          # tokens between a cue and a one- or two-word quote it governs
AFTER_CUE_WINDOW = 3          # tokens between a closing mark and a cue after it ("…"، قال X)
MIN_OBJECT_WORDS = 4          # content of a cue without إن/أن (أعلن بدء ...)
MAX_INHERIT_PARAGRAPHS = 2    # a cue-less quote takes the previous speaker this close
MAX_CUE_DISTANCE = 40         # tokens back from a quote to the cue that introduces it
MAX_CLAUSE_WORDS = 120        # reported content longer than this without a sentence end is cut there


@dataclass
class Found:
    start: int
    end: int
    kind: str
    cue: CueMatch | None
    cue_sentence: int
    speaker: Speaker | None
    cls: str | None = None      # the cue's class unless the clause says otherwise (أعلن مسؤوليته: claim)


class DocumentIndex:
    """Token, entity and timex lookups for one document."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.text = doc.text
        self.tokens = doc["tokens"]
        self.token_starts = [t["start"] for t in self.tokens]
        self.by_sentence: dict[int, list[int]] = {}
        for i, token in enumerate(self.tokens):
            self.by_sentence.setdefault(token.get("sentence", 0), []).append(i)
        self.entities = sorted(doc["entities"], key=lambda e: e["start"])
        self.entity_at: list[dict | None] = [None] * len(self.tokens)
        for entity in self.entities:
            for i in self.tokens_in(entity["start"], entity["end"]):
                self.entity_at[i] = entity
        self.in_timex = [False] * len(self.tokens)
        for timex in doc["timexes"]:
            for i in self.tokens_in(timex["start"], timex["end"]):
                self.in_timex[i] = True
        self.entity_starts = [e["start"] for e in self.entities]
        self.newlines = [i for i, c in enumerate(self.text) if c == "\n"]
        self.speakers: dict = {}  # (sentence, cue) -> Speaker, see _speaker
        self.contexts = {s: Context([self.tokens[i] for i in idx], [self.entity_at[i] for i in idx],
                                    [self.in_timex[i] for i in idx]) for s, idx in self.by_sentence.items()}

    def tokens_in(self, start: int, end: int) -> range:
        return range(bisect_left(self.token_starts, start), bisect_left(self.token_starts, end))

    def token_at(self, offset: int) -> int:
        return max(0, bisect_right(self.token_starts, offset) - 1)

    def paragraph(self, offset: int) -> int:
        return bisect_left(self.newlines, offset)

    def entities_from(self, offset: int):
        """Entities starting at or after ``offset - 200`` (names are short), in text order."""
        for k in range(bisect_left(self.entity_starts, offset - 200), len(self.entities)):
            yield self.entities[k]


class Spans:
    """Non-overlapping spans kept sorted, for O(log n) overlap and containment tests."""

    def __init__(self):
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end)
        return i > 0 and self.ends[i - 1] > start

    def covers(self, offset: int) -> bool:
        i = bisect_right(self.starts, offset)
        return i > 0 and self.ends[i - 1] > offset

    def add(self, start: int, end: int) -> None:
        i = bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def find_quotes(doc: Document) -> list[dict]:
    index = DocumentIndex(doc)
    if not index.tokens:
        return []
    quoted = [q for q in find_quoted(doc.text) if q.end > q.start]
    found = _direct(index, quoted)
    index.direct = sorted(found, key=lambda q: q.start)
    index.direct_starts = [q.start for q in index.direct]
    found += _indirect(index, found)
    found += _sources(index, found)
    kept = _without_overlaps(index, found)
    _inherit_speakers(index, kept)
    return [_record(doc, index, q) for q in kept]


# ---- direct quotes -------------------------------------------------------------------------

def _direct(index: DocumentIndex, quoted: list[Quoted]) -> list[Found]:
    out: list[Found] = []
    cover_end = -1  # quoted spans come sorted by start: a span ending before this one's end is nested in it
    for q in quoted:
        start, end = _trim(index.text, q.start, q.end)
        if end <= start or (out and out[-1].start <= start and end <= cover_end):
            continue  # empty, or nested in a quote already taken
        if q.open_mark is None:
            start = _after_frame(index, start, end)
        words = list(index.tokens_in(start, end))
        n_words = sum(1 for i in words if not all(c in MARKS for c in index.tokens[i]["text"]))
        if n_words == 0 or _is_name(index, q, start, end, n_words):
            continue
        cue, sentence = _governing_cue(index, q, start, end, n_words)
        if cue is not None and n_words <= 5 and q.close_mark is not None and _subject_of(index, q, cue, sentence):
            continue  # وقالت "المقاومة الإسلامية" في بيان إنها ...: the quoted words name the speaker
        if cue is None and (n_words < MIN_UNGOVERNED_WORDS or q.open_mark is None):
            continue
        if n_words < MIN_GOVERNED_WORDS and not _directly_governed(index, q):
            continue  # scare quotes: one or two words inside a phrase
        speaker = _speaker(index, cue, sentence) if cue else None
        out.append(Found(start, end, "direct", cue, sentence, speaker))
        cover_end = end
    return _quoted_subjects(index, out)


def _subject_of(index: DocumentIndex, q: Quoted, cue: CueMatch, sentence: int) -> bool:
    """A short quoted phrase right after its cue verb, with the cue's إن/أن after it."""
    ids = index.by_sentence[sentence]
    ctx = index.contexts[sentence]
    cue_end = index.tokens[ids[max(cue.first, cue.last - 1)]]["end"]
    if cue.cue.kind != "verb" or index.text[cue_end:q.open_mark or 0].strip() not in ("",) or q.open_mark is None:
        return False
    after = index.token_at(q.close_mark) + 1 - ids[0]
    return 0 <= after < len(ids) and _find_that(ctx, after) is not None


SHORT_QUOTE_BEFORE = frozenset(word_key(w) for w in ("ب", "بـ", "ك", "كـ", "عن", "على", "من", ":", "،"))


def _directly_governed(index: DocumentIndex, q: Quoted) -> bool:
    """A one- or two-word quote stands right after its cue, a preposition or a colon."""
    if q.open_mark is None or q.open_mark == 0:
        return False
    before = index.token_at(q.open_mark - 1)
    word = index.tokens[before]["text"]
    if index.tokens[before]["end"] > q.open_mark:
        return False
    return word_key(word) in SHORT_QUOTE_BEFORE or match_at([word], 0) is not None


def _quoted_subjects(index: DocumentIndex, quotes: list[Found]) -> list[Found]:
    """أعلنت "المقاومة الإسلامية"، مساء الخميس "استهداف ...": a short quoted phrase right after
    the cue, followed by a longer quote under the same cue, is the speaker's name, not a quote."""
    out: list[Found] = []
    for q in quotes:
        previous = out[-1] if out else None
        if previous is not None and q.cue is not None and previous.cue == q.cue \
                and previous.cue_sentence == q.cue_sentence and len(list(index.tokens_in(previous.start, previous.end))) \
                <= 5 and _right_after_cue(index, previous):
            entity = link_entity(index.entities_from(previous.start), previous.start, previous.end)
            q.speaker = Speaker(previous.start, previous.end, entity, q.cue.cue.gender, q.cue_sentence)
            out[-1] = q
            continue
        out.append(q)
    return out


def _right_after_cue(index: DocumentIndex, q: Found) -> bool:
    ids = index.by_sentence[q.cue_sentence]
    cue_end = index.tokens[ids[q.cue.last - 1]]["end"] if q.cue.last > q.cue.first else \
        index.tokens[ids[q.cue.first]]["end"]
    between = index.text[cue_end:q.start]
    return len(between) <= 3 and all(c.isspace() or c in MARKS for c in between)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in "،,:.؛" or text[start] in MARKS):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "،,:؛.…" or text[end - 1] in MARKS):
        end -= 1
    return start, end


def _after_frame(index: DocumentIndex, start: int, end: int) -> int:
    """An unopened closing mark: the content starts after a cue's إن/أن or colon inside the span."""
    tokens = list(index.tokens_in(start, end))
    for i in reversed(tokens):
        word = index.tokens[i]["text"]
        if word in (":",) or is_complementizer(word):
            return _trim(index.text, index.tokens[i]["end"], end)[0]
    return start


def _is_name(index: DocumentIndex, q: Quoted, start: int, end: int, n_words: int) -> bool:
    """A quoted name or title: an entity, a phrase after a name head, scare quotes."""
    for entity in index.entities_from(start):
        if entity["start"] >= end:
            break
        if entity["end"] > start and (entity["end"] - entity["start"]) >= 0.8 * (end - start):
            return True
    if q.open_mark is not None and n_words <= 6:
        before = index.token_at(q.open_mark - 1) if q.open_mark else None
        if before is not None and index.tokens[before]["end"] <= q.open_mark:
            key = word_key(index.tokens[before]["text"])
            heads = name_heads()
            for form in (key, key[1:] if key[:1] in "وفبل" else key, key[2:] if key.startswith("ال") else key):
                if form in heads or (form.startswith("ال") and form[2:] in heads):
                    return True
    return False


def _governing_cue(index: DocumentIndex, q: Quoted, start: int, end: int,
                   n_words: int) -> tuple[CueMatch | None, int]:
    """The cue that introduces a quote: right after its closing mark ("…"، قال X), else earlier in
    its sentence (the nearest; for a one- or two-word quote, a verb a few words before it)."""
    first_token = index.token_at(start)
    sentence = index.tokens[first_token].get("sentence", 0)
    if q.close_mark is not None and q.close_mark + 1 < len(index.text):
        found = _cue_after(index, index.token_at(q.close_mark) + 1)
        if found:
            return found
    ids = index.by_sentence.get(sentence, [])
    if not ids:
        return None, sentence
    ctx = index.contexts[sentence]
    local_first = first_token - ids[0]
    short = n_words < MIN_GOVERNED_WORDS
    window = SHORT_CUE_WINDOW + 4 if short else MAX_CUE_DISTANCE
    noun = None
    for k in range(local_first - 1, max(-1, local_first - 1 - window), -1):
        match = ctx.cue(k)
        if match and match.cue.kind == "verb":
            return match, sentence
        if match and match.cue.kind == "noun" and not short and noun is None:
            noun = match  # في تصريحات صحفية: a noun only when no verb introduces the quote
    return noun, sentence


AFTER_SKIP = ("كما", "حسبما", "مثلما", "وفق", "وفقا", "ما")


def _cue_after(index: DocumentIndex, token: int) -> tuple[CueMatch, int] | None:
    """A cue verb or source phrase just after a closing mark, not one that opens its own إن/أن clause."""
    if token >= len(index.tokens):
        return None
    sentence = index.tokens[token].get("sentence", 0)
    ids = index.by_sentence[sentence]
    ctx = index.contexts[sentence]
    k, skipped = token - ids[0], 0
    while k < len(ids) and skipped <= AFTER_CUE_WINDOW + 2:
        word = ctx.words[k]
        if any(c in MARKS for c in word):
            return None
        match = ctx.cue(k)
        if match and match.cue.kind in ("verb", "source"):
            if match.cue.kind == "verb":
                subject = after_cue(ctx, match.last)
                nxt = subject[1] if subject else match.last
                if nxt < len(ids) and (is_complementizer(ctx.words[nxt]) or ctx.words[nxt] == ":"):
                    return None
            return match, sentence
        if not (ctx.is_punct(k) or ctx.in_timex[k] or word_key(word) in AFTER_SKIP):
            skipped += 1
            if skipped > 1:
                return None
        k += 1
    return None


# ---- indirect speech ------------------------------------------------------------------------

def _indirect(index: DocumentIndex, direct: list[Found]) -> list[Found]:
    out: list[Found] = []
    taken = Spans()
    for q in direct:
        taken.add(q.start, q.end)
    for sentence, ids in index.by_sentence.items():
        ctx = index.contexts[sentence]
        k = 0
        while k < len(ids):
            token = index.tokens[ids[k]]
            if taken.covers(token["start"]):
                k += 1
                continue
            match = ctx.cue(k)
            if not match or match.cue.kind != "verb":
                k += 1
                continue
            found = _reported_clause(index, ctx, ids, sentence, match, direct)
            out.extend(found)
            k = max(match.last, k + 1)
    return out


TIME_LEADS = frozenset(word_key(w) for w in ("،", ",", "عند", "قرابة", "نحو", "حوالي", "منذ", "في", "يوم"))
NEGATIONS = ("لم", "لن", "ما", "لا", "ولم", "ولا", "ولن")
THAT_WINDOW = 10   # tokens between a cue's subject and its إن/أن (في بيان, لوكالة الأنباء, عبر حسابه ...)


def _reported_clause(index, ctx: Context, ids: list[int], sentence: int, match: CueMatch,
                     direct: list[Found]) -> list[Found]:
    """The content after one cue verb, with the cue's speaker."""
    if match.first > 0 and word_key(ctx.words[match.first - 1]) in NEGATIONS:
        return []  # لم يذكر: nothing was said
    speaker = _speaker(index, match, sentence)
    subject = after_cue(ctx, match.last)
    if subject and match.cue.takes == "object" and not plausible_subject(ctx, subject) \
            and not _that_follows(ctx, subject[1]):
        subject = None  # أعلن بدء المرحلة: the words after the verb are its object, not its subject
    k = subject[1] if subject else match.last
    cls = None
    that = _find_that(ctx, k)
    if that is None and k < len(ids) and ctx.words[k] == ":":
        return _colon_quote(index, ctx, ids, sentence, match, speaker, k, direct)
    if that is not None:
        k, has_that = that, True
    else:
        while k < len(ids) and (ctx.in_timex[k] or word_key(ctx.words[k]) in TIME_LEADS):
            k += 1  # أعلنت، عند قرابة الساعة 6 صباح اليوم، عن ...
        has_that = False
        owned = next((j for j in range(k, min(k + THAT_WINDOW, len(ids)))
                      if word_key(ctx.words[j]).startswith(word_key("مسؤوليت"))), None)
        if owned is not None:  # أعلن X (في بيان) مسؤوليته عن ...: a claim of responsibility
            cls, k = "claim", owned + 1 + (owned + 1 < len(ids) and word_key(ctx.words[owned + 1]) == "عن")
        elif match.cue.cls == "demand":
            k = _demanded(ctx, k)  # طالب X بـ..., دعا X إلى ...
            if k is None:
                return []
        if k >= len(ids) or match.cue.takes == "that" or _present(match, ctx.words[match.first]):
            return []
    start_k = k + 1 if has_that else k
    pieces = [(start_k, _clause_end(ctx, start_k))] if start_k < len(ids) else []
    out = []
    for a, b in pieces:
        while b > a and (is_relative(ctx.words[b - 1]) or ctx.is_punct(b - 1)):
            b -= 1
        if b <= a:
            continue
        start = index.tokens[ids[a]]["start"]
        end = index.tokens[ids[b - 1]]["end"]
        start, end = _trim(index.text, start, end)
        if end <= start:
            continue
        opening = _direct_near(index, start - 1, start + 2)
        if opening:
            for d in opening:  # content that opens with a quotation mark: the direct quote
                if d.cue is None:
                    d.cue, d.cue_sentence, d.speaker = match, sentence, speaker
            continue
        if not has_that and (b - a < MIN_OBJECT_WORDS or _mostly_quoted(index, start, end)):
            continue
        if match.cue.cls == "demand" and not has_that and index.text[start] == "ب":
            start += 1  # بوقف فوري ...: the content starts after the attached بـ
        out.append(Found(start, end, "indirect", match, sentence, speaker, cls))
    return out


DEMAND_LINKS = ("الي", "الى")


def _demanded(ctx: Context, k: int) -> int | None:
    """Where a demand's content starts: after إلى, or at a word carrying بـ, a few words on."""
    for j in range(k, min(k + THAT_WINDOW, len(ctx.words))):
        key = word_key(ctx.words[j])
        if key in DEMAND_LINKS:
            return j + 1
        if key.startswith("ب") and len(key) > 3 and ctx.entity[j] is None:
            return j
        if ctx.is_punct(j):
            return None
    return None


def _find_that(ctx: Context, k: int) -> int | None:
    """The إن/أن of a cue within a few words (over adverbials and a comma), or after إلى/على/عن."""
    for j in range(k, min(k + THAT_WINDOW, len(ctx.words))):
        word = ctx.words[j]
        if is_complementizer(word):
            return j
        if word in (".", "!", "?", "؟", ":", "؛"):
            return None
        if j > k:
            match = ctx.cue(j)
            if match and match.cue.kind == "verb":
                return None
    return None


def _present(match: CueMatch, word: str) -> bool:
    """يؤكد/تؤكد: present-tense forms report speech less often than past ones (وتؤكد موجة العنف ...)."""
    key = word_key(word)
    key = key[1:] if key[:1] in "وف" and len(key) > 3 else key
    return key[:1] in "يت" and key[:1] != word_key(match.cue.lemma)[:1]


def _colon_quote(index, ctx, ids, sentence, match, speaker, k, direct) -> list[Found]:
    """وقال: سنتباحث ... : a quote without marks after a colon, to the end of the sentence."""
    if k + 1 >= len(ids) or any(c in MARKS for c in ctx.words[k + 1]):
        return []
    last = _clause_end(ctx, k + 1)
    start, end = _trim(index.text, index.tokens[ids[k + 1]]["start"], index.tokens[ids[last - 1]]["end"])
    if end <= start or last - k - 1 < MIN_GOVERNED_WORDS or _mostly_quoted(index, start, end):
        return []
    return [Found(start, end, "direct", match, sentence, speaker)]


def _that_follows(ctx: Context, k: int) -> bool:
    while k < len(ctx.words) and (ctx.in_timex[k] or ctx.words[k] in ("،", ",")):
        k += 1
    return k < len(ctx.words) and is_complementizer(ctx.words[k])


def _clause_end(ctx: Context, k: int) -> int:
    """Token index where reported content starting at k ends: the sentence's end; another cue after
    a comma or و, or one with its own إن/أن (الذي قال إن); a comma before a word that opens the
    narrator's next clause (، فيما / ، كما / ، بحسب). وأن/وأنها go on under the same cue (one quote,
    a quoted fragment inside included)."""
    n = min(len(ctx.words), k + MAX_CLAUSE_WORDS)
    for j in range(k + 1, n):
        word = ctx.words[j]
        previous = ctx.words[j - 1]
        after_comma = previous in ("،", ",")
        if after_comma and _opens_clause(ctx.words, j):
            return j - 1
        match = ctx.cue(j)
        if match and match.cue.kind == "verb" and (word[:1] in "وف" or after_comma or
                                                   _find_that(ctx, match.last) is not None):
            return j - 1 if after_comma else j
    return n


@lru_cache(maxsize=1)
def clause_openers() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(word_key(w) for w in phrase.split("_")) for phrase in read_words("quotes/clause_ends.txt"))


def _opens_clause(words: list[str], j: int) -> bool:
    for phrase in clause_openers():
        if all(j + i < len(words) and word_key(words[j + i]) in (p, "و" + p) for i, p in enumerate(phrase)):
            return True
    return False


def _direct_near(index: DocumentIndex, lo: int, hi: int) -> list[Found]:
    """Direct quotes starting in [lo, hi)."""
    return index.direct[bisect_left(index.direct_starts, lo):bisect_left(index.direct_starts, hi)]


def _mostly_quoted(index: DocumentIndex, start: int, end: int) -> bool:
    """A third or more of text[start:end] lies inside direct quotes (which do not overlap each other)."""
    first = max(0, bisect_left(index.direct_starts, start) - 1)
    inside = 0
    for d in index.direct[first:bisect_left(index.direct_starts, end)]:
        inside += max(0, min(end, d.end) - max(start, d.start))
    return inside > 0 and inside >= 0.3 * (end - start)


# ---- source phrases (بحسب X) -----------------------------------------------------------------

def _sources(index: DocumentIndex, found: list[Found]) -> list[Found]:
    out: list[Found] = []
    taken = Spans()
    for f in sorted(found, key=lambda f: f.start):
        if not taken.overlaps(f.start, f.end):
            taken.add(f.start, f.end)
    for sentence, ids in index.by_sentence.items():
        ctx = index.contexts[sentence]
        for k in range(len(ids)):
            match = ctx.cue(k)
            if not match or match.cue.kind != "source":
                continue
            speaker = _source_speaker(index, ctx, ids, match, sentence)
            if speaker is None:
                continue
            that = _find_that(ctx, match.last)
            if that is not None:  # وجاء في بيان لوزارة الخارجية أن ..., وجاء على لسان X أن ...
                a, b = that + 1, _clause_end(ctx, that + 1)
            elif k <= 1:  # وبحسب الوزارة، فإن ...
                comma = next((j for j in range(match.last, len(ids)) if ctx.words[j] in ("،", ",")), None)
                if comma is None:
                    continue
                a, b = comma + 1, len(ids)
                if a < b and word_key(ctx.words[a]) in ("فان", "فإن"):
                    a += 1
            else:
                a, b = 0, k
                while a < b and (ctx.is_punct(a) or word_key(ctx.words[a]) in ("و", "ف")):
                    a += 1
            if b - a < MIN_OBJECT_WORDS:
                continue
            start, end = _trim(index.text, index.tokens[ids[a]]["start"], index.tokens[ids[b - 1]]["end"])
            if end > start and not taken.overlaps(start, end):
                out.append(Found(start, end, "indirect", match, sentence, speaker))
                taken.add(start, end)
    return out


def _source_speaker(index, ctx: Context, ids: list[int], match: CueMatch, sentence: int) -> Speaker | None:
    first = match.last
    if first < len(ids) and (is_complementizer(ctx.words[first]) or word_key(ctx.words[first - 1]) in
                             (word_key("فيه"), word_key("فيها"))):
        span = _publisher(ctx, match.first)  # نشر المتحدث تغريدة جاء فيها أن: who published it
        if span is None:
            return None
        start, end = index.tokens[ids[span[0]]]["start"], index.tokens[ids[span[1] - 1]]["end"]
        return Speaker(start, end, link_entity(index.entities_from(start), start, end), "-", sentence)
    if first < len(ids) and word_key(ctx.words[first]) in ("ل", "لـ", "ما", "عن"):
        first += 1
    span = after_cue(ctx, first)
    if span is None and first < len(ids) and len(word_key(ctx.words[first])) > 2:
        span = (first, first + 1)  # لمصادر: the speaker after the attached preposition
    if span is None:
        return None
    start = index.tokens[ids[span[0]]]["start"]
    end = index.tokens[ids[span[1] - 1]]["end"]
    word = ctx.words[span[0]]
    if span[0] == match.last and len(match.cue.lemma) and word_key(word)[:1] in "لب" and \
            len(word_key(word)) > 3 and ctx.entity[span[0]] is None:
        start += 1  # the attached ل of وفقا لمصادر
    return Speaker(start, end, link_entity(index.entities_from(start), start, end), "-", sentence)


# ---- speakers --------------------------------------------------------------------------------

def _speaker(index: DocumentIndex, match: CueMatch, sentence: int) -> Speaker | None:
    """The speaker of a cue, found once per cue (several passes ask); each caller gets its own copy,
    since later steps fill in entities and inherited speakers."""
    key = (sentence, match)
    if key not in index.speakers:
        index.speakers[key] = _find_speaker(index, match, sentence)
    found = index.speakers[key]
    return None if found is None else replace(found)


def _find_speaker(index: DocumentIndex, match: CueMatch, sentence: int) -> Speaker | None:
    ctx = index.contexts[sentence]
    ids = index.by_sentence[sentence]
    span = after_cue(ctx, match.last)
    if span is not None and match.cue.takes == "object" and not plausible_subject(ctx, span) \
            and not _that_follows(ctx, span[1]):
        span = None
    if span is not None and match.cue.lemma == "نقل":  # نقلت وكالة رويترز عن مسؤول قوله: the official speaks
        k = span[1]
        if k < len(ids) and word_key(ctx.words[k]) == "عن":
            span = after_cue(ctx, k + 1) or span
    if match.cue.cls == "demand":  # رئيس الحكومة وجه الأجهزة بـ...: the one addressed follows the verb
        span = before_cue(ctx, match.first) or span
    if span is None:
        span = before_cue(ctx, match.first)
    if span is None:
        span = _statement_author(ctx, match.first) or _publisher(ctx, match.first)
    if span is None:  # a dropped subject or a relative (الذي قال): the nearest earlier speaker, later
        return Speaker(-1, -1, None, match.cue.gender, sentence, inherited=True)
    start = index.tokens[ids[span[0]]]["start"]
    end = index.tokens[ids[span[1] - 1]]["end"]
    start, end = _trim(index.text, start, end)
    if end < len(index.text) and index.text[end] in MARKS and sum(c in MARKS for c in index.text[start:end]) % 2:
        end += 1  # وزارة الدفاع "البنتاغون": keep the quoted name whole
    if end <= start:
        return Speaker(-1, -1, None, match.cue.gender, sentence, inherited=True)
    return Speaker(start, end, link_entity(index.entities_from(start), start, end), match.cue.gender, sentence)


def _publisher(ctx: Context, before: int) -> tuple[int, int] | None:
    """أصدرت الرئاسة بيانا ... / نشر المتحدث باسم الوفد تغريدة ...: the subject of the verb that put
    out the statement named before ``before``."""
    for k in range(before - 1, max(-1, before - MAX_CUE_DISTANCE), -1):
        match = ctx.cue(k)
        if match and match.cue.kind == "noun" and k >= 2:
            return after_cue(ctx, 1, limit=k) if k > 1 else None
    return None


AUTHOR_LINKS = frozenset(word_key(w) for w in ("عن", "من", "ل", "لـ", "صادر", "صادرا", "صادرة"))


def _statement_author(ctx: Context, cue_first: int) -> tuple[int, int] | None:
    """بيانا عن "المقاومة" ... تعلن فيه: the author of a statement named earlier in the sentence."""
    for k in range(cue_first - 1, max(-1, cue_first - 1 - MAX_CUE_DISTANCE), -1):
        match = ctx.cue(k)
        if not match or match.cue.kind != "noun":
            continue
        j = match.last
        while j < cue_first and word_key(ctx.words[j]) in AUTHOR_LINKS:
            j += 1
        while j < cue_first and all(c in MARKS for c in ctx.words[j]):
            j += 1
        if j == match.last and j < cue_first and word_key(ctx.words[j])[:1] == "ل" and ctx.entity[j]:
            return j, j + 1  # بيان للوزارة
        if j > match.last:
            span = after_cue(ctx, j)
            if span and span[1] <= cue_first:
                return span
        return None
    return None


def _inherit_speakers(index: DocumentIndex, quotes: list[Found]) -> None:
    """A dropped subject (وأضاف أن), a relative (الذي قال) or a cue-less quote takes the nearest
    earlier explicit speaker of any cue in the document (of the same gender for a cue)."""
    explicit = _explicit_speakers(index)
    offsets = [offset for offset, _ in explicit]
    for q in quotes:
        sp = q.speaker
        if sp is not None and not sp.inherited:
            continue
        at = bisect_left(offsets, _cue_offset(index, q))
        if sp is None:
            if q.cue is None and at and index.paragraph(q.start) - index.paragraph(explicit[at - 1][0]) \
                    <= MAX_INHERIT_PARAGRAPHS:
                last = explicit[at - 1][1]
                q.speaker = Speaker(last.start, last.end, last.entity, last.gender, last.sentence, inherited=True)
            continue
        source = next((explicit[k][1] for k in range(at - 1, max(-1, at - 1 - MAX_CUE_DISTANCE), -1)
                       if _agrees(sp.gender, explicit[k][1])), None)
        if source is None:
            source = _nearest_entity(index, q, sp.gender)
        q.speaker = None if source is None else Speaker(source.start, source.end, source.entity, sp.gender,
                                                        sp.sentence, inherited=True)


def _cue_offset(index: DocumentIndex, q: Found) -> int:
    if q.cue is None:
        return q.start
    return index.tokens[index.by_sentence[q.cue_sentence][q.cue.first]]["start"]


def _explicit_speakers(index: DocumentIndex) -> list[tuple[int, Speaker]]:
    """(cue offset, speaker) for every cue verb in the document whose subject is written out."""
    out = []
    for sentence, ids in index.by_sentence.items():
        ctx = index.contexts[sentence]
        for k in range(len(ids)):
            match = ctx.cue(k)
            if match and match.cue.kind == "verb":
                speaker = _speaker(index, match, sentence)
                if speaker is not None and not speaker.inherited:
                    out.append((index.tokens[ids[k]]["start"], speaker))
    out.sort(key=lambda pair: pair[0])
    _link_titles(index, [sp for _, sp in out])
    return out


def _link_titles(index: DocumentIndex, speakers: list[Speaker]) -> None:
    """وأضاف المتحدث / وقال الوزير: a title with no name refers to the last speaker whose phrase
    began with the same title word and named someone."""
    named: dict[str, dict] = {}
    for sp in speakers:
        words = [word_key(w).removeprefix("ال") for w in index.text[sp.start:sp.end].split()]
        if not words:
            continue
        if sp.entity is not None:
            named[words[0]] = sp.entity
        elif len(words) <= 2 and words[0] in named:
            sp.entity = named[words[0]]


def _agrees(gender: str, speaker: Speaker) -> bool:
    """Verb gender agreement; a plural verb also takes a broken plural that took a feminine one
    before (مصادر أعلنت ... وأضافوا)."""
    return gender in ("-", speaker.gender) or speaker.gender == "-" or (gender == "pl" and speaker.gender == "f")


def _nearest_entity(index: DocumentIndex, q: Found, gender: str) -> Speaker | None:
    """No earlier speaker: the nearest earlier person (masculine cue) or organization (feminine)."""
    cue_start = index.tokens[index.by_sentence[q.cue_sentence][q.cue.first]]["start"] if q.cue else q.start
    wanted = {"m": ("PER",), "f": ("ORG", "PER"), "pl": ("ORG", "PER")}.get(gender, ("PER", "ORG"))
    at = bisect_left(index.entity_starts, cue_start)
    for entity in (index.entities[k] for k in range(at - 1, max(-1, at - 1 - MAX_CUE_DISTANCE), -1)):
        if entity["end"] <= cue_start and entity["label"] in wanted:
            return Speaker(entity["start"], entity["end"], entity, gender, q.cue_sentence)
    return None


def _without_overlaps(index: DocumentIndex, found: list[Found]) -> list[Found]:
    kept: list[Found] = []
    taken = Spans()
    mixed = {id(d) for q in found if q.kind == "indirect" for d in _direct_near(index, q.start + 2, q.end)
             if d.end <= q.end + 1}
    for q in sorted(found, key=lambda q: (q.kind != "direct" and not _holds_direct(q, mixed, found),
                                          -(q.end - q.start))):
        if id(q) in mixed:
            continue  # a quoted fragment inside indirect speech: one mixed quote
        if not taken.overlaps(q.start, q.end):
            kept.append(q)
            taken.add(q.start, q.end)
    return sorted(kept, key=lambda q: q.start)


def _holds_direct(q: Found, mixed: set, found: list[Found]) -> bool:
    return q.kind == "indirect" and any(id(d) in mixed and q.start < d.start and d.end <= q.end + 1 for d in found)


def _record(doc: Document, index: DocumentIndex, q: Found) -> dict:
    cue = None
    if q.cue is not None:
        ids = index.by_sentence[q.cue_sentence]
        first = index.tokens[ids[q.cue.first]]
        last = index.tokens[ids[max(q.cue.first, q.cue.last - 1)]]
        start = first["start"] + _proclitic_length(first)
        cue = doc.span(start, last["end"], **{"class": q.cls or q.cue.cue.cls, "lemma": q.cue.cue.lemma})
    speaker = None
    if q.speaker is not None and q.speaker.start >= 0:
        entity = q.speaker.entity
        speaker = doc.span(q.speaker.start, q.speaker.end, entity=entity["id"] if entity else None,
                           name=(entity.get("canonical") or entity["text"]) if entity else None)
    return doc.span(q.start, q.end, kind=q.kind, cue=cue, speaker=speaker)


def _proclitic_length(token: dict) -> int:
    """Length of a و/ف proclitic the tokens stage split off the cue word (0 when none)."""
    for segment in token.get("segments") or ():
        if segment["kind"] == "proclitic" and segment["text"] in ("و", "ف"):
            return segment["end"] - segment["start"]
    return 0
