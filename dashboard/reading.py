"""What a view reads from the store: the claims its filters keep, as reviewed, fetched with one
query over the store's snapshot (extraction/snapshot.py) instead of filtering every claim in
pandas. No Streamlit; it writes the figure index beside the snapshot.

A :class:`ReadModel` is one store version, shared by every session: the snapshot, the audit trail
folded over the few articles it touches, the articles, and the filters' vocabulary. The claims
of a view are the snapshot's rows that the filters keep (articles with corrections of their own
left to the fold; the names an analyst merged into a chosen claimant read, and renamed), plus the
fold's rows of those articles that the filters keep: a corrected claimant, a corrected metric or
an added claim is kept or left out by what it is now. Counts and sums run over that one relation
(:meth:`ReadModel._rows`).
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa

from extraction.audit import corrections
from extraction.lexicon import metric_name
from extraction.review import Correction, renamed, reviewed_table
from extraction.snapshot import Snapshot
from extraction.snapshot import schema as snapshot_schema
from extraction.store import CLAIM_COLUMNS, Store

from .filters import CHOICES, Filters, Vocabulary, distinct_labels, month_bounds
from .views import article_labels

LEAN = [c for c in CLAIM_COLUMNS if c != "sentence"]  # a view's columns; sentences are read for the rows shown
REVIEW = ["review", "reviewed_by"]
ARTICLE_COLUMNS = ["article_id", "title", "outlet", "published", "url"]  # what the pages show of an article
# what one chart of Estimates draws: a metric's figures of one side, war and status ("" for an unknown side or war)
CHART_KEY = ("metric", "side", "war", "status")


@dataclass
class ReadModel:
    """One store version: its snapshot and the audit trail's effect on it."""
    snap: Snapshot
    trail: list[Correction]
    orphans: list[Correction]
    aliases: dict[str, str]  # claimant name → the name an analyst merged it into
    touched: tuple[str, ...]  # articles with corrections of their own
    folded: pd.DataFrame  # their claims as reviewed (rejected ones kept, marked), with sentences
    articles: pd.DataFrame  # every article, without its text
    total: int  # claims as reviewed (rejected ones left out)

    @classmethod
    def load(cls, store: Store, snap: Snapshot | None = None) -> ReadModel:
        snap = snap or Snapshot.of(store)
        trail = corrections(store)
        touched = tuple(sorted({c.article_id for c in trail if c.article_id}))
        extracted = snap.claims(**among(touched)) if touched else snap.claims("FALSE")
        folded, eff = reviewed_table(extracted, trail)
        kept = int((folded["review"] != "rejected").sum())
        total = snap.count() - len(extracted) + kept
        return cls(snap, trail, eff.orphans, eff.aliases, touched, folded, snap.frame("articles", columns=ARTICLE_COLUMNS),
                   total)

    # ------------------------------------------------------------------ a view's claims
    def _split(self, filters: Filters) -> tuple[str, list, dict, pd.DataFrame | None]:
        """A view as a query over the snapshot's claims of the articles no correction touches
        (condition, parameters, registered lists) and the fold's rows, rejected ones left out, that
        the same condition then filters (None: as extracted)."""
        if filters.get("claims") == ("extracted",):
            return (*filters.where(), {}, None)
        where, params = filters.where({"source": self._stored_names(filters.get("source"))} if self.aliases else None)
        lists = {}
        if self.touched:  # their claims come from the fold
            where, lists = f"({where}) AND article_id NOT IN (SELECT v FROM touched)", {"touched": self.touched}
        return where, params, lists, self.folded[self.folded["review"] != "rejected"]

    @staticmethod
    def _fold_table(fold: pd.DataFrame) -> pa.Table:
        """The fold's rows as an Arrow table of the snapshot's claim columns (and ``row_``, their
        position), so that the filters' SQL condition applies to them as to the store's rows."""
        types = snapshot_schema("claims")
        return pa.table({**{c: pa.array(plain_values(fold[c]), type=types.field(c).type)
                            for c in types.names if c in fold.columns},
                         "row_": pa.array(range(len(fold)), type=pa.int64())})

    def _kept(self, filters: Filters, fold: pd.DataFrame) -> pd.DataFrame:
        """The reviewed rows ``filters`` keep, by the same SQL condition as the store's rows."""
        if not filters.active or not len(fold):
            return fold
        where, params = filters.where()
        kept = self.snap.query(f"SELECT row_ FROM fold WHERE {where} ORDER BY row_", params,
                               {"fold": self._fold_table(fold)})
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
        fold = self._kept(filters, fold)
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
        rows, params, lists = self.view_sql(filters, ["claim_id"])
        return int(self.snap.query(f"SELECT count(*) FROM ({rows})", params, lists).column(0)[0].as_py())

    def undated_count(self, filters: Filters) -> int:
        """How many claims the view would keep but for its months, that have no date to place in
        a month (the date ``date=`` names): what ``from``/``to`` leave out besides other months."""
        date = filters.date_column
        rows, params, lists = self.view_sql(filters.replaced("from").replaced("to"), [date])
        return int(self.snap.query(f"SELECT count(*) FROM ({rows}) WHERE nullif({date}, '') IS NULL",
                                   params, lists).column(0)[0].as_py())

    def metric_counts(self, filters: Filters) -> list[tuple[str, int]]:
        """(metric, claims) of a view, most claims first; a tie in the order the store first
        meets them (as ``value_counts`` orders a table in the store's order)."""
        rows, params, lists = self.view_sql(filters, ["metric", "article_id", "start_char"])
        got = self.snap.query(f"SELECT metric, count(*) AS n FROM ({rows}) GROUP BY metric "
                              "ORDER BY n DESC, min(struct_pack(a := article_id, s := start_char))", params, lists)
        return list(zip(got.column(0).to_pylist(), got.column(1).to_pylist()))

    def article_counts(self, filters: Filters) -> dict[str, int]:
        """Article id → how many of a view's claims it holds."""
        rows, params, lists = self.view_sql(filters, ["article_id"])
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
        return self.snap.frame("places", **among(set(article_ids)))

    def view_sql(self, filters: Filters, cols: list[str]) -> tuple[str, list, dict]:
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
        if fold is not None and len(fold):  # the reviewed rows, kept by the same condition
            fold_where, fold_params = filters.where()
            lists = {**lists, "fold": self._fold_table(fold)}
            sql += f" UNION ALL SELECT {', '.join(cols)} FROM fold WHERE {fold_where}"
            params = [*params, *fold_params]
        return sql, params, lists

    def claimants(self, store: Store) -> list[str]:
        """Every claimant in the order the store first met it (:meth:`Store.claimants`: what keeps
        a claimant's colour), kept beside the snapshot: a version a few articles after the one
        before it appends their new claimants to that one's list instead of reading every claim."""
        here = self.snap.folder / "claimants.json"
        try:
            return json.loads(here.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
        names = None
        if self.snap.previous is not None and self.snap.changed is not None:
            try:
                names = json.loads((self.snap.previous / "claimants.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                names = None
        if names is None:
            names = store.claimants()
        else:
            seen = set(names)
            names += [n for n in store.claimants(sorted(self.snap.changed)) if n not in seen]
        try:
            fd, tmp = tempfile.mkstemp(dir=self.snap.folder, prefix=".claimants-", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(names, f)
            os.replace(tmp, here)
        except OSError:
            pass  # a snapshot folder that cannot be written: read again next time
        return names

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
        labels = {"metric": distinct_labels({m: metric_name(m) for m in out["metric"]}),
                  "article": article_labels(self.articles)}  # distinct already
        return Vocabulary(out, labels), month_range(sorted(months))


def plain_values(col: pd.Series) -> list:
    """A column's cells as plain Python values (missing ones None), for an Arrow array."""
    return [None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v for v in col.astype(object)]


def among(article_ids) -> dict:
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
