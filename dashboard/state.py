"""Streamlit glue shared by every page: the cached dataset, the sidebar filters bound to the
URL, notices for dropped values, the map selection, and each page's CSV and link footer."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

import pandas as pd
import streamlit as st

from extraction import settings
from extraction.ingest import ingest_paths
from extraction.isolate import IsolatedExtractor
from extraction.reader import article_files
from extraction.reconcile import MAX_COMPARED
from extraction.retag import retag_if_stale, stale
from extraction.snapshot import MEMORY_ENV, OutOfMemory, memory_limit
from extraction.store import Store, StoreError

from . import page_sums, views
from .charts import colour_map
from .data import SEEDS, store_path
from .disputes import MAX_SHOWN, metric_disputes
from .export import claims_csv, csv_name
from .figure_index import FigureIndex
from .filters import (
    CHOICES,
    MONTHS,
    PARAM_NAMES,
    SETTING_PARAMS,
    UNKNOWN,
    Filters,
    Vocabulary,
    choose,
    describe_settings,
    is_month,
    offered,
    view_query,
)
from .maps import places_from_selection
from .page_sums import MAX_CELL_FIGURES
from .reading import ReadModel
from .safe import md


@dataclass
class View:
    path: Path
    store: Store  # opened once per run
    version: int  # the store's version this run read: the key of every per-version cache
    base: ReadModel  # that version: its snapshot, the audit trail's effect, the articles
    vocab: Vocabulary
    filters: Filters
    settings: dict = field(default_factory=dict)  # the page's own settings (by, read), for its link
    reviewer: str | None = None  # who is reviewing in this session, when review mode is on

    @property
    def articles(self) -> pd.DataFrame:
        return self.base.articles

    # a page asks for what it shows, never for every claim of a view: at a million claims that
    # alone would be most of the store in memory
    def count(self) -> int:
        return _count(str(self.path), self.version, self.filters.query_string())

    def metric_counts(self) -> list[tuple[str, int]]:
        """(metric, claims) of the view, most claims first."""
        return _metric_counts(str(self.path), self.version, self.filters.query_string())

    def charts(self) -> dict:
        """(metric, side, war, status) → the range and the claimants' envelopes of the view's
        claims of each chart (page_sums.charts), added up by the query and kept per view."""
        return _charts(str(self.path), self.version, self.filters.query_string())

    def part(self, metric: str, side: str, war: str, status: str, columns=None) -> pd.DataFrame:
        """The view's claims of one chart: a metric, side, war ("" for unknown) and status (those columns only)."""
        f = self.filters.replaced("metric", (metric,)).replaced("status", (status,))
        f = f.replaced("party", (side or UNKNOWN,)).replaced("conflict", (war or UNKNOWN,))
        return self.base.claims(f, columns)

    def head(self, n: int, columns=None) -> pd.DataFrame:
        """The view's first ``n`` claims, in the store's order."""
        return self.base.claims(self.filters, columns, limit=n)

    def text(self, article_id: str) -> str:
        return self.store.article_text(article_id) or ""

    def with_sentences(self, claims: pd.DataFrame) -> pd.DataFrame:
        return self.base.with_sentences(claims)


def _seed_with_progress(store: Store) -> None:
    """A new store gets the seed articles, with a progress bar (this loads spaCy, once)."""

    bar = st.progress(0.0, text=f"First run: adding the articles of {SEEDS.name}/ …")
    ingest_paths(store, article_files(SEEDS), extractor=extractor(),
                 on_file=lambda done, total, p: bar.progress(done / max(total, 1), text=f"Added {p.name} ({done}/{total})"))
    bar.empty()


