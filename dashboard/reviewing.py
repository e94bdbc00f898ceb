"""What the review forms turn into: corrections built from a claim and the values an analyst
typed, and the audit trail as a table. Pure: no Streamlit (the checking is extraction/review.py)."""
from __future__ import annotations

import pandas as pd

from extraction.figure_text import fmt
from extraction.model import plain
from extraction.review import EDITABLE, Correction

FORM_FIELDS = ("metric", "status", "low", "high", "best", "hedge", "source", "via", "as_of", "places")
LIST_FIELDS = {"places": ", ", "via": " → "}
NUMBER_FIELDS = ("low", "high", "best")


def form_text(v) -> str:
    """A field's value as a form shows it, so that it reads back as it is: 15000.0 → '15000'
    (never '15000.0' or '1.5e+04'), 0.5 → '0.5', None → ''."""
    v = plain(v)
    if v is None:
        return ""
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    return str(v)


def trail_text(field: str, v) -> str:
    """A field's value as the review trail says it: numbers as people read them ('15,000',
    '1.5 million', whether stored as numbers or as typed), lists joined, nothing as 'none'."""
    v = plain(v)
    if v is None or v == "" or v == []:
        return "none"
    if field in LIST_FIELDS and isinstance(v, (list, tuple)):
        return LIST_FIELDS[field].join(map(str, v))
    if field in NUMBER_FIELDS:
        try:
            return fmt(float(str(v).replace(",", "")))
        except ValueError:
            return str(v)
    return str(v)


def form_values(claim: dict) -> dict[str, str]:
    """A claim's editable fields as the text a form shows ('' for none; lists joined)."""
    out = {}
    for f in FORM_FIELDS:
        v = claim.get(f)
        if f in LIST_FIELDS:
            out[f] = LIST_FIELDS[f].join(v) if isinstance(v, (list, tuple)) else ""
        else:
            out[f] = form_text(v)
    return out


def _parse(field: str, text: str):
    text = (text or "").strip()
    if field in LIST_FIELDS:
        sep = LIST_FIELDS[field].strip()
        return [x.strip() for x in text.split(sep) if x.strip()] if text else []
    if field in ("low", "high", "best"):
        return text.replace(",", "") or None
    return text or None


def _changed(typed: dict[str, str], seen: dict[str, str]) -> list[str]:
    return [f for f in FORM_FIELDS if f in typed and typed[f].strip() != (seen.get(f) or "").strip()]


def correction_from_form(claim: dict, typed: dict[str, str], reviewer: str | None, reason: str = "",
                         seen: dict[str, str] | None = None) -> Correction:
    """A ``correct`` of ``claim`` holding only the fields the analyst changed: whose typed value
    differs from what the form showed when it was opened (``seen``; by default the claim as it
    is). A field another analyst changed meanwhile, and this one did not touch, is left as the
    other analyst saved it. Numbers as typed (the check says what is wrong with them)."""
    changed = {f: _parse(f, typed[f]) for f in _changed(typed, seen if seen is not None else form_values(claim))}
    return Correction(action="correct", reviewer=reviewer or "", article_id=claim["article_id"],
                      start_char=int(claim["start_char"]), end_char=int(claim["end_char"]),
                      number_text=claim["number_text"], fields=changed, reason=reason)


def stale_fields(claim: dict, typed: dict[str, str], seen: dict[str, str]) -> dict[str, str]:
    """The fields this analyst changed that another analyst changed too since the form was
    opened (the claim now differs from what the form showed): saving would overwrite their
    value unseen, so each is a problem that says what the value is now."""
    now = form_values(claim)
    return {f: f"another analyst changed it to {now[f] or '(empty)'} after you opened this form; "
               "the form now shows their value: check it and save again"
            for f in _changed(typed, seen) if (seen.get(f) or "").strip() != now[f].strip()}


def on_claim(claim: dict, action: str, reviewer: str | None, reason: str = "") -> Correction:
    """An ``accept`` or ``reject`` of a claim."""
    return Correction(action=action, reviewer=reviewer or "", article_id=claim["article_id"],
                      start_char=int(claim["start_char"]), end_char=int(claim["end_char"]),
                      number_text=claim["number_text"], reason=reason)


