"""Make dashboard/data/countries.geojson, the map's country outlines, from Natural Earth.

Run once, by hand, when the outlines should change; the app reads only the GeoJSON it writes
(no geopandas or shapefile reader at run time). Source: Natural Earth 1:110m Cultural Vectors,
Admin 0 – Countries (public domain, https://www.naturalearthdata.com/about/terms-of-use/), as
shipped in the ``geopandas==0.14.4`` wheel on PyPI (``geopandas/datasets/naturalearth_lowres``):

    pip download --no-deps geopandas==0.14.4 -d /tmp/ne
    unzip /tmp/ne/geopandas-0.14.4-py3-none-any.whl 'geopandas/datasets/naturalearth_lowres/*' -d /tmp/ne
    pip install pyshp   # in a throwaway environment
    python scripts/naturalearth_geojson.py /tmp/ne/geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp

Coordinates are rounded to 0.01° (about 1 km; the 110 m data is coarser than that).
"""
import json
import sys
from pathlib import Path

import shapefile  # pyshp

OUT = Path(__file__).resolve().parent.parent / "dashboard" / "data" / "countries.geojson"


def _round(geometry: dict) -> dict:
    def walk(x):
        return [walk(v) for v in x] if isinstance(x[0], (list, tuple)) else [round(x[0], 2), round(x[1], 2)]
    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def main(shp: str) -> None:
    reader = shapefile.Reader(shp)
    features = []
    for rec in reader.shapeRecords():
        props = rec.record.as_dict()
        features.append({"type": "Feature", "properties": {"name": props["name"], "iso_a3": props["iso_a3"]},
                         "geometry": _round(rec.shape.__geo_interface__)})
    doc = {"type": "FeatureCollection",
           "source": "Natural Earth 1:110m Admin 0 - Countries, public domain; via the geopandas 0.14.4 wheel "
                     "(geopandas/datasets/naturalearth_lowres); made by scripts/naturalearth_geojson.py",
           "features": features}
    OUT.write_text(json.dumps(doc, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(features)} countries, {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