# cache_resource, not cache_data: one shared, read-only copy for every session and rerun
# (cache_data would unpickle a fresh copy on each rerun). Pages never mutate it. The key holds the
# store's version, so any write (here or from the CLI) refreshes every page.
# building the snapshot takes a while on a large store (some 20 s at a million claims): say so
@st.cache_resource(show_spinner="Preparing the store for reading (once after each change) …", max_entries=2)
def _base(path: str, version: int) -> ReadModel:
    """The store at one version: its snapshot (built on the first visit after a write), the audit
    trail folded over the articles it touches, the articles; no claim is read until a view asks."""
    return ReadModel.load(Store(path))


@st.cache_resource(show_spinner=False, max_entries=2)
def _index(path: str, version: int) -> FigureIndex:
    """The store's figure index at one version (its parts built on the first Disputes or Estimates
    visit that needs them, beside the snapshot)."""
    return FigureIndex(_base(path, version))


@st.cache_resource(show_spinner=False, max_entries=2)
def _vocab(path: str, version: int) -> tuple[Vocabulary, list[str]]:
    return _base(path, version).vocabulary()


def _filters(path: str, version: int, query: str) -> Filters:
    return Filters.from_params(parse_qs(query), _vocab(path, version)[0])


@st.cache_resource(show_spinner=False, max_entries=64)
def _count(path: str, version: int, query: str) -> int:
    return _base(path, version).count(_filters(path, version, query))


@st.cache_resource(show_spinner=False, max_entries=64)
def _metric_counts(path: str, version: int, query: str) -> list[tuple[str, int]]:
    return _base(path, version).metric_counts(_filters(path, version, query))


@st.cache_resource(show_spinner=False, max_entries=16)  # a few hundred rows each
def _charts(path: str, version: int, query: str) -> dict:
    filters = _filters(path, version, query)
    return page_sums.charts(_base(path, version), filters, filters.date_column)


@st.cache_resource(show_spinner=False, max_entries=16)
def _sources(path: str, version: int, query: str):
    return page_sums.sources(_base(path, version), _filters(path, version, query), MAX_CELL_FIGURES + 1)


def sources(view: View):
    """The Sources page's numbers for a view (claimant cells, outlet and metric links), added up
    by the store's query and kept per view: small, whatever the number of claims."""
    return _sources(str(view.path), view.version, view.filters.query_string())


@st.cache_resource(show_spinner="Counting figures (after a change, the metrics it touches are reconciled again) …",
                   max_entries=64)
def _figure_counts(path: str, version: int, query: str):
    return _index(path, version).figure_counts(_filters(path, version, query))


def figure_counts(view: View):
    """(metric, status) → the numbers the Estimates headlines give of the view's figures
    (see FigureIndex.figure_counts), kept per view: small, whatever the number of claims."""
    return _figure_counts(str(view.path), view.version, view.filters.query_string())


def _secret(name: str) -> str | None:
    try:
        return st.secrets.get(name)
    except Exception:
        return None


def map_style() -> str:
    """The map's base style: ``$CROSSCOUNT_MAP_STYLE`` or ``map_style`` in st.secrets, else
    ``outline``, country outlines shipped with the app, which needs no internet (a tile style
    such as ``carto-positron`` needs the browser to reach its tile server)."""
    return settings.get("CROSSCOUNT_MAP_STYLE", _secret("map_style"))


@st.cache_resource(show_spinner=False, max_entries=2)
def _claimants(path: str, version: int) -> list[str]:
    return Store(path).claimants()


# two views only: at scale one metric's disagreements table alone holds tens of thousands of rows
@st.cache_resource(show_spinner=False, max_entries=2)
def _disputes(path: str, version: int, query: str, metric: str):

    index, filters = _index(path, version), _filters(path, version, query)
    # the most mentioned figures are drawn and tabled; every figure of the view is counted by the query
    mine, others = index.figures(filters, metric, MAX_COMPARED, shown=MAX_SHOWN)
    whole, per_group = index.figure_counts_by(filters, [("metric",), ("metric", "side", "war")])
    counts, groups = whole.get((metric,)), {(side, war): c for (_, side, war), c in per_group.items()}
    return metric_disputes(mine, others, metric, colour_map(_claimants(path, version)), counts, groups)


