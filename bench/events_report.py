"""Events over a run, for the closing notes of issues 9 and 10: counts by type and sub-type, a sample of
records with their sentences to check by hand, the largest merged records, and close pairs kept apart.

    python bench/events_report.py OUT/docs.jsonl [--sample 25] [--seed 7]
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.aggregate import aggregate  # noqa: E402
from pipeline.jsonl import read_records  # noqa: E402


def sentence_of(record: dict, offset: int) -> str:
    for s in record["sentences"]:
        if s["start"] <= offset < s["end"]:
            return record["text"][s["start"]:s["end"]].replace("\n", " ")
    return ""


def main(argv=None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("docs")
    parser.add_argument("--sample", type=int, default=25)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    records = {r["id"]: r for r in read_records(args.docs)}
    events = [(doc_id, e) for doc_id, r in records.items() for e in r.get("events") or []]
    print(f"{len(records)} documents, {sum(1 for r in records.values() if r.get('events'))} with events, "
          f"{len(events)} document-level events")
    by_type = Counter((e["event_type"], e["sub_event_type"]) for _, e in events)
    for (t, sub), n in sorted(by_type.items(), key=lambda kv: -kv[1]):
        print(f"  {n:5d}  {t} / {sub}")
    print(f"\nsample of {args.sample} document-level events (seed {args.seed}):")
    for doc_id, e in random.Random(args.seed).sample(events, min(args.sample, len(events))):
        record, loc = records[doc_id], e.get("location") or {}
        mention = e["mentions"][0]
        print(f"- {doc_id} dct {record.get('dct')} | {e['sub_event_type']} | {e['date']} ({e.get('date_source')}) | "
              f"{loc.get('text')} -> {loc.get('name')}, {loc.get('country')} | {e['modality']} | "
              f"fatalities {e.get('fatalities')}\n    «{sentence_of(record, mention['start'])[:300]}»")
    start = time.time()
    frame = aggregate(args.docs)
    print(f"\naggregate: {len(events)} document events -> {len(frame)} records in {time.time() - start:.1f} s; "
          f"{int((frame['n_sources'] > 1).sum())} records with more than one document")
    print("\nthe 10 largest merged records:")
    for _, r in frame.sort_values("n_sources", ascending=False).head(10).iterrows():
        loc = r["location"] or {}
        print(f"- {r['event_id']} {r['sub_event_type']} {r['date']} {loc.get('name')} ({loc.get('country')}) "
              f"n_sources={r['n_sources']} fatalities={r['fatalities']}")
        for source in r["sources"][:6]:
            rec = records[source["doc_id"]]
            print(f"    {source['doc_id']}: «{sentence_of(rec, source['mentions'][0]['start'])[:160]}»")
    print("\n10 close pairs kept apart (same family and country, days at most 1 apart):")
    rows = frame.assign(day=frame["date"], country=frame["location"].map(lambda l: (l or {}).get("country")),
                        place=frame["location"].map(lambda l: (l or {}).get("name")))
    shown = 0
    for i, a in rows.iterrows():
        for j, b in rows.loc[i + 1:].iterrows():
            if shown >= 10:
                break
            if a["country"] and a["country"] == b["country"] and a["day"] and b["day"] \
                    and abs((_d(a["day"]) - _d(b["day"])).days) <= 1 and a["event_type"] == b["event_type"]:
                shown += 1
                print(f"- {a['date']} {a['sub_event_type']} {a['place']} [{a['sources'][0]['doc_id']}] | "
                      f"{b['date']} {b['sub_event_type']} {b['place']} [{b['sources'][0]['doc_id']}]")
        if shown >= 10:
            break


def _d(day: str):
    import datetime as dt
    return dt.date.fromisoformat(day)


if __name__ == "__main__":
    main()
