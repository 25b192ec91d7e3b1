"""Surface-token and syntactic-word F1 on UD Arabic-PUD.

    python bench/pud_tokens.py [--conllu PATH] [--errors N]

Gold surface tokens are rebuilt from the sentence text: UD words that touch
(``SpaceAfter=No``) form one token, except punctuation, which stands alone.
Gold syntactic words are the UD words. Naba's syntactic words are its clitic
segments with the article joined to its stem (UD keeps ال on the noun).
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.clitics import segment  # noqa: E402
from pipeline.stages.tokens import tokenize  # noqa: E402

DEFAULT = Path(__file__).resolve().parents[2] / "shared/data/ud_arabic_pud/ar_pud-ud-test.conllu"


def read_conllu(path):
    for block in Path(path).read_text(encoding="utf-8").strip().split("\n\n"):
        text, words = None, []
        for line in block.split("\n"):
            if line.startswith("# text = "):
                text = line[len("# text = "):]
            elif line and not line.startswith("#"):
                cols = line.split("\t")
                if cols[0].isdigit():
                    words.append((cols[1], cols[3], "SpaceAfter=No" in cols[9]))
        yield text, words


def gold_spans(text, words):
    """UD words -> (word spans, surface token spans) in the sentence text."""
    word_spans, cursor = [], 0
    for form, _, _ in words:
        at = text.find(form, cursor)
        if at < 0:
            return None
        word_spans.append((at, at + len(form)))
        cursor = at + len(form)
    tokens, current = [], None
    for (start, end), (_, upos, _) in zip(word_spans, words):
        if upos == "PUNCT":
            if current:
                tokens.append(current)
            tokens.append((start, end))
            current = None
        elif current and current[1] == start:
            current = (current[0], end)
        else:
            if current:
                tokens.append(current)
            current = (start, end)
    if current:
        tokens.append(current)
    return word_spans, tokens


def predicted(text):
    tokens = tokenize(text)
    words = []
    for start, end in tokens:
        merged = []
        for kind, s, e in segment(text[start:end]):
            if merged and merged[-1][0] == "article":
                merged[-1] = (kind, merged[-1][1], e)
            else:
                merged.append((kind, s, e))
        words.extend((start + s, start + e) for _, s, e in merged)
    return words, tokens


def f1(tp, n_pred, n_gold):
    p, r = tp / n_pred, tp / n_gold
    return 2 * p * r / (p + r)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conllu", default=str(DEFAULT))
    parser.add_argument("--errors", type=int, default=0, help="print the N most common word errors")
    args = parser.parse_args(argv)
    if not Path(args.conllu).exists():
        raise SystemExit(f"missing {args.conllu} (it comes with ../shared/data)")
    counts = Counter()
    errors = Counter()
    skipped = 0
    for text, words in read_conllu(args.conllu):
        gold = gold_spans(text, words)
        if gold is None:
            skipped += 1
            continue
        gold_words, gold_tokens = gold
        pred_words, pred_tokens = predicted(text)
        for name, g, p in (("token", gold_tokens, pred_tokens), ("word", gold_words, pred_words)):
            counts[name + "_tp"] += len(set(g) & set(p))
            counts[name + "_pred"] += len(p)
            counts[name + "_gold"] += len(g)
        if args.errors:
            gw, pw = set(gold_words), set(pred_words)
            for s, e in gold_tokens:
                g = [text[a:b] for a, b in gold_words if s <= a and b <= e]
                p = [text[a:b] for a, b in pred_words if s <= a and b <= e]
                if g != p:
                    errors[("+".join(g), "+".join(p))] += 1
    token_f1 = f1(counts["token_tp"], counts["token_pred"], counts["token_gold"])
    word_f1 = f1(counts["word_tp"], counts["word_pred"], counts["word_gold"])
    print(f"UD Arabic-PUD: surface-token F1 {token_f1:.4f}  syntactic-word F1 {word_f1:.4f}  "
          f"({counts['token_gold']} gold tokens, {counts['word_gold']} gold words, {skipped} sentences unaligned)")
    for (g, p), n in errors.most_common(args.errors):
        print(f"{n:4d}  gold {g:30s} pred {p}")
    return token_f1, word_f1


if __name__ == "__main__":
    main()
