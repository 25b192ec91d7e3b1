"""The `entities` stage: PER/ORG/LOC/MISC names with subtype, score and matching form.

Five sources, in order of trust: the NER backend's tags (default the shipped
CRF), then names the lists give unambiguously where the backend saw none,
then names a head word announces (``قاعدة عين الأسد`` -> ``عين الأسد``, ``صحيفة
«حرييت»`` -> ``حرييت``, ``منتخب البرتغال``: pipeline/ner/heads.py), then organizations
named by a head noun and definite words (``مجلس النواب``, ``المحكمة الدستورية العليا``),
then later mentions of a name already found in the document (a surname alone
after the full name). A name starts after its first token's proclitics
(``العراق`` inside ``بالعراق``). ``subtype`` comes from the lists, or from the
head word before the name (``قاعدة`` -> FAC). ``score`` is the backend's mean
tag probability (null for backends that give none); names from the lists
carry LIST_SCORE, head-word names PATTERN_SCORE, repeats their first mention's score.
A listed given name before a PER name joins it (``علي`` + ``عبدالله صالح``).
"""
from __future__ import annotations

from functools import lru_cache

from ..arabic import normalize
from ..document import Document
from ..ner import gazetteer
from ..ner.backends import load_backend
from ..ner.corpus import chunks
from ..ner.features import split_word
from ..ner.heads import head_names, name_heads, pattern_names
from ..ner.people import extend_left
from ..ner.names import drop_descriptor, list_label, list_names, name_start, name_words, nisba_follows, trim_name
from ..resources import read_tsv
from .base import Stage, register

LIST_SCORE = 0.8
PATTERN_SCORE = 0.6
GAZETTEER_SUBTYPE = {"country": "GPE", "place": "GPE"}
MIN_REPEAT_SCORE = 0.5


@lru_cache(maxsize=1)
def head_subtypes() -> dict[str, str]:
    return {normalize(r["word"]): r["subtype"] for r in read_tsv("ner/loc_heads.txt")}


def subtype(label: str, name: str, previous_word: str) -> str | None:
    """From the lists (also for the name without a trailing adjective), else the head word before it."""
    for form in dict.fromkeys((name, name.rsplit(" ", 1)[0])):
        for entry in gazetteer.lookup(form):
            if entry.label == label and (entry.subtype or entry.source in GAZETTEER_SUBTYPE):
                return entry.subtype or GAZETTEER_SUBTYPE[entry.source]
    if label == "LOC" and previous_word:
        return head_subtypes().get(split_word(previous_word)[2].removeprefix("ال"))
    return None


@register
class Entities(Stage):
    name = "entities"
    needs = ("tokens",)
    adds = ("entities",)
    options = ("ner", "ner_model")

    def __init__(self, ner: str = "naba", ner_model: str | None = None):
        self.backend = load_backend(ner, **({"model": ner_model} if ner_model else {}))
        self.version = self.backend.name

    def __call__(self, doc: Document) -> None:
        sentences: dict[int, list[dict]] = {}
        for token in doc["tokens"]:
            sentences.setdefault(token["sentence"], []).append(token)
        groups = list(sentences.values())
        found = find_names(self.backend, [[t["text"] for t in group] for group in groups],
                           [in_timexes(group, doc["timexes"]) for group in groups])
        spans = []
        for group, names in zip(groups, found):
            for label, first, last, score in names:
                start = name_start(group[first], [t["text"] for t in group[first + 1:last]])
                end = group[last - 1]["end"]
                if start < end:
                    previous = group[first - 1]["text"] if first else ""
                    spans.append((start, end, label, score, previous))
        for number, (start, end, label, score, previous) in enumerate(sorted(spans), 1):
            name = doc.text[start:end]
            doc.add("entities", start, end, id=f"e{number}", label=label,
                    subtype=subtype(label, name, previous), score=None if score is None else round(score, 3),
                    norm=normalize(name))


def in_timexes(tokens: list[dict], timexes: list[dict]) -> frozenset[int]:
    """Indices of the tokens that overlap a timex: a word of a date is not a name (``آب`` in ``22 آب``)."""
    if not timexes or not tokens:
        return frozenset()
    lo, hi = tokens[0]["start"], tokens[-1]["end"]
    spans = [(t["start"], t["end"]) for t in timexes if t["start"] < hi and lo < t["end"]]
    return frozenset(i for i, token in enumerate(tokens)
                     if any(start < token["end"] and token["start"] < end for start, end in spans))


