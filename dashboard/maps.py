"""The map of mentioned places. Pure: pandas and plotly, no Streamlit.

The default style, ``outline``, needs nothing from the internet: country outlines from Natural
Earth 1:110m (``data/countries.geojson``, public domain; see scripts/naturalearth_geojson.py)
drawn under the places on plain axes (longitude, latitude), so no tile, style or font server is
asked for anything. The tile styles stay an option for a browser that can reach their servers.
"""
from __future__ import annotations

import html
import json
import math
from functools import lru_cache
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from extraction import settings

from .filters import UNATTRIBUTED
from .safe import plot

MAP_STYLES = settings.MAP_STYLES  # the values of the setting CROSSCOUNT_MAP_STYLE
OUTLINE = MAP_STYLES[0]
TILES = {  # a tile style → the tiles the browser fetches for it
    "carto-positron": "https://a.basemaps.cartocdn.com/light_all/{z}/{x}/{y}.png",
    "carto-darkmatter": "https://a.basemaps.cartocdn.com/dark_all/{z}/{x}/{y}.png",
    "open-street-map": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
}
TILE_CREDIT = {
    "carto-positron": "© OpenStreetMap contributors © CARTO",
    "carto-darkmatter": "© OpenStreetMap contributors © CARTO",
    "open-street-map": "© OpenStreetMap contributors",
}
KIND_COLOURS = {"country": "#1f77b4", "region": "#ff7f0e", "city": "#2ca02c", "district": "#9467bd",
                "street": "#d62728", "continent": "#8c564b"}
COUNTRIES = Path(__file__).resolve().parent / "data" / "countries.geojson"
MAX_LABELS = 12  # places named on the map; the others on hover
MIN_SPAN = 12.0  # degrees of longitude the fitted view shows at least
HOVER_CLAIMS = 6


@lru_cache(maxsize=1)
def outline_path() -> tuple[list, list]:
    """Every country's rings as one line: longitudes and latitudes, rings split by None."""
    doc = json.loads(COUNTRIES.read_text(encoding="utf-8"))
    xs, ys = [], []
    for f in doc["features"]:
        g = f["geometry"]
        polygons = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        for poly in polygons:
            for ring in poly:
                xs.extend(p[0] for p in ring)
                ys.extend(p[1] for p in ring)
                xs.append(None), ys.append(None)
    return xs, ys


def fitted_view(lats, lons) -> tuple[list[float], list[float]]:
    """Longitude and latitude ranges that hold every place with a margin, at least MIN_SPAN
    wide, within the world."""
    lats, lons = [float(x) for x in lats], [float(x) for x in lons]
    if not lats:
        return [-180.0, 180.0], [-60.0, 85.0]
    x0, x1, y0, y1 = min(lons), max(lons), min(lats), max(lats)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    w = max((x1 - x0) * 1.3, MIN_SPAN)
    h = max((y1 - y0) * 1.3, MIN_SPAN * 0.6)
    return [max(cx - w / 2, -180.0), min(cx + w / 2, 180.0)], [max(cy - h / 2, -85.0), min(cy + h / 2, 85.0)]


def labelled(places: pd.DataFrame, xrange, yrange, limit: int = MAX_LABELS) -> set[str]:
    """The places whose names are written on the map: the most mentioned first, each kept only
    when no kept label is near it (labels would overlap), at most ``limit``."""
    # a label is about a tenth of the map wide and a twentieth high; the axes keep the map's
    # aspect, so both are reckoned on the wider of the two spans
    span = max(xrange[1] - xrange[0], yrange[1] - yrange[0])
    dx, dy = span * 0.1, span * 0.05
    kept: list[tuple[float, float]] = []
    names: set[str] = set()
    for name, lat, lon in places.sort_values(["mentions", "name"], ascending=[False, True])[["name", "lat", "lon"]] \
            .itertuples(index=False):
        if len(names) >= limit:
            break
        if all(abs(lon - x) > dx or abs(lat - y) > dy for x, y in kept):
            kept.append((lon, lat))
            names.add(name)
    return names


def _places(places: pd.DataFrame) -> pd.DataFrame:
    """One row per place with coordinates; ``places`` are rows per article, or already one per
    place (with ``articles``, as the store's query adds them up)."""
    p = places.dropna(subset=["lat", "lon"])
    if "articles" in p.columns:
        return p.reset_index(drop=True)
    return p.groupby(["name", "kind"], as_index=False).agg(lat=("lat", "first"), lon=("lon", "first"),
                                                           mentions=("mentions", "sum"), articles=("article_id", "nunique"))


