"""Charts, headlines, the map and page settings, pure (no Streamlit), on the dashboard fixture
and on small stores built here. Tables in tests/data/charts.json."""
import math
from urllib.parse import parse_qs

import pandas as pd
import pytest
from conftest import load
from fixtures import claim_record, store_from_records
from oracles import apply, claimant_rows, place_claims, sankey_links, span_text

from dashboard.charts import colour_map, range_rows, sankey_figure
from dashboard.filters import Filters, choose, describe_settings, view_query
from dashboard.maps import MAP_STYLES, OUTLINE, fitted_view, labelled, map_figure, outline_path, places_from_selection
from dashboard.table_size import fitted, size
from dashboard.views import article_names, evidence_table

TABLES = load("charts.json")


@pytest.mark.parametrize("case", TABLES["headlines"], ids=lambda c: c["query"])
def test_headline_per_status(case, ds, vocab):
    f = Filters.from_params(parse_qs(case["query"]), vocab)
    claims = apply(f, ds["claims"])
    for status in ("reported", "planned"):
        part = claims[claims["status"] == status]
        assert (span_text(part) if len(part) else None) == case.get(status)


@pytest.mark.parametrize("case", TABLES["spans"], ids=lambda c: c["text"])
def test_span_keeps_open_bounds(case):
    claims = pd.DataFrame({"low": [lo for lo, _ in case["intervals"]], "high": [hi for _, hi in case["intervals"]]},
                          dtype="float64")
    assert span_text(claims) == case["text"]


@pytest.mark.parametrize("case", TABLES["settings"], ids=lambda c: f'{c["name"]}={c["given"]}')
def test_page_setting_from_the_address(case):
    assert choose(case["name"], case["given"], case.get("options", ()), case.get("known", ())) == \
        (case["value"], case["notice"])


def test_link_holds_page_settings_as_keys(vocab):
    f = Filters.from_params({"metric": ["killed"]}, vocab)
    assert view_query(f, {"by": "claimant"}) == "metric=killed&by=claimant"
    assert view_query(f, {"by": "claim"}) == "metric=killed"  # the default is left out
    assert view_query(Filters(), {"read": "004_b2f3424544e31636"}) == "read=004_b2f3424544e31636"
    assert describe_settings({"by": "claimant"}) == "one row per claimant"


def test_date_setting_filters_on_publication(ds, vocab):
    by_as_of = apply(Filters.from_params({"from": ["2026-01"]}, vocab), ds["claims"])
    by_published = Filters.from_params({"from": ["2026-01"], "date": ["published"]}, vocab)
    assert by_as_of.empty  # no figure of the fixture is as of 2026
    kept = apply(by_published, ds["claims"])
    assert len(kept) == ds["claims"]["published"].str.startswith("2026").fillna(False).sum() > 0
    assert by_published.describe().endswith("dated by publication")
    bad = Filters.from_params({"date": ["when"]}, vocab)
    assert bad.notices == ('Ignored date="when": expected as-of or published.',) and bad.date_column == "as_of"


def test_one_per_claimant_keeps_dates_apart(ds):
    nis = ds["claims"][(ds["claims"]["source"] == "South Korean intelligence (NIS)") & (ds["claims"]["metric"] == "killed")]
    rows = claimant_rows(nis)
    assert sorted(rows["label"]) == ["South Korean intelligence (NIS) · as of 2025-09",
                                     "South Korean intelligence (NIS) · undated"]
    dated = rows[rows["label"].str.endswith("2025-09")].iloc[0]
    assert (dated["low"], dated["high"]) == (2000, 2000)
    by_published = claimant_rows(nis, date="published")
    assert sorted(by_published["label"]) == ["South Korean intelligence (NIS) · reported 2026-02-16",
                                              "South Korean intelligence (NIS) · undated"]


def test_rows_are_labelled_by_claimant_and_as_of_date_with_the_article_in_the_hover(ds):
    names = article_names(ds["articles"])
    killed = ds["claims"][ds["claims"]["metric"] == "killed"]
    rows = range_rows(killed, articles=names)
    labels = list(rows["label"])
    assert "South Korean intelligence (NIS) · as of 2025-09" in labels
    assert "South Korean intelligence (NIS) · published 2026-02-16, no as-of date" in labels  # marked apart
    assert "South Korean intelligence (NIS) · no date" in labels
    assert not any("_" in lab for lab in labels)  # no article id
    assert len(set(names.values())) == len(names)  # two articles never read the same
    hover = rows.set_index("label").loc["South Korean intelligence (NIS) · published 2026-02-16, no as-of date", "hover"]
    assert "<b>around 2,000</b>" in hover and "The Moscow Times (AFP), 2026-02-16" in hover
    assert all("as of " in h and " · reported " in h for h in rows["hover"])
    assert any("as of 2025-09 · reported 2026-02-16" in h for h in rows["hover"])


