"""An article as safe HTML with its claims, claimants and places highlighted. Pure: the text is
untrusted, so every character of it is escaped (HTML and Markdown); only our own <mark> tags
are markup."""
from __future__ import annotations

import re

from .safe import html_text

STYLES = {"claim": "background:#ffe58a", "source": "background:#bfe3ff", "place": "background:#c8f0c8"}


def spans_for(text: str, claims, place_surfaces) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, title) of what to highlight: claim figures, the words that name
    their claimants, and every spelling of a place the article mentions."""
    out = []
    for c in claims:
        out.append((int(c["start_char"]), int(c["end_char"]), "claim", f"{c['metric']} · {c.get('hedge') or ''}"))
        s, e = _int(c.get("source_start")), _int(c.get("source_end"))
        if s is not None and e is not None:
            src = c.get("source")
            out.append((s, e, "source", src if isinstance(src, str) else ""))
    for surface in sorted(set(place_surfaces), key=len, reverse=True):
        for m in re.finditer(r"(?<![\w])" + re.escape(surface) + r"(?![\w])", text):
            out.append((m.start(), m.end(), "place", surface))
    return out


def _int(x) -> int | None:
    """An offset, or None for a missing one (None, NaN or pandas' NA)."""
    try:
        return int(x)
    except (TypeError, ValueError):
        return None


def highlight(text: str, spans: list[tuple[int, int, str, str]]) -> str:
    """HTML of ``text`` with non-overlapping ``spans`` wrapped in <mark>; earlier and longer spans
    win an overlap; newlines become <br>."""
    kept: list[tuple[int, int, str, str]] = []
    for s in sorted(spans, key=lambda x: (x[0], -(x[1] - x[0]))):
        if 0 <= s[0] < s[1] <= len(text) and all(s[1] <= k[0] or s[0] >= k[1] for k in kept):
            kept.append(s)
    kept.sort()
    parts, pos = [], 0
    for s, e, kind, title in kept:
        parts.append(html_text(text[pos:s]))
        parts.append(f'<mark class="cc-{kind}" style="{STYLES[kind]}" title="{html_text(title)}">'
                     f"{html_text(text[s:e])}</mark>")
        pos = e
    parts.append(html_text(text[pos:]))
    return "".join(parts).replace("\n", "<br>")


def legend() -> str:
    return " ".join(f'<mark style="{STYLES[k]}">{label}</mark>' for k, label in
                    (("claim", "figure"), ("source", "claimant"), ("place", "place")))
