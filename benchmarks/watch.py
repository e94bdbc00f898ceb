"""Polling a watched feed on a local HTTP server (127.0.0.1, started here): a feed of N entries,
each a page of invented news text with figures, polled and extracted into a new store; then the
same feed polled again (nothing new: one conditional request).

    python benchmarks/watch.py [--entries 200] [--repeats 1]

Prints the first poll's time (fetch + extraction + storing), articles/s, and the second poll's
time. Issue 25's targets: 200 entries in ≤ 60 s, the second poll ≤ 2 s.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extraction import watch  # after the path is set
from extraction.fetch import Fetcher
from extraction.pipeline import get_nlp
from extraction.store import Store

TOWNS = ["Northport", "Eastvale", "Riverside", "Hillcrest", "Lakeview"]


def page(i: int) -> bytes:
    town = TOWNS[i % len(TOWNS)]
    text = (f"<html><head><title>Report {i} from {town}</title></head><body><article><h1>Report {i} from {town}</h1>"
            f"<p>About {1000 + 37 * i:,} people have left their homes near {town} since the storm began, the regional "
            f"governor said on Monday. At least {3 + i % 17} people were killed and more than {20 + i % 90} injured.</p>"
            f"<p>Rescue teams said some {i % 40 + 5} villages remained cut off, and officials expected the count of "
            f"displaced to rise by several hundred in the coming days.</p><p>Story number {i}.</p></article></body></html>")
    return text.encode()


def feed(n: int, base: str) -> bytes:
    items = "".join(f"<item><title>Report {i}</title><link>{base}/p/{i}.html</link>"
                    f"<pubDate>Mon, 02 Mar 2026 {i % 24:02d}:00:00 GMT</pubDate></item>" for i in range(n))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Bench Wire</title>{items}</channel></rss>'.encode()


def serve(n: int):
    state = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # the name http.server calls
            if self.path == "/feed.xml":
                if self.headers.get("If-None-Match") == '"f1"':
                    self.send_response(304)
                    self.end_headers()
                    return
                body, kind = state["feed"], "application/rss+xml"
            elif self.path.startswith("/p/"):
                body, kind = page(int(self.path[3:].split(".")[0])), "text/html; charset=utf-8"
            else:
                self.send_response(404)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("ETag", '"f1"')
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    state["feed"] = feed(n, base)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, base


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, default=200)
    ap.add_argument("--repeats", type=int, default=1)
    args = ap.parse_args()
    nlp = get_nlp()
    nlp("Warm up: 1,000 people were displaced, officials said.")
    server, base = serve(args.entries)
    firsts, seconds = [], []
    try:
        for _ in range(args.repeats):
            with tempfile.TemporaryDirectory() as tmp:
                store = Store(Path(tmp) / "s.sqlite")
                watch.add_source(store, base + "/feed.xml", "bench", every="15m")
                with Fetcher() as f:
                    t = time.perf_counter()
                    [p] = watch.run(store, once=True, fetcher=f, nlp=nlp, on_poll=lambda line: None)
                    firsts.append(time.perf_counter() - t)
                    assert p.new == args.entries, p.line
                    with store.write(data=False) as con:
                        con.execute("UPDATE watched SET last_poll = NULL")
                    t = time.perf_counter()
                    [p] = watch.run(store, once=True, fetcher=f, nlp=nlp, on_poll=lambda line: None)
                    seconds.append(time.perf_counter() - t)
                    assert p.new == 0
    finally:
        server.shutdown()
    first = statistics.median(firsts)
    print(f"first poll, {args.entries} entries fetched, extracted and stored: {first:.1f} s "
          f"({args.entries / first:.1f} articles/s; median of {len(firsts)})")
    print(f"second poll (unchanged feed): {statistics.median(seconds):.3f} s")


if __name__ == "__main__":
    main()
