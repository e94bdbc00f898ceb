"""How big a table is drawn: tall enough for its rows (up to a limit, then it scrolls) and its
columns sized to what they hold, narrowed together until every column fits the page. No
Streamlit: the page's table helper (dashboard/tables.py) passes these on to ``st.dataframe``.

A column's width is read from its header and its longest cells (a high percentile, so one long
outlier does not take the page); when the columns are wider than the space, the widest are cut
to one width (their cells end in "…", the whole cell shows on hover) so that the narrow ones
stay whole and every column's header is on screen."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

ROW_PX = 35  # a row of st.dataframe
HEADER_PX = 38
ROWS_SHOWN = 20  # rows drawn at once; a longer table scrolls
CHAR_PX = 7  # a character at the table's font size, on average
PAD_PX = 20  # a cell's padding
MIN_PX, MAX_PX = 50, 420  # a column's narrowest and widest
PAGE_PX = 900  # the main column at 1,400 px with the sidebar open (wide layout), less its margins
SAMPLED = 500  # rows read to size a column


@dataclass(frozen=True)
class Size:
    height: int  # px
    widths: dict[str, int]  # column → px


def size(data: pd.DataFrame, space: int = PAGE_PX, shown: dict[str, str] | None = None,
         hidden: tuple[str, ...] = ()) -> Size:
    """The height that shows ``data``'s rows (up to ``ROWS_SHOWN``) and the widths that fit its
    columns, less ``hidden``, into ``space`` px. ``shown`` names the headers a column is shown with."""
    shown = shown or {}
    wanted = {c: _wanted(data[c], shown.get(c, str(c))) for c in data.columns if c not in hidden}
    return Size(HEADER_PX + ROW_PX * min(len(data), ROWS_SHOWN) + 3, fitted(wanted, space))


def _wanted(col: pd.Series, header: str) -> int:
    cells = col.head(SAMPLED).map(lambda v: len(_text(v)))
    longest = int(cells.quantile(0.9)) if len(cells) else 0
    return int(min(MAX_PX, max(MIN_PX, CHAR_PX * max(longest, len(header)) + PAD_PX)))


def _text(v) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return ""
    if isinstance(v, float):
        return f"{v:,.2f}"
    return str(v)


def fitted(wanted: dict[str, int], space: int) -> dict[str, int]:
    """The widths ``wanted`` when they fit in ``space``; else the widest cut to one width, the
    largest at which they fit (never below ``MIN_PX``: with too many columns even for that, each
    is ``MIN_PX`` and the table scrolls)."""
    if sum(wanted.values()) <= space:
        return dict(wanted)
    ordered = sorted(wanted.values())
    left, cap = space, MIN_PX
    for i, w in enumerate(ordered):  # narrowest first: each keeps its width while the rest can share what is left
        share = left / (len(ordered) - i)
        if w > share:
            cap = max(MIN_PX, int(share))
            break
        left -= w
    return {c: min(w, cap) for c, w in wanted.items()}
