"""Events across documents: one record per real-world event, with every source, in ACLED's columns.

``aggregate(docs_or_path)`` flattens the documents' events into a table,
finds candidate pairs with a pandas self-join on a blocking key (event
family and country, the same day or one day apart), keeps the pairs whose
places are compatible (the same place, or one inside the other), whose
actors and targets do not disagree and whose weapons do not conflict, and
merges the connected records. A merged record keeps all its sources, the
most precise place and day, the union of actors, the lowest fatality figure
(ACLED's rule) and a line saying why it merged.

``write(frame, out)`` writes ``events.jsonl``, ``events.csv`` (ACLED's
columns in ACLED's order) and ``events.geojson``.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import pandas as pd

from .arabic import normalize
from .resources import read_tsv

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp")
FAMILY = {"Battles": "violence", "Explosions/Remote violence": "violence", "Violence against civilians": "violence",
          "Protests": "unrest", "Riots": "unrest"}
DISORDER = {"Battles": "Political violence", "Explosions/Remote violence": "Political violence",
            "Violence against civilians": "Political violence", "Protests": "Demonstrations",
            "Riots": "Demonstrations", "Strategic developments": "Strategic developments"}
PRECISION = {"facility": 0, "place": 0, "admin1": 2, "country": 3}


def aggregate(docs_or_path) -> pd.DataFrame:
    """One row per merged event (the columns of events.jsonl), from documents, records or a docs.jsonl path."""
    rows = list(_event_rows(_records(docs_or_path)))
    if not rows:
        return pd.DataFrame(columns=["event_id", "event_type", "sub_event_type", "date", "location", "actors",
                                     "targets", "sources", "n_sources"])
    table = pd.DataFrame(rows)
    table["cluster"] = _clusters(table)
    merged = [_merge(group) for _, group in table.groupby("cluster", sort=False)]
    _unique_ids(merged)
    return pd.DataFrame(merged).sort_values(["date", "event_id"], na_position="last").reset_index(drop=True)


def _unique_ids(records: list[dict]) -> None:
    """Two events with the same key fields (kept apart by their actors) get their first source in the id."""
    seen: dict[str, list[dict]] = {}
    for record in records:
        seen.setdefault(record["event_id"], []).append(record)
    for same in seen.values():
        if len(same) > 1:
            for record in same:
                first = min((s["doc_id"], (s["mentions"] or [{}])[0].get("start", 0)) for s in record["sources"])
                record["event_id"] = hashlib.sha1(f"{record['event_id']}|{first}".encode()).hexdigest()[:12]


def _records(docs_or_path) -> Iterable[dict]:
    if isinstance(docs_or_path, (str, Path)):
        from .jsonl import read_records
        path = Path(docs_or_path)
        return read_records(path / "docs.jsonl" if path.is_dir() else path)
    return (d.to_dict() if hasattr(d, "to_dict") else d for d in docs_or_path)


def _event_rows(records: Iterable[dict]) -> Iterable[dict]:
    for record in records:
        for event in record.get("events") or ():
            loc = event.get("location") or {}
            yield {
                "doc_id": record.get("id"), "event": event, "event_type": event.get("event_type"),
                "family": FAMILY.get(event.get("event_type"), event.get("sub_event_type")),
                "date": event.get("date"), "date_source": event.get("date_source", "sentence"),
                "country": loc.get("country") or "", "admin1": loc.get("admin1") or "",
                "place": _key(loc.get("name") or loc.get("text") or ""), "place_text": _key(loc.get("text") or ""),
                "feature": loc.get("feature") or "place", "actors": frozenset(_names(event.get("actors"))),
                "targets": frozenset(_names(event.get("targets"))), "instrument": event.get("instrument"),
                "sub_event_type": event.get("sub_event_type"),
            }


def _key(text: str) -> str:
    return " ".join(normalize(text).split())


def _names(spans) -> list[str]:
    return [_key(actor_name(s)) for s in spans or ()]


def _clusters(table: pd.DataFrame) -> list[int]:
    """Connected components of the compatible pairs found inside each block."""
    table = table.reset_index(drop=True)
    day = pd.to_datetime(table["date"], errors="coerce")
    table = table.assign(row=range(len(table)), day=day)
    left = table[["row", "family", "country", "day", "date_source", "place", "place_text", "feature", "admin1",
                  "actors", "targets", "instrument", "sub_event_type", "doc_id"]]
    pairs = left.merge(left, on=["family", "country"], suffixes=("_a", "_b"))
    pairs = pairs[pairs["row_a"] < pairs["row_b"]]
    gap = (pairs["day_a"] - pairs["day_b"]).abs().dt.days
    one_off = (pairs["date_source_a"] != "sentence") | (pairs["date_source_b"] != "sentence")
    pairs = pairs[(gap == 0) | ((gap == 1) & one_off)]
    if not pairs.empty:
        pairs = pairs[pairs.apply(_compatible, axis=1)]
    parent = list(range(len(table)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in zip(pairs["row_a"], pairs["row_b"]):
        parent[find(a)] = find(b)
    return [find(i) for i in range(len(table))]


def _compatible(pair) -> bool:
    """Same place or one inside the other; actors and targets agree or one side is unknown; no
    conflicting weapons."""
    same_place = pair["place_a"] == pair["place_b"] or (
        pair["place_text_a"] and pair["place_text_a"] == pair["place_text_b"])
    inside = bool(pair["country"]) and (
        "country" in (pair["feature_a"], pair["feature_b"])
        or ("admin1" in (pair["feature_a"], pair["feature_b"]) and pair["admin1_a"] == pair["admin1_b"]))
    if not (same_place or inside):
        return False
    for side in ("actors", "targets"):
        a, b = pair[f"{side}_a"], pair[f"{side}_b"]
        if a and b and not (a & b):
            return False
    ia, ib = pair["instrument_a"], pair["instrument_b"]
    return not (ia and ib and ia != ib and pair["sub_event_type_a"] != pair["sub_event_type_b"])


def _merge(group: pd.DataFrame) -> dict:
    events = list(group["event"])
    docs = list(group["doc_id"])
    best_place = min(events, key=lambda e: _precision(e.get("location")))
    dated = sorted((e for e in events if e.get("date")),
                   key=lambda e: (e.get("date_source", "sentence") != "sentence", e["date"]))
    typed = max(events, key=lambda e: (e.get("instrument") is not None, e.get("sub_event_type") is not None))
    killed = [e["fatalities"] for e in events if e.get("fatalities") is not None]
    wounded = [e["injuries"] for e in events if e.get("injuries") is not None]
    location = _location(best_place.get("location"))
    date = dated[0]["date"] if dated else None
    record = {
        "event_type": typed["event_type"], "sub_event_type": typed.get("sub_event_type"), "date": date,
        "time": next((e.get("time") for e in dated if e.get("time")), None),
        "time_precision": min((e.get("time_precision") or 1) for e in events),
        "location": location, "actors": _union(e.get("actors") for e in events),
        "instrument": typed.get("instrument"),
        "fatalities": min(killed) if killed else None, "injuries": min(wounded) if wounded else None,
        "modality": _modality(events),
        "claimed_by": next((e["claimed_by"] for e in events if e.get("claimed_by")), None),
        "denied_by": next((e["denied_by"] for e in events if e.get("denied_by")), None),
        "sources": [{"doc_id": d, "event": e.get("id"), "mentions": e.get("mentions") or []}
                    for d, e in zip(docs, events)],
    }
    acting = {_key(a["name"]) for a in record["actors"]}
    record["targets"] = [t for t in _union(e.get("targets") for e in events) if _key(t["name"]) not in acting]
    record["n_sources"] = len(dict.fromkeys(docs))
    record["merge"] = _explain(events, docs, location)
    record["event_id"] = event_id(record)
    return record


def _precision(loc: dict | None) -> tuple:
    if not loc:
        return (9, 9)
    return (PRECISION.get(loc.get("feature"), 1) if loc.get("country") else 1, loc.get("geo_precision") or 1)


def _location(loc: dict | None) -> dict | None:
    if not loc:
        return None
    out = {k: loc.get(k) for k in ("text", "name", "name_ar", "country", "iso", "admin1", "lat", "lon",
                                    "geo_precision", "feature")}
    out["name"] = out["name"] or out["text"]
    out["geo_precision"] = out["geo_precision"] or (3 if out["feature"] in ("country", "admin1") else 1)
    return out


def _union(lists) -> list[dict]:
    out, seen = [], set()
    for spans in lists:
        for span in spans or ():
            name = actor_name(span)
            if _key(name) not in seen:
                seen.add(_key(name))
                out.append({"text": span.get("text"), "name": name, "entity": span.get("entity"),
                            "inter": actor_inter(span)})
    return out


def _modality(events: list[dict]) -> str:
    kinds = [e.get("modality") or "reported" for e in events]
    for kind in ("claimed", "foiled", "reported", "denied"):
        if kind in kinds:
            return kind
    return "reported"


def _explain(events: list[dict], docs: list[str], location: dict | None) -> str:
    if len(events) == 1:
        return "single report"
    places = sorted({(e.get("location") or {}).get("text", "") for e in events})
    days = sorted({e.get("date") or "" for e in events})
    return (f"{len(events)} reports in {len(set(docs))} documents: same event type family, "
            f"day {' / '.join(days)}, place {' ⊃ '.join(places)} -> {(location or {}).get('name')}; "
            f"actors and targets compatible, weapons do not conflict")


def event_id(record: dict) -> str:
    """Stable id from the event's key fields: the same input gives the same id on every run."""
    loc = record.get("location") or {}
    actors = sorted(_key(a["name"]) for a in record.get("actors") or [])
    key = "|".join(str(x) for x in (record.get("event_type"), record.get("sub_event_type"), record.get("date"),
                                    loc.get("country"), loc.get("admin1"), _key(loc.get("name") or ""),
                                    record.get("instrument"), ",".join(actors)))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


