"""The article store: round trip, restart, duplicates, removal, bad input, a killed ingest, and
two writers at once. Real files, real subprocesses, a real `kill -9`."""
import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import ROOT

from extraction.ingest import ingest_bytes, ingest_text, summary
from extraction.reader import read_article
from extraction.store import Store, text_hash

SEED = ROOT / "seeds" / "004_b2f3424544e31636.txt"


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "s.sqlite")


def test_round_trip(store, nlp):
    from extraction.claims import article_places, extract
    art = read_article(SEED)
    claims, places = extract(art, nlp), article_places(art)
    added = store.add(art, claims, places)
    assert (added.article_id, added.duplicate, added.claims, added.places) == ("004_b2f3424544e31636", False, 6, 8)
    t = store.tables()
    assert t["articles"].iloc[0]["text"] == art.text
    got = t["claims"].to_dict("records")
    for want, row in zip(claims, got):
        for key in ("number_text", "start_char", "metric", "status", "low", "high", "hedge", "source", "as_of", "places"):
            w, g = getattr(want, key), row[key]
            assert (w is None and (g is None or g != g)) or w == g, (key, w, g)
    assert sorted(t["places"]["name"]) == sorted(p.name for p in places)
    assert store.check() == []


def test_a_restart_keeps_what_was_added(store, nlp):
    ingest_bytes(store, "mine.txt", b"North Korea sent about 12,000 soldiers to Russia, Reuters reported.", nlp=nlp)
    code = ("import sys; sys.path.insert(0, '.'); from extraction.store import Store; "
            f"t = Store({str(store.path)!r}).tables(); print(len(t['articles']), len(t['claims']), t['claims']['source'][0])")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert r.stdout.split(maxsplit=2) == ["1", "1", "Reuters\n"]


def test_the_same_text_is_stored_once(store, nlp):
    text = "date 2025-01-01\nNorth Korea sent about 12,000 soldiers to Russia.\n"
    first = ingest_bytes(store, "a.txt", text.encode(), nlp=nlp)
    again = ingest_bytes(store, "b.txt", text.replace("\n", "\r\n  ").encode(), nlp=nlp)  # same words, other spacing
    pasted = ingest_text(store, text, nlp=nlp)
    assert first.status == "added" and first.article_id == "a"
    assert (again.status, again.message) == ("duplicate", "duplicate: the same text is already stored as a")
    assert pasted.status == "duplicate"
    assert store.count() == 1
    assert text_hash(text) == text_hash(" " + text.replace(" ", "\t"))


def test_an_id_taken_by_another_text_gets_the_hash(store, nlp):
    a = ingest_bytes(store, "report.txt", b"North Korea sent about 12,000 soldiers.", nlp=nlp)
    b = ingest_bytes(store, "report.txt", b"North Korea sent about 15,000 soldiers.", nlp=nlp)
    assert a.article_id == "report" and b.article_id.startswith("report-") and len(b.article_id) == len("report-") + 8


def test_removal_takes_claims_and_places(store, nlp):
    keep = ingest_bytes(store, "keep.txt", b"About 2,000 soldiers died in Kursk, Seoul said.", nlp=nlp)
    gone = ingest_bytes(store, "gone.txt", b"North Korea sent about 12,000 soldiers to Russia.", nlp=nlp)
    v = store.version()
    assert store.remove(gone.article_id) is True
    assert store.version() == v + 1
    t = store.tables()
    assert list(t["articles"]["article_id"]) == [keep.article_id]
    assert set(t["claims"]["article_id"]) == {keep.article_id} and set(t["places"]["article_id"]) == {keep.article_id}
    assert store.remove("no_such_article") is False
    assert store.check() == []


