"""The store's snapshot: Parquet files of one store version, read with DuckDB queries."""
import pandas as pd
import pytest
from fixtures import claim_record, fixture_store, store_from_records

from extraction.snapshot import Snapshot


def _plain(df):
    return df.astype(object).where(df.notna(), None).to_dict("records")


@pytest.mark.parametrize("table", ["claims", "places", "articles"])
def test_a_snapshot_holds_what_the_store_holds(tmp_path, table):
    store = fixture_store(tmp_path / "s.sqlite")
    want = store.tables(article_text=False)[table]
    got = Snapshot.of(store, root=tmp_path / "cache").frame(table)
    assert list(got.columns) == list(want.columns)
    assert _plain(got) == _plain(want)
    assert got["low"].dtype == want["low"].dtype if table == "claims" else True


def test_a_write_makes_a_new_snapshot_and_old_ones_are_dropped(tmp_path):
    text = "Seoul said 1,500 troops were sent."
    store = store_from_records(tmp_path / "s.sqlite", [{"article_id": "a", "text": text}],
                               [claim_record("a", text, "1,500", source="Seoul")], [])
    first = Snapshot.of(store, root=tmp_path / "cache")
    assert Snapshot.of(store, root=tmp_path / "cache").folder == first.folder  # built once per version
    folders = [first.folder]
    for k in range(3):
        t2 = f"Kyiv said {k + 2},000 troops were sent."
        store_from_records(store.path, [{"article_id": f"b{k}", "text": t2}],
                           [claim_record(f"b{k}", t2, f"{k + 2},000", source="Kyiv")], [])
        snap = Snapshot.of(store, root=tmp_path / "cache")
        folders.append(snap.folder)
        assert snap.count() == k + 2
        assert snap.distinct("source") and set(snap.distinct("source")) == {"Seoul", "Kyiv"}
    assert len(set(folders)) == 4
    # the newest two are kept, and the full snapshot they read the unchanged articles from
    assert [f.exists() for f in folders] == [True, False, True, True]
    assert snap.base == folders[0]


def _tables(snap):
    return {t: _plain(snap.frame(t)) for t in ("articles", "claims", "places")}


def test_a_few_changed_articles_make_a_snapshot_of_those_alone(tmp_path, monkeypatch):
    """Articles added, removed and re-extracted after a snapshot: the next one reads only those
    articles from the store, and holds exactly what a snapshot made from nothing holds."""
    from extraction import audit
    from extraction.model import Claim
    store = fixture_store(tmp_path / "s.sqlite")
    first = Snapshot.of(store, root=tmp_path / "cache")
    ids = sorted(first.frame("articles")["article_id"])
    text = "Kyiv said 2,000 troops were sent; Seoul said 3,000."
    store_from_records(store.path, [{"article_id": "new", "text": text}],
                       [claim_record("new", text, "2,000", source="Kyiv"), claim_record("new", text, "3,000")],
                       [{"article_id": "new", "name": "Kyiv", "kind": "city", "lat": 50.4, "lon": 30.5}])
    store.remove(ids[0])
    kept = first.claims(f"article_id = '{ids[1]}'")
    c = kept.iloc[0]
    again = claim_record(ids[1], store.article_text(ids[1]), c["number_text"], metric="killed", low=9.0, high=9.0)
    audit.replace_extraction(store, ids[1], [Claim(**{k: v for k, v in again.items() if k != "claim_id"})], [])
    read = []
    real = __import__("extraction.snapshot", fromlist=["_write_table"])._write_table
    monkeypatch.setattr("extraction.snapshot._write_table", lambda con, st, table, path, articles=None:
                        read.append(articles) or real(con, st, table, path, articles))
    then = Snapshot.of(store, root=tmp_path / "cache")
    assert read == [sorted({"new", ids[0], ids[1]})] * 3  # of each table, the three articles changed
    assert then.base == first.folder and then.previous == first.folder
    assert then.changed == {"new", ids[0], ids[1]}
    fresh = Snapshot.of(store, root=tmp_path / "fresh")
    assert fresh.base is None and fresh.changed is None
    assert _tables(then) == _tables(fresh)
    assert then.distinct("source") and sorted(then.distinct("source")) == sorted(fresh.distinct("source"))


def test_the_base_of_a_snapshot_another_process_is_making_is_kept(tmp_path, monkeypatch):
    """Old snapshots are dropped, but not the base that a snapshot still being made reads (its
    layout is written before its tables)."""
    import json
    text = "Seoul said 1,500 troops were sent."
    store = store_from_records(tmp_path / "s.sqlite", [{"article_id": "a", "text": text}],
                               [claim_record("a", text, "1,500", source="Seoul")], [])
    first = Snapshot.of(store, root=tmp_path / "cache")
    elsewhere = first.folder.parent / ".build-elsewhere"  # another process, half way through
    elsewhere.mkdir()
    (elsewhere / "layout.json").write_text(json.dumps({"base": first.folder.name}))
    monkeypatch.setattr("extraction.snapshot.MIN_DELTA", 0)
    for k in range(3):  # each a full copy: many changes for a one-article base
        t = f"Kyiv said {k + 2},000 troops were sent."
        store_from_records(store.path, [{"article_id": f"b{k}", "text": t}], [claim_record(f"b{k}", t, f"{k + 2},000")], [])
        Snapshot.of(store, root=tmp_path / "cache")
    assert first.folder.exists()
    elsewhere.rename(elsewhere.with_name(".gone"))  # it ended: the base is dropped with the next snapshot
    store.remove("b0")
    Snapshot.of(store, root=tmp_path / "cache")
    assert not first.folder.exists()