def disputes(view: View, metric: str):
    """The Disputes page's content for one metric of a view, kept per store version and view
    (the address): returning to a metric, or opening a link another analyst opened, is instant."""
    return _disputes(str(view.path), view.version, view.filters.query_string(), metric)


@st.cache_resource(show_spinner=False, max_entries=2)
def _article_names(path: str, version: int) -> dict[str, str]:
    return views.article_names(_base(path, version).articles)


def article_names(view: View) -> dict[str, str]:
    """How chart rows name each article ('Yonhap, 2026-02-16'), once per store version."""
    return _article_names(str(view.path), view.version)


def colours(view: View) -> dict[str, str]:
    """One colour per claimant for every page, by the store's order of first appearance: adding
    articles never recolours a claimant."""
    return colour_map(_claimants(str(view.path), view.version))


@st.cache_resource(show_spinner=False)
def extractor():
    """One extraction worker process shared by every session: adding an article never holds up
    the pages other analysts are reading."""
    return IsolatedExtractor()


def _open(path: Path):
    """The store, its version, its ReadModel and vocabulary; on a store that cannot be used, one message
    (no traceback, no file path) and the page stops."""
    try:
        store = Store(path)
        if store.count() == 0 and not store.read_only:
            _seed_with_progress(store)
        if not store.read_only and stale(store):  # a war added to the registry: claims follow it, not extracted again
            with st.spinner("Tagging the stored claims with the wars as the registry now lists them…"):
                if retag_if_stale(store) is None:
                    st.info("The registry of wars has changed since this store's claims were tagged; on a store this "
                            "large, run `python -m extraction retag` to tag them again.")
        version = store.version()
        return store, version, _base(str(path), version), *_vocab(str(path), version)
    except StoreError as e:
        st.error(f"The article store cannot be opened: {md(str(e))}. Ask whoever runs this dashboard to "
                 "restore the store or point the app at another (CROSSCOUNT_STORE or the store_path secret).")
        st.stop()


def prepare() -> View:
    """Load the data and draw the sidebar filters; call once per run, before the page."""
    path = store_path(_secret("store_path"))
    store, version, base, vocab, months = _open(path)

    # values in the address that cannot apply: the bound widgets drop them, we say so
    raw = {k: st.query_params.get_all(k) for k in PARAM_NAMES}
    notices = Filters.from_params(raw, vocab).notices

    # a place picked on the map becomes the place filter of every page
    picked = [p for p in places_from_selection(st.session_state.get("map_sel")) if p in vocab["place"]]
    if picked and picked != st.session_state.get("_map_applied"):
        st.session_state["place"] = picked
    st.session_state["_map_applied"] = picked
    _sidebar(vocab, months, raw)

    chosen = {k: st.session_state.get(k) for k in PARAM_NAMES}
    chosen = {k: ([v] if isinstance(v, str) else list(v or [])) for k, v in chosen.items()}
    filters = Filters.from_params(chosen, vocab)
    notices = tuple(dict.fromkeys(notices + filters.notices))
    # the widgets strip bad values from the address on the first run; keep saying what was
    # dropped until the analyst changes the filters
    if notices:
        st.session_state["_notices"] = (notices, filters.query_string())
    else:
        kept, for_query = st.session_state.get("_notices", ((), None))
        notices = kept if for_query == filters.query_string() else ()
    view = View(path=path, store=store, version=version, base=base, vocab=vocab, filters=filters)
    view.reviewer = reviewer(view)
    for n in notices:
        st.warning(md(n), icon="⚠️")
    return view


