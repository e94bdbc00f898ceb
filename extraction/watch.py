"""Watched sources: feeds (RSS, Atom) and single pages an analyst names, polled on their own.

A source is a row of the store's ``watched`` table (name, address, outlet, poll interval, paused,
and its last poll: when, how many new articles, the last error). A poll fetches the source
(conditionally: an unchanged feed costs one 304), reads its entries, and for each entry whose
address (in canonical form, tracking parameters stripped) was never fetched, fetches the page
and sends it down the one extraction path (:func:`extraction.ingest.process`), the entry's title,
date, outlet and address filling what the page does not say. Every address fetched is recorded
in ``fetched`` after its article is stored: a poll killed half way fetches the rest next time,
and an article stored but not yet recorded is found again by its text (stored once). A failure
is a message on that source or entry, never a stop; the other sources go on.

Near-duplicate texts (wire copy reprinted under another headline) form one *story*
(:mod:`extraction.stories`).
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from . import stories
from .fetch import FEED_BYTES, Fetcher, FetchError, public
from .ingest import Outcome, process
from .reader import article_from_bytes, filled_in
from .store import Store, sqlite_errors

SCHEMA = """
CREATE TABLE IF NOT EXISTS watched (name TEXT PRIMARY KEY, url TEXT NOT NULL, outlet TEXT,
    every_s INTEGER NOT NULL, paused INTEGER NOT NULL DEFAULT 0, added_at TEXT NOT NULL,
    last_poll TEXT, last_new INTEGER, last_error TEXT, etag TEXT, modified TEXT);
CREATE TABLE IF NOT EXISTS fetched (url TEXT PRIMARY KEY, source TEXT NOT NULL, at TEXT NOT NULL,
    article_id TEXT, outcome TEXT NOT NULL);
