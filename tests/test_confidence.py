"""A claim's confidence from the measured precision of the rules its trace names (extraction/confidence.py)."""
import pytest

from extraction.attribution.frames import FRAMES
from extraction.confidence import confidence, rule_precision
from extraction.metric import CARRY_RULES, METRIC_RULES

TABLE = {"metric": {"words about the figure": 0.9, "military people": 0.8},
         "claimant": {"subject": 0.5, "none": 0.6, "subject (continued report)": 0.7}}


@pytest.mark.parametrize("trace,expected", [
    (["metric: words about the figure", "claimant: subject", "conflict: no war named"], 0.45),
    (["metric: military people"], 0.48),  # no claimant: the precision of claims given none
    (["metric: words about the figure", "claimant: subject (continued report)"], 0.63),
    (["metric: a rule measured on too few claims", "claimant: subject"], 0.5),
    (["conflict: no war named"], 0.6),
    ([], None), (None, None)])
def test_confidence_is_the_product_of_the_rules_precisions(trace, expected):
    assert confidence(trace, TABLE) == expected


def test_the_shipped_precisions_name_rules_that_exist():
    frames = {*FRAMES, "none"}
    table = rule_precision()
    names = {name for name, _ in METRIC_RULES} | set(CARRY_RULES)
    assert table["metric"] and set(table["metric"]) <= names
    assert table["claimant"] and {r.split(" ")[0] for r in table["claimant"]} <= frames
    assert all(0 <= p <= 1 for kind in table.values() for p in kind.values())
