"""Dev-set errors per rule: for each rule a claim's trace names (extraction/claims.py), how many
claims it decided and how many of them the gold says are right, so an error can be pinned on the
rule that made it and the weakest rules are worked on first.

    python scripts/rule_errors.py [--gold tests/data/devset/gold.json] [--articles tests/data/devset/articles]
                                  [--claims CLAIMS.jsonl] [--write extraction/data/rule_precision.json]

Metric rules: a claim matched to a gold claim (same metric, low and high within 2%, as the scorer
matches) is right, an extra claim is wrong. Claimant rules: of the matched claims, those whose
claimant the scorer accepts are right ("claimant: none" counts matched claims given no claimant).
Prints one table per kind, the rules with most wrong first, and the gold claims no claim matched.
``--write`` also writes each rule's precision (rules that decided at least MIN_CLAIMS claims) to
the file extraction/confidence.py reads: a claim's confidence is the product of its rules'.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from scoring import pairs, right_source  # noqa: E402  (the tests' copy of the scorer's matching)

MIN_CLAIMS = 5  # a rule measured on fewer claims gets no precision of its own


def precisions(right: Counter, wrong: Counter) -> dict[str, float]:
    return {r: round(right[r] / (right[r] + wrong[r]), 2) for r in sorted(set(right) | set(wrong))
            if right[r] + wrong[r] >= MIN_CLAIMS}


def rule_of(claim: dict, kind: str) -> str:
    """The rule the claim's trace names for ``kind`` (metric, claimant, party, conflict)."""
    for item in claim.get("trace") or []:
        head, _, rule = str(item).partition(": ")
        if head == kind:
            return rule
    return "none"


def table(title: str, right: Counter, wrong: Counter) -> list[str]:
    rules = sorted(set(right) | set(wrong), key=lambda r: (-wrong[r], -right[r], r))
    out = [f"{title}", f"{'rule':60} {'claims':>7} {'wrong':>6} {'precision':>9}"]
    for r in rules:
        n = right[r] + wrong[r]
        out.append(f"{r[:60]:60} {n:7d} {wrong[r]:6d} {right[r] / n:9.2f}")
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", default=str(ROOT / "tests/data/devset/gold.json"))
    ap.add_argument("--articles", default=str(ROOT / "tests/data/devset/articles"))
    ap.add_argument("--claims", help="claims as JSON Lines (python -m extraction claims …); default: extract now")
    ap.add_argument("--write", help="write each rule's precision to this JSON file (extraction/data/rule_precision.json)")
    args = ap.parse_args()
    gold = json.loads(Path(args.gold).read_text(encoding="utf-8"))
    if args.claims:
        claims = [json.loads(line) for line in Path(args.claims).read_text(encoding="utf-8").splitlines() if line.strip()]
    else:
        from extraction.dataset import extract_files
        from extraction.reader import article_files
        claims = extract_files(article_files(args.articles)).claims
    matched, extra = pairs(gold, claims)
    metric_right, metric_wrong, who_right, who_wrong = Counter(), Counter(), Counter(), Counter()
    for _, g, p in matched:
        if p is None:
            continue
        metric_right[rule_of(p, "metric")] += 1
        (who_right if right_source(g, p) else who_wrong)[rule_of(p, "claimant")] += 1
    for _, p in extra:
        metric_wrong[rule_of(p, "metric")] += 1
    missed = [(aid, g) for aid, g, p in matched if p is None]
    lines = table("Metric rules (wrong: an extra claim)", metric_right, metric_wrong) + [""] + \
        table("Claimant rules (wrong: the gold names another claimant)", who_right, who_wrong) + [""] + \
        [f"Gold claims no claim matched: {len(missed)} (no rule made them; see score_claims.py's 'missed' lines)"]
    print("\n".join(lines))
    if args.write:
        data = {"_doc": "Each rule's precision on the dev set (scripts/rule_errors.py --write; rules that decided at "
                        f"least {MIN_CLAIMS} claims): metric rules, a claim matched to the gold against an extra one; "
                        "claimant rules, a claimant the gold accepts ('none': no claimant). A claim's confidence is "
                        "the product of its rules' (extraction/confidence.py). Measured on "
                        f"{len(gold['articles'])} articles.",
                "metric": precisions(metric_right, metric_wrong), "claimant": precisions(who_right, who_wrong)}
        Path(args.write).write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
