"""The dashboard under Streamlit's AppTest: every page renders, shared links reproduce their
view (widget state and rows), bad links give notices, the map selection filters by place,
article text renders inert, and serving pages never loads spaCy. The store is the dashboard
fixture (tests/data/dashboard_fixture.json), not extraction's output."""
import subprocess
import sys
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from conftest import ROOT, load
from fixtures import fixture_store

from dashboard.page_table import PAGE, PAGE_TABLE
from dashboard.safe import md
from extraction.dataset import build
from extraction.lexicon import metric_name

PAGES = [p.file for p in PAGE_TABLE]
URLS = load("urls.json")


@pytest.fixture(scope="module")
def seeds_dataset(tmp_path_factory):
    out = tmp_path_factory.mktemp("fixture") / "fixture.sqlite"
    fixture_store(out)
    return out


def app(monkeypatch, store, query=""):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("CROSSCOUNT_STORE", str(store))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, vs in parse_qs(query, keep_blank_values=True).items():
        at.query_params[k] = vs
    return at


def article_labels(store) -> dict[str, str]:
    """How the filters and the reader name each article of ``store``."""
    from dashboard.reading import ReadModel
    from extraction.store import Store
    return ReadModel.load(Store(store)).vocabulary()[0].labels["article"]


def evidence_rows(at):
    df = at.dataframe[0].value
    return sorted(f"{a[:3]}:{t}" for a, t in zip(df["article id"] if "article id" in df else df["article_id"], df["number_text"]))


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders(page, monkeypatch, seeds_dataset):
    at = app(monkeypatch, seeds_dataset).run()
    at.switch_page(page).run()
    assert not at.exception
    assert at.title[0].value == next(p.title for p in PAGE_TABLE if p.file == page)
    if not page.endswith(("add.py", "watch.py")):  # every view of claims offers its link and CSV
        assert any("Link to this view" in m.value for m in at.markdown)
        assert at.get("download_button")
    shown = [str(e.value) for kind in ("markdown", "caption", "info", "warning", "error", "text", "code")
             for e in at.get(kind)]
    assert shown and not [t for t in shown if str(seeds_dataset) in t or seeds_dataset.name in t]  # no server path


@pytest.mark.parametrize("case", URLS["links"], ids=lambda c: c["query"] or "(none)")
def test_shared_link_reproduces_the_view(case, monkeypatch, seeds_dataset):
    at = app(monkeypatch, seeds_dataset, case["query"]).run()
    at.switch_page(PAGE["evidence"].file).run()
    assert not at.exception and not at.warning
    want = parse_qs(case["query"])
    for key in ("metric", "status", "source", "place", "article"):
        assert at.multiselect(key=key).value == want.get(key, [])
    for key in ("from", "to"):
        assert at.selectbox(key=key).value == (want[key][0] if key in want else None)
    got = evidence_rows(at)
    if "rows" in case:
        assert got == sorted(case["rows"])
    else:
        assert len(got) == case["count"]


@pytest.mark.parametrize("query", [c["query"] for c in URLS["links"] if "from=" in c["query"] or "to=" in c["query"]])
def test_a_month_filter_says_how_many_undated_claims_it_leaves_out(query, monkeypatch, seeds_dataset):
    at = app(monkeypatch, seeds_dataset, query).run()
    undated = sum(1 for c in load("dashboard_fixture.json")["claims"] if not c.get("as_of"))
    assert undated and any(md(f"{undated} claims of this view without its months have no as-of date and are left "
                              "out.") in m.value for m in at.markdown)


@pytest.mark.parametrize("case", URLS["bad"], ids=lambda c: c["query"])
def test_bad_link_shows_a_notice_and_the_page_still_renders(case, monkeypatch, seeds_dataset):
    at = app(monkeypatch, seeds_dataset, case["query"]).run()
    at.switch_page(PAGE["evidence"].file).run()
    assert not at.exception
    assert [w.value for w in at.warning] == [md(n) for n in case["notices"]]
    assert len(at.dataframe[0].value) == case["count"]


