"""A store's tables at one version as Parquet files, read with DuckDB: a reader asks for the rows
and columns it needs (``WHERE metric = 'killed'``) and gets only those, instead of holding every
row of the store in pandas. No Streamlit; it writes the snapshot files.

The SQLite store stays the one place that is written (articles are added in one transaction each,
analysts' corrections go to its audit trail); a snapshot is a read-only copy of it, made once per
store version in a cache folder (``$CROSSCOUNT_CACHE/snapshots`` or ``~/.cache/crosscount``) and
named by the store's file and data version, so a write of articles, claims or places anywhere
(the dashboard, the CLI) makes the next reader build a new one; an analyst's correction, which
goes to the audit trail only, does not. Readers keep tables they derive beside it, in parts
(:meth:`Snapshot.keep`): a part is named by what it was made from, so a correction remakes only
the parts it changes. Building one reads the store once, in batches, in one SQLite read
transaction: the three files agree with each other and with the version they are named by.

A version that differs from an earlier snapshot (its *base*) by a few articles (a poll of a
feed, an analyst's upload) is not copied whole: its files hold the current rows of the articles
changed since the base (the store's change log says which), and each table reads as the base's
rows of the other articles followed by those. It also names the snapshot before it and the
articles changed since, so that a derived table (the figure index) is brought up to date for
those articles instead of being made again.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import threading
import typing
from functools import cache
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from . import settings
from .model import Claim, PlaceRecord, StoredArticle, field_names, json_fields
from .store import IDS_PER_QUERY, JSON_COLUMNS, ORDER, Store, json_list

if typing.TYPE_CHECKING:
    import pandas as pd

FORMAT = "4"  # 3: claims carry party, conflict, counted and trace; 4: and presence. Bump when the files' layout changes: older snapshots are then never read
BATCH = 50_000  # rows read from SQLite at a time
MEMORY_ENV = "CROSSCOUNT_QUERY_MEMORY"
OutOfMemory = duckdb.OutOfMemoryException  # a query that needs more than the limit, even spilling to disk
KEEP = 2  # snapshots (versions) kept per store; a session still reading the previous one keeps working
KEEP_PARTS = 4  # parts of one derived table kept per kind (a metric): those that sessions may still read
TABLES = {"articles": StoredArticle, "claims": Claim, "places": PlaceRecord}
MIN_DELTA = 1_000  # articles changed since the base that a version may hold as a delta (or a tenth of the base's, if more)
CHUNK = IDS_PER_QUERY  # article ids per query when a delta is read


def _arrow_type(cls, name: str) -> pa.DataType:
    hint = typing.get_type_hints(cls)[name]
    args = set(typing.get_args(hint)) or {hint}
    if name in json_fields(cls):
        return pa.list_(pa.string())
    if bool in args:
        return pa.bool_()
    if int in args:
        return pa.int64()
    if float in args:
        return pa.float64()
    return pa.string()


@cache
def schema(table: str) -> pa.Schema:
    """A table's Arrow schema, from the model's type hints (made once: reading the hints is slow)."""
    cls = TABLES[table]
    return pa.schema([(c, _arrow_type(cls, c)) for c in field_names(cls) if not (table == "articles" and c == "text")])


def cache_root() -> Path:
    """Where snapshots are kept: ``$CROSSCOUNT_CACHE/snapshots``, else ``~/.cache/crosscount/snapshots``;
    with the cache turned off (``off``), a folder in the system's temporary directory."""
    folder = settings.cache_folder()
    return Path(tempfile.gettempdir()) / "crosscount-snapshots" if folder is None else folder / "snapshots"


def memory_limit() -> str:
    """DuckDB's working memory per snapshot: ``$CROSSCOUNT_QUERY_MEMORY`` (``512MB``, ``2GB``), else
    256MB; beyond it a query spills to the temporary directory, and one that cannot raises
    :data:`OutOfMemory`."""
    return settings.get(MEMORY_ENV)


def _store_key(path: Path) -> str:
    """One store file: its resolved path and inode (a store replaced at the same path is another store)."""
    p = path.resolve()
    st = p.stat()
    return hashlib.sha256(f"{FORMAT}|{p}|{st.st_dev}|{st.st_ino}".encode()).hexdigest()[:20]


