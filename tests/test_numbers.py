import pytest
from conftest import load

from extraction.numbers import find_quantities, parse_digits


@pytest.mark.parametrize("case", load("numbers.json"), ids=lambda c: c["text"])
def test_find_quantities(case):
    got = find_quantities(case["text"])
    for q in got:
        assert case["text"][q.start:q.end] == q.text
    want = case["expect"]
    assert [q.text for q in got] == [w[0] for w in want]
    for q, w in zip(got, want):
        assert q.kind == w[1]
        if q.kind == "vague":
            assert (q.low, q.high) == (w[3], w[4])
        else:
            assert q.value == pytest.approx(w[2])


@pytest.mark.parametrize("text,scaled,value", [
    ("12,000", False, 12000), ("12 000", False, 12000), ("12.000", False, 12000),
    ("1.500", True, 1.5), ("1.5", False, 1.5), ("1,234,567", False, 1234567)])
def test_parse_digits(text, scaled, value):
    assert parse_digits(text, scaled) == value