def added(article_id: str, text: str, words: str, occurrence: int, typed: dict[str, str], reviewer: str | None,
          reason: str = "") -> Correction:
    """A claim extraction missed: the ``occurrence``-th (0-based) appearance of ``words`` in the
    article's text; a span that is not there is left for the check to refuse."""
    start, at = -1, -1
    for _ in range(occurrence + 1):
        at = text.find(words, at + 1) if words else -1
        if at < 0:
            break
        start = at
    fields = {f: _parse(f, v) for f, v in typed.items() if f in EDITABLE and (v or "").strip()}
    if start < 0 or at < 0:
        return Correction(action="add", reviewer=reviewer or "", article_id=article_id, start_char=-1, end_char=-1,
                          number_text=words, fields=fields, reason=reason)
    return Correction(action="add", reviewer=reviewer or "", article_id=article_id, start_char=start,
                      end_char=start + len(words), number_text=words, fields=fields, reason=reason)


def occurrences(text: str, words: str, context: int = 40) -> list[str]:
    """Each appearance of ``words`` in the text with some context, for the analyst to pick."""
    out, at = [], text.find(words) if words else -1
    while at >= 0 and len(out) < 50:
        out.append("…" + text[max(0, at - context):at + len(words) + context].replace("\n", " ") + "…")
        at = text.find(words, at + 1)
    return out


def trail_table(trail: list[Correction], orphans: list[Correction]) -> pd.DataFrame:
    """The audit trail, newest first: who, when, what, the claim, before → after, why, and
    whether the correction is orphaned (its claim no longer extracted)."""
    orphan_ids = {o.id for o in orphans}
    rows = []
    for c in sorted(trail, key=lambda c: -(c.id or 0)):
        what = (f"article {c.article_id} ({c.before.get('claims')} claims)" if c.action == "remove" else
                f"{c.article_id}: “{c.number_text}”" if c.article_id else
                f"claimant “{c.fields.get('alias')}” → “{c.fields.get('canonical')}”" if c.action == "merge" else
                f"correction {c.undoes}")
        before = {k: c.before.get(k) for k in c.fields if k in c.before} if c.action == "correct" else {}
        rows.append({"id": c.id, "when": c.at, "who": c.reviewer, "action": c.action, "claim": what,
                     "before": "; ".join(f"{k}: {trail_text(k, v)}" for k, v in before.items()),
                     "after": "; ".join(f"{k}: {trail_text(k, v)}" for k, v in c.fields.items())
                     if c.action != "merge" else "",
                     "why": c.reason, "orphaned": c.id in orphan_ids})
    return pd.DataFrame(rows, columns=["id", "when", "who", "action", "claim", "before", "after", "why", "orphaned"])


VERBS = {"accept": "accepted", "correct": "corrected", "reject": "rejected", "add": "added", "merge": "merged",
         "undo": "undid", "remove": "removed"}


def trail_lines(trail: list[Correction], limit: int = 20) -> list[str]:
    """The newest corrections in words: 'ana corrected “150” in 000_…: source → Budanov's
    office (was Ukrainian intelligence (GUR)). Why: …' (plain text: the caller escapes it)."""
    out = []
    for c in sorted(trail, key=lambda c: -(c.id or 0))[:limit]:
        if c.action == "merge":
            what = f"claimant “{c.fields.get('alias')}” into “{c.fields.get('canonical')}”"
        elif c.action == "undo":
            what = f"correction {c.undoes}"
        elif c.action == "remove":
            what = f"article {c.article_id} (“{c.before.get('title') or 'untitled'}”, {c.before.get('claims')} claims)"
        else:
            what = f"“{c.number_text}” in {c.article_id}"
        changes = "; ".join(f"{k} → {trail_text(k, v)}"
                            + (f" (was {trail_text(k, c.before.get(k))})" if k in c.before else "")
                            for k, v in c.fields.items()) if c.action == "correct" else ""
        line = f"{c.id}. {c.at} · {c.reviewer} {VERBS.get(c.action, c.action)} {what}" + (f": {changes}" if changes else "")
        out.append(line + (f". Why: {c.reason}" if c.reason else ""))
    return out
