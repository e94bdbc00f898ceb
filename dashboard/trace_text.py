"""A claim's trace in words: which rule chose its metric, claimant, war and party ("claimant:
the subject of a reporting verb, in an earlier sentence whose report goes on"), for the Evidence
page's detail of one claim. Plain text (the page escapes it)."""
from __future__ import annotations

from extraction.lexicon import metric_name

# how a claimant was found (extraction/attribution/frames.py Attribution.frame)
FRAMES = {"according_to": "named after “according to”", "subject": "the subject of a reporting verb",
          "estimates_of": "the owner of an estimate (“X's estimates”)", "cited": "the party a relay cites",
          "named": "named in the sentence", "headline": "named in the headline (“X: …”)",
          "pronoun": "a pronoun (“he said”) resolved to the party named before",
          "indefinite": "nobody named (“some put the number at …”)",
          "report_frame": "the subject of a report opened by a sentence with no figure (“The ministry released its count on Friday.”)"}
HOW = {"(inherited)": "named in an earlier sentence", "(continued report)": "the report of an earlier sentence goes on",
       "(the body's report of its figure)": "as the article's body reports the same figure"}
WHAT = {"metric": "counts", "claimant": "claimant", "conflict": "war", "party": "whose", "as_of": "as of"}


def steps(claim: dict, trace) -> list[str]:
    """One line per decision of ``trace`` (``"metric: rule"``, ``"claimant: frame (how)"``, …),
    each with the value the claim carries: "counts killed: words about the figure"."""
    if trace is None or len(trace) == 0:
        return ["No trace was kept for this claim (extracted before traces were, or added by an analyst)."]
    out = []
    for item in trace:
        kind, _, rule = str(item).partition(": ")
        value = {"metric": metric_name(claim.get("metric") or ""), "claimant": claim.get("source"),
                 "conflict": claim.get("conflict"), "party": claim.get("party"), "as_of": claim.get("as_of")}.get(kind)
        if kind == "claimant":
            frame, _, how = rule.partition(" ")
            rule = FRAMES.get(frame, frame) + (f", {HOW.get(how, how.strip('()'))}" if how else "")
        label = WHAT.get(kind, kind)
        out.append(f"{label} {value}: {rule}" if value not in (None, "") else f"{label}: {rule}")
    return out
