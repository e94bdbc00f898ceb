"""Sentence-level claim extraction with the real spaCy pipeline: metric, status, hedge, as-of,
claimant, and what is not a claim. Cases in tests/data/claims.json."""
import pytest

from conftest import load
from extraction.claims import extract
from extraction.reader import parse_text

CASES = load("claims.json")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["text"].split("\n")[-1][:60])
def test_claims_of_a_sentence(case, nlp):
    art = parse_text("t", case["text"])
    claims = [c.as_dict() for c in extract(art, nlp)]
    for c in claims:
        assert case["text"][c["start_char"]:c["end_char"]] == c["number_text"]
    got = {c["number_text"]: c for c in claims}
    assert sorted(got) == sorted(w["number_text"] for w in case["claims"]), [c["number_text"] for c in claims]
    for want in case["claims"]:
        c = got[want["number_text"]]
        for key, value in want.items():
            assert c[key] == value, f"{want['number_text']!r}: {key} = {c[key]!r}, expected {value!r}"
    for absent in case.get("absent", []):
        assert absent not in got


def test_sampled_parse_equals_full_parse(nlp):
    """Parsing only the sentences with figures gives the same claims as parsing the article."""
    from pathlib import Path

    from extraction.reader import read_article
    root = Path(__file__).resolve().parent.parent
    for p in sorted((root / "seeds").glob("*.txt")) + sorted((root / "tests/data/extra").glob("*.txt")):
        art = read_article(p)
        assert extract(art, nlp) == extract(art, nlp, full_parse=True), p.name