class Snapshot:
    """The Parquet files of one store version. ``claims(where, params, columns)`` runs one DuckDB
    query; ``where`` is SQL over the claims' columns with ``?`` parameters (dashboard/filters.py
    writes it from a link's filters)."""

    def __init__(self, folder: Path, version: int):
        self.folder = Path(folder)
        self.version = version
        self._db = None  # one DuckDB database per snapshot, its tables as views; a cursor per query
        self._derived: dict[str, list[str]] = {}  # derived table → the files of the parts it reads
        self._lock = threading.Lock()
        layout = _layout(self.folder)
        # the full snapshot whose rows this one reads for the articles its own files do not hold
        self.base = self.folder.parent / layout["base"] if layout.get("base") else None
        # the snapshot made before this one and the articles changed since (None: not known)
        self.previous = self.folder.parent / layout["previous"] if layout.get("previous") else None
        self.changed = frozenset(layout["changed"]) if layout.get("changed") is not None else None

    @classmethod
    def of(cls, store: Store, root: Path | None = None) -> Snapshot:
        """The snapshot of ``store`` at its current version, built when there is none yet. A cache
        folder that cannot be written (a read-only home) gives way to the temporary directory."""
        base = Path(root or cache_root()) / _store_key(store.path)
        try:
            base.mkdir(parents=True, exist_ok=True)
        except OSError:
            if root is not None:
                raise
            base = Path(tempfile.gettempdir()) / "crosscount-snapshots" / _store_key(store.path)
            base.mkdir(parents=True, exist_ok=True)
        version = store.data_version()  # an analyst's correction leaves the snapshot as it is
        folder = base / f"v{version:012d}"
        if (folder / "done").exists():
            return cls(folder, version)
        _forget_gone_stores(base.parent)
        (base / "store").write_text(str(store.path.resolve()), encoding="utf-8")
        tmp = Path(tempfile.mkdtemp(dir=base, prefix=".build-"))
        try:
            with store.reading() as con:  # one read transaction: the version and the three tables agree
                version = store.data_version(con)
                plan = _plan(store, con, base, version)
                # said first: another process dropping old snapshots meanwhile keeps the base this one reads
                (tmp / "layout.json").write_text(json.dumps({k: plan.get(k) for k in ("base", "previous", "changed")}))
                for table in TABLES:
                    _write_table(con, store, table, tmp / f"{table}.parquet", plan.get("delta"))
                if plan.get("base"):
                    _write_ids(plan["delta"], tmp / "changed.parquet")
            (tmp / "done").write_text(str(version))
            folder = base / f"v{version:012d}"
            try:
                os.rename(tmp, folder)  # atomic; another process may have built the same version first
            except OSError:
                shutil.rmtree(tmp, ignore_errors=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        # the newest KEEP, and the bases they and the snapshots being made (by other processes) read
        kept = sorted(base.glob("v*"))[-KEEP:] + ([folder] if folder.exists() else [])
        read = set(kept) | {base / b for k in [*kept, *base.glob(".build-*")] if (b := _layout(k).get("base"))}
        for old in base.glob("v*"):
            if old not in read:
                shutil.rmtree(old, ignore_errors=True)
        return cls(folder, version)

    def _database(self):
        with self._lock:
            if self._db is None:
                # a dashboard's reads are small; DuckDB's own cache would otherwise hold on to what
                # a large query once needed (spilled to disk beyond the limit, never refused)
                db = duckdb.connect(config={"memory_limit": memory_limit(), "threads": 2,
                                            "temp_directory": str(Path(tempfile.gettempdir()) / "crosscount-duckdb"),
                                            "allocator_flush_threshold": "16MB"})
                for t in TABLES:
                    if self.base is None:
                        self._view(db, t, [self.file(t)])
                    else:  # the base's rows of the articles not changed since, then this version's own
                        db.execute(f"CREATE OR REPLACE VIEW {t} AS SELECT * FROM read_parquet('{_quoted(self.base / f'{t}.parquet')}') "
                                   f"WHERE article_id NOT IN (SELECT article_id FROM read_parquet('{self.file('changed')}')) "
                                   f"UNION ALL SELECT * FROM read_parquet('{self.file(t)}')")
                for t, files in self._derived.items():
                    self._view(db, t, files)
                self._db = db
            return self._db

    @staticmethod
    def _view(db, table: str, files: list[str]) -> None:
        listed = ", ".join(f"'{f}'" for f in files)
        db.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM read_parquet([{listed}])")

    def keep(self, table: str, part: str, batches, schema_: pa.Schema, kind: str = "") -> None:
        """Keep a part of a table derived from this version (``table/part.parquet``), written
        whole or not at all; a part already there is kept (another process made the same one).
        ``part`` names what the part was made from; of the parts whose names begin with ``kind``,
        the newest ``KEEP_PARTS`` are kept."""
        folder = self.folder / table
        folder.mkdir(exist_ok=True)
        path = folder / f"{part}.parquet"
        if path.exists():
            return
        self._write_whole(path, batches, schema_)
        older = sorted((p for p in folder.glob(f"{kind}*.parquet") if p != path), key=lambda p: p.stat().st_mtime)
        for old in older[:max(0, len(older) - (KEEP_PARTS - 1))]:
            old.unlink(missing_ok=True)

    def use(self, table: str, parts: list[str]) -> None:
        """Read ``table`` as these parts kept by :meth:`keep`, one after the other."""
        files = [_quoted(self.folder / table / f"{p}.parquet") for p in parts]
        self._derived[table] = files
        if self._db is not None:
            with self._lock:
                self._view(self._db, table, files)

    def _write_whole(self, path: Path, batches, schema_: pa.Schema) -> None:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
        os.close(fd)
        try:
            with pq.ParquetWriter(tmp, schema_) as writer:
                for batch in batches:
                    writer.write_table(batch)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)

    def file(self, table: str) -> str:
        return _quoted(self.folder / f"{table}.parquet")

    def query(self, sql: str, params=(), lists: dict[str, list] | None = None) -> pa.Table:
        """``sql`` with the tables named ``claims``, ``articles`` and ``places``, as an Arrow table.
        Each of ``lists`` (name → values) is a one-column table ``name(v)``: ``article_id IN
        (SELECT v FROM wanted)`` is a hash join, however many values it holds; an Arrow table
        given there is a table of that name."""
        con = self._database().cursor()  # a connection of its own: sessions run in threads
        try:
            for name, values in (lists or {}).items():
                con.register(name, values if isinstance(values, pa.Table) else
                             pa.table({"v": pa.array(list(values), type=pa.string())}))
            return con.sql(sql, params=list(params)).to_arrow_table()
        finally:
            con.close()

    def frame(self, table: str, where: str = "TRUE", params=(), columns=None, lists=None,
              limit: int | None = None) -> pd.DataFrame:
        """Rows of one table as a DataFrame shaped as :meth:`Store.tables` shapes it (lists as
        lists, flags as bools, numbers as floats), in the store's order (the first ``limit``)."""
        cols = list(columns or schema(table).names)
        sql = f"SELECT {', '.join(cols)} FROM {table} WHERE {where} ORDER BY {ORDER[table]}"
        return to_frame(self.query(sql + (f" LIMIT {int(limit)}" if limit is not None else ""), params, lists))

    def claims(self, where: str = "TRUE", params=(), columns=None, lists=None, limit=None) -> pd.DataFrame:
        return self.frame("claims", where, params, columns, lists, limit)

    def count(self, table: str = "claims", where: str = "TRUE", params=(), lists=None) -> int:
        return int(self.query(f"SELECT count(*) AS n FROM {table} WHERE {where}", params, lists).column(0)[0].as_py())

    def distinct(self, column: str, table: str = "claims") -> list:
        """The distinct values of a column (a list column's members), without NULL."""
        if column in JSON_COLUMNS:
            sql = f"SELECT DISTINCT unnest({column}) AS v FROM {table}"
        else:
            sql = f"SELECT DISTINCT {column} AS v FROM {table} WHERE {column} IS NOT NULL"
        return [v for v in self.query(sql).column(0).to_pylist() if v is not None]

    def has_null(self, column: str, table: str = "claims") -> bool:
        return self.count(table, f"{column} IS NULL") > 0


