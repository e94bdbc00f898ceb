import pytest
from conftest import load

from extraction.dates import find_dates, parse_published, resolve


@pytest.mark.parametrize("case", load("dates.json"), ids=lambda c: f"{c['text']} @ {c['published']}")
def test_find_and_resolve(case):
    text, pub = case["text"], parse_published(case["published"])
    got = [[text[d.start:d.end], resolve(d, pub)] for d in find_dates(text)]
    assert got == case["expect"]


@pytest.mark.parametrize("value,expect", [("2026-02-16", "2026-02-16"), ("2026-02-16T10:00:00", "2026-02-16"),
                                          ("", None), (None, None), ("16/02/2026", None), ("2026-02-30", None)])
def test_parse_published(value, expect):
    got = parse_published(value)
    assert (got.isoformat() if got else None) == expect
