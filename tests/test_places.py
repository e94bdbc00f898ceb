import pytest

from conftest import load
from extraction.places import build_gazetteer, find_places, skeleton


@pytest.mark.parametrize("case", load("places.json"), ids=lambda c: c["text"][:50])
def test_places_in_text(case, gaz):
    found = find_places(case["text"], gaz)
    for m in found:
        assert case["text"][m.start:m.end] == m.surface
    names = {m.place.name for m in found}
    assert names == set(case["places"])
    assert not names & set(case.get("not", []))


@pytest.mark.parametrize("a,b", [("Sebyor", "Saeppyol"), ("Saebyul", "Saebyol"), ("Hwasong", "Hawasong")])
def test_transliterations_share_a_skeleton(a, b):
    assert skeleton(a) == skeleton(b)


def test_every_place_has_coordinates(gaz):
    for name in ["Pyongyang", "Kursk Oblast", "Saebyol Street", "Hwasong", "North Korea", "United States", "Moscow"]:
        p = gaz.get(name)
        assert p is not None and p.lat is not None and p.lon is not None, name


def test_overlay_entries_extend_the_gazetteer_without_code():
    overlay = {"places": [{"name": "Tumen River", "kind": "river", "lat": 42.3, "lon": 130.6, "aliases": ["Tumangang"]}]}
    g = build_gazetteer(overlay)
    assert [m.place.name for m in find_places("near the Tumangang crossing", g)] == ["Tumen River"]
