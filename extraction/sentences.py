"""A fast rule-based sentence splitter (no model): lines are paragraphs; inside a line a
sentence ends at . ! or ? (and closing quotes) before white space and a capital letter, digit or
opening quote, except after common abbreviations and initials."""
from __future__ import annotations

import re

from .resources import load_json

ABBREVIATIONS = frozenset(load_json("sentences.json")["abbreviations"])
_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, white space trimmed, in order."""
    out = []
    for para in re.finditer(r"[^\n]+", text):
        p0, line = para.start(), para.group(0)
        start = 0
        for m in _END.finditer(line):
            word = re.search(r"([\w.]+)[.!?]*[\"”’')\]]*$", line[start:m.end()])
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
            trimmed.append((s + ls, s + rs))
    return trimmed