def _quoted(path: Path) -> str:
    """A file's path as it goes between quotes in a query."""
    return str(path).replace("'", "''")


def _forget_gone_stores(root: Path) -> None:
    """Drop the snapshots of stores whose file is gone (a temporary store, a moved one)."""
    for base in root.iterdir():
        try:
            gone = not Path((base / "store").read_text(encoding="utf-8")).exists()
        except OSError:
            continue
        if gone:
            shutil.rmtree(base, ignore_errors=True)


def _layout(folder: Path) -> dict:
    """What a snapshot's folder says of its base and the snapshot before it (nothing: a full one)."""
    try:
        return json.loads((folder / "layout.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _plan(store: Store, con, base: Path, version: int) -> dict:
    """How to make ``version``'s snapshot: from the newest one made before it, when the store's
    change log reaches back to it and few articles changed since (``MIN_DELTA``, or a tenth of
    its base's): ``previous`` and the articles ``changed`` since; and when the articles changed
    since that one's base are as few, ``base`` and those (``delta``), which alone are read from
    the store. Empty: a full copy, with nothing known of what came before."""
    done = sorted(p for p in base.glob("v*") if (p / "done").exists() and int(p.name[1:]) < version)
    if not done:
        return {}
    prev = done[-1]
    root = base / (_layout(prev).get("base") or prev.name)
    if not (root / "done").exists():
        return {}
    few = max(MIN_DELTA, pq.ParquetFile(root / "articles.parquet").metadata.num_rows // 10)
    changed = store.changed_since(int(prev.name[1:]), con)
    if changed is None or len(changed) > few:
        return {}
    plan = {"previous": prev.name, "changed": sorted(changed)}
    delta = store.changed_since(int(root.name[1:]), con)
    if delta is not None and len(delta) <= few:
        plan.update(base=root.name, delta=sorted(delta))
    return plan


def _write_ids(ids: list[str], path: Path) -> None:
    pq.write_table(pa.table({"article_id": pa.array(ids, type=pa.string())}), path)


def _write_table(con, store: Store, table: str, path: Path, articles: list[str] | None = None) -> None:
    """A table's rows in the store's order (of these ``articles`` only, when given) as Parquet."""
    sch = schema(table)
    select = f"SELECT {store.select_list(table, sch.names)} FROM {table}"
    if articles is None:
        cursors = iter([con.execute(f"{select} ORDER BY {ORDER[table]}")])
    else:  # a few at a time, in order: the rows come out in the store's order (its first key is the article)
        cursors = (con.execute(f"{select} WHERE article_id IN ({', '.join('?' * len(ids))}) ORDER BY {ORDER[table]}", ids)
                   for ids in (articles[k:k + CHUNK] for k in range(0, len(articles), CHUNK)))
    with pq.ParquetWriter(path, sch) as writer:
        for rows in (b for cur in cursors for b in iter(lambda cur=cur: cur.fetchmany(BATCH), [])):
            cols = list(zip(*rows))
            arrays = []
            for name, values in zip(sch.names, cols):
                kind = sch.field(name).type
                if pa.types.is_list(kind):
                    values = [[x if isinstance(x, str) else str(x) for x in json_list(v) if x is not None] for v in values]
                elif pa.types.is_boolean(kind):
                    values = [bool(v) for v in values]
                arrays.append(pa.array(values, type=kind))
            writer.write_table(pa.Table.from_arrays(arrays, schema=sch))


def to_frame(table: pa.Table) -> pd.DataFrame:
    """An Arrow result as the dashboard's DataFrame: text as Arrow strings, numbers as floats,
    flags as bools, list columns as Python lists (one string object per distinct value)."""
    import pandas as pd  # deferred: the CLI builds snapshots without pandas

    lists = [c for c in table.column_names if pa.types.is_list(table.schema.field(c).type)]
    df = table.drop_columns(lists).to_pandas(types_mapper=lambda t: None if pa.types.is_floating(t) or
                                             pa.types.is_boolean(t) else pd.ArrowDtype(t))
    pool: dict = {}
    for c in lists:
        df[c] = [[pool.setdefault(x, x) for x in v] if v is not None else [] for v in table.column(c).to_pylist()]
    return df[table.column_names]
