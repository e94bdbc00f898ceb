"""Polite fetching of watched feeds and pages (httpx): a User-Agent that names the project,
conditional GET (ETag / Last-Modified), timeouts, retries with backoff, one request at a time per
host with a pause between them (longer when its robots.txt asks: Crawl-delay), robots.txt respected, and the byte limit every article has.
Every failure is a :class:`FetchError` with a one-line message, never a traceback.
"""
from __future__ import annotations

import ipaddress
import socket
import time
import urllib.robotparser
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from .reader import MAX_BYTES

USER_AGENT = "crosscount/1.0 (news-figures dashboard; watched feeds)"
TIMEOUT = 15.0  # s, to connect and between bytes
RETRIES = 2  # after the first try, on a timeout, a dropped connection, 429 or 5xx
BACKOFF = 1.0  # s before the first retry, doubled each time
HOST_PAUSE = 0.1  # s between two requests to one host, unless its robots.txt asks for more (Crawl-delay)
MAX_CRAWL_DELAY = 30.0  # s: a longer Crawl-delay is taken as this
MAX_REDIRECTS = 5
FEED_BYTES = 5_000_000  # a feed may be larger than one article


class FetchError(Exception):
    """What went wrong with a request, in one line ("HTTP 404", "timed out after 15 s", …)."""


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    status: int
    body: bytes
    etag: str | None = None
    modified: str | None = None
    content_type: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class Fetcher:
    """One HTTP client for a poll; requests go one at a time, and two to one host are
    ``host_pause`` apart. ``retries``, ``backoff`` and ``timeout`` are the settings above unless
    given (the tests shorten them)."""

    def __init__(self, timeout: float = TIMEOUT, retries: int = RETRIES, backoff: float = BACKOFF,
                 host_pause: float = HOST_PAUSE, sleep=time.sleep, public_only: bool = False):
        hooks = {"request": [_public_host]} if public_only else {}  # every request, redirects included
        self.client = httpx.Client(headers={"User-Agent": USER_AGENT}, timeout=timeout, follow_redirects=True,
                                   max_redirects=MAX_REDIRECTS, event_hooks=hooks)
        self.timeout, self.retries, self.backoff, self.host_pause, self.sleep = timeout, retries, backoff, host_pause, sleep
        self._last: dict[str, float] = {}  # host → when its last request ended
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._delay: dict[str, float] = {}  # host → its robots.txt's Crawl-delay

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def get(self, url: str, etag: str | None = None, modified: str | None = None,
            max_bytes: int = MAX_BYTES) -> Response:
        """``url``'s body, at most ``max_bytes``; 304 when ``etag``/``modified`` say it is unchanged."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"not an http(s) address: {url[:200]}")
        if not self.allowed(url):
            raise FetchError("robots.txt asks crawlers not to fetch this address")
        headers = {**({"If-None-Match": etag} if etag else {}), **({"If-Modified-Since": modified} if modified else {})}
        wait = self.backoff
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                return self._once(url, headers, max_bytes)
            except _Retry as e:
                if last:
                    raise FetchError(str(e)) from None
            self.sleep(wait)
            wait *= 2
        raise AssertionError("unreachable")

    def _once(self, url: str, headers: dict, max_bytes: int) -> Response:
        host = urlsplit(url).hostname or ""
        since = time.monotonic() - self._last.get(host, float("-inf"))
        pause = max(self.host_pause, self._delay.get(host, 0.0))
        if since < pause:
            self.sleep(pause - since)
        try:
            with self.client.stream("GET", url, headers=headers) as r:
                if r.status_code == 429 or r.status_code >= 500:
                    raise _Retry(f"HTTP {r.status_code}")
                if r.status_code == 304:
                    return Response(str(r.url), 304, b"", r.headers.get("etag"), r.headers.get("last-modified"))
                if r.status_code >= 400:
                    raise FetchError(f"HTTP {r.status_code}")
                size = int(r.headers.get("content-length") or 0)
                if size > max_bytes:
                    raise FetchError(f"{size:,} bytes is over the {max_bytes:,}-byte limit")
                body = bytearray()
                for chunk in r.iter_bytes():
                    body += chunk
                    if len(body) > max_bytes:
                        raise FetchError(f"over the {max_bytes:,}-byte limit")
                return Response(str(r.url), r.status_code, bytes(body), r.headers.get("etag"),
                                r.headers.get("last-modified"), r.headers.get("content-type", ""))
        except httpx.TooManyRedirects:
            raise FetchError(f"more than {MAX_REDIRECTS} redirects (a redirect loop?)") from None
        except httpx.TimeoutException:
            raise _Retry(f"timed out after {self.timeout:g} s") from None
        except httpx.TransportError as e:
            raise _Retry(f"could not connect ({e.__class__.__name__})") from None
        finally:
            self._last[host] = time.monotonic()

    def allowed(self, url: str) -> bool:
        """What the host's robots.txt says of ``url`` for us; a host with none (or an unreadable
        one) allows everything."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            rules = None
            try:
                r = self._once(origin + "/robots.txt", {}, 500_000)
                if r.status == 200:
                    rules = urllib.robotparser.RobotFileParser()
                    rules.parse(r.body.decode("utf-8", "replace").splitlines())
                    delay = rules.crawl_delay(USER_AGENT)
                    if delay:
                        self._delay[parts.hostname or ""] = min(float(delay), MAX_CRAWL_DELAY)
            except (FetchError, _Retry):
                pass
            self._robots[origin] = rules
        rules = self._robots[origin]
        return rules is None or rules.can_fetch(USER_AGENT, url)


def public(host: str) -> bool:
    """Whether every address ``host`` resolves to is a public one (not this machine, a private
    network, link-local cloud metadata …): the dashboard fetches only those, so that a visitor
    cannot make the server read its own network."""
    try:
        infos = socket.getaddrinfo(host, None)
    except (OSError, UnicodeError):
        return False
    return bool(infos) and all(ipaddress.ip_address(i[4][0].split("%")[0]).is_global for i in infos)


def _public_host(request: httpx.Request) -> None:
    if not public(request.url.host):
        raise FetchError(f"{request.url.host[:100]} is not a public address (this server's own network is not fetched)")


class _Retry(Exception):
    """A failure worth trying again (a timeout, a dropped connection, 429, 5xx)."""
