"""Numbers in review read as people write them: the form shows a value that reads back as it is
(15000, never 15000.0 or 1.5e+04), the trail shows 15,000 (cases in tests/data/review_values.json)."""
import pytest
from conftest import load

from dashboard.reviewing import form_text, form_values, trail_lines, trail_text
from extraction.review import Correction

CASES = load("review_values.json")["cases"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['field']}={c['value']!r}")
def test_a_value_reads_as_written(case):
    if case["form"] is not None:
        assert form_text(case["value"]) == case["form"]
    assert trail_text(case["field"], case["value"]) == case["trail"]


def test_the_form_and_the_trail_of_a_corrected_bound():
    claim = {"metric": "troops_deployed", "status": "reported", "low": 14000.0, "high": 1500000.0, "best": None,
             "hedge": "exact", "source": "Seoul", "via": [], "as_of": None, "places": ["Kursk"]}
    shown = form_values(claim)
    assert (shown["low"], shown["high"], shown["best"], shown["places"]) == ("14000", "1500000", "", "Kursk")
    c = Correction(action="correct", reviewer="ana", article_id="a1", number_text="14,000", fields={"low": "15000"},
                   before={"low": 14000.0}, id=3, at="2026-12-07T04:00:00+00:00")
    assert trail_lines([c]) == ["3. 2026-12-07T04:00:00+00:00 · ana corrected “14,000” in a1: low → 15,000 (was 14,000)"]
