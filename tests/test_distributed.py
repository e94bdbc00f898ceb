"""Extraction on Dask (extraction/distributed.py): a LocalCluster with 2 worker processes over
200 articles gives the same store as the single-process build, whatever the partitioning and
whatever the source's form (folder, JSON Lines, Parquet), and a worker killed mid-run loses
nothing and writes nothing twice."""
import json
import os
import signal
import threading
import time

import pytest
from conftest import ROOT

pytest.importorskip("dask.distributed")

ARTICLES = 200
EDITIONS = "abcdefgh"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """200 article files: the dev set and the seeds, each in several editions (a closing line
    without figures makes each text distinct)."""
    src = sorted(p for p in (ROOT / "tests" / "data" / "devset" / "articles").iterdir() if p.suffix == ".txt") + \
        sorted(p for p in (ROOT / "seeds").iterdir() if p.suffix == ".txt")  # text files: the edition line stays
    folder = tmp_path_factory.mktemp("corpus")
    n = 0
    for ed in EDITIONS:
        for p in src:
            if n == ARTICLES:
                return folder
            text = p.read_text(encoding="utf-8")
            (folder / f"{p.stem}-{ed}{p.suffix}").write_text(text + f"\n\nEdition {ed.upper()}.\n", encoding="utf-8")
            n += 1
    return folder


@pytest.fixture(scope="module")
def single(corpus, tmp_path_factory):
    from extraction.dataset import build
    out = tmp_path_factory.mktemp("single") / "single.sqlite"
    build(corpus, out)
    return _tables(out)


def _tables(path):
    from extraction.store import Store
    t = Store(path).tables()
    return {k: v.drop(columns=[c for c in ("added_at",) if c in v]).astype(str).reset_index(drop=True) for k, v in t.items()}


@pytest.fixture(scope="module")
def cluster():
    from dask.distributed import LocalCluster
    c = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    yield c
    c.close()


def _same(a, b):
    for k in ("articles", "claims", "places"):
        assert len(a[k]) == len(b[k]), k
        assert a[k].equals(b[k]), k


@pytest.mark.parametrize("partitions", [3, 16])
def test_two_workers_give_the_single_process_claims(partitions, corpus, single, cluster, tmp_path):
    from extraction.distributed import build_on_dask
    out = tmp_path / "dask.sqlite"
    outcomes = build_on_dask(corpus, out, scheduler=cluster.scheduler_address, partitions=partitions, progress=False,
                             say=lambda m: None)
    assert len(outcomes) == ARTICLES and all(o["status"] == "extracted" for o in outcomes)
    assert len(single["articles"]) == ARTICLES
    _same(_tables(out), single)


def test_jsonl_and_parquet_sources(corpus, cluster, tmp_path):
    import pandas as pd

    from extraction.distributed import build_on_dask
    from extraction.store import Store
    files = sorted(corpus.iterdir())[:20]
    recs = [{"id": p.stem, "text": p.read_text(encoding="utf-8"), "published": None, "title": f"T {p.stem}",
             "outlet": "Wire", "url": None} for p in files]
    jl = tmp_path / "arts.jsonl"
    jl.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    pq = tmp_path / "arts.parquet"
    pd.DataFrame(recs).to_parquet(pq, row_group_size=5)
    stores = []
    for src in (jl, pq):
        out = tmp_path / f"{src.suffix[1:]}.sqlite"
        build_on_dask(src, out, scheduler=cluster.scheduler_address, partitions=3, progress=False, say=lambda m: None)
        stores.append(_tables(out))
    _same(stores[0], stores[1])
    arts = Store(tmp_path / "jsonl.sqlite").tables()["articles"]
    assert sorted(arts["article_id"]) == sorted(r["id"] for r in recs) and set(arts["outlet"]) == {"Wire"}


def test_a_worker_killed_mid_run_loses_nothing(corpus, single, cluster, tmp_path):
    from dask.distributed import Client

    from extraction.distributed import build_on_dask
    out = tmp_path / "killed.sqlite"
    result = {}
    run = threading.Thread(target=lambda: result.update(outcomes=build_on_dask(
        corpus, out, scheduler=cluster.scheduler_address, partitions=20, progress=False, say=lambda m: None)))
    client = Client(cluster.scheduler_address)
    try:
        run.start()
        deadline = time.time() + 120
        while not any(client.processing().values()) and time.time() < deadline:
            time.sleep(0.2)
        time.sleep(2)  # the workers are extracting
        pids = client.run(os.getpid)
        victim = sorted(pids.values())[0]
        assert run.is_alive()  # killed mid-run
        os.kill(victim, signal.SIGKILL)
        run.join(600)
        assert victim not in client.run(os.getpid).values()  # the nanny started a new worker process
    finally:
        client.close()
    assert not run.is_alive()
    outcomes = result["outcomes"]
    assert len(outcomes) == ARTICLES  # every article once: none lost, none twice
    assert len({o["name"] for o in outcomes}) == ARTICLES
    _same(_tables(out), single)


def test_the_local_cluster_listens_on_this_machine_only(monkeypatch, tmp_path):
    """The scheduler and its dashboard bind the loopback address, never every interface."""
    import dask.distributed

    from extraction.distributed import build_on_dask
    seen = {}

    class Stop(Exception):
        pass

    def fake_cluster(**kwargs):
        seen.update(kwargs)
        raise Stop

    monkeypatch.setattr(dask.distributed, "LocalCluster", fake_cluster)
    with pytest.raises(Stop):
        build_on_dask(tmp_path, tmp_path / "s.sqlite", workers=1, progress=False)
    assert seen["host"] == "127.0.0.1" and seen["dashboard_address"].startswith("127.0.0.1:")
