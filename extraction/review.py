"""Analysts' corrections to the extraction, pure: checking a correction against its article and
the model, folding the audit trail into the effective claims, and writing reviewed articles in
the shape of the gold files (``shared/spec/seed_gold.json``).

A correction is anchored by article and span (``article_id``, ``start_char``, ``end_char``) and
the figure as written (``number_text``); it applies to the extracted claim with that anchor.
Re-extracting an article keeps its corrections; one whose claim is no longer extracted is
*orphaned*: listed, never dropped. Actions:

- ``accept``: the claim is right as extracted;
- ``correct``: new values for some fields (metric, status, low, high, best, hedge, source, via,
  as_of, places);
- ``reject``: not a claim (a reason is required);
- ``add``: a claim extraction missed, its span checked against the text;
- ``merge``: a claimant name (``alias``) becomes another (``canonical``) on every claim;
- ``undo``: takes back an earlier correction (``undoes``); an undo can be undone too.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field

from .hedges import HEDGES
from .lexicon import metrics
from .model import Claim, claim_id

ACTIONS = ("accept", "correct", "reject", "add", "merge", "undo", "remove")  # remove: an article, with its claims
STATUSES = ("reported", "planned")
EDITABLE = ("metric", "status", "low", "high", "best", "hedge", "source", "via", "as_of", "places")
REVIEWED = ("accepted", "corrected", "added")  # review states an analyst has looked at
def _a_day(iso: str) -> bool:
    try:
        dt.date.fromisoformat(iso)
    except ValueError:
        return False
    return True


_DATE = re.compile(r"(?:19|20)\d\d(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?")


@dataclass
class Correction:
    action: str
    reviewer: str
    article_id: str | None = None
    start_char: int | None = None
    end_char: int | None = None
    number_text: str | None = None
    fields: dict = field(default_factory=dict)  # correct/add: new values; merge: alias, canonical
    before: dict = field(default_factory=dict)  # the claim as it was, for the trail
    reason: str = ""
    undoes: int | None = None
    id: int | None = None  # given by the store, in order
    at: str | None = None  # UTC, given by the store

    def as_dict(self) -> dict:
        return asdict(self)


class ReviewError(ValueError):
    """A correction that cannot be recorded; ``problems`` maps each field to what is wrong."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))


def _number(v, name: str, problems: dict) -> float | None:
    if v is None or v == "":
        return None
    try:
        x = float(v)
    except (TypeError, ValueError):
        problems[name] = f"{v!r} is not a number"
        return None
    if x < 0 or x != x or x in (float("inf"),):
        problems[name] = "a count is a number of 0 or more"
        return None
    return x


def check(c: Correction, text: str | None) -> dict[str, str]:
    """What is wrong with a correction (field → message), empty when it can be recorded.
    ``text`` is its article's text (None for a merge or an undo)."""
    p: dict[str, str] = {}
    if c.action not in ACTIONS:
        return {"action": f"unknown action {c.action!r}; expected one of {', '.join(ACTIONS)}"}
    if not (c.reviewer or "").strip():
        p["reviewer"] = "say who you are: the audit trail records who made each change"
    if c.action == "undo":
        if not isinstance(c.undoes, int):
            p["undoes"] = "which correction to undo"
        return p
    if c.action == "merge":
        alias, canonical = (str(c.fields.get(k) or "").strip() for k in ("alias", "canonical"))
        if not alias:
            p["alias"] = "the claimant name to replace"
        if not canonical:
            p["canonical"] = "the name it becomes"
        if alias and alias == canonical:
            p["canonical"] = "the same name as the alias"
        if not c.reason.strip():
            p["reason"] = "say why these names are one claimant"
        return p
    if c.action == "remove":
        if text is None:
            p["article_id"] = "no such article"
        return p
    if c.action == "reject" and not c.reason.strip():
        p["reason"] = "say why this is not a claim"
    if text is None:
        p["article_id"] = "no such article"
        return p
    s, e = c.start_char, c.end_char
    if not isinstance(s, int) or not isinstance(e, int) or not (0 <= s < e <= len(text)):
        p["span"] = f"the span {s}–{e} is outside the article (0–{len(text)})"
    elif c.number_text is None or text[s:e] != c.number_text:
        p["span"] = f"the article says {text[s:e]!r} there, not {c.number_text!r}"
    if c.action == "correct" and not c.fields:
        p["fields"] = "nothing was changed"
    if c.action in ("correct", "add"):
        _check_fields(c, p)
    return p


