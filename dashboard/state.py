"""A run's view: the store opened (seeded on first run, re-tagged when the registry of wars
changed), the filters from the address and the sidebar, notices for dropped values, the map
selection, a page's own settings; what the pages read goes through dashboard/cached.py. The
sidebar's widgets are dashboard/sidebar.py, sign-in and the deployment's settings
dashboard/deployment.py, each page's footer dashboard/footer.py."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

from extraction.ingest import ingest_paths
from extraction.reader import article_files
from extraction.retag import retag_if_stale, stale
from extraction.snapshot import MEMORY_ENV, OutOfMemory, memory_limit
from extraction.store import Store, StoreError

from . import cached, deployment, sidebar
from .charts import colour_map
from .data import SEEDS
from .filters import (
    PARAM_NAMES,
    SETTING,
    UNKNOWN,
    Filters,
    Vocabulary,
    choose,
)
from .maps import places_from_selection
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
    # alone would be most of the store in memory. Each answer is kept per store version and view
    # (dashboard/cached.py): returning to a view, or opening a link another analyst opened, is instant.
    @property
    def _key(self) -> tuple[str, int, str]:
        return str(self.path), self.version, self.filters.query_string()

    def count(self) -> int:
        return cached.count(*self._key)

    def metric_counts(self) -> list[tuple[str, int]]:
        """(metric, claims) of the view, most claims first."""
        return cached.metric_counts(*self._key)

    def charts(self) -> dict:
        """(metric, side, war, status) → the range and the claimants' envelopes of the view's
        claims of each chart (page_sums.charts), added up by the query."""
        return cached.charts(*self._key)

    def sources(self):
        """The Sources page's numbers (claimant cells, outlet and metric links), added up by the query."""
        return cached.sources(*self._key)

    def figure_counts(self):
        """(metric, side, war, status) → the numbers the Estimates headlines give of the view's
        figures (see FigureIndex.figure_counts)."""
        return cached.figure_counts(*self._key)

    def disputes(self, metric: str):
        """The Disputes page's content for one metric of the view."""
        return cached.disputes(*self._key, metric)

    def article_names(self) -> dict[str, str]:
        """How chart rows name each article ('Yonhap, 2026-02-16'), once per store version."""
        return cached.article_names(str(self.path), self.version)

    def colours(self) -> dict[str, str]:
        """One colour per claimant for every page, by the store's order of first appearance: adding
        articles never recolours a claimant."""
        return colour_map(cached.claimants(str(self.path), self.version))

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
    ingest_paths(store, article_files(SEEDS), extractor=cached.extractor(),
                 on_file=lambda done, total, p: bar.progress(done / max(total, 1), text=f"Added {p.name} ({done}/{total})"))
    bar.empty()


def _open(path: Path):
    """The store, its version, its ReadModel and vocabulary; on a store that cannot be used, one message
    (no traceback, no file path) and the page stops."""
    opened = cached.opened_stores()
    if str(path) in opened and not Path(path).exists():
        st.error("The article store was deleted or moved while the dashboard was running; it is not made again "
                 "empty. Ask whoever runs this dashboard to restore it (or to restart the app to begin a new one).")
        st.stop()
    try:
        store = Store(path)
        opened.add(str(path))
        if store.count() == 0 and not store.read_only:
            _seed_with_progress(store)
        if not store.read_only and stale(store):  # a war added to the registry: claims follow it, not extracted again
            with st.spinner("Tagging the stored claims with the wars as the registry now lists them…"):
                if retag_if_stale(store) is None:
                    st.info("The registry of wars has changed since this store's claims were tagged; on a store this "
                            "large, run `python -m extraction retag` to tag them again.")
        version = store.version()
        if not store.read_only and cached.watching(str(path), version):  # polled in the background while visited
            cached.poller(str(path))
        return store, version, cached.model(str(path), version), *cached.vocab(str(path), version)
    except StoreError as e:
        st.error(f"The article store cannot be opened: {md(str(e))}. Ask whoever runs this dashboard to "
                 "restore the store or point the app at another (CROSSCOUNT_STORE or the store_path secret).")
        st.stop()


def prepare() -> View:
    """Load the data and draw the sidebar filters; call once per run, before the page."""
    path = deployment.store_file()
    store, version, base, vocab, months = _open(path)

    # values in the address that cannot apply: the bound widgets drop them, we say so
    adopt, again = st.session_state.pop("_adopt", ({}, 0))  # see _adopted
    for name, values in adopt.items():
        st.session_state[name] = values
    if again:
        st.session_state["_adopting"] = (adopt, again)
    raw = {k: _keys_from_address(k, vocab) for k in PARAM_NAMES}
    notices = Filters.from_params(raw, vocab).notices

    # a place picked on the map becomes the place filter of every page
    picked = [p for p in places_from_selection(st.session_state.get("map_sel")) if p in vocab["place"]]
    if picked and picked != st.session_state.get("_map_applied"):
        st.session_state["place"] = picked
    st.session_state["_map_applied"] = picked
    sidebar.draw_filters(vocab, months, raw)

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
    view.reviewer = deployment.reviewer(store)
    for n in notices:
        st.warning(md(n), icon="⚠️")
    return view


def _keys_from_address(name: str, vocab: Vocabulary, of: str | None = None) -> list[str]:
    """The values the address gives for ``name``, labels read as the values they stand for. A
    bound widget shows labels and writes them to the address, and it drops a value that is not
    one of its labels: a link made with keys (``article=<id>``, ``metric=troops_deployed``, as
    older shared links are) sets the widget's value before it is drawn."""
    of = of or name  # the choice parameter whose values it takes (``read`` takes an article)
    given = st.query_params.get_all(name)
    values = [vocab.value(of, v) for v in given]
    keyed = [v for v in given if v in vocab[of] and vocab.label(of, v) != v]
    wanted = (values[-1] if values else None) if name in SETTING else [v for v in values if v in vocab[of]]
    if keyed and st.session_state.get(name) != wanted:
        st.session_state[name] = wanted
        if name not in SETTING:  # a setting's one value is not seeded over it (see _adopted)
            st.session_state.setdefault("_adopting", ({}, 1))[0][name] = wanted
    return values


def _adopted() -> None:
    """The values set for a link with keys are set again in one more run: on a first load a bound
    widget takes the labels it knows from the address over a value set before it
    (``metric=killed&metric=casualties`` seeds only "killed", a label as well as a key); in the
    next run the value set wins. The widget does not write them back to the address bar (the
    links the pages make hold labels, so only a hand-made or older link has keys); the link in
    the footer holds the whole view."""
    adopting, runs = st.session_state.pop("_adopting", ({}, 0))
    if adopting and runs:
        st.session_state["_adopt"] = (adopting, runs - 1)
        st.rerun()


def setting(view: View, name: str, options=(), known=()) -> str | None:
    """A page's own setting from the address (``by``, ``read``): its value, with a notice when
    the address asks for one it cannot have. The notice stays until the analyst changes it (the
    bound widget drops the bad value from the address on the first run). Call before the widget."""
    value, notice = choose(name, _keys_from_address(name, view.vocab, SETTING[name].values_of or None), options, known)
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
    _adopted()  # here, once the page is known: a rerun before st.navigation opens the default page
    try:
        page.run()
    except OutOfMemory:
        st.error(f"This view needs more memory than the dashboard's queries may use ({memory_limit()}). Narrow it "
                 f"with a filter (a metric, a claimant, a month), or ask whoever runs the dashboard to raise "
                 f"{MEMORY_ENV}.")


def current() -> View:
    return st.session_state["_view"]


