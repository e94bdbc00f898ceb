"""What the pages read, kept once per store version (and per view, keyed by its address) for
every session: Streamlit's cache_resource, not cache_data (one shared, read-only copy for every
session and rerun; cache_data would unpickle a fresh copy on each rerun). Pages never mutate
what these return. The key holds the store's version, so any write (here or from the CLI)
refreshes every page."""
from __future__ import annotations

from urllib.parse import parse_qs

import streamlit as st

from extraction import watch
from extraction.isolate import IsolatedExtractor
from extraction.reconcile import MAX_COMPARED
from extraction.store import Store
from extraction.stories import copies

from . import page_sums, views
from .charts import colour_map
from .disputes import MAX_SHOWN, metric_disputes
from .figure_index import FigureIndex
from .filters import Filters, Vocabulary
from .page_sums import MAX_CELL_FIGURES
from .reading import ReadModel


# building the snapshot takes a while on a large store (some 20 s at a million claims): say so
@st.cache_resource(show_spinner="Preparing the store for reading (once after each change) …", max_entries=2)
def model(path: str, version: int) -> ReadModel:
    """The store at one version: its snapshot (built on the first visit after a write), the audit
    trail folded over the articles it touches, the articles; no claim is read until a view asks."""
    return ReadModel.load(Store(path))


@st.cache_resource(show_spinner=False, max_entries=2)
def index(path: str, version: int) -> FigureIndex:
    """The store's figure index at one version (its parts built on the first Disputes or Estimates
    visit that needs them, beside the snapshot)."""
    return FigureIndex(model(path, version))


@st.cache_resource(show_spinner=False, max_entries=2)
def vocab(path: str, version: int) -> tuple[Vocabulary, list[str]]:
    return model(path, version).vocabulary()


def filters_of(path: str, version: int, query: str) -> Filters:
    return Filters.from_params(parse_qs(query), vocab(path, version)[0])


@st.cache_resource(show_spinner=False, max_entries=64)
def count(path: str, version: int, query: str) -> int:
    return model(path, version).count(filters_of(path, version, query))


@st.cache_resource(show_spinner=False, max_entries=64)
def metric_counts(path: str, version: int, query: str) -> list[tuple[str, int]]:
    return model(path, version).metric_counts(filters_of(path, version, query))


@st.cache_resource(show_spinner=False, max_entries=16)  # a few hundred rows each
def charts(path: str, version: int, query: str) -> dict:
    filters = filters_of(path, version, query)
    return page_sums.charts(model(path, version), filters, filters.date_column)


@st.cache_resource(show_spinner=False, max_entries=16)
def sources(path: str, version: int, query: str):
    return page_sums.sources(model(path, version), filters_of(path, version, query), MAX_CELL_FIGURES + 1)


@st.cache_resource(show_spinner="Counting figures (after a change, the metrics it touches are reconciled again) …",
                   max_entries=64)
def figure_counts(path: str, version: int, query: str):
    return index(path, version).figure_counts(filters_of(path, version, query), story_of=story_copies(path, version))


@st.cache_resource(show_spinner=False, max_entries=2)
def claimants(path: str, version: int) -> list[str]:
    return model(path, version).claimants(Store(path))


# two views only: at scale one metric's disagreements table alone holds tens of thousands of rows
@st.cache_resource(show_spinner=False, max_entries=2)
def disputes(path: str, version: int, query: str, metric: str):
    fig_index, filters = index(path, version), filters_of(path, version, query)
    # the most mentioned figures are drawn and tabled; every figure of the view is counted by the query
    mine, others = fig_index.figures(filters, metric, MAX_COMPARED, shown=MAX_SHOWN)
    story_of = story_copies(path, version)
    whole, per_group = fig_index.figure_counts_by(filters, [("metric",), ("metric", "side", "war")], story_of)
    counts, groups = whole.get((metric,)), {(side, war): c for (_, side, war), c in per_group.items()}
    return metric_disputes(mine, others, metric, colour_map(claimants(path, version)), counts, groups, story_of)


@st.cache_resource(show_spinner=False, max_entries=2)
def story_copies(path: str, version: int) -> dict[str, str]:
    """The articles that are copies of one story (extraction/stories.py), read once per version."""
    return copies(Store(path))


@st.cache_resource(show_spinner=False, max_entries=4)
def watching(path: str, version: int) -> bool:
    """Whether the store has watched sources, read once per version (adding one is a write)."""
    return bool(watch.sources(Store(path)))


@st.cache_resource(show_spinner=False, max_entries=2)
def article_names(path: str, version: int) -> dict[str, str]:
    return views.article_names(model(path, version).articles)


@st.cache_resource(show_spinner=False)
def extractor():
    """One extraction worker process shared by every session: adding an article never holds up
    the pages other analysts are reading."""
    return IsolatedExtractor()


@st.cache_resource(show_spinner=False)
def opened_stores() -> set[str]:
    """The stores this server has opened (by path): one of them missing now was deleted or moved
    while the dashboard ran, and is not made again (a first run makes and seeds a new one)."""
    return set()


@st.cache_resource(show_spinner=False)
def poller(path: str):
    """The background poller of a store's watched sources (extraction/watch.py keep_polling), one
    thread per store for this server, started by the first visit that finds sources to watch:
    pages never wait for a feed."""
    import logging  # deferred: only a store with watched sources starts a poller
    import threading  # deferred: as above
    log = logging.getLogger("crosscount.watch")
    t = threading.Thread(target=watch.keep_polling, args=(path, extractor()), kwargs={"on_error": log.warning},
                         name="crosscount-watch", daemon=True)
    t.start()
    return t
