"""The dashboard's filters as one pure object: URL query parameters → filters (with a notice for
each value dropped), filters → rows of the claims table, filters → plain English and back to a
query string. No Streamlit import: the URL is the state and this is its grammar.

Parameters (repeat a key for several values): ``metric``, ``status``, ``source`` (canonical
claimant, or ``unattributed``), ``place`` (canonical place), ``article`` (article id), ``from``
and ``to`` (``YYYY-MM``, on the claim's as-of date).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping
from urllib.parse import urlencode

import pandas as pd

UNATTRIBUTED = "unattributed"
LIST_PARAMS = ("metric", "status", "source", "place", "article")
PARAMS = LIST_PARAMS + ("from", "to")
LABELS = {"metric": "metric", "status": "status", "source": "claimant", "place": "place", "article": "article"}
_MONTH = re.compile(r"(?:19|20)\d\d-(?:0[1-9]|1[0-2])")


def is_month(value: str) -> bool:
    """``YYYY-MM``, the form of ``from`` and ``to``."""
    return bool(_MONTH.fullmatch(value))


@dataclass(frozen=True)
class Vocabulary:
    """The values each parameter may take: what the data holds."""
    metric: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    place: tuple[str, ...] = ()
    article: tuple[str, ...] = ()

    @classmethod
    def from_tables(cls, claims: pd.DataFrame, articles: pd.DataFrame | None = None) -> "Vocabulary":
        sources = sorted(set(claims["source"].dropna()))
        if claims["source"].isna().any():
            sources.append(UNATTRIBUTED)
        places = sorted({p for ps in claims["places"] for p in (ps if ps is not None else ())})
        ids = articles["article_id"] if articles is not None else claims["article_id"]
        return cls(metric=tuple(sorted(set(claims["metric"]))), status=tuple(sorted(set(claims["status"]))),
                   source=tuple(sources), place=tuple(places), article=tuple(sorted(set(ids))))


@dataclass(frozen=True)
class Filters:
    metric: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    place: tuple[str, ...] = ()
    article: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    notices: tuple[str, ...] = field(default=(), compare=False)

    # ------------------------------------------------------------------ URL → filters
    @classmethod
    def from_params(cls, params: Mapping[str, Iterable[str] | str], vocab: Vocabulary) -> "Filters":
        """Filters from query parameters; every value that cannot apply is dropped with a notice."""
        notices: list[str] = []
        values: dict[str, tuple[str, ...]] = {}
        for name in LIST_PARAMS:
            raw = params.get(name) or ()
            raw = [raw] if isinstance(raw, str) else list(raw)
            allowed = set(getattr(vocab, name))
            kept = []
            for v in raw:
                if v == "":
                    continue
                if v in allowed:
                    if v not in kept:
                        kept.append(v)
                else:
                    notices.append(f'Ignored {name}="{v}": there is no such {LABELS[name]} in the data.')
            values[name] = tuple(kept)
        months = {}
        for name in ("from", "to"):
            raw = params.get(name) or ()
            raw = [raw] if isinstance(raw, str) else list(raw)
            raw = [v for v in raw if v != ""]
            if len(raw) > 1:
                notices.append(f'Ignored {name}="{raw[0]}": {name} takes one month; the last one given is used.')
            v = raw[-1] if raw else None
            if v is not None and not is_month(v):
                notices.append(f'Ignored {name}="{v}": expected a month as YYYY-MM.')
                v = None
            months[name] = v
        if months["from"] and months["to"] and months["from"] > months["to"]:
            notices.append(f'Ignored from="{months["from"]}" and to="{months["to"]}": from is after to.')
            months = {"from": None, "to": None}
        return cls(date_from=months["from"], date_to=months["to"], notices=tuple(notices), **values)

    # ------------------------------------------------------------------ filters → URL
    def to_params(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {name: list(getattr(self, name)) for name in LIST_PARAMS if getattr(self, name)}
        if self.date_from:
            out["from"] = [self.date_from]
        if self.date_to:
            out["to"] = [self.date_to]
        return out

    def query_string(self) -> str:
        """``metric=killed&metric=casualties&place=Kursk+Oblast`` (empty when nothing is filtered)."""
        return urlencode([(k, v) for k, vs in self.to_params().items() for v in vs])

    @property
    def active(self) -> bool:
        return bool(self.to_params())

    # ------------------------------------------------------------------ filters → rows
    def apply(self, claims: pd.DataFrame) -> pd.DataFrame:
        """The claims these filters keep (the same frame, not a copy, when nothing is filtered)."""
        if not self.active:
            return claims
        mask = pd.Series(True, index=claims.index)
        if self.metric:
            mask &= claims["metric"].isin(self.metric)
        if self.status:
            mask &= claims["status"].isin(self.status)
        if self.source:
            mask &= claims["source"].fillna(UNATTRIBUTED).isin(self.source)
        if self.article:
            mask &= claims["article_id"].isin(self.article)
        if self.place:
            wanted = set(self.place)
            mask &= pd.Series([ps is not None and not wanted.isdisjoint(ps) for ps in claims["places"]],
                              index=claims.index)
        if self.date_from or self.date_to:
            start, end = as_of_months(claims["as_of"])
            if self.date_from:
                mask &= end.notna() & (end >= self.date_from)
            if self.date_to:
                mask &= start.notna() & (start <= self.date_to)
        return claims[mask]

    # ------------------------------------------------------------------ filters → English
    def describe(self) -> str:
        parts = []
        for name in LIST_PARAMS:
            vals = getattr(self, name)
            if vals:
                parts.append(f"{LABELS[name]} is " + " or ".join(vals))
        if self.date_from and self.date_to:
            parts.append(f"as of {self.date_from} to {self.date_to}")
        elif self.date_from:
            parts.append(f"as of {self.date_from} or later")
        elif self.date_to:
            parts.append(f"as of {self.date_to} or earlier")
        if not parts:
            return "all claims"
        text = "claims where " + "; ".join(parts)
        if self.date_from or self.date_to:
            text += " (claims with no as-of date are left out)"
        return text


def as_of_months(as_of: pd.Series) -> tuple[pd.Series, pd.Series]:
    """First and last month (``YYYY-MM``) that each as-of date covers: ``2024`` → 2024-01 … 2024-12."""
    s = as_of.astype("string")
    year_only = s.str.len() == 4
    start = s.str.slice(0, 7).where(~year_only, s + "-01")
    end = s.str.slice(0, 7).where(~year_only, s + "-12")
    return start, end
