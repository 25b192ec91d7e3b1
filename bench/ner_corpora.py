"""The entities stage on labeled corpora it was not written for: the Wojood sample and AQMAR.

    python bench/ner_corpora.py [--corpus wojood aqmar] [--split test]

Each corpus is read as documents (Wojood: 10 consecutive sentences; AQMAR: one
article), its tokens joined by spaces and its sentences by newlines, and run
through the pipeline's own stages, so what is scored is what a user gets.
Spans are compared as character offsets, exact, on PER/ORG/LOC (Wojood's
GPE, LOC and FAC count as LOC; its outermost span of these types is the gold;
MISC and other types are not scored: like the dev scorer's optional spans, a
prediction inside a gold MISC span is neither right nor wrong). A prediction is also right when it is
the gold span without attached proclitic letters (``والعراق`` -> ``العراق``),
and, for a gold LOC/ORG that starts with a head noun (``مدينة``, ``قرية``,
``جريدة``, ...), the name without that head noun.

Held-out parts only: Wojood's ``test.txt`` (the model may train on train/val);
AQMAR's held-out articles (``AQMAR_HELD_OUT`` in pipeline/train/ner.py).
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pipeline  # noqa: E402
from pipeline.arabic import normalize  # noqa: E402
from pipeline.evaluate import prf  # noqa: E402
from pipeline.ner.corpus import chunks, read_conll, read_nested  # noqa: E402
from pipeline.train.ner import AQMAR_HELD_OUT  # noqa: E402
from pipeline.stages import DEFAULT_ORDER  # noqa: E402

DATA = ROOT.parent / "shared/data"
STAGES = [s for s in DEFAULT_ORDER if s in ("read", "normalize", "sentences", "tokens", "entities", "timexes")]
# Head nouns a gold name may start with and a system may leave out (a scoring rule of issue 11).
HEAD_NOUNS = {"مدينة", "قرية", "بلدة", "مخيم", "حي", "محافظة", "ولاية", "منطقة", "ناحية", "قضاء", "إقليم",
              "جزيرة", "جبل", "نهر", "بحر", "وادي", "جريدة", "صحيفة", "مجلة", "وكالة", "قناة", "إذاعة", "موقع",
              "شركة", "دولة", "مملكة", "إمارة"}
PROCLITICS = "وفبلك"


def documents(sentences, size: int):
    """(text, gold char spans, MISC regions) per group of ``size`` (tokens, IOB2 tags) sentences."""
    for at in range(0, len(sentences), size):
        text, gold, misc = "", [], []
        for tokens, tags in sentences[at:at + size]:
            offsets = []
            for token in tokens:
                offsets.append((len(text), len(text) + len(token)))
                text += token + " "
            text = text[:-1] + "\n"
            for label, first, end in sorted(chunks(tags)):
                (misc if label == "MISC" else gold).append((label, offsets[first][0], offsets[end - 1][1]))
        yield text, gold, misc


def accepted(text: str, label: str, start: int, end: int) -> set[tuple[str, int, int]]:
    """The gold span and the forms a system may give instead (no proclitics, no head noun)."""
    forms = {(label, start, end)}
    for k in (1, 2):
        if end - start > k + 2 and all(c in PROCLITICS for c in text[start:start + k]):
            forms.add((label, start + k, end))
    words = text[start:end].split(" ")
    if label in ("LOC", "ORG") and len(words) > 1:
        head = normalize(words[0])
        for form in (head, head.removeprefix("ال"), head[1:]):
            if form in {normalize(h) for h in HEAD_NOUNS}:
                forms.add((label, start + len(words[0]) + 1, end))
    return forms


def score(nlp, docs) -> dict:
    tp, n_gold, n_pred = Counter(), Counter(), Counter()
    errors = Counter()
    for text, gold, misc in docs:
        doc = nlp(text)
        predicted = {(e["label"], e["start"], e["end"]) for e in doc["entities"] if e["label"] != "MISC"
                     and not any(start < e["end"] and e["start"] < end for _, start, end in misc)}
        for label, start, end in gold:
            n_gold[label] += 1
            hit = accepted(text, label, start, end) & predicted
            if hit:
                tp[label] += 1
                predicted -= hit
            else:
                errors["missed " + label + " " + text[start:end]] += 1
        for label, start, end in predicted:
            n_pred[label] += 1
            errors["extra " + label + " " + text[start:end]] += 1
    report = {}
    for label in sorted(n_gold | n_pred | tp):
        t = tp[label]
        p, r, f = prf(t, n_pred[label], n_gold[label] - t)
        report[label] = {"precision": p, "recall": r, "f1": f, "support": n_gold[label]}
    t = sum(tp.values())
    p, r, f = prf(t, sum(n_pred.values()), sum(n_gold.values()) - t)
    report["micro"] = {"precision": p, "recall": r, "f1": f, "support": sum(n_gold.values())}
    report["errors"] = errors
    return report


def wojood(nlp, split: str = "test") -> dict:
    files = ["train", "val", "test"] if split == "all" else [split]
    sentences = [s for name in files for s in read_nested(DATA / "wojood_sample" / f"{name}.txt")]
    return score(nlp, documents(sentences, 10))


def aqmar(nlp, split: str = "test") -> dict:
    paths = sorted((DATA / "aqmar").glob("*.txt"))
    paths = [p for p in paths if p.name != "README.md" and (split == "all" or p.stem in AQMAR_HELD_OUT)]
    return score(nlp, [doc for path in paths for doc in documents(read_conll(path), 10_000)])


CORPORA = {"wojood": wojood, "aqmar": aqmar}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", nargs="*", default=list(CORPORA), choices=list(CORPORA))
    parser.add_argument("--split", default="test", choices=["test", "all"])
    parser.add_argument("--errors", type=int, default=0, help="print the N most frequent errors")
    parser.add_argument("--ner-model", help="another model folder (default models/naba-ner)")
    args = parser.parse_args(argv)
    nlp = pipeline.load(STAGES, **({"ner_model": args.ner_model} if args.ner_model else {}))
    for name in args.corpus:
        report = CORPORA[name](nlp, args.split)
        row = "  ".join(f"{k} {v['f1']:.3f}" for k, v in report.items() if k != "errors")
        print(f"{name} ({args.split}): {row}")
        for error, n in report["errors"].most_common(args.errors):
            print(f"  {n:3d} {error}")


if __name__ == "__main__":
    main()
