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


@pytest.mark.parametrize("case", load("credits.json")["cases"], ids=lambda c: c["text"][:40])
def test_agency_credit_of_an_article(case):
    from extraction.attribution import article_via
    assert article_via(case["text"]) == case["credit"]


def test_credited_agency_is_the_outlet_unless_one_is_given(tmp_path):
    from extraction.claims import Extracted
    from extraction.ingest import ingest_text
    from extraction.store import Store

    store = Store(tmp_path / "s.sqlite")
    none = lambda art, nlp: Extracted(art, [], [])  # noqa: E731 - the outlet is read before extraction
    text = "SEOUL (Reuters) - North Korea has sent about 1,000 more troops, officials said."
    ingest_text(store, text, {"title": "credited"}, extractor=none)
    ingest_text(store, text + " More.", {"title": "typed", "outlet": "Yonhap"}, extractor=none)
    ingest_text(store, "No credit here: 300 troops moved.", {"title": "plain"}, extractor=none)
    arts = store.tables()["articles"]
    outlets = {a: (o if isinstance(o, str) else None) for a, o in zip(arts["article_id"], arts["outlet"])}
    assert outlets == {"credited": "Reuters", "typed": "Yonhap", "plain": None}
