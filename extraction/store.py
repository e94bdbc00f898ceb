"""The article store: one SQLite file holding articles, their claims and places.

- Each article is written in one transaction: an ingest killed half way leaves the store as it
  was before that article, never half an article.
- WAL mode and a busy timeout let several sessions (and the CLI) write at once; a writer waits
  for another instead of failing.
- The same text (after normalising white space) is stored once; adding it again reports the
  article that already holds it.
- ``version()`` counts writes, so a reader can tell cheaply that its cached copy is stale;
  ``data_version()`` counts only the writes that change articles, claims or places (not the
  analysts' audit trail), so a copy of those tables outlives a correction.
- ``changed_since(v)`` says which articles those writes touched after data version ``v`` (kept
  by triggers, whoever writes), so a copy can be brought up to date article by article.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sqlite3
import typing
import unicodedata
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from functools import lru_cache
from pathlib import Path

if typing.TYPE_CHECKING:
    import pandas as pd

from . import settings
from .model import (
    ARTICLE_FIELDS,
    CLAIM_FIELDS,
    PLACE_FIELDS,
    Article,
    Claim,
    PlaceRecord,
    StoredArticle,
    field_names,
    json_fields,
    sql_type,
)

# the columns are the model's fields (extraction/model.py), in its order
ARTICLE_COLUMNS = list(ARTICLE_FIELDS)
CLAIM_COLUMNS = list(CLAIM_FIELDS)
PLACE_COLUMNS = list(PLACE_FIELDS)
JSON_COLUMNS = json_fields(StoredArticle) | json_fields(Claim) | json_fields(PlaceRecord)
_MODEL = {"articles": StoredArticle, "claims": Claim, "places": PlaceRecord}


def _cols(table: str, skip=()):
    cls = _MODEL[table]
    return ", ".join(f"{c} {sql_type(cls, c)}" for c in field_names(cls) if c not in skip)


ORDER = {"articles": "article_id", "claims": "article_id, start_char", "places": "article_id, name"}  # the store's order
IDS_PER_QUERY = 500  # article ids in one "IN (…)": well under SQLite's limit on parameters

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO meta VALUES ('version', 0), ('schema', 1), ('data_version', 0);
CREATE TABLE IF NOT EXISTS articles (article_id TEXT PRIMARY KEY, text_hash TEXT NOT NULL UNIQUE,
    {_cols('articles', skip=('article_id',))});
CREATE TABLE IF NOT EXISTS claims (claim_id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
    {_cols('claims', skip=('claim_id', 'article_id'))});
CREATE INDEX IF NOT EXISTS claims_article ON claims(article_id);
CREATE TABLE IF NOT EXISTS places (article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
    {_cols('places', skip=('article_id',))}, PRIMARY KEY (article_id, name));
"""