def _hover(agg: pd.DataFrame, first: pd.DataFrame, counts: dict[str, int]) -> list[str]:
    first = first.assign(_t=first["metric"].astype(str) + ": " + first["number_text"].astype(str) + " ("
                         + first["source"].astype(object).fillna(UNATTRIBUTED).astype(str) + ")")
    about = first.groupby("place")["_t"].agg(list).to_dict()
    return [f"<b>{html.escape(n)}</b> ({html.escape(kind)})<br>{k} mention(s) in {a} article(s)<br>"
            + "<br>".join(html.escape(x) for x in about.get(n, [])[:HOVER_CLAIMS])
            + (f"<br>… {counts[n] - HOVER_CLAIMS} more claims" if counts.get(n, 0) > HOVER_CLAIMS else "")
            for n, kind, k, a in zip(agg["name"], agg["kind"], agg["mentions"], agg["articles"])]


def map_figure(places: pd.DataFrame, claims: tuple[pd.DataFrame, dict[str, int]], style: str = OUTLINE) -> go.Figure:
    """Every mentioned place (summed over articles), sized by mentions, coloured by kind, the
    view fitted to them, the larger places named and every place's claims on hover;
    ``customdata`` holds the canonical name for selections (click, box, lasso). ``claims`` are
    the first claims naming each place and how many name it, as the store's query gives them
    (:func:`dashboard.page_sums.place_claims`)."""
    if style not in MAP_STYLES:
        raise ValueError(f"unknown map style {style!r}; expected one of {', '.join(MAP_STYLES)}")
    first, counts = claims
    agg = _places(places)
    agg = agg.assign(hover=_hover(agg, first, counts))
    xr, yr = fitted_view(agg["lat"], agg["lon"])
    named = labelled(agg, xr, yr)
    tiles = style != OUTLINE
    fig = go.Figure()
    if not tiles:
        xs, ys = outline_path()
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color="#9a9a9a", width=0.7), fill="toself",
                                 fillcolor="#f3f1ea", hoverinfo="skip", showlegend=False, name="countries"))
    for kind, g in agg.groupby("kind"):
        text = [plot(n) if n in named else "" for n in g["name"]]
        marker = dict(size=[8 + 6 * math.sqrt(k) for k in g["mentions"]], color=KIND_COLOURS.get(kind, "#555"),
                      opacity=0.8)
        common = dict(mode="markers+text", text=text, textposition="top right", customdata=g["name"], name=plot(kind),
                      marker=marker, hovertext=g["hover"], hoverinfo="text")
        if tiles:
            fig.add_trace(go.Scattermap(lat=g["lat"], lon=g["lon"], **common))
        else:
            fig.add_trace(go.Scatter(x=g["lon"], y=g["lat"], textfont=dict(size=12, color="#333"), **common))
    # the legend under the map, clear of the toolbar at the top right
    legend = dict(title="kind of place", orientation="h", yanchor="top", y=-0.02, x=0)
    if tiles:
        # the tiles are a layer over a blank style that needs no server, under the countries shipped
        # with the app: where the browser cannot reach the tile server, the outlines and the places stay
        zoom = max(0.5, min(8.0, math.log2(360 / (xr[1] - xr[0])) - 0.2))
        layers = [dict(sourcetype="raster", source=[TILES[style]], below="traces", sourceattribution=TILE_CREDIT[style]),
                  dict(sourcetype="geojson", source=json.loads(COUNTRIES.read_text(encoding="utf-8")), type="line",
                       color="#9a9a9a", line=dict(width=0.7), below="traces")]
        fig.update_layout(map=dict(style="white-bg", layers=layers, center=dict(lat=sum(yr) / 2, lon=sum(xr) / 2),
                                   zoom=zoom),
                          height=600, margin=dict(l=0, r=0, t=0, b=40), legend=legend)
        return fig
    mid = math.radians(max(min(sum(yr) / 2, 70), -70))
    fig.update_layout(height=600, margin=dict(l=0, r=0, t=10, b=40), legend=legend, plot_bgcolor="#dfe9f2",
                      hovermode="closest",
                      xaxis=dict(range=xr, showgrid=False, zeroline=False, showticklabels=False, title=None),
                      yaxis=dict(range=yr, showgrid=False, zeroline=False, showticklabels=False, title=None,
                                 scaleanchor="x", scaleratio=1 / math.cos(mid)))
    return fig


def places_from_selection(selection) -> list[str]:
    """Canonical place names picked on the map (click, box or lasso) from a plotly selection
    state: ``{"selection": {"points": [{"customdata": "Kursk Oblast", …}, …]}}``."""
    if not selection:
        return []
    sel = selection.get("selection", selection) if isinstance(selection, dict) else getattr(selection, "selection", None)
    points = (sel or {}).get("points", []) if isinstance(sel, dict) else getattr(sel, "points", [])
    names = []
    for p in points or []:
        cd = p.get("customdata") if isinstance(p, dict) else None
        if isinstance(cd, (list, tuple)):
            cd = cd[0] if cd else None
        if cd and cd not in names:
            names.append(str(cd))
    return names
