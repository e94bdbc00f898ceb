"""Sentence-level claim extraction with the real spaCy pipeline: metric, status, hedge, as-of,
claimant, and what is not a claim. Cases in tests/data/claims.json."""
import pytest
from conftest import load

from extraction.claims import extract
from extraction.reader import parse_text

CASES = load("claims.json")
RULES = load("metric_rules.json")["cases"]
CLAIMANT_RULES = load("claimant_rules.json")["cases"]
PRESENCE = load("presence.json")["cases"]


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


@pytest.mark.parametrize("case", RULES, ids=lambda c: c["rule"] + ": " + c["text"][:40])
def test_each_metric_rule_decides_its_sentence_and_says_so(case, nlp):
    """Every metric rule has an invented sentence it decides; the claim's trace names the rule."""
    art = parse_text("t", case["text"])
    got = [c for c in extract(art, nlp) if c.number_text == case["figure"]]
    if case["metric"] is None:
        assert got == []
        return
    assert len(got) == 1 and got[0].metric == case["metric"], [(c.metric, c.trace) for c in got]
    assert f"metric: {case['rule']}" in got[0].trace


@pytest.mark.parametrize("case", CLAIMANT_RULES, ids=lambda c: c["rule"])
def test_each_claimant_rule_decides_its_text_and_says_so(case, nlp):
    """Every claimant rule has an invented text it decides; the claim's trace names the rule."""
    claims = {c.number_text: c for c in extract(parse_text("t", case["text"]), nlp)}
    assert sorted(claims) == sorted(case["figures"])
    for figure, (source, entry) in case["figures"].items():
        got = claims[figure]
        assert got.source == source, (figure, got.source, got.trace)
        assert [t for t in got.trace if t.startswith("claimant:")] == ([entry] if entry else [])


@pytest.mark.parametrize("case", PRESENCE, ids=lambda c: c["text"][:50])
def test_troops_are_a_total_sent_or_the_number_there_now(case, nlp):
    [claim] = [c for c in extract(parse_text("t", case["text"]), nlp) if c.number_text == case["figure"]]
    assert claim.presence == case["presence"]


def test_sampled_parse_equals_full_parse(nlp):
    """Parsing only the sentences with figures gives the same claims as parsing the article."""
    from pathlib import Path

    from extraction.reader import read_article
    root = Path(__file__).resolve().parent.parent
    for p in sorted((root / "seeds").glob("*.txt")) + sorted((root / "tests/data/extra").glob("*.txt")):
        art = read_article(p)
        assert extract(art, nlp) == extract(art, nlp, full_parse=True), p.name


@pytest.mark.parametrize("text, parsed", [
    ("Talks stall\n\nMARIB, Yemen — About 40 soldiers were killed, officials said.", "About 40 soldiers were killed, officials said."),
    ("Talks stall\n\nKYIV (Reuters) - About 40 soldiers were killed, officials said.", "About 40 soldiers were killed, officials said."),
    # a dateline with a date is parsed with its sentence: the date may be the figure's
    ("Talks stall\n\nKYIV, May 2 (Reuters) - About 40 soldiers were killed.", "KYIV, May 2 (Reuters) - About 40 soldiers were killed."),
    ("Talks stall\n\nAbout 40 soldiers were killed, HRANA said.", "About 40 soldiers were killed, HRANA said."),
])
def test_a_sentence_is_parsed_from_after_its_dateline(text, parsed, nlp):
    """A dateline opening a sentence is no part of its parse (the parser would take the place for
    the sentence's head, cutting the claim verb off from the figure); offsets stay the article's."""
    from extraction.claims import _parse
    from extraction.sentences import split_sentences
    spans = split_sentences(text)
    [k] = [k for k, (s, e) in enumerate(spans) if "40" in text[s:e]]
    [(_, (doc, off))] = list(_parse(nlp, text, spans, [k], False))
    assert doc.text.strip() == parsed and text[off:off + len(doc.text)] == doc.text


PAGE = """<html><head><title>Barrage | Test Post</title>
<meta property="article:published_time" content="2025-06-12"></head><body><main><article>
<header><h1>Russia fires record 650 drones at Ukraine</h1><p class="dek">Air force figures</p></header>
<p>Russia launched 650 attack drones at Ukraine overnight, Ukraine's air force said on Wednesday, the largest
raid of the war so far. Air defences shot down 600 of them, the air force said, and the rest were jammed.</p>
<p>The record before it, set days earlier, was 520 drones, according to the air force.</p>
</article></main></body></html>"""


def test_an_html_headline_in_the_page_header_is_read(nlp):
    """The visible headline (``<h1>``) is part of the text even where the main-text extraction
    leaves it out, once: its figure is a claim, whose claimant is the one the body reports the same
    figure with ('record' there is an adjective, no claim verb of the headline's own)."""
    from extraction.reader import parse_html
    art = parse_html("page", PAGE)
    assert art.text.startswith("Russia fires record 650 drones at Ukraine\n")
    assert art.text.count("Russia fires record 650 drones") == 1
    claims = extract(art, nlp)
    head = [c for c in claims if c.start_char < art.text.index("\n")]
    assert [(c.number_text, c.metric, c.source) for c in head] == [("650", "other", "Ukrainian Air Force")]
    assert "claimant: headline (the body's report of its figure)" in head[0].trace
    for c in claims:
        assert art.text[c.start_char:c.end_char] == c.number_text


@pytest.mark.parametrize("written", ["2025-02-30", "February 30, 2025"])
def test_a_day_the_calendar_lacks_is_read_as_its_month_and_the_trace_says_so(written, nlp):
    [c] = extract(parse_text("t", f"date 2025-03-10\nAs of {written}, 3,000 soldiers had been sent, officials said."), nlp)
    assert c.as_of == "2025-02" and c.as_of_text == written
    assert f"as_of: {written} is no day of the calendar; read as its month" in c.trace
