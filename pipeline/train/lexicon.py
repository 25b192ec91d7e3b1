"""Build the word-frequency lexicon the clitic segmenter consults.

    python -m pipeline.train.lexicon [--corpus PATH] [--min-count 3]

Counts normalized Arabic words (no diacritics; alef, ya and ta marbuta
unified) in the unlabeled SaudiNewsNet corpus and writes
``pipeline/data/lexicon/word_counts.tsv`` with the corpus hash in its header.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
from collections import Counter
from pathlib import Path

import regex

from ..arabic import normalize
from . import PACKAGE_DATA, SHARED_DATA

DEFAULT_CORPUS = SHARED_DATA / "news_corpus/saudinewsnet_all.jsonl.gz"
OUTPUT = PACKAGE_DATA / "lexicon/word_counts.tsv"
WORD = regex.compile(r"[\u0621-\u064a]+")


def count_words(corpus: Path) -> tuple[Counter, str]:
    counts: Counter = Counter()
    digest = hashlib.sha256()
    with gzip.open(corpus, "rb") as f:
        for line in f:
            digest.update(line)
            record = json.loads(line)
            counts.update(WORD.findall(normalize(record.get("title", "") + " " + record.get("text", ""))))
    return counts, digest.hexdigest()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    counts, digest = count_words(args.corpus)
    kept = [(w, c) for w, c in counts.most_common() if c >= args.min_count and len(w) > 1]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with open(args.output, "w", encoding="utf-8") as out:
        out.write(f"# Normalized word counts from {args.corpus.name} (SaudiNewsNet, CC BY-NC-SA 4.0)\n")
        out.write(f"# sha256 {digest}; {sum(counts.values())} tokens; min count {args.min_count}\n")
        out.write("# Rebuild: python -m pipeline.train.lexicon\n")
        out.write("word\tcount\n")
        for word, count in kept:
            out.write(f"{word}\t{count}\n")
    print(f"wrote {len(kept)} words to {args.output}")


if __name__ == "__main__":
    main()
