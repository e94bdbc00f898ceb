"""Whose, and which war: each rule of extraction/sides.py and extraction/conflicts.py on an
invented article (tests/data/sides.json), through the whole extraction, with the rule that
decided named in the claim's trace."""
import pytest
from conftest import load

from extraction.claims import extract
from extraction.conflicts import Registry, registry, stake_in
from extraction.model import Article

CASES = load("sides.json")["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_party_and_conflict(case, nlp):
    claims = extract(Article("t", case["text"], published=case["published"]), nlp)
    claim = next((c for c in claims if c.number_text == case["figure"]), None)
    assert claim is not None, [c.number_text for c in claims]
    assert (claim.party, claim.conflict) == (case["party"], case["conflict"]), claim.trace
    if case["party_rule"] is None:
        assert not any(t.startswith("party:") for t in claim.trace)
    else:
        assert f"party: {case['party_rule']}" in claim.trace
    assert f"conflict: {case['conflict_rule']}" in claim.trace


def test_every_war_of_the_registry_is_well_formed():
    names = [c.name for c in registry().conflicts]
    assert len(names) == len(set(names))
    for c in registry().conflicts:
        assert c.aliases and c.countries and c.start is not None, c.name
        assert c.end is None or c.end >= c.start, c.name


def test_a_war_added_as_data_is_chosen_for_its_articles():
    data = {"conflicts": [{"name": "Invented war", "aliases": ["Invented war"], "countries": ["Mali"],
                           "start": "2030-01-01"}]}
    reg = Registry.from_data(data)
    assert reg.for_article("The Invented war goes on.", [], None).value == "Invented war"
    assert reg.for_article("The Invented war goes on.", [], __import__("datetime").date(2029, 1, 1)).value is None


@pytest.mark.parametrize("case", load("sides.json")["stakes"], ids=lambda c: c["case"])
def test_a_claimants_stake_is_per_war(case):
    assert stake_in(case["stake"], case["country"], registry().get(case["conflict"])) == case["want"]
