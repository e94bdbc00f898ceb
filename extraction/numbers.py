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

from .dates import MONTH_NAMES
from .lexicon import lexicon
from .resources import load_json
from .spans import SpanIndex


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


_SCALE_AFTER = r"(?:(?:\s*|-)(?P<scale>thousand|million|billion|mln|bn)\b|(?P<k>k)\b)?"
_PERCENT = r"(?:\s?(?P<pct>%|percent\b|per\s+cent\b))?"
# Digits: 12,000 / 12 000 (space, no-break or thin space) / 12.000 / 1.5 / 14000.
# Not inside identifiers such as KN-23, Su-27, G7, 1st.
_DIGITS = re.compile(
    r"(?<![A-Za-z\d\ufffc])(?<![A-Za-z]-)(?<![\d\ufffc][.,])(?<!\ufffc[ \u00a0])"
    r"(?P<num>\d{1,3},\d{1,2}(?=(?:\s*|-)(?:thousand|million|billion|mln|bn)\b)"  # "1,2 million": a decimal comma
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)"
    r"|\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?![\d,.]\d)(?!\d)"
    r"|\d{1,3}(?:\.\d{3})+(?![\d,])"
    r"|\d+(?:\.\d+)?(?![\d]))"
    + _SCALE_AFTER + _PERCENT +
    r"(?![A-Za-z\d\ufffc])(?![.,]?\ufffc)", re.IGNORECASE)  # \ufffc: normalise.BROKEN, a figure made unreadable

_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


def parse_digits(num: str, scaled: bool = False) -> float:
    """``'12,000'`` → 12000; ``'12 000'`` → 12000; ``'12.000'`` → 12000 (European grouping,
    unless a scale word follows: ``'1.500 million'`` is 1.5 million); ``'1.5'`` → 1.5; ``'1,2'``
    before a scale word → 1.2 (a decimal comma: ``'1,2 million'``)."""
    s = re.sub(r"[ \u00a0\u202f\u2009]", "", num)
    if scaled and re.fullmatch(r"\d{1,3},\d{1,2}", s):
        return float(s.replace(",", "."))  # "1,2 million": a decimal comma, as a scale word shows
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
            if before and before[-1].strip(",.") in MONTH_NAMES:
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


