"""Who said it: the speaker phrase around a cue, continuations, and canonical entity names.

The subject of a reporting verb stands after it (``قال الوزير أوستن إن``),
before it (``أوستن قال``) or is dropped (``وأضاف أن``: the previous speaker
of the same grammatical gender). A speaker phrase is a run of words from the
cue up to the complementizer or punctuation, kept whole over entity names and
over titles (``المتحدث باسم البنتاغون باتريك رايدر``), cut before adverbials
(``في بيان``, ``أمس``). Its entity is the person named in it, else the
organization; ``name`` is that entity's ``canonical`` form.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..resources import read_keys
from .cues import CueMatch, bare_forms, is_complementizer, match_at, word_key

PUNCT = set("،,:؛;.!?؟()[]{}«»\"“”„'‘’-–—/…")
MAX_SPEAKER_WORDS = 12


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Words that end a speaker phrase: prepositions opening an adverbial, time words, relatives."""
    return read_keys("quotes/speaker_stops.txt")


@lru_cache(maxsize=1)
def skip_words() -> frozenset[str]:
    """Words between a cue and its subject that belong to neither (أمس, اليوم, أيضا, بدوره)."""
    return read_keys("quotes/speaker_skips.txt")


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    return read_keys("ner/person_titles.txt") | read_keys("quotes/speaker_heads.txt")


@dataclass
class Speaker:
    start: int
    end: int
    entity: dict | None
    gender: str              # the cue's grammatical gender: m | f | pl | -
    sentence: int = 0
    inherited: bool = False


class Context:
    """One sentence's tokens with what the speaker finder needs to know about each."""

    def __init__(self, tokens: list[dict], entities_by_token: list[dict | None], in_timex: list[bool]):
        self.tokens = tokens
        self.words = [t["text"] for t in tokens]
        self.entity = entities_by_token
        self.in_timex = in_timex
        self._cues: dict[int, CueMatch | None] = {}

    def cue(self, k: int) -> CueMatch | None:
        """The cue starting at word k (looked up once: several passes ask for it)."""
        if k not in self._cues:
            self._cues[k] = match_at(self.words, k)
        return self._cues[k]

    def is_punct(self, i: int) -> bool:
        return all(c in PUNCT for c in self.words[i])


def after_cue(ctx: Context, first: int, limit: int | None = None) -> tuple[int, int] | None:
    """(first, end) token range of a subject after the cue, or None when none stands there.

    The phrase ends at punctuation, إن/أن, a time expression or an adverbial's
    preposition, and after a name unless another name or a title follows
    (``وزير الخارجية أنتوني بلينكن``); a preposition inside a title is crossed
    when a person's name follows it closely (``وزير ... للإغاثة في اليمن عبدالرقيب فتح``).
    """
    n = len(ctx.words) if limit is None else min(limit, len(ctx.words))
    i = first
    while i < n and (ctx.in_timex[i] or _any_form(ctx.words[i], skip_words())):
        i += 1
    j = i
    while j < n and j - i < MAX_SPEAKER_WORDS:
        word = ctx.words[j]
        quoted = _quoted_word(ctx, j, n)
        if quoted:
            j = quoted  # صحيفة «حرييت», رئيس الحكومة "الإسرائيلية": a quoted name inside the phrase
            if j < n and ctx.entity[j] is None and not _any_form(ctx.words[j], title_words()):
                break
            continue
        if ctx.entity[j] is not None:
            entity_end = j
            while entity_end < n and ctx.entity[entity_end] is ctx.entity[j]:
                entity_end += 1
            j = entity_end
            if j < n and ctx.entity[j] is None and not _quoted_word(ctx, j, n) and not _any_form(ctx.words[j], title_words()) \
                    and not _title_preposition(ctx, j) and not _gentilic(ctx.words[j]):
                name_end = _name_after_title(ctx, i, j, n)
                if name_end:
                    j = name_end  # زعيم التيار الصدري مقتدى الصدر: the person after a title's organization
                break
            continue
        if ctx.is_punct(j) or is_complementizer(word) or ctx.in_timex[j]:
            break
        if j > i and _ends_common_subject(ctx, i, j):
            break
        if (_any_form(word, stop_words()) or _addressee(word) or _attached_preposition(word)) \
                and not _title_preposition(ctx, j):
            if not _person_follows(ctx, j):
                break
        j += 1
    return (i, j) if j > i else None


