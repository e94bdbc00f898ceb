"""Stores for dashboard tests, written from records without running extraction (no spaCy)."""
from __future__ import annotations

from extraction.model import Article, Claim, PlaceRecord
from extraction.store import Store


def claim_record(article_id: str, text: str, number_text: str, **fields) -> dict:
    """A claim of ``text`` at the first occurrence of ``number_text``, its sentence the whole text
    unless given; any other field (metric, source, places …) as given."""
    start = text.index(number_text)
    rec = {"article_id": article_id, "number_text": number_text, "start_char": start, "end_char": start + len(number_text),
           "sentence": text, "sentence_start": 0, "metric": "troops_deployed", "status": "reported", "unit": "soldier",
           "low": None, "high": None, "best": None, "hedge": "exact", "source": None, "source_text": None,
           "source_start": None, "source_end": None, "source_inherited": False, "source_type": None,
           "source_stake": None, "as_of": None, "as_of_text": None, "places": [], "outlet": None, "via": [],
           "published": None}
    rec.update(fields)
    return rec


def store_from_records(path, articles: list[dict], claims: list[dict], places: list[dict]) -> Store:
    """A store holding these records (dicts with the model's fields; a claim's ``claim_id`` is
    derived, so it may be left out)."""
    store = Store(path)
    for a in articles:
        art = Article(**a)
        store.add(art, [Claim(**{k: v for k, v in c.items() if k != "claim_id"}) for c in claims
                        if c["article_id"] == art.article_id],
                  [PlaceRecord(**p) for p in places if p["article_id"] == art.article_id])
    return store


def fixture_store(path, name: str = "dashboard_fixture.json") -> Store:
    """A store of the hand-kept dashboard fixture (tests/data/dashboard_fixture.json): articles
    whose texts are files of the repository, and their claims and places as records."""
    from conftest import ROOT, load

    data = load(name)
    articles = [{k: v for k, v in a.items() if k != "text_file"} | {"text": (ROOT / a["text_file"]).read_text(encoding="utf-8")}
                for a in data["articles"]]
    return store_from_records(path, articles, data["claims"], data["places"])
