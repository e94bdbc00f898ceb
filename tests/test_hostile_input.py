"""Hostile and broken input: every text is extracted within its budget or refused with a
message; broken stores, bad manifests and odd encodings get one line, never a traceback."""
import json
import os
import sqlite3
import subprocess
import sys

import pytest
from conftest import ROOT, load
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.page_table import PAGE
from extraction.claims import extract_article
from extraction.model import ArticleError
from extraction.reader import article_from_bytes, decode, parse_text
from extraction.store import Store, StoreError

TEXTS = load("hostile_inputs.json")["texts"]


def built(case):
    return "".join(s * n for s, n in case["parts"])


@pytest.mark.parametrize("case", TEXTS, ids=lambda c: c["name"])
def test_hostile_text_is_extracted_within_its_budget_or_refused(case, nlp):
    text = built(case)
    if "refused" in case:
        with pytest.raises(ArticleError, match="^" + case["refused"]):
            article_from_bytes("paste.txt", text.encode())
        return
    art = article_from_bytes("paste.txt", text.encode())
    ex = extract_article(art, nlp)  # raises ArticleError past the 10-second budget
    assert [c.number_text for c in ex.claims] == case["claims"]
    for c in ex.claims:
        assert text[c.start_char:c.end_char] == c.number_text
    json.dumps([c.as_dict() for c in ex.claims], allow_nan=False)


def test_past_its_budget_an_article_is_refused(nlp):
    art = parse_text("t", "About 3,000 soldiers died. " * 50)
    with pytest.raises(ArticleError, match="took longer than its 0-second budget"):
        extract_article(art, nlp, budget=0)


@settings(max_examples=40, deadline=10_000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["(((((", "))", "[{<", "Gen. ", "Mr. ", "St. ", "U.S. ", "...", "—", "\u0000", "\u0007",
                                 "12,000 ", "about 300 soldiers ", "killed ", "x" * 300, " ", "\n"]), max_size=400))
def test_fuzz_punctuation_abbreviations_and_long_lines(nlp, parts):
    text = "".join(parts)
    try:
        art = article_from_bytes("fuzz.txt", text.encode())
    except ArticleError:
        return  # empty, or not text: refused with a message
    for c in extract_article(art, nlp).claims:
        assert text[c.start_char:c.end_char] == c.number_text


@pytest.mark.parametrize("data,text", [
    ("About 3 000 soldiers".encode("utf-16"), "About 3 000 soldiers"),
    ("About 3 000 soldiers".encode("utf-8-sig"), "About 3 000 soldiers"),
    ("About 3\u00a0000 soldiers were sent, officials in Kyiv said; caf\u00e9".encode("cp1252"),
     "About 3\u00a0000 soldiers were sent, officials in Kyiv said; caf\u00e9"),
])
def test_encodings_are_decoded(data, text):
    assert decode(data)[0] == text


FRENCH = ("Les soldats nord-cor\u00e9ens \u00e9taient pr\u00e8s de la fronti\u00e8re, a d\u00e9clar\u00e9 le minist\u00e8re. "
          "\u00c0 Koursk, 3 000 soldats ont \u00e9t\u00e9 tu\u00e9s \u2014 selon l\u2019\u00e9tat-major.")
CZECH = "Pr\u00edli\u0161 \u017elu\u0165ou\u010dk\u00fd k\u016f\u0148 \u00fap\u011bl \u010f\u00e1belsk\u00e9 \u00f3dy, \u0159ekl minist\u0159i."


@pytest.mark.parametrize("text,encoding", [(FRENCH, "cp1252"), (CZECH, "cp1250"),
                                           ("About 3\u00a0000 soldiers were sent, caf\u00e9 owners said.", "cp1252")])
def test_a_legacy_encoding_is_read_right_and_named(text, encoding):
    """Where cp1252 and cp1250 read the bytes equally well, cp1252: a tie read "près" as "prčs"."""
    assert decode(text.encode(encoding)) == (text, [f"not UTF-8: read as {encoding}"])


@pytest.mark.parametrize("data,message", [
    (bytes(range(1, 32)) * 40, "not text: it is mostly control characters or undecodable bytes"),
    (b"\x01\x02\x03\x04\x05\x06 12 soldiers \x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14",
     "not text: it is mostly control characters"),
])
def test_control_characters_are_not_an_article(data, message):
    with pytest.raises(ArticleError, match="^" + message):
        decode(data)


