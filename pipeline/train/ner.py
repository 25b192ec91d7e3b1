"""Train and score the NER model.

    python -m pipeline.train.ner                 # train the CRF, write models/naba-ner/
    python -m pipeline.train.ner --score-only    # score the shipped model on ANERcorp test

Trains on the ANERcorp CAMeL-style train split (optionally AQMAR), never on
the test split, which is the benchmark: micro F1 over PER/ORG/LOC/MISC with
exact spans. Records data hashes, parameters and scores in ``meta.json``.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import pycrfsuite

from ..ner.corpus import read_conll, read_nested, score
from ..ner.crf import DEFAULT_MODEL, CRFTagger
from ..ner.features import Clusters, Featurizer
from . import PACKAGE_DATA, SHARED_DATA, sha256

TRAIN = SHARED_DATA / "anercorp/ANERCorp_CamelLabStyle_train_reconstructed.txt"
TEST = SHARED_DATA / "anercorp/ANERCorp_CamelLabStyle_test_reconstructed.txt"
WOJOOD = SHARED_DATA / "wojood_sample"
# AQMAR articles kept out of training and scored by bench/ner_corpora.py (every other article by name).
AQMAR_HELD_OUT = ("Christiano_Ronaldo", "Computer_Software", "Damascus", "Football", "Imam_Hussein_Shrine",
                  "Islamic_Golden_Age", "Light", "Nuclear_Power", "Physics", "Raul_Gonzales", "Real_Madrid",
                  "Soccer_Worldcup", "Summer_Olympics2004", "X_window_system")
PARAMS = {"c1": 0.05, "c2": 0.05, "max_iterations": 100, "feature.possible_transitions": True}


def training_files(extra: list[str]) -> list[Path]:
    """ANERcorp train, plus AQMAR's articles outside AQMAR_HELD_OUT and Wojood's train and val
    files (never its test file, which bench/ner_corpora.py scores)."""
    files = [TRAIN]
    if "aqmar" in extra:
        files += [p for p in sorted((SHARED_DATA / "aqmar").glob("*.txt"))
                  if p.name != "README.md" and p.stem not in AQMAR_HELD_OUT]
    if "wojood" in extra:
        files += [WOJOOD / "train.txt", WOJOOD / "val.txt"]
    return files


def read_training(path: Path):
    """Wojood's nested layout is read as its outermost PER/ORG/LOC spans; the others as CoNLL."""
    return read_nested(path) if path.parent == WOJOOD else read_conll(path)


def train(folder: Path, extra: list[str], params: dict) -> dict:
    files = training_files(extra)
    sentences = [s for path in files for s in read_training(path)]
    featurizer = Featurizer(Clusters(folder / "clusters.tsv"))
    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.select("lbfgs")
    trainer.set_params(params)
    began = time.time()
    for tokens, tags in sentences:
        trainer.append(featurizer.sentence(tokens), tags)
    trainer.train(str(folder / "model.crfsuite"))
    lists = sorted([*PACKAGE_DATA.glob("gazetteer/*"), *PACKAGE_DATA.glob("ner/*")])
    return {"files": {p.relative_to(SHARED_DATA).as_posix(): sha256(p) for p in files},
            "clusters_sha256": sha256(folder / "clusters.tsv"),
            "lists_sha256": {p.relative_to(PACKAGE_DATA).as_posix(): sha256(p) for p in lists},
            "sentences": len(sentences), "tokens": sum(len(t) for t, _ in sentences),
            "seconds": round(time.time() - began, 1), "params": params}


def evaluate(folder: Path) -> dict:
    tagger = CRFTagger(folder)
    test = read_conll(TEST)
    began = time.time()
    predicted = [tagger.tag(tokens)[0] for tokens, _ in test]
    seconds = time.time() - began
    report = score([tags for _, tags in test], predicted)
    n_tokens = sum(len(t) for t, _ in test)
    report["tokens_per_second"] = round(n_tokens / seconds)
    report["test"] = {"file": TEST.relative_to(SHARED_DATA).as_posix(), "sha256": sha256(TEST), "tokens": n_tokens}
    return report


def evaluate_system(folder: Path, sentences_per_doc: int = 10) -> dict:
    """The whole entities stage (model, lists, repeats) on the test split, read as
    documents of consecutive sentences (ANERcorp marks no article boundaries)."""
    from ..ner.backends import NabaBackend
    from ..stages.entities import find_names
    backend = NabaBackend(folder)
    test = read_conll(TEST)
    predicted = []
    for at in range(0, len(test), sentences_per_doc):
        words = [tokens for tokens, _ in test[at:at + sentences_per_doc]]
        for tokens, names in zip(words, find_names(backend, words)):
            tags = ["O"] * len(tokens)
            for label, first, last, _ in names:
                tags[first:last] = [f"B-{label}"] + [f"I-{label}"] * (last - first - 1)
            predicted.append(tags)
    report = score([tags for _, tags in test], predicted)
    report["sentences_per_doc"] = sentences_per_doc
    return report


def print_report(report: dict) -> None:
    for label in ("PER", "ORG", "LOC", "MISC", "micro"):
        r = report.get(label)
        if r:
            print(f"{label:6} P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}  (n={r['support']})")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--extra", nargs="*", default=[], choices=["aqmar", "wojood"])
    parser.add_argument("--c1", type=float, default=PARAMS["c1"])
    parser.add_argument("--c2", type=float, default=PARAMS["c2"])
    parser.add_argument("--iterations", type=int, default=PARAMS["max_iterations"])
    parser.add_argument("--score-only", action="store_true")
    args = parser.parse_args(argv)
    args.model.mkdir(parents=True, exist_ok=True)
    meta_path = args.model / "meta.json"
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    if not args.score_only:
        params = dict(PARAMS, c1=args.c1, c2=args.c2, max_iterations=args.iterations)
        meta.update(name=args.model.name, version=time.strftime("%Y%m%d"), architecture="crf",
                    training=train(args.model, args.extra, params),
                    command="python -m pipeline.train.ner" + (f" --extra {' '.join(args.extra)}" if args.extra else ""))
    report = evaluate(args.model)
    print("model alone:")
    print_report(report)
    meta["anercorp_test"] = report
    system = evaluate_system(args.model)
    print("entities stage (model + lists + repeats):")
    print_report(system)
    meta["anercorp_test_stage"] = system
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
