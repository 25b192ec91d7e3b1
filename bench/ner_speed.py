"""Speed of the entities stage on one core: load time and tokens tagged per second.

    python bench/ner_speed.py [--input PATH] [--limit N] [--ner naba]

Load time is measured in a fresh interpreter (import + building the stage,
which reads the model, clusters and gazetteers). Tagging speed counts only
the entities stage, on documents already tokenized by the earlier stages.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pipeline  # noqa: E402
from pipeline.reader import read_inputs  # noqa: E402

DEFAULT = ROOT.parent / "shared/data/news_sample/saudinewsnet_politics_sample.jsonl"
LOAD = ("import time; t = time.perf_counter(); import pipeline; import pipeline.stages.entities as e; "
        "s = e.Entities(ner={ner!r}); "
        "s(pipeline.load(['read', 'normalize', 'sentences', 'tokens'])('بغداد')); "
        "print(time.perf_counter() - t)")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", default=str(DEFAULT))
    parser.add_argument("--limit", type=int, default=500)
    parser.add_argument("--ner", default="naba")
    args = parser.parse_args(argv)

    loads = [float(subprocess.run([sys.executable, "-c", LOAD.format(ner=args.ner)],
                                  capture_output=True, text=True, cwd=ROOT, check=True).stdout) for _ in range(3)]
    before = pipeline.load(["read", "normalize", "sentences", "tokens"])
    docs = [before.process(d) for d in list(read_inputs([args.input]))[: args.limit]]
    stage = pipeline.load(["read", "normalize", "sentences", "tokens", "entities"], ner=args.ner).stages[-1]
    tokens = sum(len(d["tokens"]) for d in docs)
    started = time.perf_counter()
    for doc in docs:
        stage(doc)
    seconds = time.perf_counter() - started
    entities = sum(len(d["entities"]) for d in docs)
    print(f"entities stage ({stage.describe()}): load {min(loads):.2f} s (best of 3, import + model), "
          f"{tokens / seconds:,.0f} tokens/s on one core ({tokens:,} tokens, {len(docs)} docs, "
          f"{entities:,} entities, {seconds:.1f} s)")


if __name__ == "__main__":
    main()
