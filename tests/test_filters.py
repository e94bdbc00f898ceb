"""The filter object, pure: shared links → rows, bad links → exact notices, and the round trip
filters → query string → filters. Runs on the dataset built from seeds/."""
from urllib.parse import parse_qs

import pytest

from conftest import ROOT, load
from dashboard.filters import Filters, Vocabulary, as_of_months
from extraction.dataset import build, load_dataset

URLS = load("urls.json")


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    out = tmp_path_factory.mktemp("ds")
    build(ROOT / "seeds", out)
    return load_dataset(out)


@pytest.fixture(scope="module")
def vocab(ds):
    return Vocabulary.from_tables(ds["claims"], ds["articles"])


def rows(df):
    return sorted(f"{a[:3]}:{t}" for a, t in zip(df["article_id"], df["number_text"]))


def params(query):
    return parse_qs(query, keep_blank_values=True)


@pytest.mark.parametrize("case", URLS["links"], ids=lambda c: c["query"] or "(none)")
def test_link_shows_its_rows(case, ds, vocab):
    f = Filters.from_params(params(case["query"]), vocab)
    assert f.notices == ()
    got = f.apply(ds["claims"])
    if "rows" in case:
        assert rows(got) == sorted(case["rows"])
    else:
        assert len(got) == case["count"]


@pytest.mark.parametrize("case", URLS["bad"], ids=lambda c: c["query"])
def test_bad_link_is_dropped_with_a_notice(case, ds, vocab):
    f = Filters.from_params(params(case["query"]), vocab)
    assert list(f.notices) == case["notices"]
    assert len(f.apply(ds["claims"])) == case["count"]


@pytest.mark.parametrize("case", URLS["links"], ids=lambda c: c["query"] or "(none)")
def test_round_trip(case, vocab):
    f = Filters.from_params(params(case["query"]), vocab)
    again = Filters.from_params(params(f.query_string()), vocab)
    assert again == f
    assert sorted(parse_qs(f.query_string()).items()) == sorted(parse_qs(case["query"]).items())


def test_plain_english(vocab):
    f = Filters.from_params(params("metric=killed&metric=casualties&place=Kursk+Oblast&from=2025-01"), vocab)
    assert f.describe() == ("claims where metric is killed or casualties; place is Kursk Oblast; as of 2025-01 or later"
                            " (claims with no as-of date are left out)")
    assert Filters().describe() == "all claims"
    assert not Filters().active and f.active


def test_vocabulary_offers_unattributed_only_when_there_are_such_claims(ds):
    v = Vocabulary.from_tables(ds["claims"])
    assert "unattributed" in v.source
    attributed = ds["claims"][ds["claims"]["source"].notna()]
    assert "unattributed" not in Vocabulary.from_tables(attributed).source


def test_as_of_months():
    import pandas as pd
    start, end = as_of_months(pd.Series(["2024", "2025-03", "2025-04-26", None]))
    assert list(start[:3]) == ["2024-01", "2025-03", "2025-04"] and list(end[:3]) == ["2024-12", "2025-03", "2025-04"]
    assert pd.isna(start[3]) and pd.isna(end[3])


def test_claims_csv_has_every_claim_and_readable_places(ds):
    import io

    import pandas as pd

    from dashboard.export import CSV_COLUMNS, claims_csv
    back = pd.read_csv(io.BytesIO(claims_csv(ds["claims"])))
    assert list(back.columns) == CSV_COLUMNS
    assert len(back) == len(ds["claims"])
    row = back[back["number_text"] == "about 2 000"].iloc[0]
    assert row["places"] == "Russia; Ukraine" and row["source"] == "South Korean intelligence (NIS)"
