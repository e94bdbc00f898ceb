"""What a view reads from the store: the claims its filters keep, as reviewed, fetched with one
query over the store's snapshot (extraction/snapshot.py) instead of filtering every claim in
pandas. Pure: no Streamlit.

A :class:`Base` is one store version, shared by every session: the snapshot, the audit trail
folded over the few articles it touches, the articles, and the filters' vocabulary. The claims
of a view are the snapshot's rows that the filters keep (articles with corrections of their own
left to the fold, names merged by an analyst let through and renamed), plus the fold's rows of
those articles; the filters are applied once more to the whole, so that a corrected claimant, a
corrected metric or an added claim is kept or left out by what it is now.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from extraction.audit import corrections
from extraction.review import Correction, _renamed, reviewed_table
from extraction.snapshot import Snapshot, to_frame
from extraction.store import CLAIM_COLUMNS, Store

from .filters import CHOICES, Filters, Vocabulary, as_of_months

LEAN = [c for c in CLAIM_COLUMNS if c != "sentence"]  # a view's columns; sentences are read for the rows shown
REVIEW = ["review", "reviewed_by"]


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

    @classmethod
    def load(cls, store: Store, snap: Snapshot | None = None) -> "Base":
        snap = snap or Snapshot.of(store)
        trail = corrections(store)
        touched = tuple(sorted({c.article_id for c in trail if c.article_id}))
        extracted = snap.claims(**_among(touched)) if touched else snap.claims("FALSE")
        folded, eff = reviewed_table(extracted, trail)
        kept = int((folded["review"] != "rejected").sum())
        total = snap.count() - len(extracted) + kept
        return cls(snap, trail, eff.orphans, eff.aliases, touched, folded, snap.frame("articles"), total)

    # ------------------------------------------------------------------ a view's claims
    def claims(self, filters: Filters, columns=None) -> pd.DataFrame:
        """The claims ``filters`` keep, as reviewed (``claims=extracted``: as extracted), with
        ``review`` and ``reviewed_by``, in the store's order; ``columns`` default to all but the
        sentence (see :meth:`with_sentences`)."""
        cols = list(columns or LEAN)
        extracted = filters.get("claims") == ("extracted",)
        where, params = filters.where({} if extracted else {"source": self._merged_into(filters.get("source"))})
        lists = None
        if self.touched and not extracted:  # their claims come from the fold
            where, lists = f"({where}) AND article_id NOT IN (SELECT v FROM touched)", {"touched": self.touched}
        rows = self.snap.claims(where, params, cols, lists).assign(review="extracted", reviewed_by=None)
        if extracted:
            return rows
        if self.aliases:
            rows["source"] = [_renamed(s, self.aliases) for s in rows["source"].astype(object)]
        fold = self.folded[self.folded["review"] != "rejected"]
        if len(fold):
            fold = filters.apply(fold)[[*cols, *REVIEW]]
            rows = pd.concat([filters.apply(rows), fold], ignore_index=True) if len(rows) else fold
            rows = rows.sort_values(["article_id", "start_char"], kind="stable")
        else:
            rows = filters.apply(rows) if self.aliases else rows
        return rows.reset_index(drop=True)

    def _merged_into(self, names) -> list[str]:
        """The names merged (perhaps through other merges) into any of ``names``."""
        wanted = set(names)
        return [a for a in self.aliases if _renamed(a, self.aliases) in wanted]

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

    def places(self, article_ids=None) -> pd.DataFrame:
        """The places of these articles (every place when None)."""
        if article_ids is None:
            return self.snap.frame("places")
        return self.snap.frame("places", **_among(set(article_ids)))

    def place_counts(self, article_ids=None) -> pd.DataFrame:
        """One row per place named in these articles (every article when None): its kind and
        coordinates, mentions summed and articles counted, added up by the query."""
        sql = ("SELECT name, kind, first(lat ORDER BY article_id) AS lat, first(lon ORDER BY article_id) AS lon, "
               "sum(mentions) AS mentions, count(DISTINCT article_id) AS articles FROM places {} "
               "GROUP BY name, kind ORDER BY name, kind")
        if article_ids is None:
            table = self.snap.query(sql.format(""))
        else:
            table = self.snap.query(sql.format("WHERE article_id IN (SELECT v FROM wanted)"),
                                    lists={"wanted": list(set(article_ids))})
        out = to_frame(table)
        return out.astype({"mentions": "int64", "articles": "int64"})

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
                    found |= {_renamed(v, self.aliases) for v in found}
            found = sorted(v for v in found if isinstance(v, str))
            if p.missing and (self.snap.has_null(p.column) or fold[p.column].isna().any()):
                found.append(p.missing)
            out[p.name] = tuple(found)
        months: set[str] = set()
        for column in ("as_of", "published"):  # from/to filter on either date
            start, end = as_of_months(pd.Series([*self.snap.distinct(column), *fold[column].dropna()], dtype="string"))
            months |= set(start.dropna()) | set(end.dropna())
        return Vocabulary(out), month_range(sorted(months))


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
