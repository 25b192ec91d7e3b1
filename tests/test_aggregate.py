"""Events across documents (issue 10): merging, sources, the fatality rule, stable ids, ACLED files."""
import json

import jsonschema
import pandas as pd
import pytest

import pipeline
from pipeline.aggregate import ACLED_COLUMNS, aggregate, write
from pipeline.resources import schema

from conftest import SHARED, needs_shared, read_jsonl

# The same strike told by three outlets in three wordings, with three tolls.
SAME_STRIKE = [
    ("a", "2024-03-15", "شنت طائرات حربية إسرائيلية، فجر اليوم الجمعة، غارة على منزل في مخيم جباليا شمال قطاع غزة، "
                        "ما أدى إلى مقتل 7 فلسطينيين."),
    ("b", "2024-03-15", "استشهد 9 مواطنين على الأقل في غارة جوية إسرائيلية استهدفت منزلا في مخيم جباليا، صباح اليوم."),
    ("c", "2024-03-16", "قالت مصادر طبية إن غارة إسرائيلية على مخيم جباليا أمس الجمعة أسفرت عن مقتل 8 أشخاص."),
]
# Two different attacks in one city on one day: a car bomb in a market and an air strike on a base.
SAME_DAY_CITY = [
    ("d", "2015-07-26", "انفجرت سيارة مفخخة، صباح اليوم، في سوق شعبي بمدينة بعقوبة، ما أدى إلى مقتل 5 أشخاص."),
    ("e", "2015-07-26", "شنت مقاتلات التحالف، صباح اليوم، غارات على مقر لتنظيم داعش في مدينة بعقوبة."),
]


def _docs(nlp, items):
    return [nlp(text, dct=dct, id=doc_id) for doc_id, dct, text in items]


@pytest.fixture(scope="module")
def strike(nlp):
    return aggregate(_docs(nlp, SAME_STRIKE))


def test_one_event_from_three_reports_keeps_every_source(strike):
    jabalia = strike[strike["location"].map(lambda loc: "جباليا" in (loc or {}).get("text", ""))]
    assert len(jabalia) == 1, strike[["event_type", "date", "location"]]
    event = jabalia.iloc[0]
    assert event["n_sources"] == 3
    assert sorted(s["doc_id"] for s in event["sources"]) == ["a", "b", "c"]
    assert event["date"] == "2024-03-15"
    assert event["sub_event_type"] == "Air/drone strike"
    assert all(s["mentions"] for s in event["sources"])


def test_the_lowest_reported_fatality_figure_wins(strike):
    event = strike[strike["n_sources"] == 3].iloc[0]
    assert event["fatalities"] == 7  # 7, 9 and 8 were reported: ACLED codes the lowest


def test_different_events_same_day_same_city_stay_apart(nlp):
    frame = aggregate(_docs(nlp, SAME_DAY_CITY))
    baqubah = frame[frame["location"].map(lambda loc: "بعقوبة" in (loc or {}).get("text", ""))]
    assert len(baqubah) == 2, baqubah[["sub_event_type", "instrument"]]
    assert set(baqubah["sub_event_type"]) == {"Remote explosive/landmine/IED", "Air/drone strike"}
    assert set(baqubah["n_sources"]) == {1}


def test_ids_are_stable_across_runs_and_when_documents_are_added(nlp):
    first = aggregate(_docs(nlp, SAME_STRIKE))
    again = aggregate(_docs(nlp, SAME_STRIKE))
    assert list(first["event_id"]) == list(again["event_id"])
    more = aggregate(_docs(nlp, SAME_STRIKE + SAME_DAY_CITY))
    assert set(first["event_id"]) <= set(more["event_id"])
    assert len(more) == len(first) + 2


def test_files_follow_acled_and_the_schema(nlp, tmp_path):
    frame = aggregate(_docs(nlp, SAME_STRIKE + SAME_DAY_CITY))
    paths = write(frame, tmp_path)
    csv = pd.read_csv(paths["csv"])
    assert tuple(csv.columns) == ACLED_COLUMNS
    assert csv["event_date"].notna().all() and (csv["year"] == pd.to_datetime(csv["event_date"]).dt.year).all()
    assert pd.api.types.is_float_dtype(csv["latitude"]) and pd.api.types.is_integer_dtype(csv["year"])
    assert csv["event_id_cnty"].str.match(r"^[A-Z]{3}\d{7}$").all()
    assert (csv["source"].str.len() > 0).all() and csv["notes"].str.contains("sources?]").all()
    assert csv["timestamp"].isna().all()  # never invented
    records = read_jsonl(paths["jsonl"])
    validator = jsonschema.Draft202012Validator(schema("events"))
    for record in records:
        assert not list(validator.iter_errors(record)), record["event_id"]
    geo = json.loads(paths["geojson"].read_text(encoding="utf-8"))
    assert geo["type"] == "FeatureCollection" and geo["features"]
    for feature in geo["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_library_and_cli_agree(nlp, tmp_path):
    from pipeline.cli import main
    docs = tmp_path / "docs.jsonl"
    docs.write_text("".join(json.dumps(d.to_dict(), ensure_ascii=False) + "\n"
                            for d in _docs(nlp, SAME_STRIKE)), encoding="utf-8")
    assert main(["aggregate", str(docs), "-o", str(tmp_path / "agg")]) == 0
    lines = read_jsonl(tmp_path / "agg" / "events.jsonl")
    assert [r["event_id"] for r in lines] == list(pipeline.aggregate(docs)["event_id"])


def test_no_events_gives_empty_files(tmp_path):
    frame = aggregate([{"id": "x", "text": "", "events": []}])
    paths = write(frame, tmp_path)
    assert paths["jsonl"].read_text() == ""
    assert tuple(pd.read_csv(paths["csv"]).columns) == ACLED_COLUMNS


@needs_shared
def test_news_sample_slice_merges_into_valid_records(nlp):
    path = SHARED / "data" / "news_sample" / "saudinewsnet_politics_sample.jsonl"
    records = [json.loads(line) for line, _ in zip(open(path, encoding="utf-8"), range(150))]
    docs = [nlp(r["text"], dct=(r.get("date") or "")[:10] or None, id=str(i)) for i, r in enumerate(records)]
    frame = aggregate(docs)
    n_reports = sum(len(d["events"]) for d in docs)
    assert 0 < len(frame) <= n_reports
    assert frame["event_id"].is_unique
    assert frame["sources"].map(len).sum() == n_reports  # every document event lands in exactly one record
