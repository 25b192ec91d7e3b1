"""Names announced by the word before them (a head noun) or by quotation marks.

- places after a place head (``loc_heads.txt``): ``قاعدة عين الأسد`` -> ``عين الأسد``,
  ``بمحافظة حجة`` -> ``حجة`` (the name alone, eval/GUIDELINES.md; subtype from the head);
- outlets, parties and groups after their head (``name_heads.tsv``): ``صحيفة «حرييت»``
  -> ``حرييت``, ``حزب "الشعوب الديمقراطي"``; teams with their head: ``منتخب البرتغال``;
- an outlet quoted after ``لـ`` before a reported statement: ``قال لـ«الشرق الأوسط» إن``;
- organizations built on a head noun with definite words and adjectives: ``مجلس النواب``,
  ``المحكمة الدستورية العليا``, ``الهيئة العامة للطيران المدني``.

An unquoted name after a head must look like a name in the news lexicon: a word that
rarely takes the article (``أربيل``, ``إنجرليك``) or a definite word rarely seen
without it (``الأنبار``); common nouns (``قاعدة بيانات``, ``مخيم اللاجئين``) fail.
"""
from __future__ import annotations

from functools import lru_cache

from ..arabic import normalize
from ..clitics import word_counts
from ..resources import read_keys, read_tsv
from . import gazetteer
from .features import split_word
from .names import common_word, never_a_name, nisba_follows, org_name_heads

OPENING = {"«": "»", '"': '"', "“": "”", "(": ")", "'": "'", "„": "“"}
MAX_QUOTED = 5     # words inside quotation marks that can be one name
MAX_NAME = 3       # unquoted name-like words after a head
ARTICLE_RATIO = 0.2  # a name rarely takes (or drops) the article: uses of the other form per use
REPORTED = {"ان", "انه", "انها", "ان", ":", "،", ","}  # after لـ«X»: the statement follows


@lru_cache(maxsize=1)
def place_heads() -> frozenset[str]:
    return frozenset(normalize(r["word"]) for r in read_tsv("ner/loc_heads.txt")
                     if not normalize(r["word"]).startswith("ال"))


@lru_cache(maxsize=1)
def name_heads() -> dict[str, dict]:
    return {normalize(r["word"]): r for r in read_tsv("ner/name_heads.tsv")}


@lru_cache(maxsize=1)
def titles() -> frozenset[str]:
    return read_keys("ner/person_titles.txt")


@lru_cache(maxsize=50_000)
def name_like(form: str) -> bool:
    """Whether a clitic-free normalized word looks like a proper name in the news lexicon."""
    if len(form) < 2 or never_a_name(form) or form in titles() or form in place_heads():
        return False
    counts = word_counts()
    key = form.replace("ة", "ه")
    count = counts.get(key, 0)
    if key.startswith("ال") and len(key) > 3:
        other = counts.get(key[2:], 0)
    else:
        other = counts.get("ال" + key, 0)
    return other <= ARTICLE_RATIO * count + 1 and not common_word(form)


def _quoted(words: list[str], j: int) -> int | None:
    """End of the quoted words opened at ``words[j]`` (the closing mark's index), if short."""
    close = OPENING.get(words[j]) if j < len(words) else None
    if close is None:
        return None
    for k in range(j + 1, min(j + MAX_QUOTED + 2, len(words))):
        if words[k] == close:
            return k if k > j + 1 else None
    return None


def head_names(words: list[str]) -> list[tuple[str, int, int, int, bool]]:
    """(label, first, last, name_first, strong) for names after a head word: ``first`` is
    the head when it belongs to the span; ``strong`` when the head decides the label
    over the model's (``صحيفة الرياض`` is ORG, ``منتخب البرتغال`` a team)."""
    found, i = [], 0
    while i < len(words) - 1:
        form = split_word(words[i])[2]
        row = name_heads().get(form)
        label = row["label"] if row else "LOC" if form in place_heads() else None
        j = i + 1
        if label is None:
            if normalize(words[i]) == "ل" and (end := _quoted(words, j)) and end + 1 < len(words) \
                    and normalize(words[end + 1]) in REPORTED and end - j <= 4:
                found.append(("ORG", j + 1, end, j + 1, True))  # قال لـ«الشرق الأوسط» إن
                i = end + 1
                continue
            i += 1
            continue
        if row and normalize(words[j]) in ("انباء", "الانباء"):  # وكالة أنباء "فرانس برس"
            j += 1
        end = _quoted(words, j)
        if end:
            found.append((label, j + 1, end, j + 1, bool(row)))
            i = end + 1
            continue
        last = None if (row and row["quoted"] == "yes") else _unquoted_name(words, j)
        if last:
            first = i if row and row["keep"] == "yes" else j
            found.append((label, first, last, j, bool(row)))
            i = last
        else:
            i += 1
    return found


