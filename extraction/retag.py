"""The store's claims tagged again with the registry of wars as it is now (an analyst added a war
to ``data/conflicts.json`` or to ``$CROSSCOUNT_CONFLICTS``), without extracting again: each
article's war from its text and places, each claim's from its sentence (the rules of
:mod:`extraction.conflicts`), and each claimant's stake in it. No spaCy: places are read from the
text, as the CLI's ``places`` does."""
from __future__ import annotations

import json

from .conflicts import Registry, claimant_stake, registry
from .dates import parse_published
from .normalise import for_matching
from .places import Gazetteer, default_gazetteer, find_places
from .store import Store


def retag(store: Store, reg: Registry | None = None, gaz: Gazetteer | None = None) -> int:
    """Tag every claim of ``store`` with ``reg`` (default: the registry now); the number of
    claims whose war or stake changed. The store then notes the registry it follows."""
    reg, gaz = reg or registry(), gaz or default_gazetteer()
    t = store.tables()
    arts, claims = t["articles"], t["claims"]
    by_article = {a: part for a, part in claims.astype(object).where(claims.notna(), None).groupby("article_id")}
    rows = []
    for art in arts.astype(object).where(arts.notna(), None).to_dict("records"):
        if art["article_id"] not in by_article:
            continue
        norm = for_matching(art["text"] or "")
        body = int(art.get("body_start") or 0)
        published = parse_published(art.get("published"))
        war = reg.for_article(norm[body:], find_places(norm, gaz), published, gaz)
        wars: dict = {}  # a sentence's war, once however many of its figures there are
        for c in by_article[art["article_id"]].to_dict("records"):
            if c["sentence_start"] not in wars:
                wars[c["sentence_start"]] = reg.for_sentence(for_matching(c["sentence"] or ""), reg.get(war.value),
                                                             published) or war
            d = wars[c["sentence_start"]]
            stake = claimant_stake(c["source"], bool(c.get("source_type")), c["source_stake"], reg.get(d.value))
            trace = [x for x in (c.get("trace") or []) if not str(x).startswith("conflict:")]
            trace.insert(0, f"conflict: {d.rule}")
            if (d.value, stake) != (c["conflict"], c["source_stake"]):
                rows.append((d.value, stake, json.dumps(trace), c["claim_id"]))
    store.retag(rows, reg.digest)
    return len(rows)


IN_PLACE_ARTICLES = 5_000  # a store this small is re-tagged when opened; a larger one by the CLI (minutes)


def stale(store: Store) -> bool:
    """Whether the store's claims follow another registry of wars than today's."""
    return store.tagged_with() != registry().digest


def retag_if_stale(store: Store) -> int | None:
    """Retag a writable store of at most ``IN_PLACE_ARTICLES`` articles whose claims follow
    another registry of wars than today's; the number of claims changed, or None when nothing
    was done (up to date, read-only, or too large to do while a page waits: use the CLI)."""
    if store.read_only or not stale(store) or store.count() > IN_PLACE_ARTICLES:
        return None
    return retag(store)