def test_map_selection_becomes_the_place_filter(monkeypatch, seeds_dataset):
    at = app(monkeypatch, seeds_dataset).run()
    at.switch_page(PAGE["map"].file).run()
    at.session_state["map_sel"] = {"selection": {"points": [{"customdata": "Kursk Oblast", "lat": 51.5, "lon": 36.0}],
                                                 "point_indices": [0], "box": [], "lasso": []}}
    at.run()
    assert at.multiselect(key="place").value == ["Kursk Oblast"]
    at.switch_page(PAGE["evidence"].file).run()
    assert evidence_rows(at) == ["003:thousands", "004:1,000", "004:about 10,000"]


def link(at) -> str:
    return at.code[-1].value


def test_estimates_headline_and_switch_to_claimants(monkeypatch, seeds_dataset):
    at = app(monkeypatch, seeds_dataset, "metric=troops_deployed").run()
    # one chart per side, war and metric, named in words
    assert [s.value for s in at.subheader] == [md("North Korea · Russo-Ukrainian war · troops deployed")]
    lines = [m.value for m in at.markdown]
    # reported and planned figures are never one range
    # figures and independent claimants, not mentions (tests/test_reconcile.py has the rules)
    assert "**Reported:** " + md("1,000 – 14,000: 8 figures from 3 independent claimants and 3 unattributed figures "
                                 "(10 mentions in 5 articles)") in lines
    assert "**Planned, intended or projected:** " + md("25,000 – 30,000: 1 figure from 1 independent claimant "
                                                       "(1 mention in 1 article)") in lines
    at.segmented_control(key="by").set_value("claimant").run()
    assert not at.exception
    assert link(at).endswith("?metric=troops+deployed&by=claimant")  # the whole view, metrics in words as the address bar
    assert any("one row per claimant" in m.value for m in at.markdown)


def test_sides_and_wars_beyond_those_drawn_are_listed(monkeypatch, seeds_dataset):
    monkeypatch.setattr("dashboard.charts.MAX_GROUPS", 0)  # none drawn: every one listed
    at = app(monkeypatch, seeds_dataset, "metric=troops_deployed").run()
    assert not at.subheader
    assert [c.value for c in at.caption if c.value.startswith("Also")] == [
        md("Also troops deployed of: North Korea · Russo-Ukrainian war. Filter by side or war (sidebar) to draw them.")]


def test_by_in_the_address_is_a_key_and_a_bad_one_says_so(monkeypatch, seeds_dataset):
    at = app(monkeypatch, seeds_dataset, "by=claimant&metric=killed").run()
    assert at.segmented_control(key="by").value == "claimant" and not at.warning
    assert link(at).endswith("?metric=killed&by=claimant")
    at = app(monkeypatch, seeds_dataset, "by=nonsense").run()
    assert [w.value for w in at.warning] == [md('Ignored by="nonsense": expected claim or claimant.')]
    assert at.segmented_control(key="by").value == "claim"


def test_read_in_the_address_is_in_the_link_and_a_bad_one_says_so(monkeypatch, seeds_dataset):
    at = app(monkeypatch, seeds_dataset, "read=004_b2f3424544e31636").run()
    at.switch_page(PAGE["articles"].file).run()
    assert at.selectbox(key="read").value == "004_b2f3424544e31636" and not at.warning
    assert link(at).endswith("?" + urlencode({"read": article_labels(seeds_dataset)["004_b2f3424544e31636"]}))
    at = app(monkeypatch, seeds_dataset, "read=does-not-exist").run()
    at.switch_page(PAGE["articles"].file).run()
    assert [w.value for w in at.warning] == [md('Ignored read="does-not-exist": there is no such article in the data.')]
    at = app(monkeypatch, seeds_dataset, "article=000_25c2cead298899cc&read=004_b2f3424544e31636").run()
    at.switch_page(PAGE["articles"].file).run()
    assert [w.value for w in at.warning] == [md('Ignored read="004_b2f3424544e31636": that article holds none of the '
                                                'claims in view.')]


def test_a_long_article_list_shows_its_first_rows_and_a_link_opens_any(monkeypatch, seeds_dataset):
    """A view of more articles than are listed at once: the first are listed, the page says how
    many there are, and a link to read one beyond them still opens it."""
    monkeypatch.setattr("dashboard.views.LISTED", 2)
    at = app(monkeypatch, seeds_dataset, "read=004_b2f3424544e31636").run()
    at.switch_page(PAGE["articles"].file).run()
    assert len(at.dataframe[0].value) == 2
    assert "Showing the first 2 of 5 articles" in " ".join(c.value for c in at.caption)
    names = article_labels(seeds_dataset)  # the reader names articles, never by id
    assert at.selectbox(key="read").options == [names[a] for a in [*at.dataframe[0].value["article_id"], "004_b2f3424544e31636"]]
    assert at.selectbox(key="read").value == "004_b2f3424544e31636" and not at.warning