def _quoted_word(ctx: Context, j: int, n: int) -> int | None:
    """Index after a one- or two-word quoted name starting with an opening mark at j, else None."""
    if not ctx.is_punct(j) or not any(c in "\"«“„'" for c in ctx.words[j]):
        return None
    for k in range(j + 2, min(j + 8, n)):
        if ctx.is_punct(k) and any(c in "\"»”“'" for c in ctx.words[k]):
            return k + 1 if k + 1 <= n else None
        if ctx.is_punct(k):
            return None
    return None


def _attached_preposition(word: str) -> bool:
    """بتعزيز, بالهجوم: a word carrying ب opens an adverbial or an object, not a speaker's name."""
    key = word_key(word)
    return len(key) > 3 and key[0] == "ب" and not key.startswith("باسم")


def _ends_common_subject(ctx: Context, i: int, j: int) -> bool:
    """الجيش اللبناني | انتهاء ...: after a definite head that is no name or title, an indefinite word
    starts the object (titles run on over genitives: وزير الخارجية الأمريكي)."""
    word = word_key(ctx.words[j])
    if word.startswith("ال") or ctx.entity[j] is not None or _gentilic(ctx.words[j]):
        return False
    if ctx.entity[i] is not None or _any_form(ctx.words[i], title_words()):
        # قائد الفصيل | إطلاق ...: a title's genitive chain ends at an indefinite word after a
        # definite one, unless a name follows (وزير الخارجية الأمريكي أنتوني بلينكن)
        return j - 1 > i and word_key(ctx.words[j - 1]).startswith("ال") and not _person_follows(ctx, j - 1) \
            and not _any_form(ctx.words[j], title_words())
    return word_key(ctx.words[i]).startswith("ال")


def _name_after_title(ctx: Context, i: int, j: int, n: int) -> int | None:
    """After a person title and the organization it heads, one to three words right before إن/أن,
    a colon or a comma are the person's name."""
    if not _any_form(ctx.words[i], title_words()):
        return None
    for k in range(j + 1, min(j + 3, n) + 1):
        if k < n and (is_complementizer(ctx.words[k]) or ctx.words[k] in (":", "،", ",")):
            if all(not ctx.is_punct(x) and not _any_form(ctx.words[x], stop_words()) and not _attached_preposition(
                    ctx.words[x]) and not _addressee(ctx.words[x]) for x in range(j, k)):
                return k
            return None
    return None


def _person_follows(ctx: Context, j: int, window: int = 4) -> bool:
    for k in range(j + 1, min(j + 1 + window, len(ctx.words))):
        if ctx.is_punct(k) or is_complementizer(ctx.words[k]):
            return False
        if ctx.entity[k] is not None and ctx.entity[k]["label"] == "PER":
            return True
    return False


def _gentilic(word: str) -> bool:
    """الأمريكي, الإيرانية: an adjective that keeps a title phrase going after a place name."""
    key = word_key(word)
    return key.startswith("ال") and (key.endswith("ي") or key.endswith("يه")) and len(key) > 4


@lru_cache(maxsize=1)
def source_nouns() -> frozenset[str]:
    return read_keys("quotes/source_nouns.txt")


def plausible_subject(ctx: Context, span: tuple[int, int]) -> bool:
    """A name, a title or a source noun (مصادر, الوزارة) heads the phrase: it can be a speaker."""
    first, end = span
    if any(ctx.entity[k] is not None and ctx.entity[k]["label"] in ("PER", "ORG") for k in range(first, end)):
        return True
    if first + 1 < end and word_key(ctx.words[first]).startswith("ال") and _gentilic(ctx.words[first + 1]):
        return True  # السلطات المصرية, الخارجية الأمريكية: an institution named by its country
    return _any_form(ctx.words[first], title_words() | source_nouns())


MAX_PREVERBAL_WORDS = 5


