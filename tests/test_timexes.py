"""Parametrized TIMEX3 cases (tests/timex_cases.tsv) and traps (tests/timex_traps.tsv)."""
import csv
from pathlib import Path

import pytest

from conftest import SHARED, assert_offsets, needs_shared
from pipeline import load

HERE = Path(__file__).parent


def rows(name):
    with open(HERE / name, encoding="utf-8") as f:
        return [r for r in csv.reader(f, delimiter="\t") if r and not r[0].startswith("#")]


@pytest.fixture(scope="module")
def timex_nlp():
    return load(["read", "normalize", "sentences", "tokens", "timexes"])


@pytest.mark.parametrize("text, dct, extent, typ, value",
                         rows("timex_cases.tsv") + rows("timex_cases_general.tsv"))
def test_timex_case(timex_nlp, text, dct, extent, typ, value):
    doc = timex_nlp(text, dct=dct)
    found = [(t["text"], t["type"], t["value"]) for t in doc["timexes"]]
    assert (extent, typ, value) in found, found
    assert_offsets(doc.to_dict())


@pytest.mark.parametrize("text, dct, trap", rows("timex_traps.tsv"))
def test_timex_trap(timex_nlp, text, dct, trap):
    doc = timex_nlp(text, dct=dct)
    at = text.index(trap)
    assert not [t for t in doc["timexes"] if t["start"] < at + len(trap) and at < t["end"]], doc["timexes"]


def test_hijri_dates_say_their_calendar(timex_nlp):
    doc = timex_nlp("أعلن ذلك في 5 شوال 1436هـ.", dct="2015-07-22")
    assert doc["timexes"][0]["calendar"] == "hijri"


def test_no_dct_finds_relative_expressions_without_a_value(timex_nlp):
    doc = timex_nlp("قال الوزير أمس إن الاجتماع عقد في 17 أكتوبر 2023.")
    assert [(t["text"], t["value"], t.get("anchor")) for t in doc["timexes"]] == [
        ("أمس", None, "no-dct"), ("17 أكتوبر 2023", "2023-10-17", None)]
    assert len([w for w in doc.warnings if w.startswith("no dct")]) == 1


def test_no_dct_seed_body_keeps_its_timexes(timex_nlp, seed_doc):
    """The seed without its header line: every timex is still found; relative ones have no value."""
    text = seed_doc.text
    body = text[text.index("\n") + 1:]
    shift = len(text) - len(body)
    doc = timex_nlp(body)
    with_dct = {(t["start"] - shift, t["end"] - shift) for t in seed_doc["timexes"] if t["start"] >= shift}
    assert with_dct <= {(t["start"], t["end"]) for t in doc["timexes"]}
    assert all(t["value"] is None for t in doc["timexes"] if t.get("anchor") == "no-dct")
    assert any(t["value"] is None for t in doc["timexes"])
    assert sum(w.startswith("no dct") for w in doc.warnings) == 1


def test_no_dct_records_validate_against_the_schema(timex_nlp):
    import json
    import jsonschema
    schema = json.loads((Path(__file__).parents[1] / "pipeline/schema/docs.schema.json").read_text())
    jsonschema.validate(timex_nlp("وصل الوفد مساء الخميس بعد 5 يناير 2023.").to_dict(), schema)


def test_seed_timexes(seed_doc):
    values = {(t["text"], t["value"]) for t in seed_doc["timexes"]}
    for expected in [("27-أكتوبر-2023", "2023-10-27"), ("الستة عشر ساعة الماضية", "PT16H"),
                     ("مساء الخميس", "2023-10-26TEV"), ("صباح الجمعة", "2023-10-27TMO"),
                     ("قبل ثلاثة أيام", "2023-10-24"), ("أمس", "2023-10-26")]:
        assert expected in values


@needs_shared
def test_dev_timex_figures(tmp_path):
    from pipeline.cli import main
    from pipeline.evaluate import evaluate
    dev = SHARED / "eval/dev"
    main(["run", *map(str, sorted((dev / "snippets").glob("*.txt"))), "-o", str(tmp_path), "--no-progress"])
    report = evaluate(dev, tmp_path / "docs.jsonl")["timexes"]
    assert report["extent"]["f1"] >= 0.95
    assert report["value"]["f1"] >= 0.90
    assert report["value-day"]["f1"] >= 0.95


@needs_shared
def test_trigger_scan_finds_what_trying_every_word_finds(timex_nlp):
    """Rules tried only at their first words give exactly what trying every rule at every word gives."""
    import json
    from pipeline.timex.grammar import find
    texts = [r[0] for r in rows("timex_cases.tsv") + rows("timex_cases_general.tsv") + rows("timex_traps.tsv")]
    with open(SHARED / "data/news_sample/saudinewsnet_politics_sample.jsonl", encoding="utf-8") as f:
        texts += [json.loads(line)["text"] for _, line in zip(range(40), f)]
    for text in texts:
        normalized = timex_nlp(text).views["normalized"].text
        fast = [(c.start, c.end, c.value) for c in find(normalized, "2015-08-01")]
        assert fast == [(c.start, c.end, c.value) for c in find(normalized, "2015-08-01", everywhere=True)], text
