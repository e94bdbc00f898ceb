"""Read numbers as people write them: ``12 000``, ``12,000``, ``12.000``, ``3 thousand``,
``1.5 million``, ``three thousand``, ``a dozen``, ``half a million``, ``thousands``,
``several dozen``.

Pure text functions, no spaCy. :func:`find_quantities` returns every numeric expression in a
text with its character span; deciding whether one is a *claim* happens elsewhere.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .resources import load_json

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")


@dataclass(frozen=True)
class Quantity:
    """One numeric expression: ``text == source[start:end]``.

    ``kind`` is ``number`` (a figure, ``value`` set), ``percent`` (a share, ``value`` set) or
    ``vague`` (``thousands``: ``low``/``high`` set, ``value`` None).
    ``scaled`` says a scale word (thousand, million…) was part of it.
    """
    start: int
    end: int
    text: str
    kind: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    scaled: bool = False
    words: bool = False  # written in words ("three thousand") rather than digits
    base: float | None = None  # the figure before its scale word: 30 in "30 thousand"


@lru_cache(maxsize=1)
def _lexicon():
    data = load_json("numbers.json")
    units = dict(data["units"])
    tens = dict(data["tens"])
    scales = {k: v for k, v in data["scales"].items() if k not in ("k", "mln", "bn")}
    return data, units, tens, scales


_SCALE_AFTER = r"(?:\s*(?P<scale>thousand|million|billion|mln|bn)\b|(?P<k>k)\b)?"
_PERCENT = r"(?:\s?(?P<pct>%|percent\b|per\s+cent\b))?"
# Digits: 12,000 / 12 000 (space, no-break or thin space) / 12.000 / 1.5 / 14000.
# Not inside identifiers such as KN-23, Su-27, G7, 1st.
_DIGITS = re.compile(
    r"(?<![A-Za-z\d])(?<![A-Za-z]-)(?<![\d][.,])"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)"
    r"|\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?![\d,.]\d)(?!\d)"
    r"|\d{1,3}(?:\.\d{3})+(?![\d,])"
    r"|\d+(?:\.\d+)?(?![\d]))"
    + _SCALE_AFTER + _PERCENT +
    r"(?![A-Za-z\d])", re.IGNORECASE)

_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


def parse_digits(num: str, scaled: bool = False) -> float:
    """``'12,000'`` → 12000; ``'12 000'`` → 12000; ``'12.000'`` → 12000 (European grouping,
    unless a scale word follows: ``'1.500 million'`` is 1.5 million); ``'1.5'`` → 1.5."""
    s = re.sub(r"[ \u00a0\u202f\u2009]", "", num)
    if "," in s:
        return float(s.replace(",", ""))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", s) and not scaled:
        return float(s.replace(".", ""))
    return float(s)


def _scale_value(word: str | None) -> int:
    if not word:
        return 1
    data, *_ = _lexicon()
    return data["scales"][word.lower()]


def _digit_quantities_at(text: str, start: int, end: int) -> list[Quantity]:
    """The figures in ``text[start:end]`` (offsets kept relative to ``text``)."""
    return [Quantity(q.start + start, q.end + start, q.text, q.kind, q.value, q.low, q.high, q.scaled,
                     base=q.base) for q in _digit_quantities(text[start:end])]


def _digit_quantities(text: str) -> list[Quantity]:
    out = []
    for m in _DIGITS.finditer(text):
        num = m.group("num")
        # "March 12 300 soldiers": a space-grouped figure right after a month is a day + count
        if re.search(r"\s", num):
            before = text[max(0, m.start() - 12):m.start()].lower().split()
            if before and before[-1].strip(",.") in MONTHS:
                day = num.split()[0]
                out.append(Quantity(m.start(), m.start() + len(day), day, "number", parse_digits(day)))
                rest_start = m.start() + len(day) + (len(num[len(day):]) - len(num[len(day):].lstrip()))
                out.extend(q for q in _digit_quantities_at(text, rest_start, m.end()))
                continue
        scale_word = m.group("scale") or m.group("k")
        scaled = bool(scale_word)
        value = parse_digits(num, scaled) * _scale_value(scale_word)
        kind = "percent" if m.group("pct") else "number"
        out.append(Quantity(m.start(), m.end(), m.group(0), kind, value, scaled=scaled,
                            base=parse_digits(num, scaled)))
    return out


def _word_value(words: list[str]) -> float | None:
    """Value of a run of number words (``['twenty-five', 'thousand']`` → 25000), None if the
    run is not a number."""
    _, units, tens, scales = _lexicon()
    total, current, seen = 0, 0, False
    for w in words:
        parts = w.split("-")
        if len(parts) == 2 and parts[0] in tens and parts[1] in units:
            current += tens[parts[0]] + units[parts[1]]
        elif w in units:
            current += units[w]
        elif w in tens:
            current += tens[w]
        elif w == "a" and not seen:
            current += 1
        elif w == "dozen":
            current = (current or 1) * 12
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in scales:
            total += (current or 1) * scales[w]
            current = 0
        elif w == "and":
            continue
        else:
            return None
        seen = True
    return float(total + current) if seen else None


def _word_quantities(text: str, taken: list[tuple[int, int]]) -> list[Quantity]:
    data, units, tens, scales = _lexicon()
    vague = data["vague"]
    mults = data["vague_multipliers"]
    bases = data["vague_bases"]
    words = [(m.start(), m.end(), m.group(0).lower()) for m in _WORD.finditer(text)]
    numberish = set(units) | set(tens) | set(scales) | {"dozen", "hundred"}

    def is_num_word(w: str) -> bool:
        if w in numberish:
            return True
        parts = w.split("-")
        return len(parts) == 2 and parts[0] in tens and parts[1] in units

    def overlaps(a: int, b: int) -> bool:
        return any(a < e and s < b for s, e in taken)

    def adjacent(i: int, j: int) -> bool:  # words i and j separated by white space only
        return text[words[i][1]:words[j][0]].strip() == ""

    out: list[Quantity] = []
    vague_phrases = sorted(((p.split(), tuple(v)) for p, v in vague.items()), key=lambda x: -len(x[0]))
    mult_phrases = sorted(((p.split(), tuple(v)) for p, v in mults.items()), key=lambda x: -len(x[0]))
    starters = numberish | {p[0] for p, _ in vague_phrases} | {p[0] for p, _ in mult_phrases} | {"a", "half"}
    i = 0
    while i < len(words):
        s, e, w = words[i]
        if w not in starters and not ("-" in w and is_num_word(w)):
            i += 1
            continue
        if overlaps(s, e):
            i += 1
            continue
        matched = False
        # "several dozen", "a few thousand"
        for phrase, (lo_m, hi_m) in mult_phrases:
            n = len(phrase)
            if i + n < len(words) and [x[2] for x in words[i:i + n]] == phrase \
                    and words[i + n][2] in bases and all(adjacent(k, k + 1) for k in range(i, i + n)):
                base = bases[words[i + n][2]]
                end = words[i + n][1]
                out.append(Quantity(s, end, text[s:end], "vague", low=float(lo_m * base),
                                    high=float(hi_m * base), words=True))
                i += n + 1
                matched = True
                break
        if matched:
            continue
        # "tens of thousands", "thousands", "dozens"
        for phrase, (lo, hi) in vague_phrases:
            n = len(phrase)
            if [x[2] for x in words[i:i + n]] == phrase and all(adjacent(k, k + 1) for k in range(i, i + n - 1)):
                # "thousands" directly after a number word is not vague ("two thousands" is rare; skip)
                end = words[i + n - 1][1]
                out.append(Quantity(s, end, text[s:end], "vague", low=float(lo),
                                    high=None if hi is None else float(hi), words=True))
                i += n
                matched = True
                break
        if matched:
            continue
        # "half a million"
        if w == "half" and i + 2 < len(words) and words[i + 1][2] == "a" and words[i + 2][2] in scales \
                and adjacent(i, i + 1) and adjacent(i + 1, i + 2):
            end = words[i + 2][1]
            out.append(Quantity(s, end, text[s:end], "number", 0.5 * scales[words[i + 2][2]],
                                scaled=True, words=True))
            i += 3
            continue
        # a run of number words: "three thousand", "twenty-five", "a dozen", "a hundred"
        if is_num_word(w) or (w == "a" and i + 1 < len(words) and words[i + 1][2] in ("dozen", "hundred", *scales)
                              and adjacent(i, i + 1)):
            j = i + 1
            while j < len(words) and adjacent(j - 1, j) and (
                    is_num_word(words[j][2]) or (words[j][2] == "and" and j + 1 < len(words)
                                                 and is_num_word(words[j + 1][2]) and words[j - 1][2] == "hundred")):
                j += 1
            run = [x[2] for x in words[i:j]]
            value = _word_value(run)
            end = words[j - 1][1]
            if value is not None and not overlaps(s, end):
                scaled = any(x in scales or x in ("hundred", "dozen") for x in run)
                # a lone "one" ("one of them") is not a figure
                if not (value == 1 and not scaled):
                    base = _word_value(run[:-1]) if len(run) > 1 and run[-1] in scales else value
                    out.append(Quantity(s, end, text[s:end], "number", value, scaled=scaled, words=True,
                                        base=base))
            i = j
            continue
        i += 1
    return out


def find_quantities(text: str) -> list[Quantity]:
    """Every numeric expression in ``text``, in order, non-overlapping."""
    digits = _digit_quantities(text)
    taken = [(q.start, q.end) for q in digits]
    found = digits + _word_quantities(text, taken)
    found.sort(key=lambda q: q.start)
    return found
