"""How sure extraction is of a claim: the product of the measured precisions (on the dev set,
data/rule_precision.json, written by scripts/rule_errors.py --write) of the rules its trace names
for its metric and its claimant ("claimant: none" when it names none). A rule measured on too few
claims adds nothing. Review offers the least certain claims first, so an analyst's hour goes
where extraction is weakest. Measured on the dev set, so optimistic on other text."""
from __future__ import annotations

import math
from functools import lru_cache

from .resources import load_json

KINDS = ("metric", "claimant")


@lru_cache(maxsize=1)
def rule_precision() -> dict[str, dict[str, float]]:
    data = load_json("rule_precision.json")
    return {k: dict(data.get(k, {})) for k in KINDS}


def confidence(trace, precision: dict[str, dict[str, float]] | None = None) -> float | None:
    """The claim's confidence from its ``trace`` (None: no trace, or no rule of it measured)."""
    if trace is None or len(trace) == 0:
        return None
    table = precision if precision is not None else rule_precision()
    rules = {"claimant": "none"}  # a trace with no claimant entry: a claim given none
    for item in trace:
        kind, _, rule = str(item).partition(": ")
        if kind in KINDS:
            rules[kind] = rule
    found = [p for kind, rule in rules.items() if (p := table.get(kind, {}).get(rule)) is not None]
    return round(math.prod(found), 2) if found else None