# which articles each data write touched (added, removed, re-extracted, re-tagged), logged by
# triggers at the data version the write makes (the transaction adds 1 when it commits)
CHANGES = "".join(f"""
CREATE TRIGGER IF NOT EXISTS changed_{t}_{op[0]} AFTER {op} ON {t} BEGIN
    INSERT OR IGNORE INTO changed VALUES ((SELECT value + 1 FROM meta WHERE key = 'data_version'), {row}.article_id);
END;""" for t in ("articles", "claims", "places") for op, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")))
CHANGE_LOG = f"""
CREATE TABLE IF NOT EXISTS changed (version INTEGER NOT NULL, article_id TEXT NOT NULL, PRIMARY KEY (version, article_id));
{CHANGES}
INSERT OR IGNORE INTO meta SELECT 'changes_from', value FROM meta WHERE key = 'data_version';
"""

APPLICATION_ID = 0x63726F73  # "cros": SQLite's header field that says whose file this is


def foreign(path: Path) -> str | None:
    """Why the SQLite file at ``path`` is not a crosscount store (None: it is ours, or empty, or
    not SQLite at all, which opening it reports), found without writing or switching anything.
    Ours: our application id in its header, read from the file's first bytes; or (a store made
    before the id was written: id 0) our meta table, with its schema row, beside articles, claims
    and places, read through a read-only connection (not ``immutable``: a writer may be
    checkpointing beside us)."""
    try:
        with open(path, "rb") as f:
            head = f.read(100)
    except OSError:
        return None  # opening it says what is wrong
    if len(head) < 100 or not head.startswith(b"SQLite format 3\x00"):
        return None
    app = int.from_bytes(head[68:72], "big")
    if app == APPLICATION_ID:
        return None
    if app != 0:
        return "it is an SQLite file of another application, not a crosscount store"
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return None
        not_ours = "it is an SQLite file, but not a crosscount store"
        if not {"meta", "articles", "claims", "places"} <= tables or \
                "text_hash" not in {r[1] for r in con.execute("PRAGMA table_info(articles)")} or \
                {"key", "value"} - {r[1] for r in con.execute("PRAGMA table_info(meta)")}:
            return not_ours
        return None if con.execute("SELECT 1 FROM meta WHERE key = 'schema'").fetchone() else not_ours
    finally:
        con.close()


MAX_MARKS = 30  # combining marks kept on one character: NFC reorders a run of them in quadratic time


@lru_cache(maxsize=1)
def _mark_runs() -> re.Pattern:
    """Runs of more than ``MAX_MARKS`` combining marks (a regex: found in linear time)."""
    marks, start = [], None
    for cp in range(0x300, 0x110000):
        if unicodedata.combining(chr(cp)):
            start = cp if start is None else start
        elif start is not None:
            marks.append(f"{re.escape(chr(start))}-{re.escape(chr(cp - 1))}")
            start = None
    return re.compile(f"[{''.join(marks)}]{{{MAX_MARKS + 1},}}")


def bounded_marks(text: str) -> str:
    """``text`` with each run of combining marks cut to its first ``MAX_MARKS`` (no language
    writes more on one letter): what NFC may then take is linear in the text's length."""
    return _mark_runs().sub(lambda m: m.group(0)[:MAX_MARKS], text)


def text_hash(text: str) -> str:
    """The identity of an article's text: runs of combining marks bounded, NFC, white space
    collapsed, then SHA-256."""
    norm = " ".join(unicodedata.normalize("NFC", bounded_marks(text)).split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Added:
    article_id: str
    duplicate: bool  # True: the text was already stored, as ``article_id``
    claims: int = 0
    places: int = 0


class StoreError(Exception):
    """The store cannot be used; ``str(e)`` says why in words that name no file path."""


@contextmanager
def sqlite_errors():
    try:
        yield
    except sqlite3.DatabaseError as e:
        if "locked" in str(e) or "busy" in str(e):
            raise StoreError("it is busy with another writer; try again in a moment") from None
        if "full" in str(e):  # "database or disk is full": nothing was written, what is stored can still be read
            raise StoreError("the disk it is on is full: nothing was written (what it holds can still be read); "
                             "free some space and try again") from None
        raise StoreError(f"it is not a crosscount store, or it is damaged ({e})") from None


class Store:
    """``read_only`` when the file (or its folder) cannot be written: it is then opened
    read-only and unchanging, and every write raises :class:`StoreError`."""

    def __init__(self, path: str | Path | None = None, read_only: bool | None = None):
        self.path = Path(path) if path else settings.store_file()
        exists = self.path.exists()
        if not exists:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StoreError(f"its folder cannot be made ({e.strerror})") from None
        if read_only is None:  # a deployment may say so ($CROSSCOUNT_STORE_READ_ONLY=1), else the file system does
            read_only = settings.get("CROSSCOUNT_STORE_READ_ONLY") not in ("", "0") or \
                not os.access(self.path if exists else self.path.parent, os.W_OK) or \
                (exists and not os.access(self.path.parent, os.W_OK))
        self.read_only = read_only
        if self.read_only and not exists:
            raise StoreError("there is none, and its folder is read-only")
        with sqlite_errors():
            why = foreign(self.path) if exists else None  # before anything is written or switched
            if why:
                raise StoreError(why)
            con = self.connect()
            try:  # create the tables once; opening an existing store writes nothing
                tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                if not tables and not self.read_only:  # in one transaction: no reader sees half a store
                    con.executescript("BEGIN IMMEDIATE;\n" + SCHEMA + "\nCOMMIT;")
                elif not {"meta", "articles", "claims", "places"} <= tables:
                    raise StoreError("it is an SQLite file, but not a crosscount store")
                if not self.read_only and con.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")  # ours: now its header says so
                self._missing = self._upgrade(con)
                self._meta = {r[0] for r in con.execute("SELECT key FROM meta")}
            finally:
                con.close()

    def connect(self) -> sqlite3.Connection:
        if self.read_only:
            # read-only by setting, in a folder we may write: a plain read-only connection, which
            # reads what a writer beside us (or one killed before it checkpointed) left in the WAL;
            # on a read-only volume nothing can change under us, and no -shm file can be made there
            volume = not os.access(self.path.resolve().parent, os.W_OK)
            return sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro" + ("&immutable=1" if volume else ""),
                                   uri=True, isolation_level=None)
        con = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
        con.execute("PRAGMA foreign_keys=ON")
        con.execute("PRAGMA busy_timeout=60000")
        return con

    @contextmanager
    def write(self, data: bool = True):
        """One write transaction, taken at once (BEGIN IMMEDIATE) so writers queue rather than
        deadlock; rolled back whole on any error; counts as a new version, and as a new data
        version unless ``data`` is False (a write that leaves articles, claims and places alone)."""
        if self.read_only:
            raise StoreError("it is read-only here (a read-only file or volume)")
        with sqlite_errors():
            yield from self._transaction(data)

    def _transaction(self, data: bool):
        con = self.connect()
        try:
            con.execute("BEGIN IMMEDIATE")
            yield con
            keys = "('version', 'data_version')" if data else "('version')"
            con.execute(f"UPDATE meta SET value = value + 1 WHERE key IN {keys}")
            con.execute("COMMIT")
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
        finally:
            con.close()

    # ------------------------------------------------------------------ writes
    def add(self, article: Article, claims: list[Claim], places: list[PlaceRecord]) -> Added:
        """Store an article with its claims and places, all or nothing. The same text twice is
        stored once; the id is made safe (:func:`safe_id`), and an id already taken by another
        text gets the text's hash appended."""
        h = text_hash(article.text)
        with self.write() as con:
            row = con.execute("SELECT article_id FROM articles WHERE text_hash = ?", (h,)).fetchone()
            if row:
                return Added(row[0], duplicate=True)
            aid = safe_id(article.article_id)
            if con.execute("SELECT 1 FROM articles WHERE article_id = ?", (aid,)).fetchone():
                aid = f"{aid}-{h[:8]}"
            rec = StoredArticle(**{**asdict(article), "article_id": aid, "warnings": list(article.warnings)},
                                n_claims=len(claims), n_places=len(places),
                                added_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
            self.insert(con, "articles", [rec], extra={"text_hash": h})
            self.insert(con, "claims", [replace(c, article_id=aid) for c in claims])
            self.insert(con, "places", [replace(p, article_id=aid) for p in places])
        return Added(aid, duplicate=False, claims=len(claims), places=len(places))

    @staticmethod
    def insert(con, table: str, records, extra: dict | None = None) -> None:
        cols = [*(extra or {}), *field_names(_MODEL[table])]
        con.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                        [[*(extra or {}).values(), *(_cell(c, getattr(r, c)) for c in field_names(_MODEL[table]))]
                         for r in records])

    def remove(self, article_id: str) -> bool:
        """Remove an article with its claims and places; False when there is no such article."""
        with self.write() as con:
            return con.execute("DELETE FROM articles WHERE article_id = ?", (article_id,)).rowcount > 0

    def retag(self, rows: list[tuple], tagged_with: int) -> None:
        """Rewrite claims' war, stake and trace ``(conflict, source_stake, trace, claim_id)``
        (:mod:`extraction.retag`) and note which registry of wars they follow, in one write: a
        data write when any claim changes."""
        with self.write(data=bool(rows)) as con:
            con.executemany("UPDATE claims SET conflict = ?, source_stake = ?, trace = ? WHERE claim_id = ?", rows)
            con.execute("INSERT INTO meta VALUES ('conflicts', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                        (tagged_with,))
        self._meta.add("conflicts")

    # ------------------------------------------------------------------ reads
    def tagged_with(self) -> int | None:
        """The digest of the registry of wars the claims were last tagged with (None: never)."""
        if "conflicts" not in self._meta:
            return None
        row = self._one("SELECT value FROM meta WHERE key = 'conflicts'")
        return row[0] if row else None

    def version(self) -> int:
        return self._one("SELECT value FROM meta WHERE key = 'version'")[0]

    def data_version(self, con=None) -> int:
        """Counts the writes to articles, claims and places (a read-only store written before
        there was such a count: its version, as it never changes here)."""
        sql = f"SELECT value FROM meta WHERE key = {'data_version' if 'data_version' in self._meta else 'version'!r}"
        return (con.execute(sql).fetchone() if con is not None else self._one(sql))[0]

    @staticmethod
    def changed_since(version: int, con) -> set[str] | None:
        """The articles whose rows (article, claims or places) data writes after ``version``
        touched: added, removed, re-extracted or re-tagged ones, read through ``con`` (a reader's
        transaction, :meth:`reading`); None when the log does not reach back that far (a store
        written before it was kept)."""
        start = con.execute("SELECT value FROM meta WHERE key = 'changes_from'").fetchone()
        if start is None or start[0] > version:
            return None
        return {r[0] for r in con.execute("SELECT DISTINCT article_id FROM changed WHERE version > ?", (version,))}

    def count(self) -> int:
        return self._one("SELECT count(*) FROM articles")[0]

    def _one(self, sql: str, args=()):
        with sqlite_errors():
            con = self.connect()
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

    def claimants(self, articles: list[str] | None = None) -> list[str]:
        """Every claimant (of these ``articles`` only, when given), in the order the store first met
        it (articles in the order they were added): adding articles only appends, so what is keyed
        on this order stays put."""
        select = ("SELECT c.source, MIN(a.rowid) AS first FROM claims c JOIN articles a ON a.article_id = c.article_id "
                  "WHERE c.source IS NOT NULL")
        with sqlite_errors():
            con = self.connect()
            try:
                if articles is None:
                    rows = con.execute(f"{select} GROUP BY c.source").fetchall()
                else:  # a few hundred at a time: SQLite's limit on parameters
                    rows = [r for k in range(0, len(articles), IDS_PER_QUERY) for ids in [articles[k:k + IDS_PER_QUERY]]
                            for r in con.execute(f"{select} AND c.article_id IN ({', '.join('?' * len(ids))}) "
                                                 "GROUP BY c.source", ids).fetchall()]
            finally:
                con.close()
        first: dict[str, int] = {}
        for name, at in rows:
            first[name] = min(at, first.get(name, at))
        return sorted(first, key=lambda n: (first[n], n))

    def _upgrade(self, con) -> dict[str, set[str]]:
        """A store written before a field joined the model gets its column (empty, the field's
        default meaning); a read-only one is read with the column as empty. Returns what is
        still missing per table."""
        missing = {}
        if not self.read_only and not con.execute("SELECT 1 FROM meta WHERE key = 'data_version'").fetchone():
            # a store written before writes were told apart: its data changed at its last version
            con.execute("INSERT INTO meta SELECT 'data_version', value FROM meta WHERE key = 'version'")
            con.commit()
        if not self.read_only and not con.execute("SELECT 1 FROM meta WHERE key = 'changes_from'").fetchone():
            # the log of changed articles starts now: what was written before it is not in it
            con.executescript("BEGIN IMMEDIATE;\n" + CHANGE_LOG + "\nCOMMIT;")
        for table in ("articles", "claims", "places"):
            have = {r[1] for r in con.execute(f"PRAGMA table_info({table})")}
            lack = [c for c in field_names(_MODEL[table]) if c not in have]
            if lack and not self.read_only:
                for c in lack:
                    default = " DEFAULT 0" if typing.get_type_hints(_MODEL[table]).get(c) is bool else ""
                    con.execute(f"ALTER TABLE {table} ADD COLUMN {c} {sql_type(_MODEL[table], c)}{default}")
                con.commit()
                lack = []
            missing[table] = set(lack)
        return missing

    @contextmanager
    def reading(self):
        """A connection in one read transaction: what it reads is one snapshot of the store."""
        with sqlite_errors():
            con = self.connect()
            try:
                con.execute("BEGIN")
                yield con
                con.execute("COMMIT")
            finally:
                con.close()

    def select_list(self, table: str, columns) -> str:
        """The columns to read, a missing one as its field's default (0 for a flag, else NULL)."""
        def empty(c):
            return "0" if typing.get_type_hints(_MODEL[table]).get(c) is bool else "NULL"
        return ", ".join(f"{empty(c)} AS {c}" if c in self._missing.get(table, ()) else c for c in columns)

    def tables(self, article_text: bool = True) -> dict[str, pd.DataFrame]:
        """Articles, claims and places as DataFrames, all read in one snapshot.
        ``article_text=False`` leaves the full texts in the store (see :meth:`article_text`)."""
        import pandas as pd  # deferred: only readers of tables need pandas (the CLI does not)

        acols = [c for c in ARTICLE_COLUMNS if article_text or c != "text"]
        with self.reading() as con:  # one snapshot for the three reads
            try:
                # Arrow-backed columns: a third of the memory of Python objects for 100,000 claims
                out = {t: pd.read_sql(f"SELECT {self.select_list(t, cols)} FROM {t} ORDER BY {ORDER[t]}", con,
                                      dtype_backend="pyarrow")
                       for t, cols in (("articles", acols), ("claims", CLAIM_COLUMNS), ("places", PLACE_COLUMNS))}
            except pd.errors.DatabaseError as e:
                raise sqlite3.DatabaseError(str(e).split(": ")[-1]) from None
        pool: dict = {}  # place names, relays and surfaces repeat: one string object each
        for df in out.values():
            for c in JSON_COLUMNS & set(df.columns):
                df[c] = [[pool.setdefault(x, x) if isinstance(x, str) else x for x in json_list(v)] for v in df[c]]
        claims = out["claims"]
        for c in ("source_inherited", "incremental"):
            claims[c] = claims[c].fillna(0).astype(bool)
        for c in ("low", "high", "best"):  # plain floats (NaN for an open bound), as the charts expect
            claims[c] = claims[c].astype("float64")
        return out

    def check(self) -> list[str]:
        """What is inconsistent in the store (empty when all is well): SQLite's own integrity
        check, claims or places of no article, articles whose counts differ from their rows."""
        problems = []
        con = self.connect()
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


def json_list(v) -> list:
    """A list column's cell: JSON, or (written before the field was a list) one plain value."""
    if not isinstance(v, str) or not v:
        return []
    try:
        out = json.loads(v)
    except ValueError:
        return [v]
    return out if isinstance(out, list) else [out] if out is not None else []


def _cell(column: str, value):
    if column in JSON_COLUMNS:
        value = [value] if isinstance(value, str) else value
        return json.dumps(list(value) if value is not None else [], ensure_ascii=False)
    if column == "source_inherited":
        return int(bool(value))
    return value


_ID = re.compile(r"[^\w.-]+")


def safe_id(name: str) -> str:
    """An article id from a file name or title: its stem, with anything but letters, digits,
    '.', '-' and '_' turned into '_'."""
    stem = Path(name).stem if "." in name else name
    return _ID.sub("_", stem).strip("_")[:80] or "article"
