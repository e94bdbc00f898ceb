"""Hostile values (tests/data/hostile.json) in every field an article or analyst supplies, and in
the address: every page shows them as inert text, every chart label is escaped, and the CSV
holds no cell a spreadsheet would run as a formula."""
import csv
import io
import json

import pytest
from conftest import load
from fixtures import claim_record, store_from_records
from test_app_pages import PAGES, app

from dashboard.export import claims_csv, csv_name
from dashboard.page_table import PAGE
from dashboard.safe import csv_cell, http_url, md

HOSTILE = load("hostile.json")
VALUES = [v["value"] for v in HOSTILE["values"]]
IDS = [f"h{i}" for i in range(len(VALUES))]


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    return build_hostile_store(tmp_path_factory.mktemp("hostile") / "hostile.sqlite")


def build_hostile_store(path):
    """One article per hostile value, the value in every field it can reach."""
    arts, claims, places = [], [], []
    for aid, v in zip(IDS, VALUES):
        text = f"North Korea sent about 12,000 soldiers to Russia, {v} said. Title: {v}"
        arts.append({"article_id": aid, "text": text, "title": v, "outlet": v, "url": v, "published": "2025-01-02"})
        s = text.index(v)
        claims.append(claim_record(aid, text, "about 12,000", low=12000, high=12000, best=12000, hedge="approx",
                                   source=v, source_text=v, source_start=s, source_end=s + len(v), places=[v],
                                   outlet=v, via=v, source_type=v, source_stake=v, as_of="2025-01"))
        places.append({"article_id": aid, "name": v, "kind": "city", "lat": 50.0, "lon": 30.0, "within": v,
                       "mentions": 1, "surfaces": [v]})
    store = store_from_records(path, arts, claims, places)
    # the analyst's fields too: reviewer, reason, a corrected claimant, a merged name
    from extraction.audit import record
    from extraction.review import Correction
    for aid, v, c in zip(IDS, VALUES, claims):
        record(store, Correction(action="correct", reviewer=v, article_id=aid, start_char=c["start_char"],
                                 end_char=c["end_char"], number_text=c["number_text"], fields={"source": v + " (2)"},
                                 reason=v))
    record(store, Correction(action="merge", reviewer=VALUES[0], fields={"alias": VALUES[1] + " (2)", "canonical": VALUES[2]},
                             reason=VALUES[3]))
    return path


def _texts(at):
    for kind in ("markdown", "caption", "subheader", "title", "warning", "success", "info", "error"):
        for el in at.get(kind):
            yield kind, el.value if isinstance(el.value, str) else str(el.proto)


def _plot_strings(obj):
    """Every string a chart may render (``customdata`` is data for selections, never shown)."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            if k != "customdata":
                yield from _plot_strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _plot_strings(v)


def _assert_inert(at):
    assert not at.exception
    for kind, text in _texts(at):
        low = text.lower()
        for bad in HOSTILE["markup"]:
            assert bad not in low, f"{kind} shows live markup {bad!r}: {text[:300]}"
        if text.startswith('<div class="cc-article"'):
            # the article body: one HTML block (no blank line), so Markdown inside it is never parsed
            assert "\n\n" not in text
            continue
        for v in VALUES:
            assert v not in text, f"{kind} shows {v!r} unescaped"
        assert "://" not in text and "www." not in text, f"{kind} has an address Markdown would link: {text[:300]}"
    for chart in at.get("plotly_chart"):
        for s in _plot_strings(json.loads(chart.proto.spec)):
            for bad in ("<script", "<img", "<a "):
                assert bad not in s.lower(), f"chart label has {bad!r}: {s[:200]}"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_hostile_fields_inert(page, monkeypatch, hostile_store):
    at = app(monkeypatch, hostile_store).run()
    at.switch_page(page).run()
    _assert_inert(at)


@pytest.mark.parametrize("aid", IDS)
def test_the_reader_shows_title_outlet_and_url_inert(aid, monkeypatch, hostile_store):
    at = app(monkeypatch, hostile_store, f"read={aid}").run()
    at.switch_page(PAGE["articles"].file).run()
    _assert_inert(at)
    assert at.subheader[0].value == md(VALUES[IDS.index(aid)])


def test_hostile_values_in_the_address_give_inert_notices(monkeypatch, hostile_store):
    from urllib.parse import urlencode
    query = urlencode([("place", v + "x") for v in VALUES] + [("metric", VALUES[0])])
    at = app(monkeypatch, hostile_store, query).run()
    at.switch_page(PAGE["evidence"].file).run()
    _assert_inert(at)
    assert at.warning


@pytest.mark.parametrize("value", VALUES)
def test_csv_cells_never_start_a_formula(value, hostile_store):
    from extraction.audit import corrections
    from extraction.review import reviewed_table
    from extraction.store import Store
    store = Store(hostile_store)
    claims, _ = reviewed_table(store.tables()["claims"], corrections(store))  # with reviewed_by, as the pages export
    rows = list(csv.reader(io.StringIO(claims_csv(claims).decode("utf-8"))))
    assert len(rows) == len(VALUES) + 1
    for row in rows:
        for cell in row:
            assert not cell.startswith(tuple(HOSTILE["formula_starts"])), cell
    assert csv_cell(value).lstrip("'") == value  # nothing lost but the guard


@pytest.mark.parametrize("url,ok", [("https://example.org/a?b=1", True), ("http://example.org", True),
                                    ("javascript:alert(1)", False), ("data:text/html,<b>x</b>", False),
                                    ("//evil.example/x", False), ("ftp://example.org/f", False),
                                    ("https://", False), ("https://example.org/\"onmouseover=alert(1)", False),
                                    (None, False)])
def test_only_http_urls_are_links(url, ok):
    assert (http_url(url) is not None) == ok


@pytest.mark.parametrize("values,name", [([], "crosscount-claims.csv"),
                                         (["killed", "Kursk Oblast"], "crosscount-killed-kursk-oblast.csv"),
                                         (["<script>", "../../etc/passwd"], "crosscount-script-etc-passwd.csv")])
def test_the_csv_is_named_after_the_view(values, name):
    assert csv_name(values) == name
