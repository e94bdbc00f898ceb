"""One metric vocabulary: the keys of extraction/data/metrics.json's ``metric_names``. A metric
added there is a metric everywhere: review accepts it, and the Estimates page draws its chart
under its name in words."""
from __future__ import annotations

import pytest
from conftest import ROOT
from fixtures import claim_record, store_from_records

from dashboard.charts import chart_title
from dashboard.safe import md
from extraction import lexicon
from extraction.review import Correction, check

TEXT = "Militants still hold 240 hostages, the army said on Monday."
NEW = ("hostages_held", "hostages still held")  # a name in words the key alone would not give


@pytest.fixture
def with_new_metric(monkeypatch):
    real = lexicon.load_json

    def more(name):
        data = real(name)
        if name == "metrics.json":
            data = dict(data, metric_names=data["metric_names"] | dict([NEW]))
        return data

    monkeypatch.setattr(lexicon, "load_json", more)
    lexicon.metric_names.cache_clear()
    yield
    lexicon.metric_names.cache_clear()


def _correction() -> Correction:
    start = TEXT.index("240")
    return Correction(action="correct", reviewer="ana", article_id="a1", start_char=start, end_char=start + 3,
                      number_text="240", fields={"metric": NEW[0]})


def test_review_refuses_a_metric_the_vocabulary_lacks():
    assert "metric" in check(_correction(), TEXT)


def test_a_metric_added_to_metrics_json_is_accepted_by_review(with_new_metric):
    assert check(_correction(), TEXT) == {}
    assert NEW[0] in lexicon.metrics() and lexicon.metric_name(NEW[0]) == NEW[1]


def test_a_metric_added_to_metrics_json_is_drawn(with_new_metric, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    store = tmp_path / "s.sqlite"
    store_from_records(store, [{"article_id": "a1", "text": TEXT, "published": "2025-03-03", "outlet": "Wire"}],
                       [claim_record("a1", TEXT, "240", metric=NEW[0], unit="hostage", low=240.0, high=240.0,
                                     best=240.0, source="the army")], [])
    monkeypatch.setenv("CROSSCOUNT_STORE", str(store))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert [s.value for s in at.subheader] == [md(chart_title(NEW[0], "", ""))]
    assert NEW[1] in at.subheader[0].value
