"""Extraction never raises, whatever the text."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extraction.claims import extract
from extraction.reader import parse_text

WORDS = st.sampled_from(["about", "more than", "up to", "between", "and", "to", "thousands", "of", "troops",
                         "12 000", "6,000", "3 thousand", "several dozen", "killed", "said", "according to",
                         "South Korean intelligence", "Kursk", "in", "October 2024", "last year", "(", ")", ".",
                         "\n", "—", "%", "plans to send", "Reuters reported", "ʼs", "date 2026-02-16"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_arbitrary_text(nlp, text):
    art = parse_text("fuzz", text)
    for c in extract(art, nlp):
        assert text[c.start_char:c.end_char] == c.number_text


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(WORDS, max_size=40))
def test_news_like_word_salad(nlp, words):
    text = " ".join(words)
    art = parse_text("fuzz", text)
    for c in extract(art, nlp):
        assert text[c.start_char:c.end_char] == c.number_text
        assert c.low is None or c.high is None or c.low <= c.high
