"""Train Stanza's NER tagger (BiLSTM-CRF with a character LSTM) on the same ANERcorp
split, with word vectors the project builds, and score it like the CRF.

    python -m pipeline.train.stanza_ner [--max-steps 3000] [--out build/stanza_ner]

Needs ``build/news_word2vec.txt`` from ``python -m pipeline.train.clusters``.
Words are normalized (:func:`pipeline.arabic.normalize`) as the vectors are.
The last 10% of the train split is Stanza's dev set; the test split is only
scored. Writes ``scores.json`` next to the model.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from ..arabic import normalize
from ..ner.corpus import read_conll, score
from . import ROOT
from .ner import TEST, TRAIN, print_report


def write_json(sentences, path: Path) -> None:
    data = [[{"text": normalize(w) or w, "ner": t} for w, t in zip(tokens, tags)] for tokens, tags in sentences]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def build_pretrain(vectors: Path, out: Path) -> Path:
    from stanza.models.common.pretrain import Pretrain
    target = out / "pretrain.pt"  # the backend looks for it beside the model
    if not target.exists():
        Pretrain(str(target), str(vectors), max_vocab=100_000).load()
    return target


def train(out: Path, vectors: Path, max_steps: int, sample: int | None = None, extra_args=()) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    sentences = read_conll(TRAIN)
    if sample:
        sentences = sentences[:sample]
    cut = int(len(sentences) * 0.9)
    write_json(sentences[:cut], out / "train.json")
    write_json(sentences[cut:], out / "dev.json")
    pretrain = build_pretrain(vectors, out)
    command = [sys.executable, "-m", "stanza.models.ner_tagger", "--mode", "train",
               "--train_file", str(out / "train.json"), "--eval_file", str(out / "dev.json"),
               "--wordvec_pretrain_file", str(pretrain), "--shorthand", "ar_anercorp",
               "--save_dir", str(out), "--save_name", "ar_ner.pt", "--max_steps", str(max_steps),
               "--eval_interval", str(max(max_steps // 6, 1)), "--seed", "13", "--cpu", *extra_args]
    subprocess.run(command, check=True)
    return out / "ar_ner.pt"


def evaluate(model: Path, pretrain: Path) -> dict:
    from ..ner.backends import StanzaBackend
    backend = StanzaBackend(model=model, pretrain=pretrain)
    test = read_conll(TEST)
    began = time.time()
    predicted = [tags for tags, _ in backend.tag([[normalize(w) or w for w in tokens] for tokens, _ in test])]
    seconds = time.time() - began
    report = score([tags for _, tags in test], predicted)
    report["tokens_per_second"] = round(sum(len(t) for t, _ in test) / seconds)
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build/stanza_ner")
    parser.add_argument("--vectors", type=Path, default=ROOT / "build/news_word2vec.txt")
    parser.add_argument("--max-steps", type=int, default=3000)
    args = parser.parse_args(argv)
    began = time.time()
    model = train(args.out, args.vectors, args.max_steps)
    seconds = time.time() - began
    report = evaluate(model, args.out / "pretrain.pt")
    report["train_seconds"] = round(seconds)
    report["max_steps"] = args.max_steps
    print_report(report)
    (args.out / "scores.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
