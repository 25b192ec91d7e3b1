"""Build the country outlines the notebook's map draws, from Natural Earth's 1:110m countries.

    python -m pipeline.train.outlines PATH/naturalearth_lowres.shp [--digits 2]

Natural Earth (public domain) ships as a shapefile; geopandas before 1.0
carried it as ``geopandas/datasets/naturalearth_lowres/`` (get it with
``pip download --no-deps geopandas==0.14.4`` and unzip the wheel). The
shapefile and its .dbf are read here with ``struct`` (polygons only), the
coordinates rounded to ``--digits`` decimals (0.01 degree is about 1 km),
repeated points dropped, and the result written as GeoJSON to
``pipeline/data/geo_outlines/countries_110m.geojson``.
"""
from __future__ import annotations

import argparse
import json
import struct
from pathlib import Path

from . import PACKAGE_DATA, sha256

OUTPUT = PACKAGE_DATA / "geo_outlines/countries_110m.geojson"
POLYGON = 5


def read_shapes(path: Path) -> list[list[list[tuple[float, float]]]]:
    """Each record's rings (lists of lon/lat points); a null shape gives no rings."""
    data = path.read_bytes()
    shapes, at = [], 100
    while at < len(data):
        _, words = struct.unpack(">2i", data[at:at + 8])
        content = data[at + 8:at + 8 + 2 * words]
        at += 8 + 2 * words
        (kind,) = struct.unpack("<i", content[:4])
        if kind != POLYGON:
            shapes.append([])
            continue
        parts, points = struct.unpack("<2i", content[36:44])
        starts = list(struct.unpack(f"<{parts}i", content[44:44 + 4 * parts])) + [points]
        xy = struct.unpack(f"<{2 * points}d", content[44 + 4 * parts:44 + 4 * parts + 16 * points])
        shapes.append([[(xy[2 * i], xy[2 * i + 1]) for i in range(a, b)] for a, b in zip(starts, starts[1:])])
    return shapes


def read_dbf(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    count, header, size = struct.unpack("<I2H", data[4:12])
    fields, at = [], 32
    while data[at] != 0x0D:
        name = data[at:at + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, data[at + 16]))
        at += 32
    rows = []
    for i in range(count):
        record, pos, row = data[header + i * size:header + (i + 1) * size], 1, {}
        for name, width in fields:
            row[name] = record[pos:pos + width].decode("utf-8", "replace").strip()
            pos += width
        rows.append(row)
    return rows


def ring_area(ring) -> float:
    """Shoelace area; negative for the clockwise rings that shapefiles use for outer boundaries."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:])) / 2


def simplify(ring, digits: int):
    out = []
    for x, y in ring:
        point = [round(x, digits), round(y, digits)]
        if not out or out[-1] != point:
            out.append(point)
    return out if len(out) >= 4 else None


def polygons(rings, digits: int) -> list[list]:
    """GeoJSON MultiPolygon coordinates: each clockwise ring opens a polygon, the others are its holes."""
    out = []
    for ring in rings:
        small = simplify(ring, digits)
        if small is None:
            continue
        if ring_area(ring) <= 0 or not out:
            out.append([small])
        else:
            out[-1].append(small)
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shapefile", type=Path, help="naturalearth_lowres.shp (its .dbf beside it)")
    parser.add_argument("--digits", type=int, default=2)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    shapes, rows = read_shapes(args.shapefile), read_dbf(args.shapefile.with_suffix(".dbf"))
    features = []
    for rings, row in zip(shapes, rows):
        coords = polygons(rings, args.digits)
        if coords:
            features.append({"type": "Feature",
                             "properties": {"name": row.get("name"), "iso_a3": row.get("iso_a3"),
                                            "continent": row.get("continent")},
                             "geometry": {"type": "MultiPolygon", "coordinates": coords}})
    collection = {"type": "FeatureCollection",
                  "source": "Natural Earth 1:110m countries (public domain), via geopandas 0.14 "
                            f"naturalearth_lowres; sha256 of the .shp {sha256(args.shapefile)}; "
                            f"rounded to {args.digits} decimals by pipeline/train/outlines.py",
                  "features": features}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n",
                           encoding="utf-8")
    points = sum(len(r) for f in features for p in f["geometry"]["coordinates"] for r in p)
    print(f"{len(features)} countries, {points} points -> {args.output}")


if __name__ == "__main__":
    main()
