"""Candidate figures of a text, and the rules that say a figure is not a count (a share, date,
year, duration, age, time, multiplier, money, house number, ordinal). Pure text functions."""
from __future__ import annotations

import re

from .hedges import Figure, read_figures
from .lexicon import lexicon
from .numbers import find_quantities
from .spans import SpanIndex

REPLACEMENT = "\ufffd"


MAX_COUNT = 1e13  # more than any count of people or things: a string of digits, not a figure


_YEAR_WORDS = re.compile(r"(?:\byear|\b(?:in|since|until|till|by|before|after|during|from))\s*$", re.IGNORECASE)


def candidate_figures(text: str, dates: SpanIndex, body_start: int = 0) -> list[Figure]:
    """Every figure of the text after ``body_start`` that may be a count."""
    figures = [f for f in read_figures(text, find_quantities(text)) if f.core_start >= body_start]
    return [f for f in figures if not_a_claim(text, f, dates) is None]


def not_a_claim(text: str, fig: Figure, dates: SpanIndex) -> str | None:
    """Why a figure is not a count, or None when it may be one."""
    lex = lexicon()
    if fig.kind == "percent":
        return "share"  # "30%", "100 percent": a share, not a count (conventions)
    if any(v is not None and not (abs(v) < MAX_COUNT) for v in (fig.low, fig.high, fig.best, fig.value)):
        return "not a count (too large)"
    if REPLACEMENT in text[max(0, fig.start - 1):fig.end + 1]:
        return "unreadable (an undecodable byte beside it)"  # "12\ufffd000", "\ufffd5": never split or guess
    if dates.covering(fig.core_start, fig.core_end):
        return "date"
    core = text[fig.core_start:fig.core_end]
    after = text[fig.core_end:fig.core_end + 30]
    before = text[max(0, fig.start - 20):fig.start]
    nxt = re.match(r"\s*-?\s*([A-Za-z]+)", after) or re.match(r"([A-Za-z]+)", after)
    next_word = nxt.group(1).lower() if nxt else ""
    if re.fullmatch(r"(?:19|20)\d\d", core) and fig.hedge in ("exact", "approx"):
        if next_word.rstrip("s") not in lex.people and next_word not in lex.unit_metrics:
            return "year"
    if re.fullmatch(r"\d{4}-\d\d(?:-\d\d)?", core) or re.fullmatch(r"\d{4}", core) and (
            re.match(r"-(?:0[1-9]|1[0-2])\b", text[fig.core_end:fig.core_end + 4])
                                         or re.search(r"\d{4}-$", text[max(0, fig.core_start - 5):fig.core_start])):
        return "date (a year outside the years dates are read in)"  # "0001-01-01", "9999-12": never a count
    if re.match(r"0\d", core):
        return "not a count (written with a leading zero: a code, a year or a serial number)"
    if re.fullmatch(r"\d{4}", core) and fig.hedge == "exact" and _YEAR_WORDS.search(before) \
            and next_word.rstrip("s") not in lex.people and next_word not in lex.unit_metrics:
        return "year (outside the years dates are read in)"  # "in the year 9999", "since 1850"
    if next_word in lex.time_units or re.match(r"\s*-\s*(?:year|day|month|week|hour)", after):
        return "duration"
    if next_word in lex.calibres and fig.hedge == "exact":
        return "calibre"
    if next_word in lex.multipliers or re.match(r"-?fold\b", after):
        return "multiplier"
    if re.search(r"(?:\b(?:for|in|of|out of)\s+every|\b(?:one|1)\s+(?:[A-Za-z]+\s+)?(?:in|out of))\s*$", before, re.I) \
            or re.match(r"\s*(?:to|for)\s+(?:one|1)\b", after, re.I) \
            or fig.value == 1 and re.match(r"\s*(?:[A-Za-z]+\s+){1,2}(?:(?:for|in|out of)\s+every|(?:in|out of)\s+\d)", after, re.I):
        return "ratio"  # "one soldier for every five of theirs", "one in five", "one resident in 35", "ten to one"
    if any(re.search(r"(?<![\w])" + re.escape(c) + r"\s*$", before, re.I) for c in lex.age_before) \
            or any(after.lower().lstrip().startswith(c.lstrip("-")) for c in lex.age_after):
        return "age"
    if fig.hedge == "exact" and (fig.value or 0) < 120 and re.search(r"[A-Z][\w'-]*,\s*$", before) and after.startswith(","):
        return "age"  # "Kim Jong Un, 41, visited …"
    if re.match(r"\s*(?::\d\d|[ap]\.?m\.?(?![\w])|o'clock)", after, re.I):
        return "time"
    if re.fullmatch(r"\d\d", core) and re.search(r"(?<![\d,.])\d{1,2}:$", before):
        return "time"  # the minutes of "09:40", a live blog's time stamp
    if any(before.rstrip().endswith(c) for c in lex.currency_before) or next_word in lex.currency_after:
        return "money"
    if re.search(r"(?:\bNo\.?|#|\bnumber)\s*$", before) or _before_street(after, lex.street_words):
        return "street number"
    if re.match(r"\s*(?:st|nd|rd|th)\b", after):
        return "ordinal"
    return None


def _before_street(after: str, street_words) -> bool:
    """"12 Saebyol Street": a capitalised name, then a street word."""
    m = re.match(r"\s+[A-Z][a-z]+\s+(\S+)", after)
    return bool(m) and any(m.group(1).startswith(w) for w in street_words)