"""
COLUMNS = ("name", "url", "outlet", "every_s", "paused", "added_at", "last_poll", "last_new", "last_error", "etag",
           "modified")
MIN_EVERY = 60  # s: no source is polled more often
DEFAULT_EVERY = "15m"
TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|dclid|mc_cid|mc_eid|igshid|ref|ref_src|cmpid|ocid|smid)$", re.I)
_EVERY = re.compile(r"^\s*(\d+)\s*([smhd]?)\s*$", re.I)
NAME_CHARS = 100


@dataclass(frozen=True)
class Source:
    name: str
    url: str
    outlet: str | None
    every_s: int
    paused: bool = False
    added_at: str = ""
    last_poll: str | None = None
    last_new: int | None = None
    last_error: str | None = None
    etag: str | None = None
    modified: str | None = None

    def due(self, now: dt.datetime) -> bool:
        if self.paused:
            return False
        if not self.last_poll:
            return True
        return (now - dt.datetime.fromisoformat(self.last_poll)).total_seconds() >= self.every_s


@dataclass
class Poll:
    """What one poll of a source did."""
    source: str
    outcomes: list[Outcome] = field(default_factory=list)  # one per entry fetched this time
    skipped: int = 0  # entries fetched before
    error: str | None = None  # the source itself could not be read
    not_modified: bool = False

    @property
    def new(self) -> int:
        return sum(o.status == "added" for o in self.outcomes)

    @property
    def line(self) -> str:
        if self.error:
            return f"{self.source}: error: {self.error}"
        if self.not_modified:
            return f"{self.source}: unchanged since the last poll"
        bad = [o for o in self.outcomes if o.status == "error"]
        return (f"{self.source}: {self.new} new, {self.skipped} seen before" +
                (f", {len(bad)} not added ({bad[0].name}: {bad[0].message})" if bad else ""))


class WatchError(ValueError):
    """A source that cannot be added or found, in one line."""


def ensure(store: Store) -> bool:
    """The tables exist (made on first use in a writable store); False when a read-only store
    has none (it then watches nothing)."""
    if _has_tables(store):
        return True
    if store.read_only:
        return False
    with sqlite_errors():
        con = store.connect()
        try:
            con.executescript(SCHEMA + stories.SCHEMA)
        finally:
            con.close()
    return True


def _has_tables(store: Store) -> bool:
    con = store.connect()
    try:
        have = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        con.close()
    return {"watched", "fetched"} <= have


def every_seconds(every: str | int) -> int:
    """``"15m"`` → 900; plain numbers are seconds; at least :data:`MIN_EVERY`."""
    m = _EVERY.match(str(every))
    if not m:
        raise WatchError(f'poll interval "{str(every)[:20]}": expected a number with s, m, h or d (e.g. 15m)')
    n = int(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2).lower()]
    if n < MIN_EVERY:
        raise WatchError(f"poll interval {every}: sources are polled at most once a minute")
    return n


def canonical(url: str) -> str:
    """One form per address: scheme and host in lower case, no default port, no fragment, no
    tracking parameters (utm_*, fbclid …), the other parameters sorted."""
    p = urlsplit(url.strip())
    host = (p.hostname or "").lower()
    port = f":{p.port}" if p.port and not ((p.scheme == "http" and p.port == 80) or (p.scheme == "https" and p.port == 443)) else ""
    query = urlencode(sorted((k, v) for k, v in parse_qsl(p.query, keep_blank_values=True) if not TRACKING.match(k)))
    return urlunsplit((p.scheme.lower(), host + port, p.path or "/", query, ""))


def add_source(store: Store, url: str, name: str, outlet: str | None = None, every: str | int = DEFAULT_EVERY,
               public_only: bool = False) -> Source:
    """A new source; ``public_only`` (the dashboard) refuses an address of this server's own
    network (:func:`extraction.fetch.public`)."""
    p = urlsplit(url.strip())
    if p.scheme not in ("http", "https") or not p.hostname:
        raise WatchError(f"not an http(s) address: {url[:200]}")
    if public_only and not public(p.hostname):
        raise WatchError(f"{p.hostname[:100]} is not a public address, or cannot be resolved: the dashboard fetches "
                         "only public ones")
    name = " ".join(name.split())
    if not name or len(name) > NAME_CHARS:
        raise WatchError(f"a source needs a name of 1 to {NAME_CHARS} characters")
    src = Source(name, url.strip(), (outlet or "").strip() or None, every_seconds(every),
                 added_at=_now().isoformat(timespec="seconds"))
    ensure(store)
    with store.write(data=False) as con:
        if con.execute("SELECT 1 FROM watched WHERE name = ?", (name,)).fetchone():
            raise WatchError(f'there is already a source named "{name}"')
        con.execute(f"INSERT INTO watched ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                    [getattr(src, c) for c in COLUMNS])
    return src


def sources(store: Store) -> list[Source]:
    """The watched sources (none in a store that never had one: reading makes no table)."""
    if not _has_tables(store):
        return []
    con = store.connect()
    try:
        rows = con.execute(f"SELECT {', '.join(COLUMNS)} FROM watched ORDER BY added_at, name").fetchall()
    finally:
        con.close()
    return [Source(**{**dict(zip(COLUMNS, r)), "paused": bool(r[4])}) for r in rows]


def remove_source(store: Store, name: str) -> None:
    """The source goes; what it added stays (its articles, and the addresses fetched, so that a
    source added again does not fetch them twice)."""
    ensure(store)
    with store.write(data=False) as con:
        if not con.execute("DELETE FROM watched WHERE name = ?", (name,)).rowcount:
            raise WatchError(f'no source named "{name[:NAME_CHARS]}"')


def pause_source(store: Store, name: str, paused: bool = True) -> None:
    ensure(store)
    with store.write(data=False) as con:
        if not con.execute("UPDATE watched SET paused = ? WHERE name = ?", (int(paused), name)).rowcount:
            raise WatchError(f'no source named "{name[:NAME_CHARS]}"')


def resume_source(store: Store, name: str) -> None:
    pause_source(store, name, paused=False)


def poll(store: Store, src: Source, fetcher: Fetcher, nlp=None, extractor=None) -> Poll:
    """Fetch ``src`` and store each entry not fetched before; the source's row says how it went.
    ``extractor`` reads and extracts each page (default: here; the dashboard passes its worker)."""
    out = Poll(src.name)
    etag, modified = src.etag, src.modified
    try:
        r = fetcher.get(src.url, etag, modified, max_bytes=FEED_BYTES)
        if r.not_modified:
            out.not_modified = True
        else:
            etag, modified = r.etag, r.modified
            for entry in _entries(r, src):
                key = canonical(entry["url"])
                if _fetched(store, key):
                    out.skipped += 1
                    continue
                o = _one(store, src, entry, r if entry["url"] == r.url else None, fetcher, nlp, extractor)
                out.outcomes.append(o)
                if o.status in ("added", "duplicate"):  # stored: now or before (a poll killed before recording it)
                    stories.assign(store, o.article_id)
                    _record(store, key, src.name, o)
    except FetchError as e:
        out.error = str(e)
    with store.write(data=False) as con:
        con.execute("UPDATE watched SET last_poll = ?, last_new = ?, last_error = ?, etag = ?, modified = ? "
                    "WHERE name = ?", (_now().isoformat(timespec="seconds"), out.new, out.error, etag, modified,
                                       src.name))
    return out


def _entries(r, src: Source) -> list[dict]:
    """The entries of a feed (newest first, as the feed lists them), or the page itself (HTML or
    plain text)."""
    import feedparser  # deferred: loaded by the first poll, not by every page of the dashboard
    feed = feedparser.parse(r.body)
    out = []
    if feed.entries:
        for e in feed.entries:
            link = e.get("link") or ""
            if not urlsplit(link).scheme:
                continue
            when = e.get("published_parsed") or e.get("updated_parsed")
            out.append({"url": link, "title": e.get("title"), "outlet": src.outlet or feed.feed.get("title"),
                        "published": dt.datetime.fromtimestamp(calendar.timegm(when), dt.UTC).date().isoformat()
                        if when else None})
    if out:
        return out
    if re.search(r"html|text/plain", r.content_type) or re.match(rb"\s*<(?:!doctype html|html)", r.body[:200], re.I):
        return [{"url": r.url, "title": None, "outlet": src.outlet, "published": None}]
    why = feed.get("bozo_exception")
    if (feed.entries or feed.version) and not why:  # a well-formed feed with nothing in it to fetch
        return []
    raise FetchError("not a feed or a page" + (f" ({str(why).splitlines()[0][:120]})" if why else ""))


def _one(store: Store, src: Source, entry: dict, page, fetcher: Fetcher, nlp, extractor=None) -> Outcome:
    """One entry's page, fetched (unless it is the page just read) and sent down the one path."""
    name = entry["url"][:200]
    try:
        page = page or fetcher.get(entry["url"])
    except FetchError as e:
        return Outcome(name, "error", str(e))
    fill = {k: entry[k] for k in ("title", "outlet", "published") if entry.get(k)} | {"url": entry["url"]}
    file = "page.html" if "html" in page.content_type or not page.content_type else "page.txt"
    reader = getattr(extractor, "read", None)  # the dashboard's worker reads the bytes too, within its limits
    read = (lambda: filled_in(reader(file, page.body), fill, "feed")) if reader else \
        (lambda: article_from_bytes(file, page.body, fill))
    return process(name, read, None, nlp, store, extractor=extractor)