def test_many_changed_articles_or_no_change_log_make_a_whole_snapshot(tmp_path, monkeypatch):
    """Beyond a tenth of the base's articles (and MIN_DELTA), or from a store whose change log
    begins after the snapshot before, a snapshot is made whole."""
    import sqlite3
    store = fixture_store(tmp_path / "s.sqlite")
    Snapshot.of(store, root=tmp_path / "cache")
    monkeypatch.setattr("extraction.snapshot.MIN_DELTA", 0)
    for k in range(3):
        t = f"Kyiv said {k + 2},000 troops were sent."
        store_from_records(store.path, [{"article_id": f"b{k}", "text": t}], [claim_record(f"b{k}", t, f"{k + 2},000")], [])
    many = Snapshot.of(store, root=tmp_path / "cache")
    assert many.base is None and many.changed is None  # made whole: derived tables are made whole too
    con = sqlite3.connect(store.path)
    con.execute("UPDATE meta SET value = 99 WHERE key = 'changes_from'")  # a log begun later
    con.commit()
    con.close()
    store.remove("b0")
    later = Snapshot.of(store, root=tmp_path / "cache")
    assert later.base is None and later.changed is None and later.count() == many.count() - 1


def test_a_read_only_store_has_a_snapshot(tmp_path, monkeypatch):
    store = fixture_store(tmp_path / "s.sqlite")
    monkeypatch.setenv("CROSSCOUNT_STORE_READ_ONLY", "1")
    from extraction.store import Store
    ro = Store(store.path)
    assert ro.read_only
    assert Snapshot.of(ro, root=tmp_path / "cache").count() == len(store.tables()["claims"])


def test_list_columns_are_queried_by_member(snap):
    places = snap.distinct("places")
    assert places
    for p in places[:3]:
        got = snap.claims("list_has_any(places, ?::VARCHAR[])", [[p]])
        assert len(got) and all(p in ps for ps in got["places"])
    assert isinstance(snap.claims()["places"].iloc[0], list)
    assert pd.api.types.is_bool_dtype(snap.claims()["incremental"])


def test_the_snapshots_of_a_store_that_is_gone_are_dropped(tmp_path):
    gone = fixture_store(tmp_path / "gone.sqlite")
    old = Snapshot.of(gone, root=tmp_path / "cache")
    gone.path.unlink()
    Snapshot.of(fixture_store(tmp_path / "other.sqlite"), root=tmp_path / "cache")
    assert not old.folder.exists()


def test_an_unwritable_cache_folder_gives_way_to_the_temporary_directory(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("CROSSCOUNT_CACHE", str(blocked))  # its snapshots folder cannot be made
    store = fixture_store(tmp_path / "s.sqlite")
    snap = Snapshot.of(store)
    assert snap.count() == len(store.tables()["claims"]) and not str(snap.folder).startswith(str(blocked))


def test_a_derived_table_is_read_as_its_parts_and_old_parts_are_dropped(tmp_path):
    """A reader keeps what it derives in parts named by what they were made from; of one kind of
    part (a metric's), the newest KEEP_PARTS stay, and a table reads the parts it is told to."""
    import time

    import pyarrow as pa

    from extraction.snapshot import KEEP_PARTS
    snap = Snapshot.of(fixture_store(tmp_path / "s.sqlite"), root=tmp_path / "cache")
    schema = pa.schema([("x", pa.int64())])
    for k in range(KEEP_PARTS + 2):
        snap.keep("t", f"a-{k}", iter([pa.table({"x": [k, k]}, schema=schema)]), schema, kind="a-")
        time.sleep(0.02)  # parts are told apart by when they were made
    snap.keep("t", "b-0", iter([pa.table({"x": [100]}, schema=schema)]), schema, kind="b-")
    snap.keep("t", f"a-{KEEP_PARTS + 1}", iter([]), schema, kind="a-")  # already there: kept as it is
    snap.use("t", ["b-0", f"a-{KEEP_PARTS + 1}"])
    assert snap.query("SELECT x FROM t").column(0).to_pylist() == [100, KEEP_PARTS + 1, KEEP_PARTS + 1]
    assert sorted(p.stem for p in (snap.folder / "t").glob("*.parquet")) == \
        [f"a-{k}" for k in range(2, KEEP_PARTS + 2)] + ["b-0"]
    snap.use("t", ["b-0"])  # a table told to read other parts reads those
    assert snap.query("SELECT count(*) FROM t").column(0).to_pylist() == [1]


@pytest.mark.parametrize("given,limit", [("512MB", "512MB"), (" 2 gb ", "2GB"), ("", "256MB"), ("lots", "256MB"),
                                         ("0MB", "256MB"), ("1TB", "256MB"), ("64MB; DROP", "256MB")])
def test_the_query_memory_is_a_setting_checked_before_use(tmp_path, monkeypatch, given, limit):
    from extraction.snapshot import memory_limit
    monkeypatch.setenv("CROSSCOUNT_QUERY_MEMORY", given)
    assert memory_limit() == limit
    snap = Snapshot.of(fixture_store(tmp_path / "s.sqlite"), root=tmp_path / "cache")
    value, unit = snap.query("SELECT current_setting('memory_limit')").column(0)[0].as_py().split()  # '1.8 GiB'
    got = float(value) * {"MiB": 2**20, "GiB": 2**30}[unit]
    assert abs(got - int(limit[:-2]) * (10**6 if limit.endswith("MB") else 10**9)) < 0.06 * got  # shown rounded
