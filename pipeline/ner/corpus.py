"""Reading labeled NER corpora (one ``token TAG`` per line, blank line between sentences)
and scoring tag sequences the seqeval/conlleval way (exact spans, micro F1)."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..evaluate import prf

# Corpus label names -> ours. AQMAR's MIS0..MIS3 are miscellaneous classes.
LABEL_MAP = {"PERS": "PER", "PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC", "MIS": "MISC",
             "MIS0": "MISC", "MIS1": "MISC", "MIS2": "MISC", "MIS3": "MISC", "MIS-1": "MISC",
             "MIS-2": "MISC"}

Sentence = tuple[list[str], list[str]]


def read_conll(path: Path, max_tokens_per_sentence: int = 200) -> list[Sentence]:
    """Sentences of (tokens, IOB2 tags); labels mapped to PER/ORG/LOC/MISC, others to O.

    Long runs without a blank line (ANERcorp's original file) are cut every
    ``max_tokens_per_sentence`` tokens.
    """
    sentences: list[Sentence] = []
    tokens: list[str] = []
    tags: list[str] = []

    def flush():
        if tokens:
            sentences.append((list(tokens), to_iob2(tags)))
            tokens.clear()
            tags.clear()

    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if not parts:
                flush()
                continue
            if parts[0] == "$#$":  # Wojood segment marker
                continue
            token, tag = parts[0], (parts[1] if len(parts) > 1 else "O")
            tokens.append(token)
            tags.append(map_tag(tag))
            if len(tokens) >= max_tokens_per_sentence:
                flush()
    flush()
    return sentences


# Wojood's types -> ours, for the outermost span of these types (its others, DATE, NORP, OCC ..., are left out).
WOJOOD_LABELS = {"PERS": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


def read_nested(path: Path, labels: dict[str, str] = WOJOOD_LABELS) -> list[Sentence]:
    """Sentences of a nested corpus (``token TAG TAG ...``, one tag per nesting level, Wojood)
    as (tokens, IOB2 tags) of the outermost spans whose type ``labels`` maps."""
    sentences: list[Sentence] = []
    rows: list[list[str]] = []
    with open(path, encoding="utf-8") as f:
        for line in [*f, ""]:
            parts = line.split()
            if parts and parts[0] != "$#$":
                rows.append(parts)
            elif not parts and rows:
                tags = ["O"] * len(rows)
                for label, first, end in outermost_spans([r[1:] for r in rows], labels):
                    tags[first:end] = [f"B-{label}"] + [f"I-{label}"] * (end - first - 1)
                sentences.append(([r[0] for r in rows], tags))
                rows = []
    return sentences


def outermost_spans(levels: list[list[str]], labels: dict[str, str]) -> list[tuple[str, int, int]]:
    """(label, first, end) spans of the mapped types over all nesting levels, none inside another."""
    spans = set()
    for level in range(max(map(len, levels), default=0)):
        tags = [map_tag(t[level] if level < len(t) else "O", labels) for t in levels]
        spans |= chunks(to_iob2(tags))
    return sorted(s for s in spans if not any(o != s and o[1] <= s[1] and s[2] <= o[2] for o in spans))


def map_tag(tag: str, labels: dict[str, str] = LABEL_MAP, other: str | None = None) -> str:
    """``B-PERS`` -> ``B-PER``; a label missing from ``labels`` becomes ``other`` (None: the tag becomes O)."""
    prefix, _, label = tag.partition("-")
    label = labels.get(label, other) if label else None
    return f"{prefix}-{label}" if label and prefix in ("B", "I") else "O"


def to_iob2(tags: list[str]) -> list[str]:
    """IOB1 -> IOB2: an I- that does not continue the same label becomes B-."""
    out = []
    for i, tag in enumerate(tags):
        if tag.startswith("I-") and (i == 0 or out[-1][2:] != tag[2:]):
            tag = "B-" + tag[2:]
        out.append(tag)
    return out


def chunks(tags: list[str]) -> set[tuple[str, int, int]]:
    """(label, start, end) spans of an IOB sequence, conlleval rules."""
    spans, label, start = set(), None, 0
    for i, tag in enumerate(list(tags) + ["O"]):
        prefix, _, kind = tag.partition("-")
        if label and (prefix != "I" or kind != label):
            spans.add((label, start, i))
            label = None
        if prefix == "B" or (prefix == "I" and label is None):
            label, start = kind, i
    return spans


def score(gold: list[list[str]], predicted: list[list[str]]) -> dict:
    """Micro and per-label precision/recall/F1 over exact spans."""
    tp, n_gold, n_pred = Counter(), Counter(), Counter()
    for g, p in zip(gold, predicted):
        gs, ps = chunks(g), chunks(p)
        for label, *_ in gs:
            n_gold[label] += 1
        for label, *_ in ps:
            n_pred[label] += 1
        for label, *_ in gs & ps:
            tp[label] += 1

    def row(t, g, p):
        precision, recall, f1 = prf(t, p - t, g - t)
        return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "support": g}

    report = {label: row(tp[label], n_gold[label], n_pred[label]) for label in sorted(n_gold | n_pred)}
    report["micro"] = row(sum(tp.values()), sum(n_gold.values()), sum(n_pred.values()))
    return report