def _check_fields(c: Correction, p: dict) -> None:
    f = c.fields
    unknown = set(f) - set(EDITABLE)
    if unknown:
        p["fields"] = f"these cannot be corrected: {', '.join(sorted(unknown))}"
    if c.action == "add" or "metric" in f:
        if f.get("metric") not in metrics():
            p["metric"] = f"unknown metric {f.get('metric')!r}; expected one of {', '.join(metrics())}"
    if "status" in f and f["status"] not in STATUSES:
        p["status"] = f"expected {' or '.join(STATUSES)}"
    if "hedge" in f and f["hedge"] not in HEDGES:
        p["hedge"] = f"expected one of {', '.join(HEDGES)}"
    low, high = _number(f.get("low"), "low", p), _number(f.get("high"), "high", p)
    _number(f.get("best"), "best", p)
    if low is not None and high is not None and low > high:
        p["low"] = f"low ({low:,.0f}) is above high ({high:,.0f})"
    if c.action == "add" and low is None and high is None and "low" not in p and "high" not in p:
        p["low"] = "give a low or a high bound"
    if f.get("as_of") not in (None, "") and not _DATE.fullmatch(str(f["as_of"])):
        p["as_of"] = "a date as YYYY, YYYY-MM or YYYY-MM-DD"
    elif len(str(f.get("as_of") or "")) == 10 and not _a_day(str(f["as_of"])):
        p["as_of"] = f"{f['as_of']} is no day of the calendar"
    for name in ("places", "via"):
        if name in f and not (isinstance(f[name], list) and all(isinstance(x, str) for x in f[name])):
            p[name] = "a list of names"


def _clean(fields: dict) -> dict:
    out = dict(fields)
    for k in ("low", "high", "best"):
        if k in out:
            out[k] = None if out[k] in (None, "") else float(out[k])
    for k in ("source", "as_of"):
        if k in out and out[k] == "":
            out[k] = None
    return out


@dataclass
class Effective:
    claims: list[dict]  # every claim with its review state (rejected ones included, marked)
    orphans: list[Correction]  # corrections whose claim is no longer extracted
    aliases: dict[str, str]  # claimant name → the name merged into

    def reviewed(self) -> list[dict]:
        """The claims as reviewed: rejected ones left out."""
        return [c for c in self.claims if c["review"] != "rejected"]


def in_force(corrections: list[Correction]) -> list[Correction]:
    """The corrections not taken back (an undo of an undo restores its target), in order."""
    taken_back: set[int] = set()
    for c in sorted(corrections, key=lambda c: c.id or 0, reverse=True):
        if c.action == "undo" and c.id not in taken_back and c.undoes is not None:
            taken_back.add(c.undoes)
    return sorted((c for c in corrections if c.id not in taken_back and c.action != "undo"), key=lambda c: c.id or 0)