def _sidebar(vocab: Vocabulary, months: list[str], raw: dict[str, list[str]]) -> None:
    """One widget per filter parameter, bound to the address. A bound multiselect matches URL
    values against its labels, so options are the values themselves (articles by id)."""
    sb = st.sidebar
    sb.header("Filters")
    for p in CHOICES:  # an archive's 200,000 articles are not listed: the first are, and one is typed
        options, typed = offered(vocab[p.name], [*raw[p.name], *(st.session_state.get(p.name) or [])])
        sb.multiselect(p.label, options, key=p.name, bind="query-params", accept_new_options=typed,
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


def editing_off(view: View) -> str | None:
    """Why this deployment does not take corrections (a read-only store, or the setting
    ``review = "off"`` in st.secrets / ``CROSSCOUNT_REVIEW=off``), else None."""
    if view.store.read_only:
        return "the article store is read-only here"
    if settings.get("CROSSCOUNT_REVIEW", _secret("review")) == "off":
        return "reviewing is turned off for this deployment"
    return None


def _logged_in_user() -> str | None:
    try:
        if st.user.is_logged_in:  # Streamlit's built-in authentication, configured in secrets
            return st.user.get("email") or st.user.get("name")
    except Exception:
        return None
    return None


def reviewer(view: View) -> str | None:
    """Who is reviewing, when this session reviews: the logged-in user, else the name the analyst
    typed. Review mode is switched on in the sidebar, never by a link, so a viewer who opens a
    shared link does not edit by accident. None when not reviewing."""
    sb = st.sidebar
    sb.divider()
    off = editing_off(view)
    if off:
        sb.caption(f"Review: off ({off}).")
        return None
    if not sb.toggle("Review claims", key="review_mode", help="Accept, correct, reject or add claims; every change "
                     "goes into the audit trail with your name."):
        return None
    user = _logged_in_user()
    if user:
        sb.caption(f"Reviewing as {md(user)} (signed in).")
        return user
    name = sb.text_input("Your name (for the audit trail)", key="reviewer_name", max_chars=80).strip()
    if not name:
        sb.warning("Type your name to review.")
    return name or None


def setting(view: View, name: str, options=(), known=()) -> str | None:
    """A page's own setting from the address (``by``, ``read``): its value, with a notice when
    the address asks for one it cannot have. The notice stays until the analyst changes it (the
    bound widget drops the bad value from the address on the first run). Call before the widget."""
    value, notice = choose(name, st.query_params.get_all(name), options, known)
    key = f"_notice_{name}"
    if notice:
        st.session_state[key] = (notice, value)
    else:
        kept, for_value = st.session_state.get(key, (None, None))
        notice = kept if kept and st.session_state.get(name, value) == for_value else None
    if notice:
        st.warning(md(notice), icon="⚠️")
    return value


def run(page) -> None:
    """Run the chosen page; a view that needs more memory than the store's queries may use is a
    message saying what to do, not a traceback."""
    try:
        page.run()
    except OutOfMemory:
        st.error(f"This view needs more memory than the dashboard's queries may use ({memory_limit()}). Narrow it "
                 f"with a filter (a metric, a claimant, a month), or ask whoever runs the dashboard to raise "
                 f"{MEMORY_ENV}.")


def current() -> View:
    return st.session_state["_view"]


def footer(view: View, page: str) -> None:
    """The filtered claims as CSV, and the link to this view."""
    st.divider()
    q = view_query(view.filters, view.settings)
    base = ""
    try:
        base = (st.context.url or "").split("?")[0]
        if base.count("/") == 2:  # http://host:port → http://host:port/
            base += "/"
    except Exception:
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
    shown = describe_settings(view.settings)
    shown = f" ({shown})" if shown else ""
    undated = ""
    if view.filters.month("from") or view.filters.month("to"):  # said, not dropped silently
        k = view.base.undated_count(view.filters)
        what = "as-of" if view.filters.date_column == "as_of" else "publication"
        undated = f" {k} claim{'' if k == 1 else 's'} of this view without its months {'has' if k == 1 else 'have'} " \
                  f"no {what} date and {'is' if k == 1 else 'are'} left out."
    c2.markdown(f"**Link to this view:**  \nShowing {n} of {view.base.total} claims: "
                f"{md(view.filters.describe())}{md(shown)}.{md(undated)}")
    c2.code(link, language=None)