def test_an_undecodable_byte_never_splits_or_makes_a_figure(nlp):
    text = "About 12\ufffd000 soldiers were sent. \ufffd5 killed the deal."
    assert extract_article(parse_text("t", text), nlp).claims == []


def test_an_impossible_publication_date_is_a_warning_not_a_lost_article(nlp):
    art = parse_text("t", "date 0001-01-01\nLast week about 3,000 soldiers were sent to Kursk.")
    assert art.published is None and art.warnings == [
        "publication date '0001-01-01' is not a date as YYYY-MM-DD with a year from 1900 to 2100; read without one"]
    [claim] = extract_article(art, nlp).claims
    assert claim.as_of is None and claim.number_text == "about 3,000"


def run(*args):
    return subprocess.run([sys.executable, "-m", "extraction", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "other sqlite"])
def test_a_broken_store_is_one_line_in_the_cli(damage, tmp_path):
    store = tmp_path / "s.sqlite"
    if damage == "garbage":
        store.write_bytes(b"not a database at all " * 500)
    elif damage == "truncated":
        assert run("build", "seeds", "--out", store).returncode == 0
        store.write_bytes(store.read_bytes()[:20_000])
    else:
        with sqlite3.connect(store) as con:
            con.execute("CREATE TABLE t (x)")
    r = run("add", "seeds/003_bb9609fc8471e115.txt", "--store", store)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.startswith(f"crosscount: {store}: the store cannot be used: ")
    assert len(r.stderr.strip().splitlines()) == 1


def test_a_broken_store_is_one_message_on_the_page(tmp_path, monkeypatch):
    from test_app_pages import app
    store = tmp_path / "s.sqlite"
    store.write_bytes(b"not a database at all " * 500)
    at = app(monkeypatch, store).run()
    assert not at.exception
    [error] = at.error
    assert error.value.startswith("The article store cannot be opened: it is not a crosscount store, or it is damaged")
    assert str(tmp_path) not in error.value and "Traceback" not in error.value


def test_a_foreign_sqlite_file_with_our_table_names_is_refused_and_left_as_it_was(tmp_path, monkeypatch):
    import sqlite3

    from test_app_pages import app
    store = tmp_path / "theirs.sqlite"
    con = sqlite3.connect(store)
    con.executescript("CREATE TABLE meta (k TEXT); CREATE TABLE articles (id INTEGER, body TEXT); "
                      "CREATE TABLE claims (id INTEGER); CREATE TABLE places (id INTEGER);")
    con.close()
    before = store.read_bytes()
    at = app(monkeypatch, store).run()
    assert not at.exception
    [error] = at.error
    assert "it is an SQLite file, but not a crosscount store" in error.value and "Traceback" not in error.value
    assert store.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["theirs.sqlite"]


def test_a_read_only_store_reads_what_a_writer_left_in_its_write_ahead_log(tmp_path, monkeypatch):
    """A writer killed (or still running) before it checkpointed leaves rows in the WAL: read-only
    mode reads them (it used to open the file as immutable, and miss them)."""
    import sqlite3

    from fixtures import fixture_store
    path = tmp_path / "live.sqlite"
    fixture_store(path)
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")  # as a writer killed before its checkpoint: the rows stay in the WAL
    writer.execute("DELETE FROM places WHERE article_id = (SELECT article_id FROM articles LIMIT 1)")
    assert os.path.getsize(f"{path}-wal") > 0
    monkeypatch.setenv("CROSSCOUNT_STORE_READ_ONLY", "1")
    reader = Store(path)
    assert reader.read_only
    assert len(reader.tables()["places"]) == len(Store(path, read_only=False).tables()["places"])
    writer.close()


def test_a_full_disk_is_said_as_such_not_as_damage():
    import sqlite3

    from extraction.store import sqlite_errors
    with pytest.raises(StoreError, match="the disk it is on is full: nothing was written"), sqlite_errors():
        raise sqlite3.OperationalError("database or disk is full")