@pytest.mark.parametrize("name,data,message", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n ", "empty file (white space only)"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary file (it contains NUL bytes), not text"),
    ("big.txt", b"x" * 2_000_001, "2,000,001 bytes is over the 2,000,000-byte limit"),
    ("long.txt", b"x " * 100_001, "its text is 200,002 characters, over the 200,000-character limit (split it into smaller articles)"),
    ("page.html", b"<html><body><script>var a;</script></body></html>", "no article text found in the HTML page"),
])
def test_bad_input_is_a_message_and_stores_nothing(store, nlp, name, data, message):
    o = ingest_bytes(store, name, data, nlp=nlp)
    assert (o.status, o.message, o.line) == ("error", message, f"{name}: error: {message}")
    assert store.count() == 0


def test_legacy_encoded_text_is_detected_and_added_with_a_warning(store, nlp):
    o = ingest_bytes(store, "latin1.txt", "About 3 000 soldiers were sent to Kursk, café owners said.".encode("latin-1"), nlp=nlp)
    assert o.status == "added"
    assert len(o.warnings) == 1 and o.warnings[0].startswith("not UTF-8: read as ")
    assert o.message.endswith(f"(warning: {o.warnings[0]})")


def test_a_bad_date_typed_by_the_analyst(store, nlp):
    o = ingest_text(store, "About 3,000 soldiers were sent.", {"published": "15/03/2025"}, nlp=nlp)
    assert (o.status, o.message) == ("error", "publication date '15/03/2025' is not a date as YYYY-MM-DD "
                                              "with a year from 1900 to 2100")


def test_what_the_analyst_types_wins_over_the_file(store, nlp):
    ingest_bytes(store, "a.txt", b"date 2025-01-01\nIn March, about 3,000 soldiers were sent.",
                 {"title": "Mine", "outlet": "Desk notes", "url": "", "published": "2025-06-30"}, nlp=nlp)
    art = store.tables()["articles"].iloc[0]
    assert (art["title"], art["outlet"], art["published"]) == ("Mine", "Desk notes", "2025-06-30")
    assert store.tables()["claims"].iloc[0]["as_of"] == "2025-03"


def test_one_bad_upload_does_not_stop_the_others(store, nlp):
    outcomes = [ingest_bytes(store, n, d, nlp=nlp) for n, d in
                [("a.txt", b"About 3,000 soldiers were sent to Kursk."), ("b.txt", b""),
                 ("c.txt", b"At least 600 soldiers were killed in Kursk.")]]
    assert [o.status for o in outcomes] == ["added", "error", "added"]
    assert summary(outcomes) == "Added 2 articles (2 claims, 2 places); 1 error."


def _articles_folder(tmp_path, n, tag):
    d = tmp_path / tag
    d.mkdir()
    for i in range(n):
        (d / f"{tag}{i:03d}.txt").write_text(
            f"date 2025-0{1 + i % 9}-10\nArticle {tag} {i}. North Korea sent about {1000 + i:,} soldiers to Kursk, "
            f"South Korean intelligence said. At least {100 + i} of them were killed, according to Ukrainian intelligence.\n",
            encoding="utf-8")
    return d