def find_names(backend, words: list[list[str]], blocked: list[frozenset[int]] | None = None
               ) -> list[list[tuple[str, int, int, float]]]:
    """Per sentence of one document: (label, first token, end token, score) of each name.
    ``blocked[i]`` holds sentence i's tokens that cannot be in a name (inside a timex)."""
    found = []
    blocked = blocked or [frozenset()] * len(words)
    for sentence, (tags, scores), stop in zip(words, backend.tag(words), blocked):
        names = []
        for label, first, last in sorted(chunks(tags), key=lambda c: c[1]):
            score = None if None in scores[first:last] else sum(scores[first:last]) / (last - first)
            first = drop_descriptor(sentence, first, last)
            label = list_label(sentence[first:last]) or label
            names.append((label, first, last, score))
        for label, first, last in list_names(sentence):
            first = drop_descriptor(sentence, first, last)
            inside = _overlapping(names, first, last)
            if any(f == first and l == last for _, f, l, _ in inside):
                continue  # the model found it already, with its own score
            if all(first <= f and l <= last for _, f, l, _ in inside):  # the outermost name wins
                names = [n for n in names if n not in inside] + [(label, first, last, LIST_SCORE)]
        names = _after_heads(sentence, names)
        names += [(label, first, last, PATTERN_SCORE) for label, first, last in pattern_names(sentence)
                  if not _overlaps(names, first, last)]
        names = _people(sentence, names)
        names = [(label, *kept, score) for label, first, last, score in names
                 if (kept := trim_name(sentence, first, last, stop))]
        found.append([(label, first, last + (label == "ORG" and nisba_follows(sentence, last)
                                             and not _overlaps(names, last, last + 1)), score)
                      for label, first, last, score in names])
    _add_repeats(words, found, blocked)
    return found


def _after_heads(sentence: list[str], names: list[tuple]) -> list[tuple]:
    """Names a head word announces (heads.head_names), where no name stands yet; an
    outlet's or team's head also decides the label of a name found there (``صحيفة
    الرياض`` is ORG; ``منتخب البرتغال`` is the team, head included)."""
    for label, first, last, name_first, strong in head_names(sentence):
        inside = _overlapping(names, first, last)
        if not inside or (not strong and all(first <= n[1] and n[2] <= last and (n[1], n[2]) != (first, last)
                                                 for n in inside)):  # the outermost name wins
            names = [n for n in names if n not in inside] + [(label, first, last, PATTERN_SCORE)]
        elif strong and all(n[1] >= name_first for n in inside):
            end = max(last, *(n[2] for n in inside))
            names = [n for n in names if n not in inside] + [(label, first, end, inside[0][3])]
    relabeled = []
    for label, first, last, score in names:
        row = name_heads().get(split_word(sentence[first - 1])[2]) if first and label in ("LOC", "ORG") else None
        if row and row["quoted"] == "no" and not _overlaps(relabeled, first - 1, first):
            label, first = row["label"], first - (row["keep"] == "yes")
        relabeled.append((label, first, last, score))
    return relabeled


def _people(sentence: list[str], names: list[tuple]) -> list[tuple]:
    """A listed given name joins the PER name after it (pipeline/ner/people.py)."""
    def taken(first, last):
        return _overlaps(names, first, last)
    return [(label, extend_left(sentence, first, taken) if label == "PER" else first, last, score)
            for label, first, last, score in names]


def _overlapping(names, first: int, last: int) -> list[tuple]:
    return [n for n in names if first < n[2] and n[1] < last]


def _overlaps(names, first: int, last: int) -> bool:
    return bool(_overlapping(names, first, last))


def _add_repeats(words: list[list[str]], found: list[list[tuple]], blocked: list[frozenset[int]]) -> None:
    """Tag later (and earlier) mentions of names found with confidence: the same
    words, or a person's last name alone."""
    known: dict[tuple[str, ...], tuple[str, float]] = {}
    for sentence, names in zip(words, found):
        for label, first, last, score in names:
            if (score is not None and score < MIN_REPEAT_SCORE) or label == "MISC":
                continue
            known.setdefault(name_words(sentence[first:last]), (label, score))
            if label == "PER" and last - first > 1:
                known.setdefault(name_words(sentence[last - 1:last]), (label, score))
    if not known:
        return
    longest = max(len(k) for k in known)
    firsts = {k[0] for k in known}
    for sentence, names, stop in zip(words, found, blocked):
        i = 0
        while i < len(sentence):
            if split_word(sentence[i])[2] in firsts:
                for size in range(min(longest, len(sentence) - i), 0, -1):
                    hit = known.get(name_words(sentence[i:i + size]))
                    if (hit and not _overlaps(names, i, i + size)
                            and trim_name(sentence, i, i + size, stop) == (i, i + size)):
                        names.append((hit[0], i, i + size, hit[1]))
                        i += size - 1
                        break
            i += 1