def test_a_read_only_store_is_shown_and_adding_says_why_it_is_off(tmp_path, monkeypatch):
    from fixtures import fixture_store
    from test_app_pages import app
    path = tmp_path / "ro.sqlite"
    fixture_store(path)
    monkeypatch.setenv("CROSSCOUNT_STORE_READ_ONLY", "1")
    store = Store(path)
    assert store.read_only and store.count() == 5
    with pytest.raises(StoreError, match="read-only"):
        store.remove("000_25c2cead298899cc")
    before = path.read_bytes()
    at = app(monkeypatch, path).run()
    assert not at.exception and any("Showing" in m.value for m in at.markdown)
    at.switch_page(PAGE["add"].file).run()
    assert [i.value for i in at.info] == ["Adding articles is off here: the article store is read-only (a read-only file "
                                          "or volume). Every page still shows what it holds."]
    assert not at.file_uploader
    # nothing written: the file as it was, and no write-ahead log with anything in it (SQLite may keep
    # its empty -wal and its index -shm beside a store it reads, to see what a writer adds)
    assert path.read_bytes() == before
    assert not os.path.exists(f"{path}-wal") or os.path.getsize(f"{path}-wal") == 0


def test_build_leaves_no_journal_files(tmp_path):
    assert run("build", "seeds", "--out", tmp_path / "s.sqlite").returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.sqlite"]


@pytest.mark.parametrize("manifest,message", [
    (b"name,title\n003_bb9609fc8471e115,T\n", "has no 'id' column"),
    ("id,title\n003_bb9609fc8471e115,Caf\u00e9\n".encode("latin-1"), "not UTF-8 text"),
    (b"id,title\n003_bb9609fc8471e115,First\n003_bb9609fc8471e115,Second\n",
     "lists 003_bb9609fc8471e115 more than once; the first row of each is used"),
])
def test_a_bad_manifest_is_a_warning_and_the_files_are_still_read(manifest, message, tmp_path):
    (tmp_path / "003_bb9609fc8471e115.txt").write_bytes((ROOT / "seeds/003_bb9609fc8471e115.txt").read_bytes())
    (tmp_path / "manifest.csv").write_bytes(manifest)
    r = run("claims", tmp_path)
    assert r.returncode == 0 and "Traceback" not in r.stderr
    assert r.stderr.startswith(f"crosscount: {tmp_path / 'manifest.csv'}: warning: {message}")
    assert r.stdout.strip()


def test_an_empty_folder_says_so(tmp_path):
    for cmd in (["claims", tmp_path], ["add", tmp_path, "--store", tmp_path / "s.sqlite"]):
        r = run(*cmd)
        assert r.returncode == 1
        assert r.stderr.strip() == f"crosscount: {tmp_path}: no article files (.htm, .html, .md, .text, .txt) in this folder"


def test_the_isolated_worker_gives_the_same_claims_and_refuses_past_the_budget(nlp):
    from extraction.isolate import IsolatedExtractor
    from extraction.reader import read_article
    art = read_article(ROOT / "seeds/004_b2f3424544e31636.txt")
    worker = IsolatedExtractor()
    try:
        assert worker(art).claims == extract_article(art, nlp).claims
        worker.budget = 0
        with pytest.raises(ArticleError, match="took longer than its 0-second budget"):
            worker(art)
        worker.budget, worker.hard_limit = 10, -10.5  # a worker that outlives its hard limit is killed
        with pytest.raises(ArticleError, match="did not finish within"):
            worker(parse_text("t", "About 3,000 soldiers died. " * 2000))
        assert worker._proc is None
        worker.hard_limit = 20
        assert worker(art).claims  # and the next article starts a new worker
    finally:
        worker.close()


def test_a_store_deleted_while_the_app_runs_is_reported_not_made_again(tmp_path, monkeypatch):
    from fixtures import fixture_store
    from test_app_pages import app
    path = tmp_path / "live.sqlite"
    fixture_store(path)
    at = app(monkeypatch, path).run()
    assert not at.exception and not at.error
    for p in tmp_path.iterdir():
        p.unlink()
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == ["The article store was deleted or moved while the dashboard was running; "
                                           "it is not made again empty. Ask whoever runs this dashboard to restore it "
                                           "(or to restart the app to begin a new one)."]
    assert list(tmp_path.iterdir()) == []  # not re-created, not re-seeded


