"""Score extracted claims against a gold file with the matching rules of
shared/tools/score_claims.py (copied to tests/score_claims.py, so tests need nothing outside the
repository): same metric, low/high within 2%, each gold claim matched once, optional claims
neither missed nor extra; sources compared as that scorer does (alias keys, acronyms, one name
inside the other, half the words shared); dates equal at the coarser precision; party and conflict
compared as that scorer does (case, dashes, a country's adjective and usual other names ignored)."""
from collections import defaultdict

from score_claims import close, same_date, same_label, same_source

SIDES = ("party", "conflict")  # scored over the matched gold claims that carry them


def _match(preds, used, g, any_metric=False):
    return next((i for i, p in enumerate(preds) if not used[i] and (any_metric or p["metric"] == g["metric"])
                 and close(p["low"], g["low"]) and close(p["high"], g["high"])), None)


def pairs(gold, claims) -> tuple[list[tuple[str, dict, dict | None]], list[tuple[str, dict]]]:
    """The matching: (article id, gold claim, the extracted claim matched to it or None) for each
    gold claim that is not optional, and (article id, extracted claim) for each extra one."""
    by_art = defaultdict(list)
    for c in claims:
        by_art[c["article_id"]].append(c)
    matched, extra = [], []
    for art in gold["articles"]:
        preds = by_art.get(art["article_id"], [])
        used = [False] * len(preds)
        for g in art["claims"]:
            hit = _match(preds, used, g)
            if hit is None and g.get("optional"):
                i = _match(preds, used, g, any_metric=True)
                if i is not None:
                    used[i] = True
                continue
            if hit is not None:
                used[hit] = True
            if not g.get("optional"):
                matched.append((art["article_id"], g, preds[hit] if hit is not None else None))
        for i, p in enumerate(preds):  # a repeated mention of a matched claim is neither a hit nor extra
            if not used[i] and any(p["metric"] == g["metric"] and close(p["low"], g["low"]) and close(p["high"], g["high"])
                                   for g in art["claims"]):
                used[i] = True
        extra += [(art["article_id"], p) for i, p in enumerate(preds) if not used[i]]
    return matched, extra


def right_source(g, p) -> bool:
    return any(same_source(s, p["source"]) for s in [g["source"]] + g.get("source_alternatives", []))


def score(gold, claims, places=None):
    tp = fp = fn = src_ok = asof_ok = 0
    side = {k: [0, 0] for k in SIDES}  # right, scored
    problems = []
    matched, extra = pairs(gold, claims)
    for aid, g, p in matched:
        if p is None:
            fn += 1
            problems.append(f"missed {aid}: {g['metric']} {g['number_text']!r}")
            continue
        tp += 1
        if right_source(g, p):
            src_ok += 1
        else:
            problems.append(f"source {g['number_text']!r}: gold={g['source']!r} got={p['source']!r}")
        if any(same_date(d, p["as_of"]) for d in [g["as_of"]] + g.get("as_of_alternatives", [])):
            asof_ok += 1
        else:
            problems.append(f"as_of {g['number_text']!r}: gold={g['as_of']!r} got={p['as_of']!r}")
        for k in SIDES:
            if k in g:
                side[k][1] += 1
                if any(same_label(v, p.get(k)) for v in [g[k]] + g.get(k + "_alternatives", [])):
                    side[k][0] += 1
                else:
                    problems.append(f"{k} {aid} {g['number_text']!r}: gold={g[k]!r} got={p.get(k)!r}")
    for aid, p in extra:
        fp += 1
        problems.append(f"extra {aid}: {p['metric']} {p['number_text']!r}")
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    out = {"f1": 2 * prec * rec / (prec + rec) if prec + rec else 0.0,
           "source": src_ok / tp if tp else 0.0, "as_of": asof_ok / tp if tp else 0.0, "problems": problems,
           **{k: ok / n for k, (ok, n) in side.items() if n}}
    if places is not None:
        got = defaultdict(set)
        for r in places:
            got[r["article_id"]].add(r["name"])
        ptp = pfp = pfn = 0
        for art in gold["articles"]:
            g, p = set(art["places"]), got.get(art["article_id"], set())
            ptp, pfn, pfp = ptp + len(g & p), pfn + len(g - p), pfp + len(p - g)
            problems.extend(f"place {art['article_id']}: {x} is not a place" for x in art.get("not_places", []) if x in p)
            problems.extend(f"place {art['article_id']}: missed {x}" for x in g - p)
            problems.extend(f"place {art['article_id']}: extra {x}" for x in p - g)
        pp = ptp / (ptp + pfp) if ptp + pfp else 0.0
        pr = ptp / (ptp + pfn) if ptp + pfn else 0.0
        out["places"] = 2 * pp * pr / (pp + pr) if pp + pr else 0.0
    return out
