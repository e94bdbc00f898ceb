import pytest

from conftest import load
from extraction.attribution import defers, find_attributions, nearest, source_info


@pytest.mark.parametrize("case", load("attribution.json"), ids=lambda c: c["sentence"][:60])
def test_claimants_in_a_sentence(case):
    s = case["sentence"]
    found = find_attributions(s)
    for a in found:
        assert s[a.start:a.end] == a.text
    assert sorted(a.source for a in found) == sorted(case["sources"])
    if "nearest_first" in case:
        assert nearest(found, 0, 1).source == case["nearest_first"]


@pytest.mark.parametrize("sentence,expect", [
    ("Reports suggest that around 14,000 personnel may have been deployed.", True),
    ("\"Around 1,100 soldiers could be sent back,\" a report points out.", True),
    ("He said 3,000 soldiers had died.", True),
    ("North Korea sent another 3 thousand soldiers.", False)])
def test_defers_to_an_earlier_claimant(sentence, expect):
    assert defers(sentence) is expect


def test_registry_knows_type_and_stake():
    nis = source_info("South Korean intelligence (NIS)")
    assert (nis.type, nis.country, nis.stake) == ("intelligence agency", "South Korea", "third party")
    assert source_info("KCNA").stake == "party"
    assert source_info("Some Blog") is None
