"""The sidebar's filter widgets, one per filter parameter, bound to the address."""
from __future__ import annotations

import streamlit as st

from .filters import CHOICES, MONTHS, SETTING_PARAMS, Vocabulary, is_month, offered


def draw_filters(vocab: Vocabulary, months: list[str], raw: dict[str, list[str]]) -> None:
    """One widget per filter parameter, bound to the address. A bound multiselect writes the
    labels it shows to the address ("troops deployed", an article's title) and holds the values
    (``troops_deployed``, the article's id); the filters read either."""
    sb = st.sidebar
    sb.header("Filters")
    for p in CHOICES:  # an archive's 200,000 articles are not listed: the first are, and one is typed
        chosen = [vocab.value(p.name, v) for v in (st.session_state.get(p.name) or [])]
        options, typed = offered(vocab[p.name], [*raw[p.name], *chosen])
        sb.multiselect(p.label, options, key=p.name, bind="query-params", accept_new_options=typed,
                       format_func=lambda v, n=p.name: vocab.label(n, v),
                       help=f"{len(vocab[p.name]):,} in all; the first are listed: type one to pick another."
                       if typed else None)
    # a month in the address outside the data's range is still a month one may filter on
    month_opts = sorted(set(months) | {v for p in MONTHS for v in raw[p.name] if v and is_month(v)})
    for col, p in zip(sb.columns(len(MONTHS)), MONTHS):
        col.selectbox(p.label, month_opts, index=None, key=p.name, bind="query-params", placeholder="any")
    helps = {"date": "as-of: the date a figure refers to; published: when the article reported it",
             "claims": "reviewed: extraction with analysts' corrections (the audit trail); extracted: as the rules found them"}
    for p in SETTING_PARAMS:  # option keys are the URL values: a bound widget writes what it shows
        sb.segmented_control(p.label, p.options, default=p.options[0], key=p.name, bind="query-params",
                             help=helps.get(p.name))