def _unquoted_name(words: list[str], j: int) -> int | None:
    """End of the name-like words starting at ``j``: one definite word (``الأنبار``),
    or up to MAX_NAME words without the article (``مانشستر يونايتد``), or a word and
    a definite name-like word (``عين الأسد``)."""
    if j >= len(words):
        return None
    forms = [split_word(w)[0] for w in words[j:j + MAX_NAME]]
    # a name right after its head carries no proclitic (not ميناء ومصافي, قاعدة لتحدي)
    forms = forms[:next((k for k, w in enumerate(words[j:j + MAX_NAME]) if split_word(w)[1]), len(forms))]
    if not forms or not all(c.isalpha() for c in forms[0]):
        return None
    if name_like(forms[0]):
        last = j + 1
        if not forms[0].startswith("ال"):
            while last - j < len(forms) and not forms[last - j].startswith("ال") \
                    and forms[last - j].isalpha() and _foreign_word(forms[last - j]):
                last += 1
        return last
    if len(forms) > 1 and not forms[0].startswith("ال") and forms[1].startswith("ال") and name_like(forms[1]) \
            and not _adjective(forms[1]):
        return j + 2
    return None


def _foreign_word(form: str) -> bool:
    """A word the news lexicon barely knows (a transliterated name's second word)."""
    return word_counts().get(form.replace("ة", "ه"), 0) < 30 and not never_a_name(form)


def _adjective(word: str) -> bool:
    """A definite relative (nisba) adjective or one of org_adjectives.txt."""
    return (word.startswith("ال") and len(word) > 5 and word.endswith(("ي", "يه"))) or word in org_adjectives()


@lru_cache(maxsize=1)
def org_adjectives() -> frozenset[str]:
    return read_keys("ner/org_adjectives.txt")


@lru_cache(maxsize=1)
def org_definite_heads() -> frozenset[str]:
    return read_keys("ner/org_definite_heads.txt")


def pattern_names(words: list[str]) -> list[tuple[str, int, int]]:
    """ORG runs made of a naming head and definite words (``مجلس النواب``, ``حزب المؤتمر
    الشعبي``), or a definite head and adjectives (``المحكمة الدستورية العليا``); either may
    go on with a genitive after ``ل`` (``الهيئة العامة للطيران المدني``)."""
    found, i = [], 0
    while i < len(words) - 1:
        form = split_word(words[i])[2]
        following = normalize(words[i + 1])
        last = None
        if form in org_name_heads() and following.startswith("ال"):
            last = i + 2
            if last < len(words) and normalize(words[last]).startswith("وال") \
                    and not never_a_name(words[last]):  # هيئة الإذاعة والتلفزيون (not والتي)
                last += 1
            last = _adjectives(words, last, 1, genitive=False)
        elif form in org_definite_heads() and _adjective(following) and not _gentilic(words, i + 1):
            last = _adjectives(words, i + 2, 2, genitive=True)
        if last:
            found.append(("ORG", i, last))
            i = last
        else:
            i += 1
    return found


def _gentilic(words: list[str], at: int) -> bool:
    """A country's or place's adjective (``العراقية``), or one spelled as the country (``السعودية``)."""
    return nisba_follows(words, at) or any(e.source == "country" for e in gazetteer.lookup(normalize(words[at])))


def _adjectives(words: list[str], at: int, most: int, genitive: bool) -> int:
    """End after up to ``most`` adjectives from ``at``, then, with ``genitive``, perhaps
    ``لل`` + noun (+ adjective)."""
    while most and at < len(words) and _adjective(normalize(words[at])):
        at, most = at + 1, most - 1
    if genitive and at < len(words) and normalize(words[at]).startswith("لل") and len(normalize(words[at])) > 4:
        at += 1
        if at < len(words) and _adjective(normalize(words[at])):
            at += 1
    return at
