"""A table on a page with its own CSV download, formula-like cells neutralised (dashboard/export.py).
Streamlit's built-in table export is off (``client.disableDataExport`` in .streamlit/config.toml):
it wrote ``=HYPERLINK(…)`` cells of an article as they were, so every table offers this one instead."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from .export import table_csv
from .table_size import PAGE_PX, size


def table(data: pd.DataFrame, file_name: str, key: str, where=st, space: int = PAGE_PX, **kwargs):
    """``data`` as ``st.dataframe`` shows it (``kwargs`` passed on), sized to show its rows and
    every column in ``space`` px (:func:`sized`), then a small download of it as CSV, built only
    when clicked. Returns what ``st.dataframe`` returns (a selection event)."""
    shown = where.dataframe(data, **sized(data, kwargs.pop("column_config", None), space), **kwargs)
    if len(data):
        where.download_button("Download this table (CSV)", lambda: table_csv(data), file_name=file_name,
                              mime="text/csv", key=key, on_click="ignore", type="tertiary", icon=":material/download:")
    return shown


def sized(data: pd.DataFrame, column_config: dict | None = None, space: int = PAGE_PX) -> dict:
    """``st.dataframe``'s ``height`` and ``column_config`` for ``data``: tall enough for its rows,
    each column as wide as it needs, narrowed together to fit ``space`` (dashboard/table_size.py).
    A column the caller hides (``None``) stays hidden; its label and type are kept."""
    config = dict(column_config or {})
    hidden = tuple(c for c, v in config.items() if v is None)
    shown = {c: (v if isinstance(v, str) else v.get("label") or c) for c, v in config.items() if v is not None}
    fit = size(data, space, shown, hidden)
    for c, px in fit.widths.items():
        v = config.get(c)
        config[c] = {**(v if isinstance(v, dict) else {"label": v} if isinstance(v, str) else {}), "width": px}
    return {"height": fit.height, "column_config": config}
