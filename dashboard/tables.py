"""A table on a page with its own CSV download, formula-like cells neutralised (dashboard/export.py).
Streamlit's built-in table export is off (``client.disableDataExport`` in .streamlit/config.toml):
it wrote ``=HYPERLINK(…)`` cells of an article as they were, so every table offers this one instead."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from .export import table_csv


def table(data: pd.DataFrame, file_name: str, key: str, where=st, **kwargs):
    """``data`` as ``st.dataframe`` shows it (``kwargs`` passed on), then a small download of it
    as CSV, built only when clicked. Returns what ``st.dataframe`` returns (a selection event)."""
    shown = where.dataframe(data, **kwargs)
    if len(data):
        where.download_button("Download this table (CSV)", lambda: table_csv(data), file_name=file_name,
                              mime="text/csv", key=key, on_click="ignore", type="tertiary", icon=":material/download:")
    return shown
