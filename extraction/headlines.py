"""A headline's figures: the figure the body reports, as its claimant states it there (the seed
gold: "'Seoul says' = the NIS statement in the body"). Plain Python over claims."""
from __future__ import annotations

import re
from dataclasses import replace

from .model import Claim


def from_body(claims: list[Claim], headline: int) -> list[Claim]:
    """"Dozens killed near aid site, health officials say", "UN: more than 1,600 killed": a
    headline claim (of the sentence starting at ``headline``) takes the claimant, and a missing
    date and side, of the first body claim of its metric whose value it holds, when it names
    nobody, nobody the registry knows, or a body the body's claimant is part of ("UN" for "UN
    human rights office")."""
    body = [c for c in claims if c.sentence_start != headline and c.source]
    out = []
    for c in claims:
        match = next((b for b in body if b.metric == c.metric and b.status == c.status and _holds(c, b)), None) \
            if c.sentence_start == headline else None
        if match is not None and match.source != c.source and _names_better(match, c):
            c = replace(c, source=match.source, source_text=match.source_text, source_start=match.source_start,
                        source_end=match.source_end, source_inherited=True, source_type=match.source_type,
                        source_stake=match.source_stake,
                        trace=[t for t in c.trace if not t.startswith("claimant:")] + ["claimant: headline (the body's report of its figure)"])
        if match is not None and c.as_of is None and match.as_of is not None:
            c = replace(c, as_of=match.as_of, as_of_text=match.as_of_text, trace=[*c.trace, "as_of: the body's report of the headline's figure"])
        if match is not None and c.party is None and match.party is not None:
            c = replace(c, party=match.party, trace=[*c.trace, "party: the body's report of the headline's figure"])
        out.append(c)
    return out


def _names_better(body: Claim, headline: Claim) -> bool:
    """The body's claimant names the headline's figure's better: the headline names nobody; or
    someone no registry knows, where the body names a registered party or in more words
    ("officials" → the health ministry, but not "Syrian inquiry" → "commission"); or a body the
    body's registered claimant is part of ("UN" → "UN human rights office")."""
    if not headline.source:
        return True
    if not headline.source_type:
        return bool(body.source_type) or len(body.source.split()) > len(headline.source.split())
    said = (headline.source_text or "").lower()
    return bool(body.source_type) and bool(said) and re.search(rf"(?<![\w-]){re.escape(said)}(?![\w-])", body.source.lower()) is not None


def _holds(headline: Claim, body: Claim) -> bool:
    """The headline's figure holds the body's: the same number within a tenth (an exact or
    approximate one), else the body's number within the headline's interval ("Dozens" holds 31)."""
    value = body.best if body.best is not None else body.low
    if value is None:
        return False
    if headline.hedge in ("exact", "approx") and headline.best:
        return abs(value - headline.best) <= 0.1 * headline.best
    low = headline.low if headline.low is not None else 0
    return low <= value and (headline.high is None or value <= headline.high)
