import pytest
from conftest import load

from extraction.hedges import interval, read_figures
from extraction.numbers import find_quantities


@pytest.mark.parametrize("case", load("hedges.json"), ids=lambda c: c["text"])
def test_hedge_to_interval(case):
    text = case["text"]
    figs = read_figures(text, find_quantities(text))
    fig = next(f for f in figs if text[f.start:f.end] == case["number_text"])
    assert (fig.hedge, fig.low, fig.high, fig.best) == (case["hedge"], case["low"], case["high"], case["best"])


def test_interval_rejects_unknown_hedge():
    with pytest.raises(ValueError, match="unknown hedge 'probably'"):
        interval("probably", 5)


def test_range_is_ordered():
    assert interval("range", 30, 25) == (25, 30, None)
