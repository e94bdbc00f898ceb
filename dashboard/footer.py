"""Each page's footer: the view's claims as CSV, and the link to this view."""
from __future__ import annotations

import streamlit as st

from .export import claims_csv, csv_name
from .filters import describe_settings, view_query
from .safe import md
from .state import View


def footer(view: View, page: str) -> None:
    """The filtered claims as CSV, and the link to this view."""
    st.divider()
    q = view_query(view.filters, view.settings, view.vocab)
    base = ""
    try:
        base = (st.context.url or "").split("?")[0]
        if base.count("/") == 2:  # http://host:port → http://host:port/
            base += "/"
    except Exception:  # no browser context (tests, bare mode)
        base = ""
    link = f"{base}?{q}" if q else (base or f"/{'' if page == 'estimates' else page}")
    c1, c2 = st.columns([1, 3])
    n = view.count()
    # a callable is run only when the button is clicked: no CSV is built (nor its claims read) on
    # an ordinary rerun
    name = csv_name(v for vs in view.filters.to_params().values() for v in vs)
    data, filters = view.base, view.filters
    c1.download_button(f"Download {n} claim{'' if n == 1 else 's'} (CSV)",
                       lambda: claims_csv(data.with_sentences(data.claims(filters))), file_name=name,
                       mime="text/csv", key=f"csv_{page}", on_click="ignore")
    shown = describe_settings(view.settings, view.vocab)
    shown = f" ({shown})" if shown else ""
    undated = ""
    if view.filters.month("from") or view.filters.month("to"):  # said, not dropped silently
        k = view.base.undated_count(view.filters)
        what = "as-of" if view.filters.date_column == "as_of" else "publication"
        undated = f" {k} claim{'' if k == 1 else 's'} of this view without its months {'has' if k == 1 else 'have'} " \
                  f"no {what} date and {'is' if k == 1 else 'are'} left out."
    c2.markdown(f"**Link to this view:**  \nShowing {n} of {view.base.total} claims: "
                f"{md(view.filters.describe(view.vocab))}{md(shown)}.{md(undated)}")
    c2.code(link, language=None)