def test_evidence_shows_published_beside_as_of_and_metrics_in_words(ds):
    t = evidence_table(ds["claims"], Filters())
    assert list(t.columns[5:8]) == ["as_of", "published", "outlet"]
    assert "troops deployed" in set(t["metric"]) and "troops_deployed" not in set(t["metric"])


def _store(path, claimants: list[tuple[str, str]]):
    """A store of one article per (article id, claimant), added in that order."""
    articles, claims = [], []
    for aid, who in claimants:
        text = f"About 1,000 soldiers were sent, {who} said."
        articles.append({"article_id": aid, "text": text, "published": "2025-01-01", "title": None, "outlet": None,
                         "url": None})
        claims.append(claim_record(aid, text, "About 1,000", metric="troops_deployed", source=who))
    return store_from_records(path, articles, claims, [])


def test_claimant_colours_do_not_change_when_articles_are_added(tmp_path):
    store = _store(tmp_path / "s.sqlite", [("a1", "Yonhap"), ("a2", "Reuters")])
    before = colour_map(store.claimants())
    more = _store(tmp_path / "t.sqlite", [("a1", "Yonhap"), ("a2", "Reuters"), ("a0", "AAA first by name"),
                                          ("a3", "Kyiv Independent")])
    after = colour_map(more.claimants())
    assert all(after[n] == c for n, c in before.items())
    assert len(set(after.values())) == len(after)  # distinct while the palette lasts


def test_sankey_links_take_the_claimants_colour(ds):
    colours = colour_map(ds["claims"]["source"].dropna().unique())
    s = sankey_figure(sankey_links(ds["claims"]), colours=colours).data[0]
    nis = s.node.label.index("South Korean intelligence (NIS)")
    hexc = colours["South Korean intelligence (NIS)"].lstrip("#")
    rgb = f"rgba({int(hexc[0:2], 16)},{int(hexc[2:4], 16)},{int(hexc[4:6], 16)},"
    into = [c for t, c in zip(s.link.target, s.link.color) if t == nis]
    assert into and all(c.startswith(rgb) for c in into)
    assert len(set(s.link.color)) > 1
    assert "troops deployed" in s.node.label


def test_offline_map_draws_countries_and_fits_the_places(ds):
    fig = map_figure(ds["places"], place_claims(ds["claims"]))
    assert MAP_STYLES[0] == OUTLINE
    countries = fig.data[0]
    assert countries.name == "countries" and sum(x is None for x in countries.x) > 170  # rings of 177 countries
    assert not fig.layout.map.style  # no map library, no tile, style or font request
    points = {n: (x, y) for t in fig.data[1:] for n, x, y in zip(t.customdata, t.x, t.y)}
    x0, x1 = fig.layout.xaxis.range
    y0, y1 = fig.layout.yaxis.range
    assert all(x0 <= x <= x1 and y0 <= y <= y1 for x, y in points.values())
    lons = [x for x, _ in points.values()]
    assert x1 - x0 <= (max(lons) - min(lons)) * 1.3 + 1e-6  # fitted to the places
    near = ds["places"][ds["places"]["name"].isin(["Kursk Oblast", "Pyongyang"])]
    fitted = map_figure(near, place_claims(ds["claims"])).layout.xaxis.range
    assert fitted[1] - fitted[0] < 120 and fitted[0] < 35 and fitted[1] > 126
    kursk = next(h for t in fig.data[1:] for n, h in zip(t.customdata, t.hovertext) if n == "Kursk Oblast")
    assert "troops_deployed: about 10,000 (South Korean intelligence (NIS))" in kursk
    assert fig.layout.legend.y < 0  # under the map, clear of the toolbar


def test_map_names_only_places_whose_labels_do_not_overlap():
    places = pd.DataFrame({"name": ["Pyongyang", "Pyongyang Airport", "Kursk", "Seoul"], "lat": [39.0, 39.05, 51.7, 37.5],
                           "lon": [125.7, 125.75, 36.2, 127.0], "mentions": [9, 1, 5, 2]})
    xr, yr = fitted_view(places["lat"], places["lon"])
    assert labelled(places, xr, yr) == {"Pyongyang", "Kursk"}  # the airport and Seoul sit under Pyongyang's label
    assert labelled(places, xr, yr, limit=1) == {"Pyongyang"}


