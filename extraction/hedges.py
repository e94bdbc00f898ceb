"""Hedges → intervals: "more than 6,000" → [6000, open); "25 000 to 30 000" → [25000, 30000].

Pure text functions. The table of hedge words is ``data/hedges.json``; the rules are those of
``shared/spec/conventions.md``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .numbers import Quantity
from .resources import load_json

HEDGES = ("exact", "approx", "lower_bound", "upper_bound", "range", "vague")


@dataclass(frozen=True)
class Figure:
    """A figure as the text states it, hedge included: ``source[start:end]`` is the
    ``number_text`` (``"about 12 000"``, ``"25 000 to 30 000"``)."""
    start: int
    end: int
    kind: str  # number | percent | vague
    hedge: str
    low: float | None
    high: float | None
    best: float | None
    core_start: int  # the number(s) alone, without hedge words
    core_end: int
    value: float | None = None  # the figure as written (first figure of a range)


def interval(hedge: str, n: float | None, m: float | None = None) -> tuple[float | None, float | None, float | None]:
    """(low, high, best) that a hedge implies for the figure ``n`` (and ``m`` for ranges).

    >>> interval("lower_bound", 6000)
    (6000, None, 6000)
    """
    if hedge in ("exact", "approx"):
        return n, n, n
    if hedge == "lower_bound":
        return n, None, n
    if hedge == "upper_bound":
        return None, n, n
    if hedge == "range":
        lo, hi = (n, m) if m is None or n is None or n <= m else (m, n)
        return lo, hi, None
    raise ValueError(f"unknown hedge {hedge!r}; expected one of {', '.join(HEDGES)}")


@lru_cache(maxsize=1)
def _tables():
    data = load_json("hedges.json")
    prefix = {p: h for h, ps in data["prefix"].items() for p in ps}
    # one pattern: the earliest match anchored at the end is the longest phrase
    prefix = (re.compile(r"(?:^|(?<=[^\w]))(" + "|".join(re.escape(p) for p in sorted(prefix, key=len, reverse=True))
                         + r")\s*$"), prefix)
    suffix = sorted(((p, h) for h, ps in data["suffix"].items() for p in ps), key=lambda x: -len(x[0]))
    change = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in data["change_words"]) + r")\b[^.]*$", re.IGNORECASE)
    particles = {w: frozenset(vs) for w, vs in data["particle_verbs"].items()}
    return prefix, suffix, data["range_connectors"], change, particles


@lru_cache(maxsize=1)
def _increments():
    data = load_json("hedges.json")
    words = lambda ws: "|".join(re.escape(w) for w in sorted(ws, key=len, reverse=True))  # noqa: E731 -- a one-line helper local to this table
    before = re.compile(r"(?:^|[^\w])(?:" + words(data["increment_before"]) + r")\s+(?:[a-z]+\s+)?$", re.IGNORECASE)
    after = re.compile(r"\s+(?:" + words(data["increment_after"]) + r")\b(?!\s+than\b)", re.IGNORECASE)
    return before, after


def is_increment(text: str, start: int, end: int) -> bool:
    """Whether the figure at ``start:end`` (hedge words included) is an addition to an earlier
    count: "another 3,000", "a further 1,500", "an additional estimated 800", "2,500 more
    soldiers" (but not "more than 2,500", "2,500 more than last year")."""
    before, after = _increments()
    window = text[max(0, start - 30):start].split("\n")[-1]
    return bool(before.search(window) or after.match(text[end:end + 20].split("\n")[0]))


def _prefix_hedge(text: str, start: int) -> tuple[str, int] | None:
    """The hedge written just before ``start`` and where its words begin."""
    (pattern, hedges), *_ = _tables()
    window = text[max(0, start - 40):start]
    window = window[window.rfind("\n") + 1:]  # a hedge never crosses a line or paragraph break
    m = pattern.search(window.lower())
    if not m or (m.group(1) != "~" and not window[m.end(1):]):
        return None  # a word hedge needs white space before the number ("over 6,000", not "over6,000")
    before = window[:m.start(1)].lower().split()
    if before and before[-1] in _tables()[4].get(m.group(1), ()):
        return None  # "handed over three hostages": the verb's particle, not "more than"
    return hedges[m.group(1)], start - (len(window) - m.start(1))


def _suffix_hedge(text: str, end: int) -> tuple[str, int] | None:
    _, suffix, *_ = _tables()
    window = text[end:end + 25].split("\n", 1)[0]  # nor after the figure
    low = window.lower()
    for phrase, hedge in suffix:
        if phrase == "+":
            if low.startswith("+"):
                return hedge, end + 1
            continue
        m = re.match(r"\s+" + re.escape(phrase) + r"(?![\w])", low)
        if m:
            return hedge, end + m.end()
    return None


