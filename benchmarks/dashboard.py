"""Dashboard speed and memory on a synthetic dataset, measured with Streamlit's AppTest.

    python benchmarks/dashboard.py [--claims 100000] [--articles 20000] [--repeats 5]
    python benchmarks/dashboard.py --write /tmp/1m.sqlite --claims 1000000 --articles 200000
    python benchmarks/dashboard.py --store /tmp/1m.sqlite --repeats 3

Writes a synthetic store (claims, articles, places shaped like the real ones) to a temporary
file (or measures one written before: ``--store``), points the app at it with a cache folder of
its own, and prints: the cold first render (the store's snapshot and figure index built), warm
first renders of each page (data cached), reruns after a filter change (median of the repeats),
a metric's first Disputes visit, the first renders after an analyst's correction and its undo
(recorded in the store's audit trail: a store given with ``--store`` keeps them), the first
renders after ``--add`` articles (50) are added as a poll of a feed adds them (the snapshot and
the figure index brought up to date, not made again; a store given with ``--store`` keeps them),
and the process's peak RSS as it goes.
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd

from extraction.lexicon import metrics

METRICS = list(metrics())  # the vocabulary of extraction/data/metrics.json
SOURCES = [f"Claimant {i:02d}" for i in range(28)] + ["South Korean intelligence (NIS)", "Ukrainian intelligence (GUR)"]
PLACES = [("Russia", "country", 55.0, 45.0), ("Ukraine", "country", 48.4, 31.2), ("North Korea", "country", 40.3, 127.5),
          ("Kursk Oblast", "region", 51.5, 36.0), ("Pyongyang", "city", 39.0, 125.8), ("Moscow", "city", 55.8, 37.6),
          ("Seoul", "city", 37.6, 127.0), ("Kyiv", "city", 50.5, 30.5)] + \
         [(f"Town {i:02d}", "city", 45 + i * 0.2, 30 + i * 0.5) for i in range(32)]
PARTIES = ["North Korea", "North Korea", "Russia", "Ukraine", None]
CONFLICTS = ["Russo-Ukrainian war", "Russo-Ukrainian war", "Russo-Ukrainian war", "Gaza war"]
SENTENCE = ("According to {s}, about {n:,} North Korean soldiers have been {v} in Russia's war against Ukraine, "
            "officials said on Tuesday in a closed briefing.")


def synthetic(n_claims: int, n_articles: int, seed: int = 1) -> dict[str, pd.DataFrame]:
    rng = random.Random(seed)
    ids = [f"syn_{i:06d}" for i in range(n_articles)]
    text = ("North Korea has sent troops to Russia. " * 40).strip()
    articles = pd.DataFrame({"article_id": ids, "title": [f"Report {i}" for i in range(n_articles)],
                             "outlet": [f"Outlet {i % 50}" for i in range(n_articles)],
                             "published": [f"2025-{1 + i % 12:02d}-15" for i in range(n_articles)], "url": None,
                             "path": None, "text": text, "body_start": 0, "n_claims": 0, "warnings": [[] for _ in ids]})
    rows = []
    for k in range(n_claims):
        a = ids[k % n_articles]
        m = METRICS[rng.randrange(len(METRICS))]
        s = SOURCES[rng.randrange(len(SOURCES))] if rng.random() > 0.2 else None
        n = rng.choice([600, 1000, 2000, 6000, 12000, 14000, 30000, 6_000_000])
        hedge = rng.choice(["exact", "approx", "lower_bound", "upper_bound", "range", "vague"])
        low, high, best = n, n, n
        if hedge == "lower_bound":
            high = None
        elif hedge == "upper_bound":
            low = None
        elif hedge == "range":
            high, best = n * 1.2, None
        elif hedge == "vague":
            high, best = None, None
        places = [p[0] for p in rng.sample(PLACES, rng.randint(0, 3))]
        as_of = rng.choice([None, "2024", f"2025-{rng.randint(1, 12):02d}", f"2024-{rng.randint(1, 12):02d}-0{rng.randint(1, 9)}"])
        at = 40 * (k // n_articles)  # an article's claims at distinct spans of its text, as extracted ones are
        rows.append({"claim_id": f"{a}:{at}", "article_id": a, "number_text": f"about {n:,}", "start_char": at,
                     "end_char": at + 5,
                     "sentence": SENTENCE.format(s=s or "reports", n=n, v="killed" if m == "killed" else "deployed"),
                     "sentence_start": 0, "metric": m, "status": "planned" if rng.random() < 0.1 else "reported",
                     "unit": "soldier", "low": low, "high": high, "best": best, "hedge": hedge, "source": s,
                     "source_text": s, "source_start": None, "source_end": None, "source_inherited": False,
                     "source_type": None, "source_stake": None, "as_of": as_of, "as_of_text": None, "places": places,
                     "outlet": None, "via": None, "published": None, "incremental": rng.random() < 0.05,
                     "party": rng.choice(PARTIES), "conflict": rng.choice(CONFLICTS), "counted": "soldiers", "trace": [],
                     "presence": rng.choice([None, None, "sent", "present"]) if m == "troops_deployed" else None})
    claims = pd.DataFrame(rows)
    prow = [{"article_id": a, "name": p[0], "kind": p[1], "lat": p[2], "lon": p[3], "within": None,
             "mentions": rng.randint(1, 5), "surfaces": [p[0]]} for a in ids for p in rng.sample(PLACES, 4)]
    return {"articles": articles, "claims": claims, "places": pd.DataFrame(prow)}


def write_store(path: Path, tables: dict[str, pd.DataFrame]) -> None:
    """Bulk-load synthetic tables into a new store, in one transaction."""
    import hashlib
    import sqlite3

    from extraction.store import ARTICLE_COLUMNS, CLAIM_COLUMNS, PLACE_COLUMNS, Store, _cell

    Store(path)
    con = sqlite3.connect(path)
    arts = tables["articles"].assign(n_places=4, added_at="2025-01-01T00:00:00+00:00", text_hash=[
        hashlib.sha256(a.encode()).hexdigest() for a in tables["articles"]["article_id"]])
    for name, cols, df in (("articles", ["text_hash", *ARTICLE_COLUMNS], arts), ("claims", CLAIM_COLUMNS, tables["claims"]),
                           ("places", PLACE_COLUMNS, tables["places"])):
        rows = [[_cell(c, v) for c, v in zip(cols, r)] for r in df[cols].itertuples(index=False)]
        con.executemany(f"INSERT INTO {name} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", rows)
    # its claims are tagged with today's registry of wars, as an extracted store's are
    from extraction.conflicts import registry
    con.execute("INSERT INTO meta VALUES ('conflicts', ?)", (registry().digest,))
    # one data write, as Store.add counts each: the store's change log says these articles came with it
    con.execute("UPDATE meta SET value = value + 1 WHERE key IN ('version', 'data_version')")
    con.commit()
    con.close()


def add_articles(path: Path, n: int, seed: int) -> None:
    """``n`` new synthetic articles (some five claims each, as the store's) added to the store one
    at a time, as a poll of a feed adds them."""
    from extraction.model import Article, Claim, PlaceRecord
    from extraction.store import Store
    tables = synthetic(5 * n, n, seed=seed)
    store = Store(path)
    claims = tables["claims"].drop(columns=["claim_id"]).to_dict("records")
    for a in tables["articles"].to_dict("records"):
        aid = a["article_id"]
        text = f"{a['text']} ({seed}-{aid})"  # each text its own: the store keeps one copy of a text
        store.add(Article(article_id=f"new{seed}-{aid}", text=text, title=a["title"], outlet=a["outlet"],
                          published=a["published"]),
                  [Claim(**c) for c in claims if c["article_id"] == aid],
                  [PlaceRecord(**p) for p in tables["places"].to_dict("records") if p["article_id"] == aid])


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument("--articles", type=int, default=20_000)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--store", help="a synthetic store written before (--write), to measure again without writing it")
    ap.add_argument("--write", help="write a synthetic store there and stop")
    ap.add_argument("--add", type=int, default=50, help="articles added before the last renders")
    args = ap.parse_args()
    if args.write:
        write_store(Path(args.write), synthetic(args.claims, args.articles))
        return
    from streamlit.testing.v1 import AppTest

    if args.store:
        tmp = Path(args.store)
        print(f"synthetic dataset: {tmp} (written before)")
    else:
        tmp = Path(tempfile.mkdtemp(prefix="cc-bench-")) / "synthetic.sqlite"
        t0 = time.perf_counter()
        # written by a child process, so that the generator's memory is not counted as the app's
        subprocess.run([sys.executable, __file__, "--write", str(tmp), "--claims", str(args.claims),
                        "--articles", str(args.articles)], check=True)
        print(f"synthetic dataset: {args.claims:,} claims in {args.articles:,} articles, written in "
              f"{time.perf_counter() - t0:.1f} s")
    os.environ["CROSSCOUNT_STORE"] = str(tmp)
    # a cache of its own: the cold render below includes the store's snapshot and figure index
    os.environ["CROSSCOUNT_CACHE"] = tempfile.mkdtemp(prefix="cc-bench-cache-")
    base = rss_mb()

    def fresh():
        return AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)

    at = fresh()
    t0 = time.perf_counter()
    at.run()
    cold = time.perf_counter() - t0
    assert not at.exception, at.exception
    print(f"first render, cold (the store's snapshot and figure index built, estimates page): {cold:.2f} s  "
          f"[peak RSS so far {rss_mb():.0f} MB]")

    pages = ["estimates", "sources", "map", "evidence", "articles", "disputes"]
    for page in pages:
        times = []
        for _ in range(args.repeats):
            at = fresh()
            at.run()
            t0 = time.perf_counter()
            at.switch_page(f"dashboard/pages/{page}.py").run()
            times.append(time.perf_counter() - t0)
            assert not at.exception, (page, at.exception)
        print(f"render of {page:<9} (data cached): median {statistics.median(times):.3f} s over {args.repeats}"
              f"  [peak RSS so far {rss_mb():.0f} MB]")

    for page in ("estimates", "evidence", "map", "disputes"):
        at = fresh()
        at.run()
        at.switch_page(f"dashboard/pages/{page}.py").run()
        times = []
        for k in range(args.repeats):
            value = [["killed"], ["troops_deployed", "casualties"]][k % 2]
            t0 = time.perf_counter()
            at.multiselect(key="metric").set_value(value).run()
            times.append(time.perf_counter() - t0)
            assert not at.exception
        print(f"rerun after a filter change on {page:<9}: median {statistics.median(times):.3f} s "
              f"(min {min(times):.3f}, max {max(times):.3f})  [peak RSS so far {rss_mb():.0f} MB]")
    # Disputes for one metric: the first visit computes it, a return (or another session on the
    # same link) reads it back; the alternation above mixes the two with the metric picker
    at = fresh()
    at.run()
    at.switch_page("dashboard/pages/disputes.py").run()
    first, again = [], []
    for metric in ("wounded", "casualties", "captured", "killed"):
        t0 = time.perf_counter()
        at.multiselect(key="metric").set_value([metric]).run()
        first.append(time.perf_counter() - t0)
    for metric in ("wounded", "casualties", "captured", "killed"):
        t0 = time.perf_counter()
        at.multiselect(key="metric").set_value([metric]).run()
        again.append(time.perf_counter() - t0)
    print(f"disputes, one metric, first visit: median {statistics.median(first):.3f} s; revisit: median "
          f"{statistics.median(again):.3f} s  [peak RSS so far {rss_mb():.0f} MB]")
    at = fresh()
    at.run()
    times = []
    for k in range(args.repeats):
        t0 = time.perf_counter()
        at.multiselect(key="status").set_value([["reported"], ["reported", "planned"]][k % 2]).run()
        times.append(time.perf_counter() - t0)
    print(f"rerun after a status change on estimates, all metrics drawn: median {statistics.median(times):.3f} s "
          f"(min {min(times):.3f}, max {max(times):.3f})")
    # an analyst's correction (a killed figure that counts wounded), then its undo: the next render
    # reads the store again (the snapshot stays; the figure index's parts of the metrics it changes
    # are made again). Leaves two rows in the audit trail of a store given with --store.
    from extraction import audit
    from extraction.review import Correction
    from extraction.store import Store
    store = Store(tmp)
    with store.reading() as con:
        aid, start, end, text = con.execute("SELECT article_id, start_char, end_char, number_text FROM claims "
                                            "WHERE metric = 'killed' ORDER BY rowid LIMIT 1").fetchone()
    text = store.article_text(aid)[start:end]  # the synthetic claims' words are not their text's
    done = audit.record(store, Correction(action="correct", reviewer="benchmark", article_id=aid, start_char=start,
                                          end_char=end, number_text=text, fields={"metric": "wounded"}, reason="bench"))
    def first_render(page: str, after: str) -> None:
        at = fresh()
        t0 = time.perf_counter()
        at.run()
        at.switch_page(f"dashboard/pages/{page}.py").run()
        if page == "disputes":
            at.multiselect(key="metric").set_value(["killed"]).run()
        assert not at.exception, at.exception
        print(f"first render of {page} after {after}: {time.perf_counter() - t0:.2f} s  [peak RSS so far {rss_mb():.0f} MB]")

    first_render("estimates", "a correction")
    audit.record(store, Correction(action="undo", reviewer="benchmark", undoes=done.id, reason="bench"))
    first_render("disputes", "its undo")
    # a poll adds a few articles: the next render brings the snapshot and the figure index up to
    # date for them (the first render above built the parts it reads from)
    t0 = time.perf_counter()
    add_articles(tmp, args.add, seed=int(time.time()))
    print(f"{args.add} articles added ({time.perf_counter() - t0:.2f} s)")
    for page in ("estimates", "disputes"):
        first_render(page, f"{args.add} articles were added")
    print(f"peak RSS: {rss_mb():.0f} MB (before the app: {base:.0f} MB)")


if __name__ == "__main__":
    main()