def test_killing_an_ingest_leaves_the_store_consistent(tmp_path):
    path = tmp_path / "k.sqlite"
    folder = _articles_folder(tmp_path, 60, "k")
    proc = subprocess.Popen([sys.executable, "-m", "extraction", "add", str(folder), "--store", str(path)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and (not path.exists() or Store(path).count() < 3):
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    store = Store(path)
    n = store.count()
    assert 3 <= n < 60, n  # killed in the middle
    assert store.check() == []
    t = store.tables()
    assert (t["articles"]["n_claims"] == 2).all() and len(t["claims"]) == 2 * n
    # the rest can be added afterwards; what was stored is a duplicate, nothing is doubled
    r = subprocess.run([sys.executable, "-m", "extraction", "add", str(folder), "--store", str(path)],
                       cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert Store(path).count() == 60 and Store(path).check() == []
    assert sum(": duplicate: " in line for line in r.stdout.splitlines()) == n


def test_two_writers_at_once_both_land(tmp_path):
    path = tmp_path / "c.sqlite"
    Store(path)
    folders = [_articles_folder(tmp_path, 15, tag) for tag in ("a", "b")]
    procs = [subprocess.Popen([sys.executable, "-m", "extraction", "add", str(f), "--store", str(path)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for f in folders]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    store = Store(path)
    assert store.count() == 30 and store.check() == []
    assert store.version() == 30
    ids = set(store.tables()["articles"]["article_id"])
    assert ids == {f"{t}{i:03d}" for t in "ab" for i in range(15)}


def test_a_store_from_before_a_new_field_is_upgraded_or_read(tmp_path):
    """A store written before ``Claim.incremental`` existed: a read-only copy reads the field as
    its default, a writable one gets the column, and nothing stored is lost."""
    import shutil
    import sqlite3

    from fixtures import fixture_store

    old = tmp_path / "old.sqlite"
    fixture_store(old)
    con = sqlite3.connect(old)
    con.execute("ALTER TABLE claims DROP COLUMN incremental")
    con.commit()
    con.close()
    n = len(Store(old, read_only=True).tables()["claims"])
    ro = shutil.copy(old, tmp_path / "ro.sqlite")
    claims = Store(ro, read_only=True).tables()["claims"]
    assert len(claims) == n and not claims["incremental"].any()
    assert "incremental" not in {r[1] for r in sqlite3.connect(ro).execute("PRAGMA table_info(claims)")}
    upgraded = Store(old)
    assert "incremental" in {r[1] for r in sqlite3.connect(old).execute("PRAGMA table_info(claims)")}
    assert len(upgraded.tables()["claims"]) == n and upgraded.check() == []


def test_a_correction_is_a_new_version_but_not_new_data(tmp_path):
    """Every write is a new version; only adding, removing and re-extracting articles change the
    data version that the dashboard's snapshot is named by (an analyst's correction does not)."""
    from fixtures import fixture_store

    from extraction import audit
    from extraction.review import Correction

    store = fixture_store(tmp_path / "s.sqlite")
    v, d = store.version(), store.data_version()
    c = store.tables()["claims"].iloc[0]
    audit.record(store, Correction(action="reject", reviewer="analyst", article_id=c["article_id"],
                                   start_char=int(c["start_char"]), end_char=int(c["end_char"]),
                                   number_text=c["number_text"], reason="not a count"))
    assert (store.version(), store.data_version()) == (v + 1, d)
    audit.replace_extraction(store, c["article_id"], [], [])
    assert (store.version(), store.data_version()) == (v + 2, d + 1)
    store.remove(c["article_id"])
    assert (store.version(), store.data_version()) == (v + 3, d + 2)


def test_a_store_from_before_data_versions_gets_one(tmp_path):
    """A store written before writes were told apart: its data version starts at its version (a
    read-only copy reads its version as its data version)."""
    import shutil
    import sqlite3

    from fixtures import fixture_store

    old = tmp_path / "old.sqlite"
    v = fixture_store(old).version()
    con = sqlite3.connect(old)
    con.execute("DELETE FROM meta WHERE key = 'data_version'")
    con.commit()
    con.close()
    ro = shutil.copy(old, tmp_path / "ro.sqlite")
    assert Store(ro, read_only=True).data_version() == v
    assert Store(old).data_version() == v
    assert sqlite3.connect(old).execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone() == (v,)


def test_runs_of_combining_marks_are_bounded_before_the_text_is_hashed(store):
    """NFC reorders a run of combining marks of different classes in quadratic time; the hash
    normalises the text with each run cut to MAX_MARKS, so a pasted run of 199,000 costs nothing."""
    from extraction.store import MAX_MARKS, bounded_marks
    run = "\u0301\u0316" * 99_500
    assert bounded_marks("a" + run + " b") == "a" + run[:MAX_MARKS] + " b"
    assert bounded_marks("Dvořák, Ngô Đình Diệm") == "Dvořák, Ngô Đình Diệm"  # what languages write is kept
    assert text_hash("a" + run) == text_hash("a" + run[:MAX_MARKS] + "\u0316\u0301")
    assert text_hash("a" + run) != text_hash("a")
    added = ingest_text(store, "a" + run + " About 3,000 soldiers died in Kursk.", {"title": "marks"})
    assert added.status == "added", added