def test_a_view_too_large_for_the_query_memory_says_what_to_do(monkeypatch, seeds_dataset):
    """A query that needs more memory than DuckDB may use (even spilling) is a message on the
    page, naming the limit and the setting, not a traceback."""
    from extraction.snapshot import OutOfMemory

    def too_large(*args, **kwargs):
        raise OutOfMemory("Out of Memory Error: could not allocate block")
    monkeypatch.setenv("CROSSCOUNT_QUERY_MEMORY", "512MB")
    monkeypatch.setattr("dashboard.reading.ReadModel.claims", too_large)
    at = app(monkeypatch, seeds_dataset).run()
    at.switch_page(PAGE["evidence"].file).run()
    assert not at.exception
    assert [e.value for e in at.error] == ["This view needs more memory than the dashboard's queries may use (512MB). "
                                           "Narrow it with a filter (a metric, a claimant, a month), or ask whoever "
                                           "runs the dashboard to raise CROSSCOUNT_QUERY_MEMORY."]


def test_a_filter_of_many_values_lists_the_first_and_takes_any_from_the_address(monkeypatch, seeds_dataset):
    """An archive's articles are not all listed in the sidebar: the first are, with those the
    address chooses, and the view is filtered by them."""
    monkeypatch.setattr("dashboard.filters.OFFERED", 2)
    at = app(monkeypatch, seeds_dataset, "article=004_b2f3424544e31636").run()
    box = at.multiselect(key="article")
    names = article_labels(seeds_dataset)  # listed by name, never by id
    assert box.options[:2] == [names["000_25c2cead298899cc"], names["001_ddcb01828ddc0754"]] and len(box.options) == 3
    assert box.value == ["004_b2f3424544e31636"] and not at.warning
    at.switch_page(PAGE["evidence"].file).run()
    assert set(at.dataframe[0].value["article_id"]) == {"004_b2f3424544e31636"}


def test_date_by_publication_is_in_the_address(monkeypatch, seeds_dataset):
    at = app(monkeypatch, seeds_dataset, "date=published&from=2026-02").run()
    at.switch_page(PAGE["evidence"].file).run()
    assert not at.exception and not at.warning
    assert at.segmented_control(key="date").value == "published"
    assert len(at.dataframe[0].value) == 14  # the fixture has 14 claims in articles published 2026-02-16, 9 undated
    assert "dated by publication" in next(m.value for m in at.markdown if "Link to this view" in m.value)
    assert link(at).endswith("?from=2026-02&date=published")


def test_article_text_renders_inert(monkeypatch, tmp_path):
    folder = tmp_path / "arts"
    folder.mkdir()
    (folder / "evil.txt").write_text(
        "date 2025-01-01\nNorth Korea sent about 12,000 soldiers to Russia, Reuters reported. "
        "<script>alert('x')</script> <img src=x onerror=alert(1)> & more", encoding="utf-8")
    build(folder, tmp_path / "evil.sqlite")
    at = app(monkeypatch, tmp_path / "evil.sqlite", "read=evil").run()
    at.switch_page(PAGE["articles"].file).run()
    assert not at.exception
    body = next(m.value for m in at.markdown if "cc-article" in m.value)
    assert "<script>" not in body and "<img" not in body
    assert "&#60;script&#62;alert&#40;&#39;x&#39;&#41;&#60;/script&#62;" in body and "&#60;img src=x onerror=alert&#40;1&#41;&#62;" in body
    assert '<mark class="cc-claim"' in body and ">about 12,000</mark>" in body
    assert '<mark class="cc-source"' in body and ">Reuters</mark>" in body


def test_serving_pages_does_not_load_spacy(seeds_dataset):
    code = f"""
import os, sys
os.environ["CROSSCOUNT_STORE"] = {str(seeds_dataset)!r}
from streamlit.testing.v1 import AppTest
at = AppTest.from_file({str(ROOT / "app.py")!r}, default_timeout=60).run()
for p in {PAGES!r}:
    at.switch_page(p).run()
    assert not at.exception, p
print("spacy" in sys.modules, "thinc" in sys.modules)
"""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.split()[-2:] == ["False", "False"]


