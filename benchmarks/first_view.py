"""An analyst's first view, in a real browser (Chromium via Playwright), on the seeds.

    python benchmarks/first_view.py [--repeats 3]

Prints medians over the repeats of:
- new store: process start → the first chart drawn in Chromium, the app seeding a new store;
- restart: the same over the store the first run left (its snapshot and caches on disk);
- new session: a second browser opening the app on the running server → its first chart;
and, for each, when the server answered its health check (Python imports and Streamlit's start).
Issue 20's targets: first view ≤ 3 s, new session ≤ 1.5 s.
"""
from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
WAIT = 180  # s


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(store: Path, cache: Path) -> tuple[subprocess.Popen, str, float]:
    port = free_port()
    env = dict(os.environ, CROSSCOUNT_STORE=str(store), CROSSCOUNT_CACHE=str(cache))
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                             "--server.address", "127.0.0.1", "--server.headless", "true"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    while time.perf_counter() - t0 < WAIT:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as r:
                if r.read().strip() == b"ok":
                    return proc, url, t0
        except OSError:
            time.sleep(0.05)
    raise SystemExit("the app did not start")


def first_chart(browser, url: str) -> float:
    """Seconds from opening ``url`` in a new browser context to its first chart drawn."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    t = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=WAIT * 1000)
    took = time.perf_counter() - t
    ctx.close()
    return took


def stop(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, 15)
    proc.wait(20)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright
    rows: dict[str, list[float]] = {k: [] for k in ("new store: health", "new store: first chart", "restart: health",
                                                    "restart: first chart", "new session: first chart")}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for _ in range(args.repeats):
            with tempfile.TemporaryDirectory() as tmp:
                store, cache = Path(tmp) / "store.sqlite", Path(tmp) / "cache"
                for phase in ("new store", "restart"):
                    proc, url, t0 = start(store, cache)
                    rows[f"{phase}: health"].append(time.perf_counter() - t0)
                    first_chart(browser, url)
                    rows[f"{phase}: first chart"].append(time.perf_counter() - t0)
                    if phase == "restart":
                        rows["new session: first chart"] += [first_chart(browser, url) for _ in range(3)]
                    stop(proc)
        browser.close()
    for name, xs in rows.items():
        print(f"{name:28s} median {statistics.median(xs):6.2f} s  (min {min(xs):.2f}, max {max(xs):.2f}, n={len(xs)})")


if __name__ == "__main__":
    main()
