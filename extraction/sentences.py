"""A fast rule-based sentence splitter (no model): lines are paragraphs; inside a line a
sentence ends at . ! or ? (and closing quotes) before white space and a capital letter, digit or
opening quote, except after common abbreviations and initials. A sentence longer than
``MAX_SENTENCE`` characters (no news sentence is) is cut at white space, so that the parser
never sees an unbounded span. Linear in the text's length."""
from __future__ import annotations

import re

from .resources import load_json

ABBREVIATIONS = frozenset(load_json("sentences.json")["abbreviations"])
MAX_SENTENCE = 1000
WORD_WINDOW = 60  # characters before a full stop in which its word is read
_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
_LAST_WORD = re.compile(r"([\w.]+)[.!?]*[\"”’')\]]*$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, white space trimmed, in order."""
    out = []
    for para in re.finditer(r"[^\n]+", text):
        p0, line = para.start(), para.group(0)
        start = 0
        for m in _END.finditer(line):
            word = _LAST_WORD.search(line, max(start, m.end() - WORD_WINDOW), m.end())
            token = word.group(1).lower().rstrip(".") if word else ""
            if token in ABBREVIATIONS or re.fullmatch(r"[a-z]", token):
                continue
            out.append((p0 + start, p0 + m.end()))
            start = m.end()
        out.append((p0 + start, p0 + len(line)))
    trimmed = []
    for s, e in out:
        seg = text[s:e]
        ls = len(seg) - len(seg.lstrip())
        rs = len(seg.rstrip())
        if rs > ls:
            trimmed.extend(_bounded(text, s + ls, s + rs))
    return trimmed


def _bounded(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """``text[s:e]`` in pieces of at most ``MAX_SENTENCE`` characters, cut at white space where
    there is some in the second half of a piece."""
    out = []
    while e - s > MAX_SENTENCE:
        cut = text.rfind(" ", s + MAX_SENTENCE // 2, s + MAX_SENTENCE)
        cut = cut if cut > s else s + MAX_SENTENCE
        out.append((s, cut))
        s = cut
        while s < e and text[s].isspace():
            s += 1
    if e > s:
        out.append((s, e))
    return out