def test_selecting_an_evidence_row_offers_its_article_with_the_filters_kept(monkeypatch, seeds_dataset):
    at = app(monkeypatch, seeds_dataset, "metric=missiles").run()
    at.switch_page(PAGE["evidence"].file).run()
    table = at.dataframe[0].value
    row = list(table["number_text"]).index("150")
    names = article_labels(seeds_dataset)
    want = {"metric": [metric_name("missiles")], "read": [names["000_25c2cead298899cc"]]}  # as the address bar holds them
    assert parse_qs(urlparse(table["open"].iloc[row]).query) == want and table["open"].iloc[row].startswith("/articles?")
    at.session_state["evidence_table"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    link = at.get("page_link")[0]
    name = table["article"].iloc[row]  # the article by its title, outlet and date, never its id
    assert link.proto.label == md(f"Open “{name}”") and "25c2cead" not in name
    assert parse_qs(link.proto.query_string) == want
    [how] = [e for e in at.expander if e.label == "How this claim was read"]  # the fixture's trace, in words
    assert [m.value for m in how.markdown] == [
        "- " + md("counts missiles and rockets: counted noun names the metric"),
        "- " + md("claimant Ukrainian intelligence (GUR): the subject of a reporting verb"),
        "- " + md("war Russo-Ukrainian war: article: the war it names most"), "- " + md("whose North Korea: counted noun")]


@pytest.fixture
def own_store(seeds_dataset, tmp_path):
    import shutil
    path = tmp_path / "own.sqlite"
    shutil.copy(seeds_dataset, path)
    return path


def test_add_page_upload_puts_the_claims_on_every_page(monkeypatch, own_store):
    at = app(monkeypatch, own_store).run()
    at.switch_page(PAGE["add"].file).run()
    at.file_uploader[0].upload("kursk-update.txt", b"date 2025-05-01\nNorth Korea has sent about 2,500 more soldiers "
                               b"to Kursk, Ukrainian intelligence said.", "text/plain")
    at.file_uploader[0].upload("empty.txt", b"", "text/plain")
    at.run()
    assert at.button(key="add_files").label == "Add 2 articles"
    at.button(key="add_files").click().run()
    assert not at.exception
    from extraction.store import Store
    tables = Store(own_store).tables()
    n = int((tables["claims"]["article_id"] == "kursk-update").sum())
    k = int((tables["places"]["article_id"] == "kursk-update").sum())
    assert n >= 1  # what extraction finds is extraction's tests' business; the page shows what was stored
    assert [s.value for s in at.success] == [f"Added 1 article ({n} claim{'s' if n != 1 else ''}, "
                                             f"{k} place{'s' if k != 1 else ''}); 1 error."]
    lines = [m.value for m in at.markdown]
    assert any(line.startswith(f"**Added** {md('kursk-update.txt')} — {md('added as kursk-update:')}") for line in lines)
    assert f"**Not added** {md('empty.txt')} — {md('empty file')}" in lines
    links = {link.proto.label: parse_qs(link.proto.query_string) for link in at.get("page_link")}
    name = article_labels(own_store)["kursk-update"]  # by name, as the address bar holds it
    assert links[f"See its claims ({n})"] == {"article": [name]} and links["Read it"] == {"read": [name]}
    at.switch_page(PAGE["evidence"].file).run()
    rows = evidence_rows(at)
    assert len(rows) == URLS["links"][0]["count"] + n and "kur:about 2,500" in rows


def test_add_page_paste_text(monkeypatch, own_store):
    at = app(monkeypatch, own_store).run()
    at.switch_page(PAGE["add"].file).run()
    at.text_area(key="paste_text").input("More than 4,000 North Korean soldiers were killed or wounded, the Pentagon said.")
    at.text_input(key="paste_title").input("Pentagon update")
    at.text_input(key="paste_published").input("2025-08-01")
    at.button[-1].click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Added 1 article (")
    from extraction.store import Store
    art = Store(own_store).tables()["articles"].set_index("article_id").loc["Pentagon_update"]
    assert (art["title"], art["published"]) == ("Pentagon update", "2025-08-01")


def test_removing_an_article_asks_first(monkeypatch, own_store):
    from extraction.store import Store
    at = app(monkeypatch, own_store, "read=003_bb9609fc8471e115").run()
    at.switch_page(PAGE["articles"].file).run()
    assert "remove" not in [b.key for b in at.button]  # a viewer, not reviewing, cannot remove
    at.toggle(key="review_mode").set_value(True).run()
    at.text_input(key="reviewer_name").input("ana").run()
    at.button(key="remove").click().run()
    name = md(article_labels(own_store)["003_bb9609fc8471e115"])  # by its title, outlet and date
    assert name.startswith("North Korea") and "The Moscow Times" in name
    assert [w.value for w in at.warning] == [f"Remove “{name}” with its 2 claims and its places from the store? "
                                             "This cannot be undone."]
    assert Store(own_store).count() == 5
    at.button(key="remove_no").click().run()
    assert not at.warning and Store(own_store).count() == 5
    at.button(key="remove").click().run()
    at.button(key="remove_yes").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [f"Removed “{name}” with its 2 claims and its places."]
    assert Store(own_store).count() == 4 and Store(own_store).check() == []
    from extraction.audit import corrections
    assert [(c.action, c.reviewer, c.article_id, c.before["claims"]) for c in corrections(Store(own_store))] == [
        ("remove", "ana", "003_bb9609fc8471e115", 2)]
    assert at.selectbox(key="read").value != "003_bb9609fc8471e115"
    at.switch_page(PAGE["evidence"].file).run()
    assert len(evidence_rows(at)) == 21


def test_disputes_page_for_one_metric(monkeypatch, seeds_dataset):
    at = app(monkeypatch, seeds_dataset, "metric=killed").run()
    at.switch_page(PAGE["disputes"].file).run()
    assert not at.exception
    lines = [m.value for m in at.markdown]
    assert md("4 figures from 3 independent claimants (5 mentions in 4 articles)") in lines
    assert "- **" + md("600 — South Korean intelligence (NIS)") + "** against **" + md("2,000 — South Korean intelligence "
           "(NIS)") + "**: " + md("600 has no as-of date, 2,000 is as of 2025-09: they may count different times") in lines
    assert any(md("no explanation in the data") in line for line in lines)
    figures = at.dataframe[0].value
    assert list(figures["figure"]) == ["2,000", "600", "6,000+", "2,000+"]
    assert link(at).endswith("?metric=killed")


def test_disputes_page_asks_for_one_metric_and_the_choice_becomes_the_filter(monkeypatch, seeds_dataset):
    at = app(monkeypatch, seeds_dataset).run()
    at.switch_page(PAGE["disputes"].file).run()
    assert not at.exception
    at.button(key="pick_killed").click().run()
    assert at.multiselect(key="metric").value == ["killed"]
    assert md("4 figures from 3 independent claimants (5 mentions in 4 articles)") in [m.value for m in at.markdown]


def test_review_flow_correct_a_claimant_then_undo(monkeypatch, own_store):
    """Review mode is switched on in the sidebar (never by a link); a corrected claimant is on
    Estimates and in the review log; a refused correction writes nothing; undo restores it."""
    from extraction.audit import corrections
    from extraction.confidence import confidence
    from extraction.store import Store

    at = app(monkeypatch, own_store, "metric=missiles").run()
    at.switch_page(PAGE["evidence"].file).run()
    assert not at.get("form")  # a shared link never opens review
    at.toggle(key="review_mode").set_value(True).run()
    at.text_input(key="reviewer_name").input("ana").run()
    table = at.dataframe[0].value
    # the least certain first: the fixture's one claim with a trace has a confidence, the rest none
    assert table["number_text"].iloc[0] == "150" and table["confidence"].iloc[1:].isna().all()
    assert table["confidence"].iloc[0] == confidence(["metric: counted noun names the metric", "claimant: subject"])
    row = list(table["number_text"]).index("150")
    at.session_state["evidence_table"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    key = "000_25c2cead298899cc:" + str(int(Store(own_store).tables()["claims"].set_index("number_text").loc["150", "start_char"]))
    at.text_input(key=f"fix_{key}_low").input("300")
    at.text_input(key=f"fix_{key}_high").input("200")
    at.button(key=f"FormSubmitter:correct_{key}-Save correction").click().run()
    assert any(md("low (300) is above high (200)") in e.value for e in at.error)
    assert corrections(Store(own_store)) == []  # nothing written
    assert f":red[{md('low (300) is above high (200)')}]" in [c.value for c in at.caption]  # beside its field
    at.text_input(key=f"fix_{key}_low").input("150")
    at.text_input(key=f"fix_{key}_high").input("150")
    at.text_input(key=f"fix_{key}_source").input("Budanov's office")
    at.button(key=f"FormSubmitter:correct_{key}-Save correction").click().run()
    assert not at.exception
    trail = corrections(Store(own_store))
    assert [(c.action, c.reviewer, c.fields) for c in trail] == [("correct", "ana", {"source": "Budanov's office"})]
    assert at.dataframe[0].value.set_index("number_text").loc["150", "review"] == "corrected"
    at.switch_page(PAGE["estimates"].file).run()
    assert "Budanov's office" in at.multiselect(key="source").options  # every page reads the reviewed claims
    at.multiselect(key="source").set_value(["Budanov's office"]).run()
    assert any("Showing 1 of" in m.value for m in at.markdown)
    at.switch_page(PAGE["audit"].file).run()
    log = at.dataframe[0].value
    assert list(log["who"]) == ["ana"] and "Budanov" in log["after"].iloc[0]
    assert any(md("ana corrected “150” in 000_25c2cead298899cc: source → Budanov's office (was Ukrainian "
                  "intelligence (GUR))") in m.value for m in at.markdown)
    [undo] = [b for b in at.selectbox if b.label == "Undo correction"]  # chosen from a described list
    assert [o.split(" · ", 1)[1] for o in undo.options] == [
        "ana corrected “150” in 000_25c2cead298899cc: source → Budanov's office (was Ukrainian intelligence (GUR))"]
    at.button(key="FormSubmitter:undo-Undo it").click().run()
    assert [c.action for c in corrections(Store(own_store))] == ["correct", "undo"]
    at.switch_page(PAGE["evidence"].file).run()
    assert at.dataframe[0].value.set_index("number_text").loc["150", "review"] == "extracted"
    at = app(monkeypatch, own_store, "metric=missiles&claims=extracted").run()
    at.switch_page(PAGE["evidence"].file).run()
    assert set(at.dataframe[0].value["review"]) == {"extracted"}


def test_two_analysts_correcting_one_claim_lose_nothing(monkeypatch, own_store):
    """Ana opens the correction form; Ben saves a new low meanwhile. Ana's save of another field
    keeps Ben's low (only what she changed is written); her change of the low itself is refused
    with his value shown, and nothing is written until she saves again."""
    from extraction.audit import corrections, record
    from extraction.review import Correction
    from extraction.store import Store

    at = app(monkeypatch, own_store, "metric=missiles").run()
    at.switch_page(PAGE["evidence"].file).run()
    at.toggle(key="review_mode").set_value(True).run()
    at.text_input(key="reviewer_name").input("ana").run()
    row = list(at.dataframe[0].value["number_text"]).index("150")
    at.session_state["evidence_table"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    claim = Store(own_store).tables()["claims"].set_index("number_text").loc["150"]
    aid, start, end = claim["article_id"], int(claim["start_char"]), int(claim["end_char"])
    key = f"{aid}:{start}"
    assert at.text_input(key=f"fix_{key}_low").value == "150"  # the form is open

    def ben(fields):
        record(Store(own_store), Correction(action="correct", reviewer="ben", article_id=aid, start_char=start,
                                            end_char=end, number_text="150", fields=fields))

    ben({"low": 140})
    at.text_input(key=f"fix_{key}_high").input("160")
    at.button(key=f"FormSubmitter:correct_{key}-Save correction").click().run()
    assert not at.exception
    assert [(c.reviewer, c.fields) for c in corrections(Store(own_store))] == [("ben", {"low": 140}), ("ana", {"high": "160"})]
    ben({"low": 130})
    at.text_input(key=f"fix_{key}_low").input("120")
    at.button(key=f"FormSubmitter:correct_{key}-Save correction").click().run()
    assert not at.exception
    assert len(corrections(Store(own_store))) == 3  # refused: nothing of Ana's written
    assert any("another analyst changed it to 130" in e.value for e in at.error)
    assert at.text_input(key=f"fix_{key}_low").value == "130"  # the form shows Ben's value now


def test_merging_claimant_names_renames_them_on_every_page(monkeypatch, own_store):
    from extraction.audit import corrections
    from extraction.store import Store

    at = app(monkeypatch, own_store).run()
    at.switch_page(PAGE["audit"].file).run()
    at.toggle(key="review_mode").set_value(True).run()
    at.text_input(key="reviewer_name").input("ben").run()
    at.selectbox(key="merge_alias").select("Western intelligence")
    at.text_input(key="merge_canonical").input("Western intelligence services")
    at.button(key="FormSubmitter:merge-Merge").click().run()
    assert any(md("say why these names are one claimant") in e.value for e in at.error), [e.value for e in at.error]
    assert corrections(Store(own_store)) == []
    at.selectbox(key="merge_alias").select("Western intelligence")
    at.text_input(key="merge_canonical").input("Western intelligence services")
    at.text_input(key="merge_why").input("the same services")
    at.button(key="FormSubmitter:merge-Merge").click().run()
    assert [c.action for c in corrections(Store(own_store))] == ["merge"]
    assert "Western intelligence services" in at.multiselect(key="source").options
    at.switch_page(PAGE["evidence"].file).run()
    claimants = set(at.dataframe[0].value["claimant"])
    assert "Western intelligence services" in claimants and "Western intelligence" not in claimants


def test_the_reader_reviews_its_claims_and_adds_a_missed_one(monkeypatch, own_store):
    from extraction.audit import corrections
    from extraction.store import Store

    aid = "000_25c2cead298899cc"
    at = app(monkeypatch, own_store, f"read={aid}").run()
    at.switch_page(PAGE["articles"].file).run()
    at.toggle(key="review_mode").set_value(True).run()
    at.text_input(key="reviewer_name").input("cy").run()
    at.selectbox(key=f"review_pick_{aid}").set_value(0).run()
    next(b for b in at.button if b.key and b.key.startswith("accept_")).click().run()
    assert [c.action for c in corrections(Store(own_store))] == ["accept"]
    text = Store(own_store).article_text(aid)
    words = "Sebyor Street"  # not a figure: the add needs a count, so the check refuses it
    at.text_input(key=f"add_words_{aid}").input(words).run()
    at.button(key=f"add_go_{aid}").click().run()
    assert any(md("give a low or a high bound") in e.value for e in at.error)
    at.text_input(key=f"add_{aid}_low").input("1").run()
    at.button(key=f"add_go_{aid}").click().run()
    trail = corrections(Store(own_store))
    assert [c.action for c in trail] == ["accept", "add"]
    assert text[trail[1].start_char:trail[1].end_char] == words


def test_watched_feeds_page_lists_adds_pauses_and_removes_sources(monkeypatch, own_store):
    """A viewer sees the sources; a named analyst in review mode adds one (a public address only),
    pauses and removes it; a visit that finds sources starts the background poller, once."""
    started = []
    monkeypatch.setattr("dashboard.cached.poller", lambda path: started.append(path))
    monkeypatch.setattr("extraction.watch.public", lambda host: host.endswith(".example"))  # no DNS on a test machine
    at = app(monkeypatch, own_store).run()
    at.switch_page(PAGE["watch"].file).run()
    assert not at.exception and "No feeds or pages are watched yet." in [i.value for i in at.info]
    assert not at.text_input  # no form for a viewer
    at.toggle(key="review_mode").set_value(True).run()
    at.text_input(key="reviewer_name").input("ana").run()
    inputs = {t.label: t for t in at.text_input}
    inputs["Address (http or https)"].input("http://127.0.0.1:8080/feed.xml")
    inputs["Name"].input("*inside*")
    at.button[-1].click().run()  # the form's submit
    assert any("not a public address" in s.value for s in at.success)
    inputs = {t.label: t for t in at.text_input}
    inputs["Address (http or https)"].input("https://news.example/feed.xml")
    inputs["Name"].input("**News** [x](https://evil.example)")
    at.button[-1].click().run()
    from extraction import watch
    from extraction.store import Store
    [src] = watch.sources(Store(own_store))
    assert src.name == "**News** [x](https://evil.example)" and src.url == "https://news.example/feed.xml"
    assert at.dataframe[0].value["name"].tolist() == [src.name]
    assert md(src.name) in [m.value for m in at.markdown if "News" in m.value][0]  # shown inert
    assert started == [str(own_store)]
    at.button(key=f"pause_{src.name}").click().run()
    assert watch.sources(Store(own_store))[0].paused
    at.button(key=f"remove_{src.name}").click().run()
    assert watch.sources(Store(own_store)) == [] and not at.exception
