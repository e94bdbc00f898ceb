import pytest
from conftest import load

from extraction.places import build_gazetteer, find_places, skeleton, unplaced_names


@pytest.mark.parametrize("case", load("places.json"), ids=lambda c: c["text"][:50])
def test_places_in_text(case, gaz):
    found = find_places(case["text"], gaz)
    for m in found:
        assert case["text"][m.start:m.end] == m.surface
    names = {m.place.name for m in found}
    assert names == set(case["places"])
    assert not names & set(case.get("not", []))
    for name, within in case.get("within", {}).items():  # which of the places of that name
        assert {m.place.within for m in found if m.place.name == name} == {within}, name
    if "unplaced" in case:  # names after "in", "to", "near" … that the gazetteer does not know
        assert unplaced_names(case["text"], found, gaz) == case["unplaced"]


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


def test_a_cached_gazetteer_is_the_built_one(tmp_path, monkeypatch):
    """The gazetteer is kept in a cache file; what is read back equals what is built, and a
    corrupt cache file is rebuilt rather than trusted."""
    from extraction import places
    monkeypatch.setenv("CROSSCOUNT_CACHE", str(tmp_path))
    places.default_gazetteer.cache_clear()
    try:
        built = places.default_gazetteer()
        (cached,) = tmp_path.glob("gazetteer-*.pickle")
        places.default_gazetteer.cache_clear()
        assert places.default_gazetteer() == built
        cached.write_bytes(b"not a pickle")
        places.default_gazetteer.cache_clear()
        assert places.default_gazetteer() == built
    finally:
        places.default_gazetteer.cache_clear()


@pytest.mark.parametrize("name,lat,lon", load("country_points.json")["countries"], ids=lambda v: str(v))
def test_a_country_is_drawn_at_its_own_capital(name, lat, lon, gaz):
    p = gaz.get(name)
    assert p.kind == "country" and lat[0] <= p.lat <= lat[1] and lon[0] <= p.lon <= lon[1], p


@pytest.mark.parametrize("code,core,name", [("SY", "Hama", "Hama Governorate"), ("UA", "Donetska", "Donetska Oblast"),
                                            ("CD", "North Kivu", "North Kivu"), ("MM", "Rakhine", "Rakhine State"),
                                            ("ET", "Tigray", "Tigray Region")])
def test_first_level_regions_come_from_the_gazetteer_with_their_countrys_word(code, core, name):
    from extraction.regions import regions_of
    region = regions_of(code)[core]
    assert region.name == name and region.lat is not None and region.lon is not None


@pytest.mark.parametrize("code", ["", "../..", "sy", "XX", "S/"])
def test_a_code_that_is_no_country_has_no_regions(code):
    from extraction.regions import regions_of
    assert regions_of(code) == {}
