"""What each page shows, computed from the tables and the filters: joins, aggregates and links.
Pure: pandas, no Streamlit; the pages only draw what these return."""
from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd

from extraction.confidence import confidence
from extraction.figure_text import interval_text
from extraction.lexicon import metric_name

from .filters import UNATTRIBUTED, Filters, Vocabulary, distinct_labels

EVIDENCE_COLUMNS = ["number_text", "interval", "metric", "status", "claimant", "as_of", "published", "outlet", "places",
                    "review", "confidence", "article", "sentence", "open", "article_id"]
TITLE_CHARS = 40  # of a title that stands in for an unknown outlet
LABEL_CHARS = 80  # of a title in a filter or the reader


def place_table(places: pd.DataFrame) -> pd.DataFrame:
    """One row per place: kind, mentions over all articles, articles naming it; most mentioned first.
    ``places`` are rows per article, or already one per place (with ``articles``)."""
    if "articles" in places.columns:
        return places[["name", "kind", "mentions", "articles"]].sort_values("mentions", ascending=False)
    t = places.groupby(["name", "kind"], as_index=False).agg(mentions=("mentions", "sum"), articles=("article_id", "nunique"))
    return t.sort_values("mentions", ascending=False)


def article_listing(articles: pd.DataFrame, claims, filters: Filters) -> pd.DataFrame:
    """The articles in view with how many of the filtered claims each holds; ``claims`` are the
    view's claims, or already their count per article (as the store's query gives it)."""
    counts = claims.groupby("article_id").size().to_dict() if isinstance(claims, pd.DataFrame) else claims
    arts = articles[articles["article_id"].isin(set(counts))] if filters.active else articles
    return arts.assign(claims=[int(counts.get(a, 0)) for a in arts["article_id"]])[
        ["article_id", "title", "outlet", "published", "claims"]]


LISTED = 5000  # articles listed (and offered to read) at once; the first of a view, in the store's order


def listed_articles(listing: pd.DataFrame, asked: list[str], limit: int | None = None) -> tuple[pd.DataFrame, list[str]]:
    """The first ``limit`` rows of an article listing, and the articles the reader offers: those
    rows' ids and, when the address asks to read an article of the view beyond them, that one too
    (a link to any article of a view opens it, however many the view holds)."""
    shown = listing.head(LISTED if limit is None else limit)
    ids = list(shown["article_id"])
    extra = [a for a in asked[-1:] if a not in set(ids) and a in set(listing["article_id"])]
    return shown, ids + extra


def article_link(filters: Filters, article_id: str, vocab: Vocabulary | None = None) -> str:
    """The Articles page reading ``article_id``, with the filters kept; values by their labels in
    ``vocab`` (as the address bar holds them)."""
    vocab = vocab or Vocabulary()
    return "/articles?" + urlencode([*((k, v) for k, vs in filters.to_params(vocab).items() for v in vs),
                                     ("read", vocab.label("article", article_id))])


def evidence_table(claims: pd.DataFrame, filters: Filters, labels: dict[str, str] | None = None,
                   vocab: Vocabulary | None = None) -> pd.DataFrame:
    """One row per claim: the figure as written, its interval, claimant, places, how sure extraction
    is of it (extraction/confidence.py), its article by name (``labels``: id → label, see
    :func:`article_labels`) and a link to it; the article's id last, for the page to act on."""
    labels = labels or {}
    return claims.assign(
        article=[labels.get(a, a) for a in claims["article_id"]],
        interval=[interval_text(lo, hi) for lo, hi in zip(claims["low"], claims["high"])],
        claimant=claims["source"].fillna(UNATTRIBUTED),
        metric=[metric_name(m) for m in claims["metric"]],
        places=[", ".join(p) if p is not None else "" for p in claims["places"]],
        review=claims.get("review", "extracted"),
        confidence=[confidence(t) for t in claims["trace"]] if "trace" in claims else None,
        open=[article_link(filters, a, vocab) for a in claims["article_id"]],
    )[EVIDENCE_COLUMNS]


def least_certain_first(table: pd.DataFrame) -> pd.DataFrame:
    """The evidence table for review: the claims extraction is least sure of first (those with no
    measured confidence last), the rest in the store's order."""
    return table.sort_values("confidence", kind="stable", na_position="last")


def reader_parts(articles: pd.DataFrame, claims: pd.DataFrame, places: pd.DataFrame,
                 article_id: str) -> tuple[pd.Series, list[dict], list[str]]:
    """An article's row, its claims (records) and every spelling of its places, from tables
    that hold it (and perhaps others)."""
    art = articles[articles["article_id"] == article_id].iloc[0]
    claims = claims[claims["article_id"] == article_id].to_dict("records")
    surfaces = [s for ss in places.loc[places["article_id"] == article_id, "surfaces"] for s in ss]
    return art, claims, surfaces


def outlets(articles: pd.DataFrame) -> dict[str, str]:
    """Article id → outlet, for charts that show where a claim was printed."""
    return dict(zip(articles["article_id"], articles["outlet"]))


def _text(v) -> str | None:
    return v.strip() if isinstance(v, str) and v.strip() else None


def article_names(articles: pd.DataFrame) -> dict[str, str]:
    """Article id → how a chart row names it: 'Yonhap, 2026-02-16'; a title stands in for an
    unknown outlet ('“North Korea builds a…”, undated'); two articles that would read the same
    are told apart by a counter."""
    return distinct_labels({a: f"{_text(outlet) or _quoted(title) or 'outlet unknown'}, {_text(published) or 'undated'}"
                            for a, outlet, title, published in _article_rows(articles)})


def article_labels(articles: pd.DataFrame) -> dict[str, str]:
    """Article id → how a filter and the reader name it, never by its id: its title, outlet and
    date ('North Korea sends more troops — Yonhap, 2026-02-16'); an untitled article by its
    outlet and date; two that would read the same told apart by a counter."""
    return distinct_labels({a: " — ".join(x for x in (_cut(title), f"{_text(outlet) or 'outlet unknown'}, "
                                                                    f"{_text(published) or 'undated'}") if x)
                            for a, outlet, title, published in _article_rows(articles)})


def _article_rows(articles: pd.DataFrame):
    # as Python lists first: iterating Arrow-backed columns cell by cell is slow (seconds at 200,000 articles)
    return zip(*(articles[c].astype(object).tolist() for c in ("article_id", "outlet", "title", "published")))


def _cut(title) -> str | None:
    t = _text(title)
    return t if not t or len(t) <= LABEL_CHARS else t[:LABEL_CHARS].rstrip() + "…"


def _quoted(title) -> str | None:
    t = _text(title)
    return (f"“{t[:TITLE_CHARS]}…”" if len(t) > TITLE_CHARS else f"“{t}”") if t else None


def source_table(sources) -> pd.DataFrame:
    """One row per watched source (extraction/watch.py): what it is and how its last poll went."""
    return pd.DataFrame([{"name": s.name, "address": s.url, "outlet": s.outlet or "",
                          "every": f"{s.every_s // 60} min", "state": "paused" if s.paused else "watched",
                          "last poll": s.last_poll or "not yet", "new": s.last_new if s.last_poll else None,
                          "last error": s.last_error or ""} for s in sources],
                        columns=["name", "address", "outlet", "every", "state", "last poll", "new", "last error"])
