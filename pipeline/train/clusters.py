"""Word clusters from unlabeled news text, for the NER model's features.

    python -m pipeline.train.clusters [--corpus PATH] [--output models/naba-ner/clusters.tsv]

Trains word2vec (gensim, CBOW, one worker and a fixed seed, so the run is
reproducible) on normalized Arabic words of the SaudiNewsNet corpus, then
k-means (scikit-learn) at three granularities. Writes ``word c64 c256 c1024``
rows and keeps the vectors in ``build/`` for the Stanza comparison.
"""
from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

import numpy as np

from ..arabic import normalize
from . import ROOT, sha256
from .lexicon import DEFAULT_CORPUS, WORD

SIZES = (64, 256, 1024)
SEED = 13


class Sentences:
    """Normalized Arabic words, one list per line of each article (re-iterable for gensim)."""

    def __init__(self, corpus: Path):
        self.corpus = corpus

    def __iter__(self):
        with gzip.open(self.corpus, "rt", encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                for part in (record.get("title", "") + "\n" + record.get("text", "")).split("\n"):
                    words = WORD.findall(normalize(part))
                    if len(words) > 1:
                        yield words


def main(argv=None):
    from gensim.models import Word2Vec
    from sklearn.cluster import MiniBatchKMeans

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--output", type=Path, default=ROOT / "models/naba-ner/clusters.tsv")
    parser.add_argument("--vectors", type=Path, default=ROOT / "build/news_word2vec.txt")
    parser.add_argument("--max-words", type=int, default=100_000)
    args = parser.parse_args(argv)

    began = time.time()
    model = Word2Vec(Sentences(args.corpus), vector_size=100, window=5, min_count=5, workers=1,
                     sg=0, epochs=5, seed=SEED)
    words = model.wv.index_to_key[:args.max_words]
    vectors = model.wv.vectors[:len(words)]
    unit = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    columns = [MiniBatchKMeans(n_clusters=k, random_state=SEED, n_init=3, batch_size=4096).fit_predict(unit)
               for k in SIZES]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with open(args.output, "w", encoding="utf-8") as out:
        out.write(f"# word2vec (CBOW 100d, window 5, 5 epochs, seed {SEED}) + k-means {SIZES}\n")
        out.write(f"# corpus {args.corpus.name} sha256 {sha256(args.corpus)}\n")
        out.write("# Rebuild: python -m pipeline.train.clusters\n")
        out.write("word\t" + "\t".join(f"c{k}" for k in SIZES) + "\n")
        for i, word in enumerate(words):
            out.write(word + "\t" + "\t".join(str(c[i]) for c in columns) + "\n")
    args.vectors.parent.mkdir(parents=True, exist_ok=True)
    with open(args.vectors, "w", encoding="utf-8") as out:  # word2vec text format, for Stanza
        out.write(f"{len(words)} {vectors.shape[1]}\n")
        for word, vector in zip(words, vectors):
            out.write(word + " " + " ".join(f"{x:.5f}" for x in vector) + "\n")
    print(f"wrote {len(words)} words to {args.output} in {time.time() - began:.0f} s")


if __name__ == "__main__":
    main()