# ---- actors --------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _actor_table() -> list[tuple[str, str, int]]:
    rows = [(_key(r["form"].replace("_", " ")), r["name"], int(r["inter"])) for r in read_tsv("events/actors.tsv")]
    return sorted(rows, key=lambda r: -len(r[0]))


def _actor_row(span: dict) -> tuple[str, str, int] | None:
    for name in (span.get("name") or "", span.get("text") or ""):
        key = _key(name)
        for form, acled, inter in _actor_table():
            if key == form or key.startswith(form + " ") or key.removeprefix("ال") == form.removeprefix("ال"):
                return form, acled, inter
    return None


def actor_name(span: dict) -> str:
    """ACLED-style name for a known force or group, else the entity's canonical form or the text."""
    row = _actor_row(span)
    return row[1] if row else (span.get("name") or span.get("text") or "")


def actor_inter(span: dict) -> int | None:
    if span.get("inter"):
        return int(span["inter"])
    row = _actor_row(span)
    return row[2] if row else None


# ---- files ---------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    return {r["name"]: r for r in read_tsv("geo/countries.tsv")}


@lru_cache(maxsize=1)
def _regions() -> dict[str, str]:
    return {r["iso3"]: r["region"] for r in read_tsv("events/regions.tsv")}


def acled_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """events.csv: ACLED's columns, in ACLED's order, empty where Naba cannot know."""
    rows = [_acled(r) for r in frame.to_dict("records")]
    table = pd.DataFrame(rows, columns=list(ACLED_COLUMNS))
    for column in ("year", "time_precision", "inter1", "inter2", "interaction", "geo_precision", "fatalities"):
        table[column] = table[column].astype("Int64")
    for column in ("latitude", "longitude"):
        table[column] = table[column].astype("float64")
    return table


