"""Every figure of issue 11 in one table: entities and timexes on text no one here wrote.

    python bench/generalization.py

Entities: ANERcorp test (model alone and whole stage, PER/ORG/LOC/MISC),
the Wojood sample's test file and AQMAR's held-out articles
(bench/ner_corpora.py), and the dev gold set with and without the
hand-written name list (``pipeline/data/ner/entities.tsv``, left out here by
reading it as empty). Timex rows come from bench/timex_generalization.py
when it is present.
"""
from __future__ import annotations

import importlib.util
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import ner_corpora  # noqa: E402
import pipeline  # noqa: E402
from pipeline.evaluate import evaluate  # noqa: E402
from pipeline.reader import read_inputs  # noqa: E402

DEV = ROOT.parent / "shared/eval/dev"


def anercorp_rows() -> list[tuple[str, float, str]]:
    from pipeline.ner.crf import DEFAULT_MODEL
    from pipeline.train import ner
    alone, stage = ner.evaluate(DEFAULT_MODEL), ner.evaluate_system(DEFAULT_MODEL)
    return [("ANERcorp test micro F1, CRF alone", alone["micro"]["f1"], ""),
            ("ANERcorp test micro F1, entities stage", stage["micro"]["f1"], ">= 0.75")]


def corpus_rows(nlp) -> list[tuple[str, float, str]]:
    wojood, aqmar = ner_corpora.wojood(nlp), ner_corpora.aqmar(nlp)
    return [("Wojood test micro F1 (PER/ORG/LOC)", wojood["micro"]["f1"], ">= 0.60"),
            ("Wojood test ORG F1", wojood["ORG"]["f1"], ">= 0.40"),
            ("Wojood test PER / LOC F1", f"{wojood['PER']['f1']:.3f} / {wojood['LOC']['f1']:.3f}", ""),
            ("AQMAR held-out articles micro F1", aqmar["micro"]["f1"], ">= 0.60"),
            ("AQMAR all articles micro F1", ner_corpora.aqmar(nlp, "all")["micro"]["f1"], "")]


def dev_f1(nlp) -> float:
    docs = [nlp.process(d) for d in read_inputs(sorted(map(str, (DEV / "snippets").glob("*.txt"))))]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as f:
        for doc in docs:
            f.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
    return evaluate(DEV, f.name)["entities"]["ALL"]["f1"]


def without_hand_list():
    """A fresh pipeline that reads ``ner/entities.tsv`` as empty."""
    from pipeline.ner import gazetteer, names
    real = gazetteer.read_tsv
    gazetteer.read_tsv = lambda name: () if name == "ner/entities.tsv" else real(name)
    for cached in (gazetteer.entries, gazetteer._prefixes, names.not_names):
        cached.cache_clear()
    return pipeline.load(ner_corpora.STAGES)


def timex_rows(nlp) -> list[tuple[str, float, str]]:
    path = ROOT / "bench/timex_generalization.py"
    if not path.exists():
        return []
    spec = importlib.util.spec_from_file_location("timex_generalization", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.rows())


def main():
    nlp = pipeline.load(ner_corpora.STAGES)
    rows = anercorp_rows() + corpus_rows(nlp)
    rows.append(("dev entities F1 (PER/ORG/LOC)", dev_f1(nlp), ">= 0.90"))
    rows += timex_rows(nlp)
    rows.append(("dev entities F1 without the hand-written list", dev_f1(without_hand_list()), ">= 0.85"))
    width = max(len(name) for name, _, _ in rows)
    print(f"{'figure':{width}}  value   bar")
    for name, value, bar in rows:
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        print(f"{name:{width}}  {shown:6}  {bar}")


if __name__ == "__main__":
    main()