class _WordReader:
    """Number words of a text, read left to right: each ``_read_*`` tries one form at word ``i``
    and returns (quantity or None, the next word index) or None when the form does not start there."""

    def __init__(self, text: str, taken: list[tuple[int, int]]):
        data, self.units, self.tens, self.scales = _lexicon()
        self.text, self.taken, self.bases = text, SpanIndex(taken), data["vague_bases"]
        self.words = [(m.start(), m.end(), m.group(0).lower()) for m in _WORD.finditer(text)]
        self.numberish = set(self.units) | set(self.tens) | set(self.scales) | {"dozen", "hundred"}
        self.vague = sorted(((p.split(), tuple(v)) for p, v in data["vague"].items()), key=lambda x: -len(x[0]))
        self.mults = sorted(((p.split(), tuple(v)) for p, v in data["vague_multipliers"].items()), key=lambda x: -len(x[0]))
        self.starters = self.numberish | {p[0] for p, _ in self.vague} | {p[0] for p, _ in self.mults} | {"a", "half"}

    def is_num_word(self, w: str) -> bool:
        if w in self.numberish:
            return True
        parts = w.split("-")
        return len(parts) == 2 and parts[0] in self.tens and parts[1] in self.units

    def overlaps(self, a: int, b: int) -> bool:
        return bool(self.taken.overlapping(a, b))

    def adjacent(self, i: int, j: int) -> bool:  # words i and j separated by white space only
        return self.text[self.words[i][1]:self.words[j][0]].strip() == ""

    def _phrase_at(self, i: int, phrase: list[str]) -> bool:
        n = len(phrase)
        return [x[2] for x in self.words[i:i + n]] == phrase and all(self.adjacent(k, k + 1) for k in range(i, i + n - 1))

    def _quantity(self, i: int, j: int, kind: str, value=None, **kw) -> Quantity:
        s, end = self.words[i][0], self.words[j - 1][1]
        return Quantity(s, end, self.text[s:end], kind, value, words=True, **kw)

    def read(self) -> list[Quantity]:
        out, i, words = [], 0, self.words
        while i < len(words):
            s, e, w = words[i]
            if (w not in self.starters and not ("-" in w and self.is_num_word(w))) or self.overlaps(s, e):
                i += 1
                continue
            for form in (self._read_multiplied, self._read_vague, self._read_half, self._read_run):
                hit = form(i, w)
                if hit is not None:
                    q, i = hit
                    if q is not None:
                        out.append(q)
                    break
            else:
                i += 1
        return out

    def _read_multiplied(self, i: int, w: str):
        """"several dozen", "a few thousand"."""
        for phrase, (lo_m, hi_m) in self.mults:
            n = len(phrase)
            if i + n < len(self.words) and self._phrase_at(i, phrase) and self.words[i + n][2] in self.bases \
                    and self.adjacent(i + n - 1, i + n):
                base = self.bases[self.words[i + n][2]]
                return self._quantity(i, i + n + 1, "vague", low=float(lo_m * base), high=float(hi_m * base)), i + n + 1
        return None

    def _read_vague(self, i: int, w: str):
        """"tens of thousands", "thousands", "dozens"."""
        for phrase, (lo, hi) in self.vague:
            if self._phrase_at(i, phrase):
                n = len(phrase)
                return self._quantity(i, i + n, "vague", low=float(lo), high=None if hi is None else float(hi)), i + n
        return None

    def _read_half(self, i: int, w: str):
        """"half a million"."""
        words = self.words
        if w == "half" and i + 2 < len(words) and words[i + 1][2] == "a" and words[i + 2][2] in self.scales \
                and self.adjacent(i, i + 1) and self.adjacent(i + 1, i + 2):
            return self._quantity(i, i + 3, "number", 0.5 * self.scales[words[i + 2][2]], scaled=True), i + 3
        return None

    def _read_run(self, i: int, w: str):
        """A run of number words: "three thousand", "twenty-five", "a dozen", "a hundred"; a lone
        "one" ("one of them") is no figure."""
        words, scales = self.words, self.scales
        if not (self.is_num_word(w) or (w == "a" and i + 1 < len(words) and words[i + 1][2] in ("dozen", "hundred", *scales)
                                        and self.adjacent(i, i + 1))):
            return None
        j = i + 1
        while j < len(words) and self.adjacent(j - 1, j) and (
                self.is_num_word(words[j][2]) or (words[j][2] == "and" and j + 1 < len(words)
                                                  and self.is_num_word(words[j + 1][2]) and words[j - 1][2] == "hundred")):
            j += 1
        run = [x[2] for x in words[i:j]]
        value = _word_value(run)
        if value is None or self.overlaps(words[i][0], words[j - 1][1]):
            return None, j
        scaled = any(x in scales or x in ("hundred", "dozen") for x in run)
        if value == 1 and not scaled:
            # a lone "one" of a person ("one civilian was killed") is a figure of its own kind, a
            # count only of a toll or a capture (claims.py); never "one of them", "no one"
            one = run == ["one"] and _one_person(self.text, words[j - 1][1], self.text[max(0, words[i][0] - 12):words[i][0]])
            return (self._quantity(i, j, "one", value) if one else None), j
        base = _word_value(run[:-1]) if len(run) > 1 and run[-1] in scales else value
        return self._quantity(i, j, "number", value, scaled=scaled, base=base), j


LONE_ONE = re.compile(r"\s+(?:[A-Z][\w'-]*\s+)?([a-z]+)\b")  # "one civilian", "one Azerbaijani civilian"
ONE_OF = re.compile(r"\s+of\s+(?:its|their|his|her|our|the)\s+(?:[\w-]+\s+){0,3}?([a-z]+s)\b")  # "one of its … officers"
NOT_ONE = re.compile(r"\b(?:no|any|every|each|the|which|this|that)\s*$", re.IGNORECASE)  # "no one", "the one person who"


def _one_person(text: str, end: int, before: str) -> bool:
    """A lone "one" (ending at ``end``) counts a person: a person noun follows it (maybe after a
    nationality), or "of its officers" does, and no "no", "any", "the" … stands before it."""
    m = ONE_OF.match(text, end)  # "(and that) one of its special forces officers had died": one of the persons named
    if m is not None and m.group(1)[:-1] in lexicon().humans:
        return not re.search(r"\b(?:no|any|every|each)\s*$", before, re.IGNORECASE)
    m = LONE_ONE.match(text, end)
    return m is not None and m.group(1) in lexicon().humans and m.group(1) not in _lexicon()[0]["collectives"] \
        and not NOT_ONE.search(before)


def _word_quantities(text: str, taken: list[tuple[int, int]]) -> list[Quantity]:
    return _WordReader(text, taken).read()


def find_quantities(text: str) -> list[Quantity]:
    """Every numeric expression in ``text``, in order, non-overlapping."""
    digits = _digit_quantities(text)
    taken = [(q.start, q.end) for q in digits]
    found = digits + _word_quantities(text, taken)
    found.sort(key=lambda q: q.start)
    return found