def test_tile_styles_stay_an_option_and_selection_reads_names(ds):
    fig = map_figure(ds["places"], place_claims(ds["claims"]), "carto-positron")
    # the tiles are a layer over a style that needs no server, with the countries shipped with the
    # app under the places: offline, the outlines and the places are still drawn
    assert fig.layout.map.style == "white-bg" and fig.layout.map.zoom >= 0.5
    raster, countries = fig.layout.map.layers
    assert raster.sourcetype == "raster" and raster.source[0].startswith("https://a.basemaps.cartocdn.com/light_all/")
    assert countries.sourcetype == "geojson" and countries.type == "line" and len(countries.source["features"]) > 100
    with pytest.raises(ValueError, match="unknown map style 'satellite'"):
        map_figure(ds["places"], place_claims(ds["claims"]), "satellite")
    sel = {"selection": {"points": [{"customdata": "Kursk Oblast"}, {"customdata": ["Pyongyang"]}, {"customdata": None}]}}
    assert places_from_selection(sel) == ["Kursk Oblast", "Pyongyang"]
    assert places_from_selection(None) == [] and places_from_selection({"selection": {"points": []}}) == []
    xs, ys = outline_path()
    assert len(xs) == len(ys) > 5000


def test_one_per_claimant_dates_coarsen_to_fit_but_never_span_years():
    from dashboard.page_sums import MAX_ROWS
    days = [f"{y}-{m:02d}-{d:02d}" for y in (2024, 2025) for m in range(1, 13) for d in range(1, 25, 3)]
    claims = pd.DataFrame({"number_text": "1,000", "source": "Reuters", "article_id": "a", "as_of": days,
                           "published": None, "sentence": "", "low": 1000.0, "high": 1000.0, "best": 1000.0})
    rows = claimant_rows(claims)
    assert len(rows) <= MAX_ROWS
    assert sorted(rows["label"]) == [f"Reuters · as of {y}-{m:02d}" for y in (2024, 2025) for m in range(1, 13)]
    yearly = claimant_rows(pd.concat([claims.assign(source=f"C{i}") for i in range(8)]))
    assert len(yearly) == 16 and all(lab.endswith(("2024", "2025")) for lab in yearly["label"])


@pytest.mark.parametrize("key,title", load("charts.json")["titles"], ids=lambda v: str(v))
def test_a_chart_is_named_by_side_war_and_metric(key, title):
    from dashboard.charts import chart_title
    assert chart_title(*key) == title


def test_a_metric_s_charts_known_sides_and_wars_first():
    from dashboard.charts import chart_groups
    def chart(n):  # a chart's range and its claimants' envelopes, of n claims
        return None, pd.DataFrame({"n": [n]})
    charts = {("killed", "", "", "reported"): chart(9), ("killed", "Gaza", "Gaza war", "reported"): chart(1),
              ("killed", "Gaza", "Gaza war", "planned"): chart(1), ("killed", "", "Gaza war", "reported"): chart(5),
              ("killed", "Israel", "Gaza war", "reported"): chart(3), ("wounded", "Israel", "Gaza war", "reported"): chart(7)}
    assert chart_groups(charts, "killed") == [("Israel", "Gaza war"), ("Gaza", "Gaza war"), ("", "Gaza war"), ("", "")]


@pytest.mark.parametrize("case", load("table_size.json")["fitted"], ids=lambda c: str(c["wanted"]))
def test_table_columns_are_narrowed_together_to_fit(case):
    assert fitted(case["wanted"], case["space"]) == case["widths"]


def test_a_table_is_tall_enough_for_its_rows_and_its_columns_fit(ds):
    t = evidence_table(ds["claims"], Filters())
    got = size(t, space=900)
    assert sum(got.widths.values()) <= 900 and set(got.widths) == set(t.columns)
    assert got.height >= 35 * min(len(t), 20) + 38


def _lab(hex_colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB colour."""
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = [((c + 0.055) / 1.055) ** 2.4 if c > 0.04045 else c / 12.92 for c in rgb]
    xyz = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b, \
        (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
    f = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in xyz]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def test_claimant_colours_are_told_apart_and_never_the_grey_of_unattributed():
    """Every claimant's colour is far (CIE76 ≥ 20) from every other and from unattributed's grey:
    "Russian officials" and "unattributed" were two almost identical greys."""
    colours = colour_map([f"claimant {i}" for i in range(14)] + ["unattributed"])
    labs = {n: _lab(c) for n, c in colours.items()}
    pairs = [(a, b) for a in labs for b in labs if a < b]
    near = [(a, b) for a, b in pairs if math.dist(labs[a], labs[b]) < 20]
    assert not near, [(a, colours[a], b, colours[b]) for a, b in near]
