"""Naba's timex stage side by side with dateparser's search_dates.

    python bench/timex_vs_dateparser.py [--limit N]

On ../shared/eval/dev: extent F1 and value-day F1 (scored by pipeline.evaluate,
which agrees with score.py). On the news sample: seconds per 1,000 documents
for each (dateparser on the first N documents, default 300, as it is slow).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pipeline  # noqa: E402
from pipeline.evaluate import evaluate  # noqa: E402
from pipeline.reader import read_inputs  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV = SHARED / "eval/dev"
SAMPLE = SHARED / "data/news_sample/saudinewsnet_politics_sample.jsonl"


def dateparser_timexes(text: str, dct: str | None) -> list[dict]:
    from dateparser.search import search_dates
    settings = {"PREFER_DATES_FROM": "past"}
    if dct:
        settings["RELATIVE_BASE"] = dt.datetime.fromisoformat(dct)
    found = search_dates(text, languages=["ar"], settings=settings) or []
    out, cursor = [], 0
    for surface, when in found:
        at = text.find(surface, cursor)
        if at < 0:
            at = text.find(surface)
        if at < 0:
            continue
        cursor = at + len(surface)
        out.append({"start": at, "end": at + len(surface), "text": surface, "type": "DATE",
                    "value": when.date().isoformat()})
    return out


def speed(nlp, docs: list, limit: int) -> tuple[float, float, int, int]:
    """Seconds of the timex stage alone over ``docs`` and of search_dates over the first ``limit``
    (inputs prepared by the earlier stages; both warmed up first), and the two document counts."""
    timex_stage = next(s for s in nlp.stages if s.name == "timexes")
    prepared = []
    for doc in docs:
        for stage in nlp.stages:
            if stage.name == "timexes":
                break
            stage(doc)
        prepared.append(doc)
    # both warmed up first (compiled rules; dateparser's language data), then timed
    for doc in prepared[:5]:
        doc.layers["timexes"] = []
        timex_stage(doc)
        dateparser_timexes(doc.text, doc.dct)
    started = time.perf_counter()
    for doc in prepared:
        doc.layers["timexes"] = []
        timex_stage(doc)
    naba = time.perf_counter() - started
    subset = prepared[:limit]
    started = time.perf_counter()
    for doc in subset:
        dateparser_timexes(doc.text, doc.dct)
    return naba, time.perf_counter() - started, len(prepared), len(subset)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=300, help="news-sample documents for dateparser timing")
    args = parser.parse_args(argv)
    nlp = pipeline.load()
    dev_docs = [nlp(d) for d in read_inputs(sorted(map(str, (DEV / "snippets").glob("*.txt"))))]
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        for system in ("naba", "dateparser"):
            path = Path(tmp) / f"{system}.jsonl"
            with open(path, "w", encoding="utf-8") as out:
                for doc in dev_docs:
                    record = doc.to_dict()
                    if system == "dateparser":
                        record["timexes"] = dateparser_timexes(doc.text, doc.dct)
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
            report = evaluate(DEV, path)["timexes"]
            rows[system] = {"dev_extent_f1": report["extent"]["f1"], "dev_value_f1": report["value"]["f1"],
                            "dev_value_day_f1": report["value-day"]["f1"]}
    naba_s, dateparser_s, n_naba, n_dateparser = speed(nlp, list(read_inputs([str(SAMPLE)])), args.limit)
    rows["naba"]["s_per_1000_docs"] = round(naba_s / n_naba * 1000, 3)
    rows["dateparser"]["s_per_1000_docs"] = round(dateparser_s / n_dateparser * 1000, 2)
    speedup = rows["dateparser"]["s_per_1000_docs"] / max(rows["naba"]["s_per_1000_docs"], 0.01)
    print(f"{'system':12s} {'extent F1':>10s} {'value F1':>9s} {'value-day F1':>13s} {'s/1000 docs':>12s}")
    for system, r in rows.items():
        print(f"{system:12s} {r['dev_extent_f1']:10.3f} {r['dev_value_f1']:9.3f} {r['dev_value_day_f1']:13.3f} "
              f"{r['s_per_1000_docs']:12.2f}")
    print(f"naba is {speedup:.0f}x faster than dateparser on {SAMPLE.name} "
          f"(naba on {n_naba} documents, dateparser on {n_dateparser})")
    return rows, speedup


if __name__ == "__main__":
    main()
