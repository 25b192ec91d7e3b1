"""Clitic segmentation of Arabic words, offline, from rules and word counts.

A split is taken when what remains is itself a well-attested word: the
count of the remaining stem in the news lexicon relative to the count of the
whole word, times the weights of the clitics (``data/clitics.tsv``), must
reach 1. Function words that only look
like clitic + word (``كما``, ``لكن``) are listed in ``data/no_split.txt``, and a
noun that takes the article itself (``بحر``: ``البحر``) is never split.
Segments come back with offsets relative to the word, so diacritics and
tatweel inside the word stay inside their segment.
"""
from __future__ import annotations

from functools import lru_cache

from .arabic import normalize_char
from .resources import data_path, read_tsv, read_words

FUTURE_PREFIXES = "يتنا"   # imperfect-verb prefixes the future س must precede
PREPOSITIONS = {"ب", "ل", "ك"}


@lru_cache(maxsize=1)
def word_counts() -> dict[str, int]:
    counts = {}
    with data_path("lexicon/word_counts.tsv").open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or line.startswith("word\t"):
                continue
            word, _, count = line.rstrip("\n").partition("\t")
            counts[word] = int(count)
    return counts


@lru_cache(maxsize=1)
def _clitics():
    rows = read_tsv("clitics.tsv")
    pro = {r["form"]: float(r["weight"]) for r in rows if r["kind"] == "proclitic"}
    enc = {r["form"]: float(r["weight"]) for r in rows if r["kind"] == "enclitic"}
    return pro, enc


def _count(word: str) -> int:
    return word_counts().get(word.replace("ة", "ه"), 0)


@lru_cache(maxsize=30_000)
def analyze(word: str) -> tuple[str, str, str, str]:
    """Split a normalized word (ة kept) into (proclitics, article, stem, enclitic) strings.

    For ``لل`` + noun the article is written ``ل``: ``للسلطة`` ->
    ('ل', 'ل', 'سلطة', '').
    """
    no_split = read_words("no_split.txt")
    if len(word) < 2 or word.replace("ة", "ه") in no_split or _takes_article(word):
        return "", *_article(word), ""
    best, best_score = ("", word, ""), 1.0  # no split unless an analysis beats the bar
    whole = max(_count(word), 1)
    for pro in _proclitic_options(word):
        rest = word[len(pro):]
        if not rest or any(word[k:].replace("ة", "ه") in no_split or _takes_article(word[k:])
                           for k in range(1, len(pro))):
            continue  # وكان, وبحر: once و is off, كان and بحر are words of their own
        noun = pro and _takes_article(rest)  # وبنك: و + بنك, not و + بن + ك
        for enc in ("",) + tuple(e for e in _clitics()[1] if rest.endswith(e) and not noun):
            stem = rest[:len(rest) - len(enc)] if enc else rest
            if not pro and not enc:
                continue
            score = _score(pro, stem, enc, whole)
            if score > best_score:
                best, best_score = (pro, stem, enc), score
    pro, stem, enc = best
    if pro.endswith("ل") and stem.startswith("ل") and _count("ا" + stem) > _count(stem):
        return pro, "ل", stem[1:], enc  # لل + noun: the article's alef drops
    article, stem = _article(stem)
    return pro, article, stem, enc


ARTICLE_RATIO = 0.1  # uses with the article per use of the bare word that mark a noun of its own


def _takes_article(word: str) -> bool:
    """A noun that itself takes the article (``البحر``, ``الولاية``, ``الوادي``, ``البنك``)
    starts with no clitic: its first letter belongs to it (``بحر`` is not ب + حر).
    Not tried on words ending in the pronoun ه, whose article form would be read as ة."""
    if word.startswith("ال") or word.endswith("ه"):
        return False
    return _count("ال" + word) >= ARTICLE_RATIO * max(_count(word), 1) and _count("ال" + word) >= 20


def _score(pro: str, stem: str, enc: str, whole: int) -> float:
    if not stem:  # preposition + pronoun: له بها لي
        return 10.0 if pro and pro[-1] in PREPOSITIONS and enc else 0.0
    if len(stem) < 2 or (enc == "ي" and stem not in read_words("takes_ya.txt")):
        return 0.0
    if pro.endswith("س") and (stem[0] not in FUTURE_PREFIXES or len(stem) < 3):
        return 0.0
    count = _count(stem)
    if enc and stem.endswith("ت"):  # مدينته: ة is written ت before a pronoun
        count = max(count, _count(stem[:-1] + "ه"))
    if pro.endswith("ل") and stem.startswith("ل"):
        count = max(count, _count("ا" + stem))
    weights, (pro_weight, enc_weight) = 1.0, _clitics()
    for c in pro:
        weights *= pro_weight[c]
    if enc:
        weights *= enc_weight[enc]
    return weights * count / whole


def _proclitic_options(word: str) -> list[str]:
    pro, _ = _clitics()
    options = [""]
    for first in ("", "و", "ف"):
        if first and not word.startswith(first):
            continue
        rest = word[len(first):]
        if first:
            options.append(first)
        for second in ("ب", "ل", "ك", "س"):
            if rest.startswith(second) and second in pro:
                options.append(first + second)
    return options


def _article(stem: str) -> tuple[str, str]:
    if stem.startswith("ال") and len(stem) >= 4 and stem.replace("ة", "ه") not in read_words("no_split.txt"):
        return "ال", stem[2:]
    return "", stem


def segment(token: str) -> list[tuple[str, int, int]]:
    """(kind, start, end) segments of a token, offsets relative to the token.

    kind is 'proclitic', 'article', 'stem' or 'enclitic'. Non-Arabic tokens
    come back as one stem.
    """
    return list(_segment(token))


@lru_cache(maxsize=30_000)
def _segment(token: str) -> tuple[tuple[str, int, int], ...]:  # words recur: each is split once
    letters, origin = [], []
    for i, ch in enumerate(token):
        n = "ة" if ch == "ة" else normalize_char(ch)  # keep ة apart from the pronoun ه
        if len(n) == 1:
            letters.append(n)
            origin.append(i)
    word = "".join(letters)
    if not word or not all("\u0621" <= c <= "\u064a" for c in word):
        return (("stem", 0, len(token)),)
    pro, article, stem, enc = analyze(word)
    parts = [("proclitic", c) for c in pro]
    if article:
        parts.append(("article", article))
    parts.append(("stem", stem))
    if enc:
        parts.append(("enclitic", enc))
    segments, at = [], 0
    for kind, form in parts:
        if not form:
            continue
        start = origin[at] if at < len(origin) else len(token)
        at += len(form)
        end = origin[at] if at < len(origin) else len(token)
        segments.append((kind, start, end))
    # the first segment starts at 0 and the last ends at the token's end
    if segments:
        segments[0] = (segments[0][0], 0, segments[0][2])
        segments[-1] = (segments[-1][0], segments[-1][1], len(token))
    return tuple(segments)
