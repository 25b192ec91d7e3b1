"""Reading a run's output back as pandas DataFrames keyed by document id."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Iterator

import pandas as pd

from .jsonl import read_records

TABLES = ("tokens", "entities", "timexes", "quotes", "events")
QUOTE_COLUMNS = ["doc_id", "id", "kind", "text", "start", "end", "cue", "cue_class", "speaker",
                 "speaker_entity", "speaker_name"]
EVENT_COLUMNS = ["doc_id", "id", "event_type", "sub_event_type", "date", "time", "time_precision",
                 "location", "location_name", "country", "iso", "admin1", "lat", "lon", "geo_precision",
                 "actors", "targets", "instrument", "fatalities", "injuries", "modality", "claimed_by",
                 "denied_by", "n_mentions", "start", "end", "text"]


def read_results(path: str | Path | Iterable) -> dict[str, pd.DataFrame]:
    """``{"documents", "tokens", "entities", "timexes", "quotes", "events"}`` DataFrames.

    ``path`` is a ``docs.jsonl`` file, the output folder holding it, or records
    already in memory (``Document`` objects or their ``to_dict()``). Every
    annotation row carries ``doc_id``. Quotes and events are flattened to one
    row each (``QUOTE_COLUMNS``, ``EVENT_COLUMNS``): the cue, speaker, location
    and actors become plain columns.
    """
    if isinstance(path, (str, Path)):
        records = _read_records(Path(path))
    else:
        records = (r.to_dict() if hasattr(r, "to_dict") else r for r in path)
    documents, rows = [], {name: [] for name in TABLES}
    for record in records:
        documents.append({"doc_id": record.get("id"), "source": record.get("source"),
                          "dct": record.get("dct"), "title": record.get("title"),
                          "n_chars": len(record.get("text") or ""),
                          "n_tokens": len(record.get("tokens") or []),
                          "warnings": record.get("warnings") or [], "error": record.get("error")})
        for name in TABLES:
            flatten = FLATTEN.get(name, dict)
            for item in record.get(name) or []:
                rows[name].append({"doc_id": record.get("id"), **flatten(item)})
    tables = {"documents": pd.DataFrame(documents, columns=["doc_id", "source", "dct", "title", "n_chars",
                                                            "n_tokens", "warnings", "error"])}
    for name in TABLES:
        columns = COLUMNS.get(name) or (None if rows[name] else ["doc_id", "start", "end", "text"])
        tables[name] = pd.DataFrame(rows[name], columns=columns).astype(NUMBERS.get(name, {}))
    return tables


def _read_records(path: Path) -> Iterator[dict]:
    if path.is_dir():
        path = path / "docs.jsonl"
    yield from read_records(path)  # a torn last line is skipped with a warning


def quote_row(quote: dict) -> dict:
    """One quote as flat columns: cue and speaker by their text, the speaker's entity and canonical name."""
    cue, speaker = quote.get("cue") or {}, quote.get("speaker") or {}
    return {"id": quote.get("id"), "kind": quote.get("kind"), "text": quote.get("text"),
            "start": quote.get("start"), "end": quote.get("end"), "cue": cue.get("text"),
            "cue_class": cue.get("class"), "speaker": speaker.get("text"),
            "speaker_entity": speaker.get("entity"), "speaker_name": speaker.get("name") or speaker.get("text")}


def event_row(event: dict) -> dict:
    """One event as flat columns; actors and targets joined with ' ؛ ', the first mention's span."""
    place = event.get("location") or {}
    mentions = event.get("mentions") or []
    first = mentions[0] if mentions else {}

    def names(people):
        return " ؛ ".join(p.get("name") or p.get("text") or "" for p in people or []) or None

    return {"id": event.get("id"), "event_type": event.get("event_type"),
            "sub_event_type": event.get("sub_event_type"), "date": event.get("date"),
            "time": event.get("time"), "time_precision": event.get("time_precision"),
            "location": place.get("text"), "location_name": place.get("name"), "country": place.get("country"),
            "iso": place.get("iso"), "admin1": place.get("admin1"), "lat": place.get("lat"),
            "lon": place.get("lon"), "geo_precision": place.get("geo_precision"),
            "actors": names(event.get("actors")), "targets": names(event.get("targets")),
            "instrument": event.get("instrument"), "fatalities": event.get("fatalities"),
            "injuries": event.get("injuries"), "modality": event.get("modality"),
            "claimed_by": (event.get("claimed_by") or {}).get("text"),
            "denied_by": (event.get("denied_by") or {}).get("text"), "n_mentions": len(mentions),
            "start": first.get("start"), "end": first.get("end"), "text": first.get("text")}


FLATTEN = {"quotes": quote_row, "events": event_row}
COLUMNS = {"quotes": QUOTE_COLUMNS, "events": EVENT_COLUMNS}
# Numbers stay numbers where a value is missing (NaN / <NA>), not Python None in an object column.
NUMBERS = {"events": {"lat": "float", "lon": "float", "fatalities": "Int64", "injuries": "Int64",
                      "geo_precision": "Int64", "time_precision": "Int64"}}