def effective(claims: list[dict], corrections: list[Correction]) -> Effective:
    """Extraction + corrections: each claim (a record of the claim model) with ``review``
    (extracted, accepted, corrected, added or rejected) and ``reviewed_by``."""
    out = {(c["article_id"], c["start_char"], c["end_char"]): {**c, "review": "extracted", "reviewed_by": None}
           for c in claims}
    orphans, aliases = [], {}
    for k in in_force(corrections):
        if k.action == "remove":
            continue  # the article and its claims are gone from the store; the trail keeps who and when
        if k.action == "merge":
            aliases[k.fields["alias"]] = k.fields["canonical"]
            continue
        anchor = (k.article_id, k.start_char, k.end_char)
        if k.action == "add":
            rec = Claim(article_id=k.article_id, number_text=k.number_text, start_char=k.start_char,
                        end_char=k.end_char, sentence=k.fields.get("sentence", ""), sentence_start=0,
                        metric=k.fields["metric"], status=k.fields.get("status", "reported"), unit=None,
                        low=None, high=None, best=None, hedge=k.fields.get("hedge", "exact")).as_dict()
            out[anchor] = {**rec, **_clean({f: v for f, v in k.fields.items() if f in EDITABLE}),
                           "review": "added", "reviewed_by": k.reviewer}
            continue
        cur = out.get(anchor)
        if cur is None or cur["number_text"] != k.number_text:
            orphans.append(k)
            continue
        if k.action == "accept":
            cur["review"] = cur["review"] if cur["review"] in ("corrected", "added") else "accepted"
        elif k.action == "correct":
            cur.update(_clean(k.fields))
            cur["review"] = "added" if cur["review"] == "added" else "corrected"
        elif k.action == "reject":
            cur["review"] = "rejected"
        cur["reviewed_by"] = k.reviewer
    for c in out.values():
        name = c.get("source")
        seen = set()
        while name in aliases and name not in seen:  # a merged name may itself have been merged
            seen.add(name)
            name = aliases[name]
        c["source"] = name
        c["claim_id"] = claim_id(c["article_id"], c["start_char"])
    ordered = sorted(out.values(), key=lambda c: (c["article_id"], c["start_char"]))
    return Effective(ordered, orphans, aliases)


def records(claims) -> list[dict]:
    """A claims DataFrame as plain records: missing values (NaN, pandas' NA) as None."""
    df = claims.astype(object)
    return df.where(df.notna(), None).to_dict("records")


GOLD_FIELDS = ("metric", "status", "unit", "number_text", "start_char", "end_char", "low", "high", "best", "hedge",
               "source", "source_text", "as_of", "places")


def gold(articles: list[dict], eff: Effective, places: dict[str, list[str]]) -> dict:
    """The reviewed articles (those with a correction of their own) in the gold files' shape:
    their effective claims, rejected ones left out, and their places."""
    reviewed_ids = {c["article_id"] for c in eff.claims if c["review"] != "extracted"} | \
        {o.article_id for o in eff.orphans if o.article_id}
    by_article: dict[str, list[dict]] = {}
    for c in eff.reviewed():
        by_article.setdefault(c["article_id"], []).append({f: c.get(f) for f in GOLD_FIELDS})
    out = []
    for a in articles:
        aid = a["article_id"]
        if aid in reviewed_ids:
            out.append({"article_id": aid, "published": a.get("published"), "outlet": a.get("outlet"),
                        "places": sorted(places.get(aid, [])), "claims": by_article.get(aid, [])})
    return {"conventions": "conventions.md", "source": "crosscount export-gold: analysts' reviewed articles",
            "articles": out}


def reviewed_table(claims, corrections: list[Correction]):
    """The claims table as reviewed (a DataFrame with ``review`` and ``reviewed_by``; rejected
    claims kept and marked) and the Effective fold. Only the articles that corrections touch are
    folded; a merge renames across the table."""
    import pandas as pd  # deferred: the CLI's other commands and the audit trail never need pandas

    out = claims.assign(review="extracted", reviewed_by=None)
    if not corrections:
        return out, Effective([], [], {})
    touched = {c.article_id for c in corrections if c.article_id}
    part = out[out["article_id"].isin(touched)]
    eff = effective(records(part.drop(columns=["review", "reviewed_by"])), corrections)
    folded = pd.DataFrame(eff.claims, columns=list(out.columns)) if eff.claims else out.iloc[0:0]
    rest = out[~out["article_id"].isin(touched)]
    if eff.aliases:
        rest = rest.assign(source=[renamed(s, eff.aliases) for s in rest["source"].astype(object)])
    merged = pd.concat([rest, folded], ignore_index=True) if len(folded) else rest
    for col in ("low", "high", "best"):
        merged[col] = merged[col].astype("float64")
    for col in ("source_inherited", "incremental"):
        merged[col] = merged[col].astype(object).fillna(False).astype(bool)
    return merged.sort_values(["article_id", "start_char"], kind="stable").reset_index(drop=True), eff


def renamed(name, aliases: dict[str, str]):
    seen = set()
    while isinstance(name, str) and name in aliases and name not in seen:
        seen.add(name)
        name = aliases[name]
    return name
