"""The article store: one SQLite file holding articles, their claims and places.

- Each article is written in one transaction: an ingest killed half way leaves the store as it
  was before that article, never half an article.
- WAL mode and a busy timeout let several sessions (and the CLI) write at once; a writer waits
  for another instead of failing.
- The same text (after normalising white space) is stored once; adding it again reports the
  article that already holds it.
- ``version()`` counts writes, so a reader can tell cheaply that its cached copy is stale.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sqlite3
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .claims import Article

ROOT = Path(__file__).resolve().parent.parent
STORE_ENV = "CROSSCOUNT_STORE"
ARTICLE_COLUMNS = ["article_id", "title", "outlet", "published", "url", "path", "text", "body_start", "n_claims",
                   "n_places", "warnings", "added_at"]
CLAIM_COLUMNS = ["claim_id", "article_id", "number_text", "start_char", "end_char", "sentence", "sentence_start",
                 "metric", "status", "unit", "low", "high", "best", "hedge", "source", "source_text", "source_start",
                 "source_end", "source_inherited", "source_type", "source_stake", "as_of", "as_of_text", "places",
                 "outlet", "via", "published"]
PLACE_COLUMNS = ["article_id", "name", "kind", "lat", "lon", "within", "mentions", "surfaces"]
JSON_COLUMNS = {"warnings", "places", "surfaces"}
_TYPES = {"start_char": "INTEGER", "end_char": "INTEGER", "sentence_start": "INTEGER", "low": "REAL", "high": "REAL",
          "best": "REAL", "source_start": "INTEGER", "source_end": "INTEGER", "source_inherited": "INTEGER",
          "lat": "REAL", "lon": "REAL", "mentions": "INTEGER", "body_start": "INTEGER", "n_claims": "INTEGER",
          "n_places": "INTEGER"}


def _cols(columns, skip=()):
    return ", ".join(f"{c} {_TYPES.get(c, 'TEXT')}" for c in columns if c not in skip)


SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO meta VALUES ('version', 0), ('schema', 1);
CREATE TABLE IF NOT EXISTS articles (article_id TEXT PRIMARY KEY, text_hash TEXT NOT NULL UNIQUE,
    {_cols(ARTICLE_COLUMNS, skip=('article_id',))});
CREATE TABLE IF NOT EXISTS claims (claim_id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
    {_cols(CLAIM_COLUMNS, skip=('claim_id', 'article_id'))});
CREATE INDEX IF NOT EXISTS claims_article ON claims(article_id);
CREATE TABLE IF NOT EXISTS places (article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
    {_cols(PLACE_COLUMNS, skip=('article_id',))}, PRIMARY KEY (article_id, name));
"""


def default_store_path() -> Path:
    """``$CROSSCOUNT_STORE``, else ``data/crosscount.sqlite`` in the project."""
    return Path(os.environ.get(STORE_ENV) or ROOT / "data" / "crosscount.sqlite")


def text_hash(text: str) -> str:
    """The identity of an article's text: NFC, white space collapsed, then SHA-256."""
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Added:
    article_id: str
    duplicate: bool  # True: the text was already stored, as ``article_id``
    claims: int = 0
    places: int = 0