def _range_pairs(text: str, qs: list[Quantity]) -> dict[int, int]:
    """Index pairs (i → i+1) of quantities written as one range: "25 000 to 30 000",
    "between 10,000 and 12,000", "2,000–3,000", "two or three thousand"."""
    _, _, connectors, change, _ = _tables()
    pairs = {}
    for i in range(len(qs) - 1):
        a, b = qs[i], qs[i + 1]
        if a.kind == "vague" or b.kind == "vague" or a.kind != b.kind:
            continue
        between = text[a.end:b.start].strip().lower()
        if between not in connectors or "\n" in text[a.end:b.start]:
            continue
        before = text[max(0, a.start - 12):a.start].lower().split()
        opener = before[-1] if before else ""
        if between == "and" and opener != "between":
            continue
        if opener == "from" and change.search(text[max(0, a.start - 40):a.start]):
            continue  # "rose from 600 to 2,000" is a change; "estimates range from 1,000 to 3,000" a range
        if between in ("-", "–", "—") and re.search(r"\d{4}\s*[-–—]\s*\d{2,4}$", text[a.start:b.end]) \
                and 1900 <= (a.value or 0) <= 2100:
            continue  # "2024–2025": years
        pairs[i] = i + 1
    return pairs


def _shorthand(n: float, m: float) -> float:
    """"15 to 30,000": the first figure of a range written short has the second one's thousands
    (15,000), when that puts it below the second and within ten times of it."""
    for scale in (1_000_000, 1000):
        if m % scale == 0 and n * scale <= m < n * scale * 10:
            return n * scale
    return n


def read_figures(text: str, quantities: list[Quantity]) -> list[Figure]:
    """Turn the quantities of ``text`` into figures with hedges and intervals."""
    qs = sorted(quantities, key=lambda q: q.start)
    pairs = _range_pairs(text, qs)
    out: list[Figure] = []
    skip = set()
    for i, q in enumerate(qs):
        if i in skip:
            continue
        if i in pairs:
            b = qs[pairs[i]]
            skip.add(pairs[i])
            n, m = q.value, b.value
            # "25 to 30 thousand": the scale word of the second figure is the first one's too
            if b.scaled and not q.scaled and n and m and b.base:
                factor = m / b.base
                if n * factor <= m:
                    n = n * factor
            elif n and m and n < m and n < 1000:
                n = _shorthand(n, m)
            start = q.start
            opener = re.search(r"\b(?:between|from)\s+$", text[max(0, q.start - 12):q.start], re.I)
            if opener:
                start = q.start - (len(text[max(0, q.start - 12):q.start]) - opener.start())
            pre = _prefix_hedge(text, start)
            if pre:
                start = pre[1]  # "roughly 11,000-12,000", "no more than 800 to 1,200": the words belong to the span; a range stays a range
            lo, hi, best = interval("range", n, m)
            out.append(Figure(start, b.end, q.kind, "range", lo, hi, best, q.start, b.end, n))
            continue
        if q.kind == "vague":
            out.append(Figure(q.start, q.end, "vague", "vague", q.low, q.high, None, q.start, q.end))
            continue
        hedge, start, end = "exact", q.start, q.end
        pre = _prefix_hedge(text, q.start)
        if pre:
            hedge, start = pre
        suf = _suffix_hedge(text, q.end)
        if suf and (not pre or (pre[0] == "approx" and suf[0] in ("lower_bound", "upper_bound"))):
            hedge, end = suf  # "some 3,000 or more": the bound says more than the "some"
        lo, hi, best = interval(hedge, q.value)
        out.append(Figure(start, end, q.kind, hedge, lo, hi, best, q.start, q.end, q.value))
    return out


def carry_hedge(text: str, previous: Figure, current: Figure, noun_phrase_between: bool = True) -> Figure:
    """"about 10,000 combat soldiers and 1,000 engineers": the 'about' carries over to the
    second figure of a coordination when nothing but a short noun phrase and 'and' stands
    between them (the caller, which has the parse, says whether it is a noun phrase: "Some 300
    were killed and 2,700 injured" carries nothing). Only 'about'-type hedges carry: they leave
    the interval as it is, while a carried bound ("as many as 6,000 … and 1,000") would change it
    on a guess."""
    if not noun_phrase_between or current.hedge != "exact" or previous.hedge != "approx" \
            or current.kind != "number":
        return current
    between = text[previous.core_end:current.start]
    words = between.split()
    if not words or words[-1].lower() not in ("and", "plus") or len(words) > 6 or re.search(r"[,;:.()]", between):
        return current
    lo, hi, best = interval(previous.hedge, current.value)
    return Figure(current.start, current.end, current.kind, previous.hedge, lo, hi, best,
                  current.core_start, current.core_end, current.value)
