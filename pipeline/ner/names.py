"""From tagged tokens to name spans: where a name starts inside a token, names
taken from the lists where the model saw none, names repeated later in the
document, and descriptors (``تنظيم داعش`` -> ``داعش``) left out of the span.
"""
from __future__ import annotations

from functools import lru_cache

from ..arabic import ARABIC_LETTER, DIACRITICS, TATWEEL, normalize
from ..clitics import word_counts
from ..resources import read_keys, read_tsv, read_words
from . import gazetteer
from .features import split_word

CONJUNCTIONS = {"و", "ف"}
MIN_POPULATION = 100_000  # places tagged from the list alone must be this large


@lru_cache(maxsize=1)
def not_names() -> frozenset[str]:
    return read_keys("ner/not_names.txt")


def _plain(word: str) -> str:
    """No diacritics or tatweel, alef forms unified; ى and ة kept (على is not علي)."""
    return DIACRITICS.sub("", word).replace(TATWEEL, "").translate(ALEFS)


ALEFS = str.maketrans("أإآٱ", "اااا")


@lru_cache(maxsize=1)
def never_names() -> frozenset[str]:
    return frozenset(_plain(w) for w in read_words("ner/never_names.txt"))


@lru_cache(maxsize=30_000)
def never_a_name(word: str) -> bool:
    """A function word, common noun or dialect word that is never a name alone (``لأول``, ``بأنه``)."""
    plain = _plain(word)
    return any(plain[k:] in never_names() for k in range(3)
               if (k == 0 or all(c in "وفبلك" for c in plain[:k])) and len(plain) - k >= 2)


def trim_name(words: list[str], first: int, last: int, blocked=frozenset()) -> tuple[int, int] | None:
    """The name's token range without edge tokens that cannot be part of it: ``blocked``
    ones (inside a timex), words of ``never_names.txt``, and words without an Arabic
    letter unless the lists name the whole span (names are Arabic-script). None when
    nothing is left or a blocked token is inside."""
    listed_span = bool(gazetteer.lookup(" ".join(name_words(words[first:last]))))

    def cut(k: int) -> bool:
        return k in blocked or never_a_name(words[k]) or (not listed_span and not ARABIC_LETTER.search(words[k]))

    while first < last and cut(first):
        first += 1
    while first < last and cut(last - 1):
        last -= 1
    if first == last or any(k in blocked for k in range(first, last)):
        return None
    return first, last


@lru_cache(maxsize=1)
def descriptors() -> frozenset[str]:
    return read_keys("ner/descriptors.txt")


def name_words(words: list[str]) -> tuple[str, ...]:
    """Matching form of a run of tokens: the first without proclitics, all normalized."""
    return (split_word(words[0])[2], *(split_word(w)[0] for w in words[1:]))


def name_start(token: dict, following: list[str] = ()) -> int:
    """Offset where a name starting in this token starts: after proclitics only when safe.

    ``بالعراق`` -> ``العراق`` (article follows), ``وتركيا`` -> ``تركيا`` (listed
    name); ``لحج`` and ``بان`` stay whole (listed, or not a clear clitic).
    ``following`` are the name's other words, for multi-word listed names.
    """
    segments = token.get("segments") or []
    proclitics = [s for s in segments if s["kind"] == "proclitic"]
    if not proclitics:
        return token["start"]
    rest = segments[len(proclitics)]
    tail = "".join(" " + normalize(w) for w in following)
    whole = normalize(token["text"]) + tail
    stripped = normalize(token["text"][rest["start"] - token["start"]:]) + tail
    if gazetteer.lookup(whole) and not gazetteer.lookup(stripped):
        return token["start"]
    conjunction_only = all(s["text"] in CONJUNCTIONS for s in proclitics)
    head = stripped.split(" ", 1)[0] in org_name_heads()  # لوزارة الداخلية
    if rest["kind"] == "article" or gazetteer.lookup(stripped) or conjunction_only or head:
        return rest["start"]
    return token["start"]


def listed(entries) -> str | None:
    """The label to tag a list match with, or None when the match is not safe alone."""
    labels = set()
    for e in entries:
        if e.ambiguous:
            return None
        if e.source == "curated" or e.source == "country" or (e.source == "place" and e.population >= MIN_POPULATION):
            labels.add(e.label)
    return labels.pop() if len(labels) == 1 else None


