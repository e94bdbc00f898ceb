"""A claim's trace in words, as the Evidence page shows it for one claim (dashboard/trace_text.py).
Cases in tests/data/trace_text.json."""
import pytest
from conftest import load

from dashboard.trace_text import steps


@pytest.mark.parametrize("case", load("trace_text.json")["cases"], ids=lambda c: " | ".join(c["trace"])[:60] or "none")
def test_a_trace_reads_as_the_rules_that_decided(case):
    assert steps(case["claim"], case["trace"]) == case["lines"]
