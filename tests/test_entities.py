"""The entities stage, its helpers, the shipped model's scores and the other backends."""
import json
import subprocess
import sys

import pytest

from conftest import ROOT, SHARED, assert_offsets, needs_shared
from pipeline.document import Document
from pipeline.ner.backends import BackendUnavailable, camel_data_dir, load_backend
from pipeline.ner.corpus import chunks, score, to_iob2
from pipeline.ner.gazetteer import longest_matches, lookup
from pipeline.arabic import normalize


def entity_texts(doc, label):
    return {e["text"] for e in doc["entities"] if e["label"] == label}


def test_seed_people_organizations_places(seed_doc):
    record = seed_doc.to_dict()
    assert_offsets(record)
    ents = seed_doc["entities"]
    assert {"بايدن", "باتريك رايدر"} <= entity_texts(seed_doc, "PER")
    assert {"البنتاغون", "التحالف الدولي"} <= entity_texts(seed_doc, "ORG")
    assert {"العراق", "سوريا", "إيران", "غزة"} <= entity_texts(seed_doc, "LOC")
    assert [e["id"] for e in ents] == [f"e{i}" for i in range(1, len(ents) + 1)]
    spans = sorted((e["start"], e["end"]) for e in ents)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), "names must not overlap"
    for e in ents:
        assert e["label"] in {"PER", "ORG", "LOC", "MISC"}
        assert 0 < e["score"] <= 1 and e["norm"] == normalize(e["text"])
        assert e["text"][0] not in "وفبلك" or lookup(e["text"]) or not e["text"][1:].startswith("ال")
    iraq = [e for e in ents if e["text"] == "العراق"]
    assert iraq and all(e["subtype"] == "GPE" for e in iraq)


def test_name_starts_after_proclitics(nlp):
    doc = nlp("وصل الوفد بالعراق ثم وتركيا وزار لحج أمس.")
    places = {e["text"] for e in doc["entities"] if e["label"] == "LOC"}
    assert "العراق" in places and "تركيا" in places and "لحج" in places
    assert_offsets(doc.to_dict())


def test_descriptor_dropped_and_nisba_kept(nlp):
    doc = nlp("أعلن تنظيم داعش مسؤوليته، وقالت وزارة الدفاع الأمريكية إن الهجوم فشل.")
    assert "داعش" in entity_texts(doc, "ORG")
    assert "وزارة الدفاع الأمريكية" in entity_texts(doc, "ORG")


def test_repeated_surname_is_tagged(nlp):
    doc = nlp("قال الرئيس التركي رجب طيب أردوغان إن بلاده مستعدة. وأضاف أردوغان أن الحوار ممكن.")
    people = [e for e in doc["entities"] if e["label"] == "PER"]
    assert any(e["text"] == "أردوغان" for e in people), people


def test_empty_and_latin_documents(nlp):
    assert nlp("")["entities"] == []
    doc = nlp("The Pentagon said on Friday that strikes hit Syria.")
    assert doc.error is None
    assert_offsets(doc.to_dict())


def test_gazetteer_matches_first_token_without_clitics():
    forms = [normalize(w) for w in ("في", "الولايات", "المتحدة", "أمس")]
    assert [(s, e) for s, e, _ in longest_matches(forms)] == [(1, 3)]
    assert any(e.country == "US" for e in lookup("الولايات المتحدة"))
    assert any(e.source == "place" and e.country == "IQ" for e in lookup("الموصل"))


def test_iob_chunks_and_scores():
    assert to_iob2(["I-PER", "I-PER", "O", "I-LOC"]) == ["B-PER", "I-PER", "O", "B-LOC"]
    assert chunks(["B-PER", "I-PER", "O", "I-LOC", "B-LOC"]) == {("PER", 0, 2), ("LOC", 3, 4), ("LOC", 4, 5)}
    report = score([["B-PER", "I-PER", "O", "B-LOC"]], [["B-PER", "O", "O", "B-LOC"]])
    assert report["LOC"]["f1"] == 1.0 and report["PER"]["f1"] == 0.0 and report["micro"]["f1"] == 0.5


def test_model_card_and_weights_are_shipped():
    folder = ROOT / "models/naba-ner"
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert (folder / "README.md").exists() and (folder / "model.crfsuite").exists()
    assert meta["anercorp_test"]["micro"]["f1"] > 0.6 and meta["training"]["files"]
    size = sum(p.stat().st_size for p in folder.iterdir())
    assert size < 50 * 2**20


def test_backends_without_data_say_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("CAMELTOOLS_DATA", str(tmp_path / "none"))
    with pytest.raises(BackendUnavailable, match="camel_data -i ner-arabert"):
        load_backend("camel")
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path / "none"))
    with pytest.raises(BackendUnavailable, match=r"stanza.download\('ar'"):
        load_backend("stanza")
    with pytest.raises(ValueError, match="unknown NER backend"):
        load_backend("spacy")


