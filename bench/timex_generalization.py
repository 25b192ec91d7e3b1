"""Timexes on text no one here wrote: the Wojood sample's DATE/TIME spans.

    python bench/timex_generalization.py

Each Wojood sentence (``../shared/data/wojood_sample/{train,val,test}.txt``,
tokens joined by spaces, ``$#$`` marker lines dropped) is run through the
timex stages with no dct, as a new user's archive text would be. Gold spans
are the outermost DATE/TIME spans (any nesting level). Overlap scoring: a gold
span is found when a timex overlaps it; a timex is right when it overlaps a
gold span. ``rows()`` gives (figure, value, bar) for bench/generalization.py.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

WOJOOD = Path(__file__).resolve().parents[2] / "shared/data/wojood_sample"
FILES = ("train.txt", "val.txt", "test.txt")
KINDS = ("DATE", "TIME")


def sentences(path: Path) -> list[list[tuple[str, list[str]]]]:
    """[(token, tags)] per sentence."""
    out, current = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                out.append(current)
            current = []
            continue
        token, *tags = line.split(" ")
        if token != "$#$":
            current.append((token, tags))
    if current:
        out.append(current)
    return out


def gold_sentence(tokens: list[tuple[str, list[str]]]) -> tuple[str, list[tuple[int, int]]]:
    """The sentence text and its outermost DATE/TIME character spans."""
    text, spans, open_span = "", [], None
    for token, tags in tokens:
        if text:
            text += " "
        start = len(text)
        text += token
        tag = next((t for t in tags if t[2:] in KINDS), None)
        if tag and (tag.startswith("I-") and open_span):
            open_span[1] = len(text)
            continue
        if open_span:
            spans.append(tuple(open_span))
            open_span = None
        if tag:
            open_span = [start, len(text)]
    if open_span:
        spans.append(tuple(open_span))
    return text, spans


def score(nlp=None, files=FILES) -> dict:
    import pipeline
    nlp = nlp or pipeline.load(["read", "normalize", "sentences", "tokens", "timexes"])
    gold_n = gold_found = pred_n = pred_right = 0
    misses, wrong = [], []
    for name in files:
        for tokens in sentences(WOJOOD / name):
            text, gold = gold_sentence(tokens)
            found = [(t["start"], t["end"]) for t in nlp(text)["timexes"]]
            overlaps = lambda a, b: a[0] < b[1] and b[0] < a[1]  # noqa: E731
            gold_n += len(gold)
            pred_n += len(found)
            for g in gold:
                if any(overlaps(g, p) for p in found):
                    gold_found += 1
                else:
                    misses.append(text[g[0]:g[1]])
            for p in found:
                if any(overlaps(p, g) for g in gold):
                    pred_right += 1
                else:
                    wrong.append(text[p[0]:p[1]])
    return {"gold": gold_n, "predicted": pred_n,
            "recall": gold_found / gold_n if gold_n else 0.0,
            "precision": pred_right / pred_n if pred_n else 0.0,
            "misses": misses, "wrong": wrong}


def figures(report: dict) -> list[tuple[str, float, str]]:
    return [("Wojood sample DATE/TIME overlap recall", round(report["recall"], 3), ">= 0.75"),
            ("Wojood sample DATE/TIME overlap precision", round(report["precision"], 3), ">= 0.90")]


def rows(nlp=None) -> list[tuple[str, float, str]]:
    """(figure name, value, bar) for the generalization table."""
    return figures(score(nlp))


if __name__ == "__main__":
    report = score()
    if "-v" in sys.argv:
        print("missed:", *sorted(set(report["misses"])), sep="\n  ")
        print("not in gold:", *sorted(set(report["wrong"])), sep="\n  ")
    print(f"gold spans {report['gold']}, timexes {report['predicted']}")
    for name, value, bar in figures(report):
        print(f"{name:45s} {value:6.3f}  {bar}")
