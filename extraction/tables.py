"""Tables in an article's text, as the HTML reader writes them (one row a line, cells between
"|", the header row first, then a "|---|" rule): the header of the column a figure stands in
("| Kyiv | 12 | 87 |" under "| Region | Killed | Injured |": 12 is in "Killed"), which says what
the figure counts. Plain Python, no parse."""
from __future__ import annotations

import re

_ROW = re.compile(r"[ \t]*\|.*\|[ \t]*")
_RULE = re.compile(r"[ \t]*\|(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*")


def _lines_up(text: str, start: int):
    """(start, end) of the line holding ``start`` and of each line above it, nearest first."""
    s = text.rfind("\n", 0, start) + 1
    while True:
        e = text.find("\n", s)
        yield s, (len(text) if e < 0 else e)
        if s == 0:
            return
        s = text.rfind("\n", 0, s - 1) + 1


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def column_header(text: str, start: int, end: int) -> str | None:
    """The header of the table column whose cell is exactly the figure at ``text[start:end]``;
    None when the figure stands in no table cell of its own, or its table has no header row."""
    rows = []
    for s, e in _lines_up(text, start):
        line = text[s:e]
        if not _ROW.fullmatch(line):
            break
        rows.append((s, line))
    if len(rows) < 3 or _RULE.fullmatch(rows[0][1]):
        return None  # a row, the rule and the header above it at least; never the rule itself
    row_start, row = rows[0]
    before = row[:start - row_start]
    if before.rstrip()[-1:] != "|" or row[end - row_start:].lstrip()[:1] != "|":
        return None  # the figure is not a whole cell ("| 12 dead |")
    column = before.count("|") - 1
    # the header is the row just above the rule nearest the top of the table
    for i in range(len(rows) - 1, 0, -1):
        if _RULE.fullmatch(rows[i - 1][1]):
            header = _cells(rows[i][1])
            return header[column] if 0 <= column < len(header) and header[column] else None
    return None


def opens_table(text: str, end: int) -> bool:
    """A table's first row begins on the line after ``end`` (the end of a sentence that
    introduces it: "The figures below are as the regional administrations gave them.")."""
    nl = text.find("\n", end)
    if nl < 0 or text[end:nl].strip():
        return False
    e = text.find("\n", nl + 1)
    return bool(_ROW.fullmatch(text[nl + 1:len(text) if e < 0 else e]))
