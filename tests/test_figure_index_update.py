"""The figure index brought up to date after a few articles change (dashboard/figure_index.py):
the pools those articles touch are reconciled again, and the index is the one a reader starting
from nothing makes, figure for figure, rank for rank. Stores are generated: claimants that are
groups of others, unattributed claims pooled by outlet, agency credit or article, figures that
repeat, kinds and sides that differ."""
import random

import pytest
from fixtures import claim_record, store_from_records

from dashboard.figure_index import FigureIndex
from dashboard.reading import ReadModel
from extraction import audit
from extraction.model import Claim
from extraction.review import Correction
from extraction.snapshot import Snapshot

CLAIMANTS = ["Kyiv", "Seoul", "Kyiv and Seoul", "Seoul and Tokyo", "Tokyo", "the monitor", None, None]
OUTLETS = ["Wire A", "Wire B", None]
VIAS = [[], [], ["Agency X"]]
VALUES = [500, 1000, 1050, 2000, 12000, 14000, 15000]
EVERY = "SELECT * FROM figures ORDER BY metric, rank, claim_id"


def _article(rng, aid: str) -> tuple[dict, list[dict]]:
    parts, claims, at = [], [], 0
    outlet = rng.choice(OUTLETS)
    for j in range(rng.randint(1, 6)):
        n = rng.choice(VALUES)
        lead = f"Report {j} says "
        number = f"about {n:,}" if rng.random() < 0.3 else f"{n:,}"
        rec = claim_record(aid, number, number, metric=rng.choice(["killed", "killed", "troops_deployed"]),
                           source=rng.choice(CLAIMANTS), low=float(n), high=float(n) if rng.random() < 0.8 else None,
                           best=float(n), party=rng.choice(["North Korea", "North Korea", None]),
                           conflict=rng.choice(["Russo-Ukrainian war", None]), outlet=outlet, via=rng.choice(VIAS),
                           as_of=rng.choice([None, "2025-01", "2025-03", "2025"]), incremental=rng.random() < 0.1)
        start = at + len(lead)
        rec.update(start_char=start, end_char=start + len(number))
        parts.append(f"{lead}{number} soldiers. ")
        at += len(parts[-1])
        claims.append(rec)
    text = "".join(parts)
    for c in claims:
        c["sentence"] = text
    return {"article_id": aid, "text": f"{text}({aid})", "outlet": outlet}, claims


def _add(store, rng, ids):
    for aid in ids:
        art, claims = _article(rng, aid)
        store_from_records(store.path, [art], claims, [])


def _index(store, root):
    model = ReadModel.load(store, Snapshot.of(store, root=root))
    FigureIndex(model).build()
    return model


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_an_index_brought_up_to_date_is_the_one_made_from_nothing(tmp_path, seed, monkeypatch):
    rng = random.Random(seed)
    from extraction.store import Store
    store = Store(tmp_path / "s.sqlite")
    _add(store, rng, [f"a{k:03d}" for k in range(60)])
    _index(store, tmp_path / "cache")
    reconciled = []
    real = FigureIndex.updated

    def spy(self, metric, before, changed):
        reconciled.append(metric)
        return real(self, metric, before, changed)
    monkeypatch.setattr(FigureIndex, "updated", spy)
    for step in range(3):  # articles added, one removed, one re-extracted; a correction on another
        _add(store, rng, [f"n{step}-{k}" for k in range(4)])
        store.remove(f"a{step:03d}")
        aid = f"a{10 + step:03d}"
        _, again = _article(rng, aid)
        text = store.article_text(aid)
        again = [{**c, "start_char": text.index(c["number_text"]), "end_char": text.index(c["number_text"]) + len(c["number_text"])}
                 for c in again if c["number_text"] in text]
        audit.replace_extraction(store, aid, [Claim(**{k: v for k, v in c.items() if k != "claim_id"}) for c in again], [])
        if step == 1:  # a correction of an article that did not change: its metric's part is made whole
            model = ReadModel.load(store, Snapshot.of(store, root=tmp_path / "cache"))
            c = model.claims(model_filters()).iloc[0]
            audit.record(store, Correction(action="correct", reviewer="analyst", article_id=c["article_id"],
                                           start_char=int(c["start_char"]), end_char=int(c["end_char"]),
                                           number_text=c["number_text"], fields={"source": "Kyiv and Seoul"}))
        reconciled.clear()
        then = _index(store, tmp_path / "cache")
        assert then.snap.changed and then.snap.base is not None
        assert reconciled, "no part was brought up to date"
        fresh = _index(store, tmp_path / f"fresh{step}")
        got, want = then.snap.query(EVERY), fresh.snap.query(EVERY)
        assert got.to_pylist() == want.to_pylist(), step
        assert got.num_rows == then.total


def model_filters():
    from dashboard.filters import Filters
    return Filters((("article", ("a050",)),))


def test_the_claimants_order_brought_up_to_date_is_the_stores(tmp_path, monkeypatch):
    """A version a few articles after the one before it appends their new claimants to that one's
    list (the colours' order) without reading every claim: the same list the store gives."""
    from extraction.store import Store
    rng = random.Random(7)
    store = Store(tmp_path / "s.sqlite")
    _add(store, rng, [f"a{k:03d}" for k in range(20)])
    first = ReadModel.load(store, Snapshot.of(store, root=tmp_path / "cache")).claimants(store)
    assert first == store.claimants()
    _add(store, rng, ["n0", "n1"])
    art, claims = _article(rng, "n2")
    store_from_records(store.path, [art], [{**c, "source": "A new monitor"} for c in claims], [])
    asked = []
    real = Store.claimants
    monkeypatch.setattr(Store, "claimants", lambda self, articles=None: asked.append(articles) or real(self, articles))
    later = ReadModel.load(store, Snapshot.of(store, root=tmp_path / "cache"))
    assert later.snap.changed == {"n0", "n1", "n2"}
    names = later.claimants(store)
    assert asked == [["n0", "n1", "n2"]]  # only the new articles' claims were read
    assert names[:len(first)] == first and names[-1] == "A new monitor"
    monkeypatch.setattr(Store, "claimants", real)
    assert names == store.claimants()
    assert later.claimants(store) == names  # kept beside the snapshot
