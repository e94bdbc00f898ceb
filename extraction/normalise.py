"""Text as the rules and the parser see it. Every change keeps the length, so an offset into the
normalised text is the same offset into the article's own text, from which spans are always cut.

- Apostrophes are written ``'``; a list's bullet at the start of a line is a space.
- What no news article contains is neutralised: terminal escape sequences and control
  characters become spaces, and a run of
  more than ``MAX_PUNCT_RUN`` punctuation marks keeps its first marks and turns the rest into
  spaces (spaCy's tokenizer is quadratic on such runs: 8,000 nested ``(`` took 43 s).
"""
from __future__ import annotations

import re
import unicodedata

# right and left single quotes, the modifier letter apostrophe (ʼ), prime-like marks
APOSTROPHES = {ord(c): "'" for c in "\u2019\u2018\u02bc\u02bb\u2032\u00b4\uff07"}
CONTROLS = {i: " " for i in range(32) if chr(i) not in "\n\t"} | {0x7f: " "}
_MATCHING = APOSTROPHES | CONTROLS
MAX_PUNCT_RUN = 4
_PUNCT_RUN = re.compile(rf"[^\w\s]{{{MAX_PUNCT_RUN + 1},}}")
_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|[@-_])")  # ANSI/VT100: colours, cursor moves


def _shorten(m: re.Match) -> str:
    run = m.group(0)
    return run[:MAX_PUNCT_RUN] + " " * (len(run) - MAX_PUNCT_RUN)


def plain_apostrophes(text: str) -> str:
    """``text`` with every apostrophe written ``'`` (also for the registry's patterns)."""
    return text.translate(APOSTROPHES)


# an invisible character (a control, a zero-width space or joiner, a soft hyphen, a BOM) inside a
# figure ("3<ZWJ>,000") makes it unreadable: each becomes BROKEN, which no figure may touch, so the
# figure is left out rather than read as two (3 and 0)
BROKEN = "\ufffc"
_INVISIBLE = "\x00-\x08\x0b-\x1f\x7f\u00ad\u200b-\u200f\u2060\ufeff"
_IN_FIGURE = re.compile(rf"(?<=\d)[{_INVISIBLE}]+(?=[,. \u00a0\u202f\u2009]?\d)|(?<=\d[,.])[{_INVISIBLE}]+(?=\d)")


# a list's bullet at the start of a line ("• about 300 in Mali"): the parser reads it as a number
# and hangs the figure on it; as a space, the entry parses as the phrase it is
_BULLET = re.compile(r"(?m)^([ \t]*)[\u2022\u25e6\u25aa\u25cf\u2023\u2043\u00b7](?=[ \t])")


def for_matching(text: str) -> str:
    """``text`` with plain apostrophes, no control characters, no long punctuation runs, no list
    bullets, and any invisible character inside a figure marked ``BROKEN``."""
    text = _BULLET.sub(lambda m: m.group(1) + " ", text)
    text = _IN_FIGURE.sub(lambda m: BROKEN * len(m.group(0)), text)
    text = _ESCAPE.sub(lambda m: " " * len(m.group(0)), text)  # before its ESC becomes a space
    return _PUNCT_RUN.sub(_shorten, text.translate(_MATCHING))


def strip_accents(s: str) -> str:
    """``s`` without its accents ("Hamhŭng" → "Hamhung", "Équateur" → "Equateur")."""
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