def _acled(r: dict) -> dict:
    loc = r.get("location") or {}
    country = _countries().get(loc.get("country") or "", {})
    actors, targets = r.get("actors") or [], r.get("targets") or []
    if r["event_type"] == "Violence against civilians" and not targets:
        targets = [{"name": "Civilians", "inter": 7}]
    inter1 = actors[0].get("inter") if actors else None
    inter2 = targets[0].get("inter") if targets else None
    iso3 = loc.get("iso") or country.get("iso3")
    return {
        "event_id_cnty": f"{iso3 or 'XXX'}{int(r['event_id'][:8], 16) % 10 ** 7:07d}",
        "event_date": r.get("date"), "year": int(r["date"][:4]) if r.get("date") else None,
        "time_precision": r.get("time_precision"), "disorder_type": DISORDER.get(r["event_type"]),
        "event_type": r["event_type"], "sub_event_type": r.get("sub_event_type"),
        "actor1": actors[0]["name"] if actors else None,
        "assoc_actor_1": "; ".join(a["name"] for a in actors[1:]) or None, "inter1": inter1,
        "actor2": targets[0]["name"] if targets else None,
        "assoc_actor_2": "; ".join(t["name"] for t in targets[1:]) or None, "inter2": inter2,
        "interaction": int(f"{min(inter1, inter2)}{max(inter1, inter2)}") if inter1 and inter2 else
        (inter1 * 10 if inter1 and not targets else None),
        "civilian_targeting": "Civilian targeting" if r["event_type"] == "Violence against civilians" else None,
        "iso": int(country["numeric"]) if country.get("numeric") else None,
        "region": _regions().get(iso3 or ""), "country": loc.get("country"), "admin1": loc.get("admin1"),
        "admin2": None, "admin3": None, "location": loc.get("name"), "latitude": loc.get("lat"),
        "longitude": loc.get("lon"), "geo_precision": loc.get("geo_precision"),
        "source": "; ".join(dict.fromkeys(s["doc_id"] for s in r["sources"])), "source_scale": None,
        "notes": notes(r), "fatalities": r.get("fatalities"), "tags": None, "timestamp": None,
    }


