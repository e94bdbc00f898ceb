"""Date expressions and their resolution against the publication date.

``find_dates`` finds "October 2024", "January 4, 2024", "4 January 2024", "April 26",
"In April", "in 2024", "last year", "this year", "last month", "last week", "yesterday",
"overnight", "this morning", "on Monday", "2025-03-01", "17.06.2025", and "the same day", "the
following day", "a day earlier" (the date named before them, or the day after or before it). ``resolve`` turns one into ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``
following ``shared/spec/conventions.md``: a month without a year is the most recent such month
not after the publication date; "last year" is the year before it; without a publication date
such a reference stays unresolved (None). Pure functions, no spaCy.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# The calendar's words, written once: every other module and pattern takes them from here.
MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december")
MONTH_ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
                       "sept": 9, "oct": 10, "nov": 11, "dec": 12}
MONTHS = {m: i + 1 for i, m in enumerate(MONTH_NAMES)} | MONTH_ABBREVIATIONS
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def _alternatives(words) -> str:
    """A regex alternation of capitalised words, the longest first (so "September" wins over "Sep")."""
    return "|".join(w.capitalize() for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class DateMention:
    """``text[start:end]`` names a date. ``year``/``month``/``day`` are what is written;
    ``relative`` is one of last_year, this_year, next_year, last_month, this_month, last_week,
    yesterday, today (also "overnight", "this morning"), weekday:N (0 = Monday), or None."""
    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    relative: str | None = None


_MON = rf"(?P<mon>{_alternatives(MONTHS)})\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PATTERNS = [
    # 2025-03-01
    re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)-(?P<mnum>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])(?!\d)"),
    # 17.06.2025: day first, as in Europe (a slash is left alone: "03/11/2024" is March in the US)
    re.compile(r"(?<![\d.,/])(?P<day>0?[1-9]|[12]\d|3[01])\.(?P<mnum>0?[1-9]|1[0-2])\.(?P<year>(?:19|20)\d\d)(?![\d.,/]\d)"),
    # January 4, 2024 / January 4 2024 / January 4
    re.compile(r"\b" + _MON + r"\s+(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b(?:,?\s+" + _YEAR + r"\b)?"),
    # 4 January 2024 / 4 January
    re.compile(r"\b(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MON + r"\b(?:,?\s+" + _YEAR + r"\b)?"),
    # October 2024 / October of 2024
    re.compile(r"\b" + _MON + r"\s+(?:of\s+)?" + _YEAR + r"\b"),
]
_MONTH_ALONE = re.compile(rf"\b(?P<mon>{_alternatives(MONTH_NAMES)})\b")
_YEAR_ALONE = re.compile(r"(?i:\b(?P<prep>in|since|by|until|till|before|after|during|through|of|from|early|late|mid|end of|start of|beginning of|spring|summer|autumn|fall|winter)[\s-]+(?:early\s+|late\s+|mid-?)?)(?P<year>(?:19|20)\d\d)\b(?![\d,.]\d)")
# "the 2006 war", "the 1994 genocide": a year before an event it names
_YEAR_OF_EVENT = re.compile(r"(?<![\d,.])(?P<year>(?:19|20)\d\d)(?=[ \t]+(?:war|wars|conflict|invasion|coup|election|"
                            r"genocide|offensive|earthquake|quake|uprising|revolution|ceasefire|truce|famine|floods?|"
                            r"massacre|siege|crisis)\b)")
_MONTH_OF_YEAR = re.compile(rf"\b(?P<mon>{_alternatives(MONTH_NAMES)})\s+(?:of\s+)?(?P<rel>last|this|next)\s+year\b", re.IGNORECASE)
_RELATIVE = re.compile(
    r"\b(?P<rel>(?:last|this|next|past)\s+(?:year|month|week)|(?:past|last)\s+(?:24|48|72)\s+hours|yesterday|today|"
    r"overnight(?!\s+(?:in)?to\b|\s+on\b)|tonight|"
    r"this\s+(?:morning|afternoon|evening)|"
    rf"(?:on\s+|last\s+)?(?:{_alternatives(WEEKDAYS)}))\b", re.IGNORECASE)


TODAY_WORDS = ("overnight", "tonight", "morning", "afternoon", "evening")


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def find_dates(text: str) -> list[DateMention]:
    """Every date expression in ``text``, in order, non-overlapping (longest first)."""
    found: list[DateMention] = []

    def free(s: int, e: int) -> bool:
        return all(e <= d.start or s >= d.end for d in found)

    for pat in _PATTERNS:
        for m in pat.finditer(text):
            if not free(m.start(), m.end()):
                continue
            g = m.groupdict()
            month = int(g["mnum"]) if g.get("mnum") else _month(g["mon"])
            if g.get("mon") and g["mon"].lower() == "may" and text[m.start()] == "m":
                continue  # the modal "may"
            year = int(g["year"]) if g.get("year") else None
            day = int(g["day"]) if g.get("day") else None
            found.append(DateMention(m.start(), m.end(), year, month, day))
    for m in _MONTH_OF_YEAR.finditer(text):  # "July last year", "March of this year"
        if free(m.start(), m.end()):
            found.append(DateMention(m.start(), m.end(), None, _month(m.group("mon")),
                                     relative=f"{m.group('rel').lower()}_year"))
    for m in _MONTH_ALONE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        if m.group("mon") == "May":  # "May" alone is a month only after a preposition
            before = text[max(0, m.start() - 8):m.start()].lower().split()
            if not before or before[-1] not in ("in", "since", "by", "until", "of", "early", "late", "mid", "last"):
                continue
        found.append(DateMention(m.start(), m.end(), None, _month(m.group("mon"))))
    for m in (*_YEAR_ALONE.finditer(text), *_YEAR_OF_EVENT.finditer(text)):
        s, e = m.start("year"), m.end("year")
        if free(s, e):
            found.append(DateMention(s, e, int(m.group("year"))))
    for m in _RELATIVE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        rel = " ".join(m.group("rel").lower().split())
        if rel.split()[-1] in WEEKDAYS:
            rel = f"weekday:{WEEKDAYS.index(rel.split()[-1])}"
        elif rel in TODAY_WORDS or rel.startswith("this ") and rel.split()[-1] in TODAY_WORDS:
            rel = "today"  # "overnight", "this morning": the day the article is written
        elif rel in ("past week", "past month") or rel.endswith(" hours"):
            rel = "today"  # "over the past week", "in the past 24 hours": a period that ends as the article is written
        else:
            rel = rel.replace("past ", "last ").replace(" ", "_")
        found.append(DateMention(m.start(), m.end(), relative=rel))
    found.sort(key=lambda d: d.start)
    return _same_days(text, found)


_SAME_DAY = re.compile(r"\b(?:the\s+same\s+day|that\s+(?:same\s+)?day)\b", re.IGNORECASE)


_NEXT_DAY = re.compile(r"\b(?:the\s+(?:following|next)\s+day|a\s+day\s+later|the\s+day\s+after)\b", re.IGNORECASE)
_DAY_BEFORE = re.compile(r"\b(?:(?:a|one)\s+day\s+(?:earlier|before)|the\s+(?:previous|preceding)\s+day|the\s+day\s+before)\b",
                         re.IGNORECASE)


def _same_days(text: str, found: list[DateMention]) -> list[DateMention]:
    """"… killed 12 people on the same day", "that day": the day of the date named before it;
    "the following day", "a day earlier": the day after or before it."""
    out = list(found)
    for pattern, shift in ((_SAME_DAY, 0), (_NEXT_DAY, 1), (_DAY_BEFORE, -1)):
        for m in pattern.finditer(text):
            before = [d for d in found if d.end <= m.start() and (d.day is not None or (d.relative or "").startswith(("weekday", "yesterday", "today")))]
            if before and all(m.end() <= d.start or m.start() >= d.end for d in out):
                moved = _shifted(before[-1], shift)
                if moved is not None:
                    out.append(DateMention(m.start(), m.end(), moved.year, moved.month, moved.day, moved.relative))
    out.sort(key=lambda d: d.start)
    return out


def _shifted(d: DateMention, days: int) -> DateMention | None:
    """The day ``days`` after ``d`` (a calendar day, or a weekday counted back from publication)."""
    if days == 0:
        return d
    if (d.relative or "").startswith("weekday:"):
        return DateMention(d.start, d.end, relative=f"weekday:{(int(d.relative.split(':')[1]) + days) % 7}")
    if d.relative in ("yesterday", "today"):
        rel = {("yesterday", 1): "today", ("today", -1): "yesterday"}.get((d.relative, days))
        return DateMention(d.start, d.end, relative=rel) if rel else None
    if d.month is None or d.day is None:
        return None
    try:
        moved = dt.date(d.year or 2000, d.month, d.day) + dt.timedelta(days=days)  # 2000: a leap year, for February 29
    except ValueError:
        return None
    return DateMention(d.start, d.end, d.year and moved.year, moved.month, moved.day)


# a live blog's time stamp: a line that starts with a time of day ("09:40 —", "11.05 GMT", "08:15"
# alone on its line), maybe after an HTML tag
_STAMP = re.compile(r"(?m)^[ \t]*(?:<[^>]{1,80}>[ \t]*)*(?P<t>(?:[01]?\d|2[0-3])[:.][0-5]\d(?:[ \t]*(?:GMT|UTC|BST|CET|CEST|"
                    r"EET|EEST|MSK|[ap]\.?m\.?))?)[ \t]*(?:[\u2014\u2013-][ \t]|[\u2014\u2013-]?$|<)")
LIVE_BLOG_STAMPS = 2  # time stamps at the start of lines that make a text a live blog


def live_blog_days(text: str) -> list[DateMention]:
    """A live blog's entries: each time stamp as the day it was written, the day of publication
    (``relative`` today); none unless ``LIVE_BLOG_STAMPS`` lines or more start with one."""
    found = [DateMention(m.start("t"), m.end("t"), relative="today") for m in _STAMP.finditer(text)]
    return found if len(found) >= LIVE_BLOG_STAMPS else []


def resolve(d: DateMention, published: dt.date | None) -> str | None:
    """The date a mention refers to, as precisely as written; None when it needs a
    publication date that is unknown (or one so near the calendar's ends that it has no such day)."""
    try:
        return _resolve(d, published)
    except (OverflowError, ValueError):
        return None


def _resolve(d: DateMention, published: dt.date | None) -> str | None:
    if d.relative:
        if published is None:
            return None
        rel = d.relative
        if d.month is not None and rel.endswith("_year"):  # "July last year"
            year = published.year + {"last_year": -1, "this_year": 0, "next_year": 1}[rel]
            return f"{year:04d}-{d.month:02d}"
        if rel == "last_year":
            return f"{published.year - 1:04d}"
        if rel == "this_year":
            return f"{published.year:04d}"
        if rel == "next_year":
            return f"{published.year + 1:04d}"
        if rel == "this_month":
            return f"{published.year:04d}-{published.month:02d}"
        if rel == "last_month":
            y, mo = (published.year, published.month - 1) if published.month > 1 else (published.year - 1, 12)
            return f"{y:04d}-{mo:02d}"
        if rel == "last_week":
            d7 = published - dt.timedelta(days=7)
            return f"{d7.year:04d}-{d7.month:02d}"
        if rel == "next_week":
            d7 = published + dt.timedelta(days=7)
            return f"{d7.year:04d}-{d7.month:02d}"
        if rel == "yesterday":
            return (published - dt.timedelta(days=1)).isoformat()
        if rel == "today":
            return published.isoformat()
        if rel.startswith("weekday:"):
            wd = int(rel.split(":")[1])
            back = (published.weekday() - wd) % 7
            return (published - dt.timedelta(days=back)).isoformat()
        return None
    year = d.year
    if year is None:
        if d.month is None or published is None:
            return None
        year = published.year
        if (d.month, d.day or 0) > (published.month, published.day):
            year -= 1  # the most recent such month (or day) not after publication
    if d.month is None:
        return f"{year:04d}"
    if d.day is None:
        return f"{year:04d}-{d.month:02d}"
    try:
        return dt.date(year, d.month, d.day).isoformat()
    except ValueError:
        return f"{year:04d}-{d.month:02d}"


PUBLISHED_YEARS = (1900, 2100)  # a publication date outside these years is no date of a news article


def parse_published(value: str | None) -> dt.date | None:
    """``YYYY-MM-DD`` (or a datetime string starting with it) with a year in ``PUBLISHED_YEARS``
    → date; anything else → None."""
    if not value:
        return None
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", str(value))
    if not m or not PUBLISHED_YEARS[0] <= int(m.group(1)) <= PUBLISHED_YEARS[1]:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def published_problem(value: str) -> str:
    """Why ``value`` is not a usable publication date."""
    lo, hi = PUBLISHED_YEARS
    return f"publication date {value!r} is not a date as YYYY-MM-DD with a year from {lo} to {hi}"
