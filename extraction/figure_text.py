"""How figures read to people: a number ('6,000', '1.5 million'), an interval ('6,000+', 'up to
6 million', '25,000 – 30,000') and a count of figures ('5 figures from 3 independent claimants
(9 mentions in 4 articles)'). Plain text, no markup: whoever shows it escapes it."""
from __future__ import annotations

import math
from typing import Protocol


class Counts(Protocol):
    """What :func:`counts_text` reads (reconcile.FigureCounts has it)."""
    figures: int
    claimants: int
    unattributed: int
    mentions: int
    articles: int
    printed: int
    stories: int


def _missing(v) -> bool:
    try:
        return v is None or v != v or (isinstance(v, float) and math.isnan(v))
    except (TypeError, ValueError):  # pandas' NA has no truth value
        return True


def fmt(x: float | None) -> str:
    """6000 → '6,000'; 6000000 → '6 million'; 1500000 → '1.5 million'."""
    if _missing(x):
        return "?"
    if abs(x) >= 1_000_000:
        m = x / 1_000_000
        return f"{m:,.1f}".rstrip("0").rstrip(".") + " million"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.1f}"


def number_or_none(v) -> float | None:
    """A value as a float, or None when it is missing (None, NaN, pandas' NA)."""
    return None if _missing(v) else float(v)


def interval_text(low, high) -> str:
    """'6,000+' · 'up to 6 million' · '25,000 – 30,000' · '2,000'."""
    low, high = number_or_none(low), number_or_none(high)
    if low is not None and high is None:
        return f"{fmt(low)}+"
    if low is None and high is not None:
        return f"up to {fmt(high)}"
    if low == high:
        return fmt(low)
    return f"{fmt(low)} – {fmt(high)}"


def _n(k: int, word: str) -> str:
    return f"{k} {word}{'s' if k != 1 else ''}"


def counts_text(c: Counts) -> str:
    """'5 figures from 3 independent claimants and 1 unattributed figure (9 mentions in 4 articles)';
    when articles are copies of one story, each story's copies counted once: '(7 mentions in 3
    stories, 4 articles: a story's copies counted once)'."""
    text = f"{_n(c.figures, 'figure')} from {_n(c.claimants, 'independent claimant')}"
    if c.unattributed:
        text += f" and {_n(c.unattributed, 'unattributed figure')}"
    if c.stories < c.articles:
        return text + (f" ({_n(c.printed, 'mention')} in {c.stories} stor{'y' if c.stories == 1 else 'ies'}, "
                       f"{_n(c.articles, 'article')}: a story's copies counted once)")
    return text + f" ({_n(c.mentions, 'mention')} in {_n(c.articles, 'article')})"