def _fetched(store: Store, key: str) -> bool:
    con = store.connect()
    try:
        return con.execute("SELECT 1 FROM fetched WHERE url = ?", (key,)).fetchone() is not None
    finally:
        con.close()


def _record(store: Store, key: str, source: str, o: Outcome) -> None:
    with store.write(data=False) as con:
        con.execute("INSERT OR IGNORE INTO fetched (url, source, at, article_id, outcome) VALUES (?, ?, ?, ?, ?)",
                    (key, source, _now().isoformat(timespec="seconds"), o.article_id, o.status))


def run(store: Store, once: bool = False, fetcher: Fetcher | None = None, nlp=None, on_poll=print,
        sleep=time.sleep, extractor=None, public_only: bool = False) -> list[Poll]:
    """Poll every source that is due; with ``once``, return after one round, else keep polling
    (each source at its own interval) until interrupted. A round runs under the store's polling
    lock: while another process (the dashboard, another ``watch run``) polls, this one waits for
    the next round."""
    done: list[Poll] = []
    own = fetcher is None
    fetcher = fetcher or Fetcher(public_only=public_only)
    try:
        while True:
            with polling_lock(store) as mine:
                for src in [s for s in sources(store) if s.due(_now())] if mine else []:
                    p = poll(store, src, fetcher, nlp, extractor)
                    done.append(p)
                    on_poll(p.line)
            if once:
                return done
            sleep(MIN_EVERY / 4)
    finally:
        if own:
            fetcher.close()


def keep_polling(path, extractor, every: float = MIN_EVERY / 4, on_error=None) -> None:
    """The dashboard's background poller (one thread per store, started by a visit): every
    ``every`` seconds, the sources that are due, read and extracted by ``extractor`` (its worker
    process, within its limits), public addresses only. Stops when the store is gone; an error
    in a round is reported to ``on_error`` and the next round goes on."""
    from pathlib import Path  # deferred: only the poller needs it
    while Path(path).exists():
        try:
            run(Store(path), once=True, extractor=extractor, on_poll=lambda line: None, public_only=True)
        except Exception as e:  # a round that fails must not end the poller
            if on_error:
                on_error(e)
        time.sleep(every)


@contextmanager
def polling_lock(store: Store):
    """True when this process holds the store's polling lock (a file beside it), False when
    another does; released on leaving. Without fcntl (Windows) every round polls."""
    try:
        import fcntl  # deferred: Unix only
    except ImportError:
        yield True
        return
    with open(store.path.with_name(store.path.name + ".watch-lock"), "a") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