def notes(r: dict) -> str:
    """One line built from the record: type, actors, place, day, fatalities, claim."""
    loc = r.get("location") or {}
    actor = ", ".join(a["name"] for a in r.get("actors") or []) or "Unidentified actor"
    target = ", ".join(t["name"] for t in r.get("targets") or [])
    parts = [f"On {r.get('date') or 'an unknown day'}, {actor}", f"{(r.get('sub_event_type') or r['event_type']).lower()}"]
    if target:
        parts.append(f"against {target}")
    parts.append(f"in {loc.get('name') or loc.get('text') or 'an unknown place'}"
                 f"{', ' + loc['country'] if loc.get('country') else ''}")
    line = " ".join(parts) + "."
    if r.get("fatalities") is not None:
        line += f" {r['fatalities']} fatalities."
    if r.get("claimed_by"):
        line += f" Claimed by {r['claimed_by'].get('text')}."
    return line + f" [{r['n_sources']} source{'s' if r['n_sources'] != 1 else ''}]"


def write(frame: pd.DataFrame, out: str | Path) -> dict[str, Path]:
    """events.jsonl, events.csv and events.geojson in ``out``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = {name: out / f"events.{name}" for name in ("jsonl", "csv", "geojson")}
    records = frame.to_dict("records")
    with open(paths["jsonl"], "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(_plain(r), ensure_ascii=False, separators=(",", ":")) + "\n")
    acled = acled_rows(frame)
    acled.to_csv(paths["csv"], index=False)
    features = []
    for r, row in zip(records, acled.to_dict("records")):
        loc = r.get("location") or {}
        if loc.get("lat") is None or loc.get("lon") is None:
            continue
        props = {k: (None if pd.isna(v) else v) for k, v in row.items()}
        props["event_id"] = r["event_id"]
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]},
                         "properties": _plain(props)})
    with open(paths["geojson"], "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "features": features,
                   "attribution": "Places: GeoNames (geonames.org), CC BY 4.0"}, f, ensure_ascii=False)
    return paths


def _plain(value):
    """JSON-ready values (pandas gives numpy integers and NaN)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, float) and value != value:
        return None
    return value