def before_cue(ctx: Context, cue_first: int) -> tuple[int, int] | None:
    """A subject standing before the cue: a person or organization right before it (with its title
    words), or the subject that opens the clause (رئيس الحكومة وجه, وكانت مصادر أمنية أعلنت)."""
    j = cue_first
    if j == 0:
        return None
    entity = ctx.entity[j - 1]
    if entity is not None and entity["label"] in ("PER", "ORG"):
        i = j - 1
        while i > 0 and ctx.entity[i - 1] is entity:
            i -= 1
        while i > 0 and _any_form(ctx.words[i - 1], title_words()):
            i -= 1
        return i, j
    start = j
    while start > 0 and not ctx.is_punct(start - 1) and not is_complementizer(ctx.words[start - 1]):
        start -= 1
    kana = False
    while start < j and _any_form(ctx.words[start], OPENING_WORDS):
        kana = kana or word_key(ctx.words[start]).lstrip("و").startswith("كان")
        start += 1
    if start < j and (kana or (j - start <= MAX_PREVERBAL_WORDS or ctx.entity[start] is not None)
                      and plausible_subject(ctx, (start, min(j, start + 2)))):
        return after_cue(ctx, start, limit=j)  # وكانت نادية السقاف ... قالت: كان + subject + verb
    return None


OPENING_WORDS = frozenset({"كان", "كانت", "كانوا", "وكان", "وكانت", "كما", "ثم", "قد", "وقد", "لقد"})


def _title_preposition(ctx: Context, j: int) -> bool:
    """باسم in المتحدث باسم, and a preposition inside a known title (وزير الدولة لشؤون)."""
    key = word_key(ctx.words[j])
    return key in ("باسم", "بإسم", "باسمه", "باسمها") or (key.startswith("ل") and j > 0
                                                           and word_key(ctx.words[j - 1]) in ("الدوله",))


@lru_cache(maxsize=1)
def addressee_heads() -> frozenset[str]:
    return read_keys("quotes/addressees.txt")


def _addressee(word: str) -> bool:
    """لوكالة، لصحيفة، للصحفيين: the one spoken to, not the speaker."""
    key = word_key(word)
    heads = addressee_heads()
    return len(key) > 3 and key[0] == "ل" and (key[1:] in heads or "ا" + key[1:] in heads)


def _any_form(word: str, words: frozenset[str]) -> bool:
    return any(form in words for form in bare_forms(word))


def is_relative(word: str) -> bool:
    return word_key(word) in ("الذي", "التي", "الذين", "اللذان", "اللتان", "اللذين", "اللتين")


def link_entity(entities: list[dict], start: int, end: int) -> dict | None:
    """The entity a speaker phrase names: the last person in it, else its first organization or place."""
    inside = []
    for e in entities:  # in text order: stop after the phrase
        if e["start"] >= end:
            break
        if start <= e["start"] and e["end"] <= end:
            inside.append(e)
    people = [e for e in inside if e["label"] == "PER"]
    if people:
        return people[-1]
    orgs = [e for e in inside if e["label"] == "ORG"]
    if orgs:
        return orgs[0]
    whole = [e for e in inside if e["end"] - e["start"] >= 0.8 * (end - start)]
    return whole[0] if whole else None  # a place speaks only as the whole phrase (قالت مصر)


def canonical_names(entities: list[dict]) -> None:
    """Give every entity ``canonical``: the fullest mention of the same name in the document.

    A person's shorter mention (a surname, a first and last name) takes the
    longest person mention whose words contain it in order; an organization
    or place takes the longest mention of the same label that begins with it
    when that mention is unique (``وزارة الدفاع`` -> ``وزارة الدفاع الأمريكية``).
    """
    forms: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for entity in entities:
        words = tuple(entity.get("norm", entity["text"]).split())
        forms.setdefault(entity["label"], [])
        if all(words != w for _, w in forms[entity["label"]]):
            forms[entity["label"]].append((entity["text"], words))
    for entity in entities:
        words = tuple(entity.get("norm", entity["text"]).split())
        best = entity["text"]
        candidates = forms.get(entity["label"], [])
        if entity["label"] == "PER":
            longer = [(t, w) for t, w in candidates if len(w) > len(words) and _in_order(words, w)]
        else:
            longer = [(t, w) for t, w in candidates if len(w) > len(words) and w[:len(words)] == words]
            if len({w for _, w in longer if len(w) == max((len(x) for _, x in longer), default=0)}) > 1:
                longer = []
        if longer:
            best = max(longer, key=lambda tw: len(tw[1]))[0]
        entity["canonical"] = best


def _in_order(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """The short name's words appear in the long one in order, its last word last or standing alone."""
    at = 0
    for word in short:
        try:
            at = long.index(word, at) + 1
        except ValueError:
            return False
    return short[-1] == long[-1] or len(short) == 1