def list_names(words: list[str]) -> list[tuple[str, int, int]]:
    """(label, first, last) token runs that the lists name unambiguously; a one-word
    place that is also a common word needs a locative word before it."""
    forms, name_forms = zip(*[(n, nf) for n, _, nf, _, _ in map(split_word, words)]) if words else ((), ())
    found = []
    for first, last, entries in gazetteer.longest_matches(list(forms), list(name_forms)):
        label = listed(entries)
        if label and " ".join(forms[first:last]) not in not_names() and name_forms[first] not in not_names():
            if (last - first > 1 or any(e.source in ("curated", "country") for e in entries)
                    or not common_word(name_forms[first]) or _locative_support(words, first)):
                found.append((label, first, last))
    return found


@lru_cache(maxsize=1)
def locative_words() -> frozenset[str]:
    heads = {normalize(r["word"]) for r in read_tsv("ner/loc_heads.txt")}
    return read_keys("ner/locative_words.txt") | heads


def _locative_support(words: list[str], first: int) -> bool:
    """``في العين``, ``قرب صور``, ``مدينة صور``, ``بصور``."""
    if split_word(words[first])[1].endswith("ب"):
        return True
    return first > 0 and split_word(words[first - 1])[2] in locative_words()


@lru_cache(maxsize=50_000)
def common_word(form: str) -> bool:
    """Whether a normalized word is also a common noun in the news lexicon: it takes
    possessive pronouns (``عينه``, ``صورها``) or is used without its article more often
    than with it (``عين`` beside ``العين``)."""
    counts = word_counts()
    key = form.replace("ة", "ه")
    count = counts.get(key, 0)
    bare = key[2:] if key.startswith("ال") and len(key) > 3 else ""
    stem = bare or key
    stem = stem[:-1] + "ت" if stem.endswith("ه") else stem
    possessed = sum(counts.get(stem + e, 0) for e in ("ه", "ها", "هم", "نا", "كم"))
    return possessed >= COMMON_RATIO * max(count, 1) or (bool(bare) and counts.get(bare, 0) > count)


COMMON_RATIO = 0.2  # possessed forms per use of the word itself


@lru_cache(maxsize=1)
def org_name_heads() -> frozenset[str]:
    return read_keys("ner/org_name_heads.txt")


def drop_descriptor(words: list[str], first: int, last: int) -> int:
    """Skip a leading descriptor word when the rest is a listed name (``لتنظيم داعش``)."""
    if last - first > 1 and _without_proclitics(words[first]) & descriptors():
        if gazetteer.lookup(" ".join(name_words(words[first + 1:last]))):
            return first + 1
    return first


def _without_proclitics(word: str) -> set[str]:
    """The word's normalized form with 0, 1 or 2 leading clitic letters taken off."""
    n = normalize(word)
    forms = {n, split_word(word)[2]}
    for k in (1, 2):
        if len(n) > k + 2 and all(c in "وفبلك" for c in n[:k]):
            forms.add(n[k:])
    return forms


def list_label(words: list[str]) -> str | None:
    """The hand-checked list's label for exactly these words (``فرانس برس`` is ORG)."""
    entries = gazetteer.lookup(" ".join(name_words(words)))
    labels = {e.label for e in entries if e.source == "curated" and not e.ambiguous}
    return labels.pop() if len(labels) == 1 else None


def nisba_follows(words: list[str], last: int) -> bool:
    """Whether words[last] is a gentilic adjective of a listed country or place
    (``الأمريكية`` after ``وزارة الدفاع``, ``الإيراني`` after ``الحرس الثوري``)."""
    if last >= len(words):
        return False
    word = normalize(words[last])
    if not word.startswith("ال"):
        return False
    for ending in ("يه", "يين", "يون", "ي"):
        if word.endswith(ending) and len(word) > len(ending) + 4:
            base = word[2:-len(ending)]
            for form in (base, base + "ا", "ال" + base, base + "ان"):
                if any(e.source in ("country", "place", "curated") and e.label == "LOC"
                       for e in gazetteer.lookup(form)):
                    return True
    return False
