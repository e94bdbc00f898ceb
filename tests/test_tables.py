"""Tables in HTML pages: what a cell counts is its column's header (extraction/tables.py), its
place its row's, its claimant and date those of the sentence that introduces the table; invented
pages and texts in tests/data/tables.json."""
import pytest
from conftest import load

from extraction.claims import extract
from extraction.metric import TABLE_RULE
from extraction.reader import parse_html
from extraction.tables import column_header

DATA = load("tables.json")


@pytest.mark.parametrize("case", DATA["text"], ids=lambda c: f"{c['figure']}-{c['header']}")
def test_the_header_of_a_figures_column(case):
    text = case["text"]
    i = text.index(case["figure"])
    assert column_header(text, i, i + len(case["figure"])) == case["header"]


@pytest.mark.parametrize("page", DATA["pages"], ids=lambda p: p["claims"][0]["number_text"])
def test_a_tables_cells_are_claims_of_their_column_and_row(page, nlp):
    art = parse_html("page", page["html"])
    got = {c.number_text: c for c in extract(art, nlp) if f"metric: {TABLE_RULE}" in c.trace}
    assert sorted(got) == sorted(w["number_text"] for w in page["claims"])
    for want in page["claims"]:
        c = got[want["number_text"]]
        assert art.text[c.start_char:c.end_char] == c.number_text
        assert (c.metric, c.places, c.source, c.as_of, c.party) == \
            (want["metric"], want["places"], want["source"], want["as_of"], want["party"]), c.trace
