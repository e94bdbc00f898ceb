"""What a view reads from the store: the claims its filters keep, as reviewed, fetched with one
query over the store's snapshot (extraction/snapshot.py) instead of filtering every claim in
pandas. No Streamlit; it writes the figure index beside the snapshot.

A :class:`Base` is one store version, shared by every session: the snapshot, the audit trail
folded over the few articles it touches, the articles, and the filters' vocabulary. The claims
of a view are the snapshot's rows that the filters keep (articles with corrections of their own
left to the fold; the names an analyst merged into a chosen claimant read, and renamed), plus the
fold's rows of those articles that the filters keep: a corrected claimant, a corrected metric or
an added claim is kept or left out by what it is now. Counts and sums run over that one relation
(:meth:`Base._rows`).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

import pandas as pd
import pyarrow as pa

from extraction.audit import corrections
from extraction.reconcile import FAMILY_COLUMNS, FigureCounts, families, from_mentions, mention_rows, related
from extraction.review import Correction, renamed, reviewed_table
from extraction.snapshot import Snapshot, to_frame
from extraction.snapshot import schema as snapshot_schema
from extraction.store import CLAIM_COLUMNS, Store

from .filters import CHOICES, DATES, UNATTRIBUTED, Filters, Vocabulary, month_bounds

LEAN = [c for c in CLAIM_COLUMNS if c != "sentence"]  # a view's columns; sentences are read for the rows shown
REVIEW = ["review", "reviewed_by"]
ARTICLE_COLUMNS = ["article_id", "title", "outlet", "published", "url"]  # what the pages show of an article
# the figure index: a row per claim (as reviewed), its figure's own fields beside the mention's
# what one chart of Estimates draws: a metric's figures of one side, war and status ("" for an unknown side or war)
CHART_KEY = ("metric", "side", "war", "status")
MAX_ROWS = 150  # rows of a range chart; beyond it, claims are grouped by claimant
# a chart's rows grouped by claimant and date (Base.envelopes), and a claimant's cells (Base.sources)
ENVELOPE_COLUMNS = ["claimant", "date", "low", "high", "best", "open_low", "open_high", "lows_max", "n", "articles",
                    "sample"]
SAMPLE = 8  # claims named in a grouped bar's hover
MAX_CELL_FIGURES = 12  # figures listed in a claimant's cell of the Sources table
CELL_COLUMNS = ["claimant", "metric", "type", "stake", "articles", "figures"]
INDEX_FORMAT = 2  # 2: figures per party and conflict. Bump when reconciling or the index's layout changes: parts made before are remade
FIGURES = pa.schema([("figure", pa.string()), ("rank", pa.int64()), ("metric", pa.string()), ("status", pa.string()),
                     ("incremental", pa.bool_()), ("claimant", pa.string()), ("low", pa.float64()),
                     ("high", pa.float64()), ("best", pa.float64()), ("unit", pa.string()), ("stake", pa.string()),
                     ("party", pa.string()), ("conflict", pa.string()), ("as_of", pa.string()), ("claim_id", pa.string()), ("article_id", pa.string()),
                     ("source", pa.string()), ("outlet", pa.string()), ("via", pa.list_(pa.string())),
                     ("published", pa.string())])


@dataclass
class Base:
    """One store version: its snapshot and the audit trail's effect on it."""
    snap: Snapshot
    trail: list[Correction]
    orphans: list[Correction]
    aliases: dict[str, str]  # claimant name → the name an analyst merged it into
    touched: tuple[str, ...]  # articles with corrections of their own
    folded: pd.DataFrame  # their claims as reviewed (rejected ones kept, marked), with sentences
    articles: pd.DataFrame  # every article, without its text
    total: int  # claims as reviewed (rejected ones left out)
    _indexed: bool = field(default=False, repr=False)  # the figure index is in use (index_figures)

    @classmethod
    def load(cls, store: Store, snap: Snapshot | None = None) -> Base:
        snap = snap or Snapshot.of(store)
        trail = corrections(store)
        touched = tuple(sorted({c.article_id for c in trail if c.article_id}))
        extracted = snap.claims(**_among(touched)) if touched else snap.claims("FALSE")
        folded, eff = reviewed_table(extracted, trail)
        kept = int((folded["review"] != "rejected").sum())
        total = snap.count() - len(extracted) + kept
        return cls(snap, trail, eff.orphans, eff.aliases, touched, folded, snap.frame("articles", columns=ARTICLE_COLUMNS),
                   total)

    # ------------------------------------------------------------------ a view's claims
    def _split(self, filters: Filters) -> tuple[str, list, dict, pd.DataFrame | None]:
        """A view as a query over the snapshot's claims of the articles no correction touches
        (condition, parameters, registered lists) and the fold's rows it keeps (None: as extracted)."""
        if filters.get("claims") == ("extracted",):
            return (*filters.where(), {}, None)
        where, params = filters.where({"source": self._stored_names(filters.get("source"))} if self.aliases else None)
        lists = {}
        if self.touched:  # their claims come from the fold
            where, lists = f"({where}) AND article_id NOT IN (SELECT v FROM touched)", {"touched": self.touched}
        fold = self.folded[self.folded["review"] != "rejected"]
        return where, params, lists, self._kept(filters, fold)

    def _kept(self, filters: Filters, fold: pd.DataFrame) -> pd.DataFrame:
        """The reviewed rows ``filters`` keep, by the same SQL condition as the store's rows."""
        if not filters.active or not len(fold):
            return fold
        where, params = filters.where()
        types = snapshot_schema("claims")
        table = pa.table({**{c: pa.array(_plain_values(fold[c]), type=types.field(c).type)
                             for c in types.names if c in fold.columns},
                          "row_": pa.array(range(len(fold)), type=pa.int64())})
        kept = self.snap.query(f"SELECT row_ FROM fold WHERE {where} ORDER BY row_", params, {"fold": table})
        return fold.iloc[kept.column(0).to_pylist()]

    def _stored_names(self, names) -> list[str]:
        """The claimant names as stored that read as one of ``names`` once merges are applied."""
        wanted = set(names)
        stored = [n for n in names if renamed(n, self.aliases) == n]
        return stored + [a for a in self.aliases if renamed(a, self.aliases) in wanted]

    def claims(self, filters: Filters, columns=None, limit: int | None = None) -> pd.DataFrame:
        """The claims ``filters`` keep, as reviewed (``claims=extracted``: as extracted), with
        ``review`` and ``reviewed_by``, in the store's order (the first ``limit`` of them);
        ``columns`` default to all but the sentence (see :meth:`with_sentences`)."""
        cols = list(dict.fromkeys([*(columns or LEAN), "article_id", "start_char"]))
        where, params, lists, fold = self._split(filters)
        rows = self.snap.claims(where, params, cols, lists, limit).assign(review="extracted", reviewed_by=None)
        if fold is None:
            return rows
        if self.aliases and "source" in cols:
            rows["source"] = [renamed(s, self.aliases) for s in rows["source"].astype(object)]
        if len(fold):
            fold = fold[[*cols, *REVIEW]]
            rows = pd.concat([rows, fold], ignore_index=True) if len(rows) else fold
            rows = rows.sort_values(["article_id", "start_char"], kind="stable")
            rows = rows.head(limit) if limit is not None else rows
        return rows.reset_index(drop=True)

    def count(self, filters: Filters) -> int:
        """How many claims ``filters`` keep, counted by the query."""
        rows, params, lists = self._rows(filters, ["claim_id"])
        return int(self.snap.query(f"SELECT count(*) FROM ({rows})", params, lists).column(0)[0].as_py())

    def undated_count(self, filters: Filters) -> int:
        """How many claims the view would keep but for its months, that have no date to place in
        a month (the date ``date=`` names): what ``from``/``to`` leave out besides other months."""
        date = filters.date_column
        rows, params, lists = self._rows(filters.replaced("from").replaced("to"), [date])
        return int(self.snap.query(f"SELECT count(*) FROM ({rows}) WHERE nullif({date}, '') IS NULL",
                                   params, lists).column(0)[0].as_py())

    def metric_counts(self, filters: Filters) -> list[tuple[str, int]]:
        """(metric, claims) of a view, most claims first; a tie in the order the store first
        meets them (as ``value_counts`` orders a table in the store's order)."""
        rows, params, lists = self._rows(filters, ["metric", "article_id", "start_char"])
        got = self.snap.query(f"SELECT metric, count(*) AS n FROM ({rows}) GROUP BY metric "
                              "ORDER BY n DESC, min(struct_pack(a := article_id, s := start_char))", params, lists)
        return list(zip(got.column(0).to_pylist(), got.column(1).to_pylist()))

    def article_counts(self, filters: Filters) -> dict[str, int]:
        """Article id → how many of a view's claims it holds."""
        rows, params, lists = self._rows(filters, ["article_id"])
        got = self.snap.query(f"SELECT article_id, count(*) AS n FROM ({rows}) GROUP BY article_id", params, lists)
        return dict(zip(got.column(0).to_pylist(), got.column(1).to_pylist()))

    def with_sentences(self, claims: pd.DataFrame) -> pd.DataFrame:
        """``claims`` with their ``sentence``, read for these rows only."""
        if "sentence" in claims.columns or claims.empty:
            return claims if "sentence" in claims.columns else claims.assign(sentence=pd.Series(dtype=object))
        ids = list(claims["claim_id"])
        known = dict(zip(self.folded["claim_id"], self.folded["sentence"]))
        need = [i for i in ids if i not in known]
        if need:
            got = self.snap.claims("claim_id IN (SELECT v FROM wanted)", columns=["claim_id", "sentence"],
                                   lists={"wanted": need})
            known.update(zip(got["claim_id"], got["sentence"]))
        return claims.assign(sentence=[known.get(i) for i in ids])

    def article_claims(self, article_id: str) -> pd.DataFrame:
        """One article's claims as reviewed, with their sentences."""
        return self.with_sentences(self.claims(Filters((("article", (article_id,)),))))

    def places(self, article_ids) -> pd.DataFrame:
        """The places of these articles."""
        return self.snap.frame("places", **_among(set(article_ids)))

    def _rows(self, filters: Filters, cols: list[str]) -> tuple[str, list, dict]:
        """A view's rows (those columns) as one SQL relation over the snapshot: the query's rows,
        claimants renamed by merges, and the fold's rows of the articles corrections touch."""
        where, params, lists, fold = self._split(filters)
        rename = fold is not None and self.aliases and "source" in cols
        sel = ", ".join("coalesce(merged.canonical, claims.source) AS source" if c == "source" and rename
                        else f"claims.{c}" for c in cols)
        join = " LEFT JOIN merged ON merged.alias = claims.source" if rename else ""
        sql = f"SELECT {sel} FROM claims{join} WHERE {where}"
        if rename:
            lists = {**lists, "merged": pa.table({"alias": list(self.aliases),
                                                  "canonical": [renamed(a, self.aliases) for a in self.aliases]})}
        if fold is not None and len(fold):
            types = snapshot_schema("claims")
            lists = {**lists, "fold": pa.table({c: pa.array(_plain_values(fold[c]), type=types.field(c).type)
                                                for c in cols})}
            sql += f" UNION ALL SELECT {', '.join(cols)} FROM fold"
        return sql, params, lists

    def charts(self, filters: Filters, date: str = "as_of") -> dict[tuple[str, str, str, str], tuple[tuple | None, pd.DataFrame]]:
        """(metric, side, war, status) → the range (tests/oracles.py span_of gives the same in pandas) and the claimants'
        envelopes (oracle: claimant_envelopes) of a view's claims of that metric, party,
        conflict (each "" when unknown: :data:`CHART_KEY`) and status, added up by three queries
        for the whole view: a range chart reads at most MAX_ROWS rows, however many claims it
        draws. The envelopes' claims (``n``) add up to the part's claims."""
        if date not in DATES.values():  # a column name, written into the query
            raise ValueError(f"no such date column: {date!r}")
        rows, params, lists = self._rows(filters, list(dict.fromkeys(
            ["metric", "party", "conflict", "status", "source", "article_id", "start_char", "number_text", "low", "high",
             "best", date])))
        rows = f"SELECT *, coalesce(party, '') AS side, coalesce(conflict, '') AS war FROM ({rows})"
        key = ", ".join(CHART_KEY)
        v = f"(SELECT *, coalesce(source, '{UNATTRIBUTED}') AS claimant, nullif({date}, '') AS d FROM ({rows}))"
        widths = (10, 7, 4)  # day, month, year: the finest that keeps a chart within MAX_ROWS rows
        counted = self.snap.query(f"SELECT {key}, " + ", ".join(
            f"count(DISTINCT (claimant, coalesce(left(d, {w}), 'undated')))" for w in widths) +
            f" FROM {v} GROUP BY ALL", params, lists).to_pylist()
        chosen = pa.table({**{k: [r[k] for r in counted] for k in CHART_KEY},
                           "w": [next((w for w, n in zip(widths, list(r.values())[len(CHART_KEY):]) if n <= MAX_ROWS),
                                      widths[-1]) for r in counted]},
                          schema=pa.schema([*((k, pa.string()) for k in CHART_KEY), ("w", pa.int64())]))
        got = self.snap.query(
            f"SELECT {key}, claimant, coalesce(left(d, w), 'undated') AS date, min(low) AS low, "
            "max(high) AS high, median(best) AS best, count(low) < count(*) AS open_low, "
            "count(high) < count(*) AS open_high, max(low) AS lows_max, count(*) AS n, "
            "count(DISTINCT article_id) AS articles, min_by(struct_pack(t := number_text, a := article_id), "
            f"struct_pack(a := article_id, s := start_char), {int(SAMPLE)}) AS sample, "
            "min(struct_pack(a := article_id, s := start_char)) AS first "
            f"FROM {v} JOIN chosen USING ({key}) GROUP BY ALL ORDER BY {key}, first",
            params, {**lists, "chosen": chosen})
        env = to_frame(got.drop_columns(["sample", "first"])).astype(
            {"n": "int64", "articles": "int64", "claimant": object, "date": object})
        env["sample"] = [[(x["t"], x["a"]) for x in v] for v in got.column("sample").to_pylist()]
        spans = self.snap.query(
            f"WITH s AS (SELECT {key}, coalesce(low, high) AS b, coalesce(high, low) AS t, low, high FROM ({rows})), "
            f"e AS (SELECT {key}, min(b) AS lo, max(t) AS top FROM s GROUP BY ALL) "
            f"SELECT {key}, e.lo, e.top, bool_and(s.low IS NULL) FILTER (WHERE s.b = e.lo) AS ob, "
            f"bool_and(s.high IS NULL) FILTER (WHERE s.t = e.top) AS ot FROM s JOIN e USING ({key}) "
            "WHERE e.lo IS NOT NULL GROUP BY ALL", params, lists).to_pylist()
        extent = {tuple(r[k] for k in CHART_KEY): (r["lo"], r["top"], r["ob"], r["ot"]) for r in spans}
        return {k: (extent.get(k), part[ENVELOPE_COLUMNS].reset_index(drop=True))
                for k, part in env.groupby(list(CHART_KEY), sort=False)}

    def sources(self, filters: Filters, per_cell: int) -> tuple[pd.DataFrame, tuple[pd.Series, pd.Series]]:
        """The Sources page's numbers, added up by the query (oracles: claimant_cells and
        sankey_links in tests/oracles.py)."""
        cols = ["article_id", "start_char", "source", "metric", "low", "high", "as_of", "source_type",
                "source_stake", "outlet", "via"]
        rows, params, lists = self._rows(filters, cols)
        named = f"(SELECT *, coalesce(source, '{UNATTRIBUTED}') AS claimant FROM ({rows}))"
        firsts = "ORDER BY article_id, start_char) FILTER (WHERE {0} IS NOT NULL)"
        cells = to_frame(self.snap.query(
            f"SELECT claimant, metric, first(source_type {firsts.format('source_type')} AS type, "
            f"first(source_stake {firsts.format('source_stake')} AS stake, count(DISTINCT article_id) AS articles "
            f"FROM {named} GROUP BY claimant, metric ORDER BY claimant, metric", params, lists))
        figs = self.snap.query(
            f"SELECT claimant, metric, low, high, as_of FROM (SELECT claimant, metric, low, high, nullif(as_of, '') AS as_of, "
            f"min(struct_pack(a := article_id, s := start_char)) AS first FROM {named} GROUP BY ALL) "
            f"QUALIFY row_number() OVER (PARTITION BY claimant, metric ORDER BY first) <= {int(per_cell)} "
            f"ORDER BY claimant, metric, first", params, lists).to_pylist()
        listed: dict = {}
        for r in figs:
            listed.setdefault((r["claimant"], r["metric"]), []).append((r["low"], r["high"], r["as_of"]))
        cells = cells.assign(type=cells["type"].astype(object).fillna(""), stake=cells["stake"].astype(object).fillna(""),
                             articles=cells["articles"].astype("int64"),
                             figures=[listed.get(k, []) for k in zip(cells["claimant"], cells["metric"])])
        outlet = ("coalesce(nullif(articles.outlet, ''), nullif(v.outlet, ''), nullif(v.via[-1], ''), 'outlet unknown')")
        links = f"SELECT {outlet} AS outlet, v.claimant, v.metric FROM {named} AS v LEFT JOIN articles USING (article_id)"
        flows = self.snap.query(f"SELECT outlet, claimant, metric, count(*) AS n FROM ({links}) GROUP BY ALL",
                                params, lists).to_pandas()
        by_outlet = flows.groupby(["outlet", "claimant"])["n"].sum().rename_axis(["_outlet", "claimant"])
        by_metric = flows.groupby(["claimant", "metric"])["n"].sum()
        return cells[CELL_COLUMNS], (by_outlet, by_metric)

    def place_counts(self, filters: Filters | None = None) -> pd.DataFrame:
        """One row per place named in the articles that hold a view's claims (every article when
        None): its kind and coordinates, mentions summed and articles counted, by the query."""
        sql = ("SELECT name, kind, first(lat ORDER BY article_id) AS lat, first(lon ORDER BY article_id) AS lon, "
               "sum(mentions) AS mentions, count(DISTINCT article_id) AS articles FROM places {} "
               "GROUP BY name, kind ORDER BY name, kind")
        if filters is None or not filters.active:
            table = self.snap.query(sql.format(""))
        else:
            rows, params, lists = self._rows(filters, ["article_id"])
            table = self.snap.query(sql.format(f"WHERE article_id IN (SELECT article_id FROM ({rows}))"), params, lists)
        return to_frame(table).astype({"mentions": "int64", "articles": "int64"})

    def place_claims(self, filters: Filters, per_place: int) -> tuple[pd.DataFrame, dict[str, int]]:
        """The first ``per_place`` claims of a view that name each place (number_text, metric,
        source, place) and how many of its claims name each place."""
        rows, params, lists = self._rows(filters, ["places", "number_text", "metric", "source", "article_id", "start_char"])
        named = f"SELECT unnest(places) AS place, number_text, metric, source, article_id, start_char FROM ({rows})"
        # the first few of each place by a top-n aggregate: a window over every claim of every
        # place would hold them all at once (some 200 MB at a million claims)
        got = to_frame(self.snap.query(
            "SELECT * FROM (SELECT place, n, unnest(first, recursive := true) FROM (SELECT place, count(*) AS n, "
            "min_by(struct_pack(number_text, metric, source, article_id, start_char), struct_pack(a := article_id, "
            f"s := start_char), {int(per_place)}) AS first FROM ({named}) GROUP BY place)) "
            "ORDER BY place, article_id, start_char",
            params, lists))
        counts = {p: int(n) for p, n in zip(got["place"], got["n"])}
        return got.drop(columns="n"), counts

    # ------------------------------------------------------------------ figures
    def index_figures(self) -> None:
        """Which figure every claim (as reviewed) is a mention of, with that figure's own fields
        (claimant, bounds, as-of date, rank among its metric's figures), kept beside the snapshot
        (``figures``): reconciled one metric at a time, so that only one metric's figures are
        ever in memory, and kept per metric, named by what the metric's claims are (see
        :meth:`_index_keys`): a correction remakes only the metrics whose claims it changes."""
        if self._indexed:
            return

        def batches(m):
            rows = mention_rows(families(self.claims(Filters((("metric", (m,)),)), columns=FAMILY_COLUMNS))[0])
            rows["via"] = [list(v) for v in rows["via"]]
            yield pa.table(rows, schema=FIGURES)
        keys = self._index_keys()
        for m, key in keys.items():
            self.snap.keep("figures", key, batches(m), FIGURES, kind=key.split("-")[0])
        if not keys:  # no claims: an empty index
            self.snap.keep("figures", "empty", iter([FIGURES.empty_table()]), FIGURES)
        self.snap.use("figures", list(keys.values()) or ["empty"])
        self._indexed = True

    def _index_keys(self) -> dict[str, str]:
        """Metric → the name of its part of the figure index: the metric, and a digest of how its
        claims as reviewed differ from the snapshot's (rows the corrections take away and add, in
        the articles they touch, and the claimants merged), which with the snapshot decides them."""

        cols = [*FAMILY_COLUMNS, "start_char"]
        before = self.snap.claims(**_among(self.touched), columns=cols) if self.touched else pd.DataFrame(columns=cols)
        after = self.folded[self.folded["review"] != "rejected"]

        def rows(df, m):
            part = df[df["metric"] == m]
            return {json.dumps(r, default=str) for r in zip(*(_plain_values(part[c]) for c in cols))}
        metrics = sorted(set(self.snap.distinct("metric")) | set(after["metric"].dropna()))
        out = {}
        for m in metrics:
            was, now = rows(before, m), rows(after, m)
            digest = hashlib.sha256(json.dumps([INDEX_FORMAT, sorted(self.aliases.items()), sorted(was - now),
                                                sorted(now - was)]).encode()).hexdigest()[:16]
            out[m] = f"{hashlib.sha256(m.encode()).hexdigest()[:8]}-{digest}"
        return out

    def figures(self, filters: Filters, metric: str, limit: int, shown: int | None = None) -> tuple[list, list]:
        """What Disputes compares for ``metric`` of a view, from the figure index: the figures of
        the metric with a mention in the view (the ``shown`` most mentioned, if given), and of each
        related metric (casualties for killed) the ``limit`` most mentioned with a mention in the
        view without its metric filter (all that a comparison reads); each figure with all its
        mentions, in the view or not, in the order of their rank."""
        self.index_figures()
        rows, params, lists = self._rows(filters, ["claim_id"])
        which = f"SELECT DISTINCT figure FROM ({rows}) JOIN figures USING (claim_id) WHERE metric = ?"
        args = [*params, metric]
        if shown is not None:  # the most mentioned, as Disputes compares them: most mentions first, then rank
            which = (f"SELECT figure FROM figures WHERE metric = ? AND figure IN ({which}) GROUP BY figure, rank "
                     f"QUALIFY row_number() OVER (ORDER BY count(*) DESC, rank) <= {int(shown)}")
            args = [metric, *args]
        mine = self._figures(which, args, lists)
        rel = related(metric)
        if not rel:
            return mine, []
        rows, params, lists = self._rows(filters.replaced("metric", rel, drop=["claims"]), ["claim_id"])
        top = (f"SELECT figure FROM figures WHERE figure IN (SELECT figure FROM ({rows}) JOIN figures USING (claim_id)) "
               f"GROUP BY figure, metric, rank QUALIFY row_number() OVER (PARTITION BY metric ORDER BY count(*) DESC, "
               f"rank) <= {int(limit)}")
        return mine, self._figures(top, params, lists)

    def _figures(self, which: str, params, lists) -> list:
        """The figures whose ids the query ``which`` gives, made from their rows of the index."""
        got = self.snap.query(f"SELECT * FROM figures WHERE figure IN ({which}) ORDER BY metric, rank", params, lists)
        pool: dict = {}  # one object per distinct name, article id and date
        return from_mentions({c: [pool.setdefault(v, v) if isinstance(v, str) else v for v in got.column(c).to_pylist()]
                              for c in got.column_names})

    def figure_counts(self, filters: Filters, by: tuple[str, ...] = CHART_KEY) -> dict[tuple, FigureCounts]:
        """(metric, side, war, status) (:data:`CHART_KEY`, or those of its names ``by`` gives) →
        the numbers of the figures with a mention in the view: how many, from how many independent
        claimants, and all their mentions and articles (in the view or not), added up by one query
        over the figure index."""
        return self.figure_counts_by(filters, [by])[0]

    def figure_counts_by(self, filters: Filters, groupings: list[tuple[str, ...]]) -> list[dict[tuple, FigureCounts]]:
        """:meth:`figure_counts` for each grouping of ``groupings`` (each some of :data:`CHART_KEY`),
        by one query: the view's figures are found once for all of them."""
        if not groupings or any(not by or set(by) - set(CHART_KEY) for by in groupings):
            raise ValueError(f"figure counts are by some of {CHART_KEY}, not {groupings!r}")
        self.index_figures()
        rows, params, lists = self._rows(filters, ["claim_id", "metric", "status"])
        # distinct values by GROUP BY, never count(DISTINCT …): a grouping spills to disk beyond
        # DuckDB's memory limit, a distinct count inside an aggregate does not
        parts = []
        for i, by in enumerate(groupings):
            key = ", ".join(by)
            parts.append(
                f"fc{i} AS (SELECT {key}, count(*) AS figures, count(*) FILTER (WHERE claimant IS NULL) AS unattributed "
                "FROM vf GROUP BY ALL), "
                f"cc{i} AS (SELECT {key}, count(*) AS claimants FROM (SELECT DISTINCT {key}, claimant FROM vf "
                "WHERE claimant IS NOT NULL) GROUP BY ALL), "
                f"mc{i} AS (SELECT {key}, count(*) AS mentions FROM m GROUP BY ALL), "
                f"ac{i} AS (SELECT {key}, count(*) AS articles FROM (SELECT DISTINCT {key}, article_id FROM m) "
                "GROUP BY ALL), "
                f"r{i} AS (SELECT {i} AS grouping, {', '.join(f'{k}::VARCHAR AS k{j}' for j, k in enumerate(by))}, "
                f"figures, coalesce(claimants, 0) AS claimants, unattributed, mentions, articles "
                f"FROM fc{i} LEFT JOIN cc{i} USING ({key}) JOIN mc{i} USING ({key}) JOIN ac{i} USING ({key}))")
        width = max(len(by) for by in groupings)
        pad = [", ".join([f"k{j}" for j in range(len(by))] + [f"NULL::VARCHAR AS k{j}" for j in range(len(by), width)])
               for by in groupings]
        # a view of some metrics reads only their parts of the index (a claim's figure is of its metric)
        metrics = filters.get("metric")
        fx = f"SELECT * FROM figures WHERE metric IN ({', '.join('?' * len(metrics))})" if metrics else "SELECT * FROM figures"
        got = self.snap.query(
            f"WITH fx AS ({fx}), "
            "vf AS (SELECT v.metric, coalesce(f.party, '') AS side, coalesce(f.conflict, '') AS war, v.status, "
            f"f.figure, any_value(f.claimant) AS claimant FROM ({rows}) AS v JOIN fx AS f USING (claim_id) "
            "GROUP BY ALL), "
            "m AS (SELECT vf.metric, vf.side, vf.war, vf.status, f.article_id FROM vf JOIN fx AS f USING (figure)), "
            + ", ".join(parts) + " " +
            " UNION ALL ".join(f"SELECT grouping, {pad[i]}, figures, claimants, unattributed, mentions, articles FROM r{i}"
                               for i in range(len(groupings))),
            [*metrics, *params], lists).to_pylist()
        out: list[dict] = [{} for _ in groupings]
        for r in got:
            i = r.pop("grouping")
            keys = tuple(r.pop(f"k{j}") for j in range(len(groupings[i])))
            for j in range(len(groupings[i]), width):
                r.pop(f"k{j}", None)
            out[i][keys] = FigureCounts(**{k: int(v) for k, v in r.items()})
        return out

    # ------------------------------------------------------------------ what the filters may choose
    def vocabulary(self) -> tuple[Vocabulary, list[str]]:
        """The values each filter may take (as extracted and as reviewed) and every month from
        the first to the last date in the data."""
        fold = self.folded
        out = {}
        for p in CHOICES:
            if p.name == "article":
                out[p.name] = tuple(sorted(set(self.articles["article_id"])))
                continue
            found = set(self.snap.distinct(p.column))
            if p.kind == "member":
                found |= {v for vs in fold[p.column] for v in (vs or ())}
            else:
                found |= set(fold[p.column].dropna())
                if p.column == "source":
                    found |= {renamed(v, self.aliases) for v in found}
            found = sorted(v for v in found if isinstance(v, str))
            if p.missing and (self.snap.has_null(p.column) or fold[p.column].isna().any()):
                found.append(p.missing)
            out[p.name] = tuple(found)
        months: set[str] = set()
        for column in ("as_of", "published"):  # from/to filter on either date
            start, end = month_bounds("v")
            got = self.snap.query(f"SELECT DISTINCT {start}, {end} FROM (SELECT {column} AS v FROM claims "
                                  "UNION ALL SELECT v FROM reviewed) WHERE v IS NOT NULL",
                                  lists={"reviewed": [str(v) for v in fold[column].dropna()]})
            months |= {m for c in got.columns for m in c.to_pylist() if m is not None}
        return Vocabulary(out), month_range(sorted(months))


def _plain_values(col: pd.Series) -> list:
    """A column's cells as plain Python values (missing ones None), for an Arrow array."""
    return [None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v for v in col.astype(object)]


def _among(article_ids) -> dict:
    """The query's arguments for the rows of these articles."""
    return {"where": "article_id IN (SELECT v FROM wanted)", "lists": {"wanted": list(article_ids)}}


def month_range(months: list[str]) -> list[str]:
    """Every month from the first of ``months`` to the last (``YYYY-MM``)."""
    if not months:
        return []
    y, m = map(int, months[0].split("-"))
    out = []
    while f"{y:04d}-{m:02d}" <= months[-1]:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y, m + 1) if m < 12 else (y + 1, 1)
    return out