def test_cli_reports_missing_backend(tmp_path, monkeypatch):
    monkeypatch.setenv("CAMELTOOLS_DATA", str(tmp_path / "none"))
    run = subprocess.run([sys.executable, "-m", "pipeline.cli", "run", str(ROOT / "seeds"), "-o", str(tmp_path),
                          "--ner", "camel", "--no-progress"], capture_output=True, text=True)
    assert run.returncode == 2 and "camel_data -i ner-arabert" in run.stderr


@needs_shared
def test_stanza_backend_with_a_model_trained_here(tmp_path, nlp):
    """Trains Stanza's NER tagger for a few steps on an ANERcorp slice, then tags through the stage."""
    import random
    from pipeline.ner.corpus import read_conll
    from pipeline.train import stanza_ner
    from pipeline.train.ner import TRAIN

    words = sorted({normalize(w) or w for tokens, _ in read_conll(TRAIN)[:60] for w in tokens})
    random.seed(0)
    vectors = tmp_path / "vectors.txt"
    vectors.write_text(f"{len(words)} 8\n" + "".join(
        w + " " + " ".join(f"{random.uniform(-1, 1):.3f}" for _ in range(8)) + "\n" for w in words), encoding="utf-8")
    model = stanza_ner.train(tmp_path / "model", vectors, max_steps=10, sample=60,
                             extra_args=["--hidden_dim", "16", "--char_hidden_dim", "16", "--batch_size", "8"])
    import pipeline
    stanza_nlp = pipeline.load(ner="stanza", ner_model=str(model))
    doc = stanza_nlp("قال الرئيس الأمريكي جو بايدن في واشنطن إن القوات الأمريكية ستبقى في العراق.")
    assert doc.error is None and doc.stages_run["entities"].startswith("entities stanza")
    assert_offsets(doc.to_dict())
    backend = stanza_nlp.stages[[s.name for s in stanza_nlp.stages].index("entities")].backend
    sentences = [[t["text"] for t in doc["tokens"]]]
    (tags, scores), = backend.tag(sentences)
    assert len(tags) == len(sentences[0]) == len(scores)
    from pipeline.stages.entities import LIST_SCORE
    assert all(e["score"] in (None, LIST_SCORE) for e in doc["entities"])  # stanza gives no probabilities
    assert all(t == "O" or t[:2] in ("B-", "I-") for t in tags)


@needs_shared
def test_dev_entities_f1(tmp_path):
    from pipeline.evaluate import evaluate
    from pipeline.runner import run
    snippets = sorted((SHARED / "eval/dev/snippets").glob("*.txt"))
    run([str(p) for p in snippets], tmp_path, progress=False)
    report = evaluate(str(SHARED / "eval/dev"), str(tmp_path / "docs.jsonl"))
    assert report["entities"]["ALL"]["f1"] >= 0.85, report["entities"]


@needs_shared
def test_anercorp_test_score_matches_model_card():
    from pipeline.ner.corpus import read_conll
    from pipeline.ner.crf import CRFTagger
    from pipeline.train.ner import TEST
    tagger = CRFTagger()
    test = read_conll(TEST)
    report = score([t for _, t in test], [tagger.tag(w)[0] for w, _ in test])
    assert report["micro"]["f1"] == pytest.approx(tagger.meta["anercorp_test"]["micro"]["f1"], abs=1e-4)


@pytest.mark.skipif(not (camel_data_dir() / "data/ner/arabert").exists(),
                    reason="camel-tools NER data is not installed here (camel_data -i ner-arabert)")
def test_camel_backend_when_installed():
    import pipeline
    doc = pipeline.load(ner="camel")("قال الرئيس الأمريكي جو بايدن في واشنطن إن القوات ستبقى في العراق.")
    assert doc.error is None and doc["entities"]
    assert_offsets(doc.to_dict())


def test_head_noun_organizations():
    from pipeline.ner.heads import pattern_names
    words = "وافق مجلس النواب الذي اجتمع مع حزب المؤتمر الشعبي أمس".split()
    assert [(w, " ".join(words[f:l])) for w, f, l in pattern_names(words)] == [
        ("ORG", "مجلس النواب"), ("ORG", "حزب المؤتمر الشعبي")]


def test_head_noun_name_loses_its_preposition(nlp):
    text = "وقال متحدث باسم لوزارة الصحة اليمنية إن الوضع صعب."
    doc = nlp(text)
    orgs = [e for e in doc["entities"] if e["label"] == "ORG"]
    assert any(e["text"] == "وزارة الصحة اليمنية" for e in orgs), orgs
    assert_offsets(doc.to_dict())


def test_names_never_overlap_on_news(nlp):
    from pipeline.reader import read_inputs
    sample = SHARED / "data/news_sample/saudinewsnet_politics_sample.jsonl"
    if not sample.exists():
        pytest.skip("../shared news sample is not present")
    for doc in list(read_inputs([str(sample)]))[:60]:
        doc = nlp(doc)
        spans = sorted((e["start"], e["end"]) for e in doc["entities"])
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), doc.id
        assert not doc.check_offsets()