class Store:
    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else default_store_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = self._connect()
        try:  # create the tables once; opening an existing store writes nothing
            if not con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone():
                con.executescript(SCHEMA)
        finally:
            con.close()

    def _connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
        con.execute("PRAGMA foreign_keys=ON")
        con.execute("PRAGMA busy_timeout=60000")
        return con

    @contextmanager
    def _write(self):
        """One write transaction, taken at once (BEGIN IMMEDIATE) so writers queue rather than
        deadlock; rolled back whole on any error; counts as a new version."""
        con = self._connect()
        try:
            con.execute("BEGIN IMMEDIATE")
            yield con
            con.execute("UPDATE meta SET value = value + 1 WHERE key = 'version'")
            con.execute("COMMIT")
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
        finally:
            con.close()

    # ------------------------------------------------------------------ writes
    def add(self, article: Article, claims: list[dict], places: list[dict]) -> Added:
        """Store an article with its claims and places, all or nothing. The same text twice is
        stored once; an id already taken by another text gets the text's hash appended."""
        h = text_hash(article.text)
        with self._write() as con:
            row = con.execute("SELECT article_id FROM articles WHERE text_hash = ?", (h,)).fetchone()
            if row:
                return Added(row[0], duplicate=True)
            aid = article.article_id
            if con.execute("SELECT 1 FROM articles WHERE article_id = ?", (aid,)).fetchone():
                aid = f"{aid}-{h[:8]}"
            rec = {"article_id": aid, "title": article.title, "outlet": article.outlet, "published": article.published,
                   "url": article.url, "path": article.path, "text": article.text, "body_start": article.body_start,
                   "n_claims": len(claims), "n_places": len(places), "warnings": list(article.warnings),
                   "added_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
            con.execute(f"INSERT INTO articles (text_hash, {', '.join(ARTICLE_COLUMNS)}) VALUES (?, {_marks(ARTICLE_COLUMNS)})",
                        [h, *(_cell(c, rec[c]) for c in ARTICLE_COLUMNS)])
            con.executemany(f"INSERT INTO claims ({', '.join(CLAIM_COLUMNS)}) VALUES ({_marks(CLAIM_COLUMNS)})",
                            [[_cell(c, v) for c, v in zip(CLAIM_COLUMNS, _claim_row(cl, aid))] for cl in claims])
            con.executemany(f"INSERT INTO places ({', '.join(PLACE_COLUMNS)}) VALUES ({_marks(PLACE_COLUMNS)})",
                            [[_cell(c, aid if c == "article_id" else p.get(c)) for c in PLACE_COLUMNS] for p in places])
        return Added(aid, duplicate=False, claims=len(claims), places=len(places))

    def remove(self, article_id: str) -> bool:
        """Remove an article with its claims and places; False when there is no such article."""
        with self._write() as con:
            return con.execute("DELETE FROM articles WHERE article_id = ?", (article_id,)).rowcount > 0

    # ------------------------------------------------------------------ reads
    def version(self) -> int:
        return self._one("SELECT value FROM meta WHERE key = 'version'")[0]

    def count(self) -> int:
        return self._one("SELECT count(*) FROM articles")[0]

    def _one(self, sql: str, args=()):
        con = self._connect()
        try:
            return con.execute(sql, args).fetchone()
        finally:
            con.close()

    def find(self, text: str) -> str | None:
        """The article that already holds this text, if any."""
        row = self._one("SELECT article_id FROM articles WHERE text_hash = ?", (text_hash(text),))
        return row[0] if row else None

    def article_text(self, article_id: str) -> str | None:
        row = self._one("SELECT text FROM articles WHERE article_id = ?", (article_id,))
        return row[0] if row else None

    def tables(self, article_text: bool = True) -> dict[str, pd.DataFrame]:
        """Articles, claims and places as DataFrames, all read in one snapshot.
        ``article_text=False`` leaves the full texts in the store (see :meth:`article_text`)."""
        acols = [c for c in ARTICLE_COLUMNS if article_text or c != "text"]
        con = self._connect()
        try:
            con.execute("BEGIN")  # one snapshot for the three reads
            # Arrow-backed columns: a third of the memory of Python objects for 100,000 claims
            read = lambda q: pd.read_sql(q, con, dtype_backend="pyarrow")  # noqa: E731
            out = {"articles": read(f"SELECT {', '.join(acols)} FROM articles ORDER BY article_id"),
                   "claims": read(f"SELECT {', '.join(CLAIM_COLUMNS)} FROM claims ORDER BY article_id, start_char"),
                   "places": read(f"SELECT {', '.join(PLACE_COLUMNS)} FROM places ORDER BY article_id, name")}
            con.execute("COMMIT")
        finally:
            con.close()
        for df in out.values():
            for c in JSON_COLUMNS & set(df.columns):
                df[c] = [json.loads(v) if isinstance(v, str) else [] for v in df[c]]
        claims = out["claims"]
        claims["source_inherited"] = claims["source_inherited"].astype(bool)
        for c in ("low", "high", "best"):  # plain floats (NaN for an open bound), as the charts expect
            claims[c] = claims[c].astype("float64")
        return out

    def check(self) -> list[str]:
        """What is inconsistent in the store (empty when all is well): SQLite's own integrity
        check, claims or places of no article, articles whose counts differ from their rows."""
        problems = []
        con = self._connect()
        try:
            ok = con.execute("PRAGMA integrity_check").fetchone()[0]
            if ok != "ok":
                problems.append(f"integrity_check: {ok}")
            problems += [f"orphan claim {r[0]}" for r in con.execute(
                "SELECT claim_id FROM claims WHERE article_id NOT IN (SELECT article_id FROM articles)")]
            problems += [f"orphan place {r[0]}/{r[1]}" for r in con.execute(
                "SELECT article_id, name FROM places WHERE article_id NOT IN (SELECT article_id FROM articles)")]
            problems += [f"article {r[0]}: {r[1]} claims stored, {r[2]} expected" for r in con.execute(
                "SELECT a.article_id, count(c.claim_id), a.n_claims FROM articles a LEFT JOIN claims c "
                "ON c.article_id = a.article_id GROUP BY a.article_id HAVING count(c.claim_id) != a.n_claims")]
        finally:
            con.close()
        return problems


def _marks(columns) -> str:
    return ", ".join("?" * len(columns))


def _cell(column: str, value):
    if column in JSON_COLUMNS:
        return json.dumps(list(value) if value is not None else [], ensure_ascii=False)
    if column == "source_inherited":
        return int(bool(value))
    return value


def _claim_row(claim: dict, article_id: str) -> list:
    row = dict(claim, article_id=article_id, claim_id=f"{article_id}:{claim['start_char']}")
    return [row.get(c) for c in CLAIM_COLUMNS]


_ID = re.compile(r"[^\w.-]+")


def safe_id(name: str) -> str:
    """An article id from a file name or title: its stem, with anything but letters, digits,
    '.', '-' and '_' turned into '_'."""
    stem = Path(name).stem if "." in name else name
    return _ID.sub("_", stem).strip("_")[:80] or "article"