def test_the_worker_refuses_an_article_past_its_memory_bound_and_goes_on(monkeypatch):
    """Once its model is loaded, the worker's memory is bounded (CROSSCOUNT_WORKER_MEMORY more): an
    article that needs more is refused with a message that names the bound; a bound large enough
    extracts as before."""
    from extraction.isolate import IsolatedExtractor
    from extraction.reader import read_article
    art = read_article(ROOT / "seeds/004_b2f3424544e31636.txt")
    # a page of 1.2 MB: parsing it needs far more than 1 MB (an article is under the work limit,
    # so reading a large page is where memory grows fastest)
    page = ("<html><body>" + "<p>About 3,000 soldiers died in Kursk, officials said.</p>" * 20000 + "</body></html>").encode()
    monkeypatch.setenv("CROSSCOUNT_WORKER_MEMORY", "1MB")
    worker = IsolatedExtractor()
    try:
        with pytest.raises(ArticleError, match="CROSSCOUNT_WORKER_MEMORY"):
            worker.read("big.html", page)
        monkeypatch.setenv("CROSSCOUNT_WORKER_MEMORY", "1GB")
        worker.close()
        assert worker(art).claims
    finally:
        worker.close()


def test_the_cli_add_reads_and_extracts_in_the_bounded_worker(tmp_path):
    """``add`` from a terminal reads and extracts each file in the isolated worker, under the same
    memory bound as the dashboard's adds: a page whose parse needs more is refused with a message
    naming the setting, the next file is added, and the exit status says something was added."""
    big, good = tmp_path / "big.html", tmp_path / "good.txt"
    big.write_text("<html><body>" + "<p>About 3,000 soldiers died in Kursk, officials said.</p>" * 30000 + "</body></html>")
    good.write_text("About 3,000 soldiers were sent to Kursk, officials said on Tuesday.\n")
    r = subprocess.run([sys.executable, "-m", "extraction", "add", big, good, "--store", tmp_path / "s.sqlite"],
                       capture_output=True, text=True, cwd=ROOT, timeout=300,
                       env={**os.environ, "CROSSCOUNT_WORKER_MEMORY": "16MB"})
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert f"{big}: error: extraction needed more than its 16MB of memory for one article (CROSSCOUNT_WORKER_MEMORY); " \
           "split the text into smaller articles" in lines
    assert f"{good}: added as good: 1 claim, 1 place" in lines, lines
    assert list(Store(tmp_path / "s.sqlite").tables()["articles"]["article_id"]) == ["good"]


def test_an_uploaded_page_is_read_in_the_worker_within_its_limits(tmp_path):
    """Decoding and HTML parsing of an upload happen in the isolated worker: a page that takes too
    long there is stopped and refused, and the next upload is read and stored as before."""
    from extraction.ingest import ingest_bytes
    from extraction.isolate import IsolatedExtractor
    store = Store(tmp_path / "s.sqlite")
    page = ("<html><body><article>" + "<p>About 3,000 soldiers died in Kursk, officials said.</p>" * 30000 +
            "</article></body></html>").encode()

    def good(n):
        return (f"<html><body><article><h1>Kursk {n}</h1><p>About {n},000 soldiers died in Kursk, officials said on "
                "Monday.</p></article></body></html>").encode()

    worker = IsolatedExtractor()
    try:
        assert ingest_bytes(store, "first.html", good(1), extractor=worker).status == "added"  # the worker is up
        worker.budget, worker.hard_limit = 0.0, -0.01  # a limit no page's reading can meet
        out = ingest_bytes(store, "huge.html", page, extractor=worker)
        assert out.status == "error" and "did not finish within" in out.message, out
        assert store.count() == 1 and worker._proc is None  # stopped while reading: nothing stored
        worker.budget, worker.hard_limit = 8.0, 20.0
        assert ingest_bytes(store, "next.html", good(2), extractor=worker).status == "added" and store.count() == 2
    finally:
        worker.close()


def test_past_its_work_limit_an_article_is_refused_whatever_the_clock(nlp, monkeypatch):
    """The verdict is the article's work (characters of sentences with figures), not the time it
    took: refused at once, with the clock stopped; just under the limit, extracted."""
    from extraction import claims as claims_module
    sentence = "About 3,000 soldiers died in Kursk, officials said. "
    monkeypatch.setattr(claims_module.time, "monotonic", lambda: 0.0)  # a clock that never moves
    over = parse_text("t", sentence * (claims_module.WORK_LIMIT // (len(sentence) - 2) + 50))
    with pytest.raises(ArticleError, match=r"more than the 100,000 one article may have \(extraction's work limit\)"):
        extract_article(over, nlp)
    under = parse_text("t", sentence * 100)
    assert len(extract_article(under, nlp).claims) == 100
