"""Throughput of the default pipeline on the news sample, next to the tokenizer floor.

    python bench/throughput.py [--input PATH] [--limit N] [--stages read,normalize,...]

Prints documents/s, words/s and peak memory (max RSS) for the pipeline, and
the time camel-tools' simple_word_tokenize alone takes on the same texts.
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from camel_tools.tokenizers.word import simple_word_tokenize  # noqa: E402

import pipeline  # noqa: E402
from pipeline.reader import read_inputs  # noqa: E402

DEFAULT = Path(__file__).resolve().parents[2] / "shared/data/news_sample/saudinewsnet_politics_sample.jsonl"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", default=str(DEFAULT))
    parser.add_argument("--limit", type=int)
    parser.add_argument("--stages", help="comma-separated stages (default: all)")
    args = parser.parse_args(argv)
    docs = list(read_inputs([args.input]))[: args.limit]
    texts = [d.text for d in docs]
    words = sum(len(t.split()) for t in texts)

    started = time.perf_counter()
    for text in texts:
        simple_word_tokenize(text)
    floor = time.perf_counter() - started

    started = time.perf_counter()
    nlp = pipeline.load(args.stages.split(",") if args.stages else None)
    load_seconds = time.perf_counter() - started
    started = time.perf_counter()
    errors = sum(1 for doc in nlp.pipe(docs) if doc.error)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {"documents": len(docs), "words": words, "errors": errors, "stages": nlp.names,
              "load_s": round(load_seconds, 2), "seconds": round(seconds, 2),
              "docs_per_s": round(len(docs) / seconds, 1), "words_per_s": round(words / seconds),
              "peak_rss_mb": round(peak_mb), "tokenizer_floor_s": round(floor, 2),
              "tokenizer_floor_words_per_s": round(words / floor)}
    print(json.dumps(result, ensure_ascii=False))
    return result


if __name__ == "__main__":
    main()
