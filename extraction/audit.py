"""The audit trail in the store: an append-only table of analysts' corrections (who, when, the
claim, before and after, why), read back as :class:`extraction.review.Correction` records, and
the replacement of an article's claims and places that re-extraction (extraction/ingest.py's reextract) writes while its corrections stay.

Each correction is checked (extraction/review.py) inside the write transaction that appends
it, so two analysts reviewing at once each see the other's last write, and nothing is lost."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

from .model import Claim, PlaceRecord
from .review import Correction, ReviewError, check, effective
from .store import CLAIM_COLUMNS, JSON_COLUMNS, Store, StoreError, json_list, sqlite_errors

SCHEMA = """
CREATE TABLE IF NOT EXISTS corrections (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL,
    reviewer TEXT NOT NULL, action TEXT NOT NULL, article_id TEXT, start_char INTEGER, end_char INTEGER,
    number_text TEXT, fields TEXT NOT NULL, before TEXT NOT NULL, reason TEXT NOT NULL, undoes INTEGER);
CREATE INDEX IF NOT EXISTS corrections_article ON corrections(article_id);
CREATE TRIGGER IF NOT EXISTS corrections_append_only_u BEFORE UPDATE ON corrections
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER IF NOT EXISTS corrections_append_only_d BEFORE DELETE ON corrections
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER IF NOT EXISTS corrections_append_only_r BEFORE INSERT ON corrections
    WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM corrections WHERE id = NEW.id)
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
"""
TRIGGERS = ("corrections_append_only_u", "corrections_append_only_d", "corrections_append_only_r")
COLUMNS = ("id", "at", "reviewer", "action", "article_id", "start_char", "end_char", "number_text", "fields", "before",
           "reason", "undoes")


def ensure(store: Store) -> bool:
    """The corrections table exists (made on first use in a writable store); False when a
    read-only store has none (it then has no corrections)."""
    con = store.connect()
    try:
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE name = 'corrections' OR "
                                           "(type = 'trigger' AND tbl_name = 'corrections')")}
    finally:
        con.close()
    if "corrections" in names and (store.read_only or names >= set(TRIGGERS)):
        return True  # (a trail made before a trigger was added gets it below: "INSERT OR REPLACE" gets past none)
    if store.read_only:
        return False
    with sqlite_errors():
        con = store.connect()
        try:
            con.executescript(SCHEMA)
        finally:
            con.close()
    return True


def _row(r) -> Correction:
    d = dict(zip(COLUMNS, r))
    d["fields"], d["before"] = json.loads(d["fields"]), json.loads(d["before"])
    return Correction(**d)


def corrections(store: Store, article_id: str | None = None) -> list[Correction]:
    """The trail, oldest first (of one article when given)."""
    if not ensure(store):
        return []
    with sqlite_errors():
        con = store.connect()
        try:
            sql = f"SELECT {', '.join(COLUMNS)} FROM corrections"
            rows = con.execute(sql + (" WHERE article_id = ? ORDER BY id" if article_id else " ORDER BY id"),
                               (article_id,) if article_id else ()).fetchall()
        finally:
            con.close()
    return [_row(r) for r in rows]


def _claims_of(con, article_id: str) -> list[dict]:
    """An article's stored claims as records, inside the caller's transaction."""
    rows = con.execute(f"SELECT {', '.join(CLAIM_COLUMNS)} FROM claims WHERE article_id = ?", (article_id,)).fetchall()
    return [{c: json_list(v) if c in JSON_COLUMNS else v for c, v in zip(CLAIM_COLUMNS, r)} for r in rows]


def record(store: Store, c: Correction) -> Correction:
    """Check and append a correction; returns it with its id and time. Raises ReviewError
    (nothing written) when it cannot apply, StoreError when the store cannot be written."""
    ensure(store)
    # a read-only store refuses here, with StoreError; a removal (and its undo) changes the data, a correction does not
    with store.write(data=c.action == "remove" or (c.action == "undo" and _action_of(store, c.undoes) == "remove")) as con:
        text = None
        if c.article_id is not None:
            row = con.execute("SELECT text FROM articles WHERE article_id = ?", (c.article_id,)).fetchone()
            text = row[0] if row else None
        if c.action == "undo":
            target = con.execute("SELECT action FROM corrections WHERE id = ?", (c.undoes,)).fetchone()
            problems = check(c, None) or ({} if target else {"undoes": f"there is no correction {c.undoes}"})
            if not problems and target[0] == "undo" and _undone_action(con, c.undoes) == "remove":
                problems = {"undoes": "to take the article out again, remove it again"}
            if not problems and target[0] == "remove":
                problems = _restore(con, c.undoes)  # the removed article comes back, claims and places as they were
        else:
            problems = check(c, text)
        if problems:
            raise ReviewError(problems)
        if c.action == "remove":
            rows = {t: _rows(con, t, c.article_id) for t in REMOVED_TABLES}
            c.before = {"title": rows["articles"][0].get("title"), "claims": len(rows["claims"]), "rows": rows}
            con.execute("DELETE FROM articles WHERE article_id = ?", (c.article_id,))  # its claims and places with it
        elif c.article_id is not None and c.action not in ("merge", "undo"):
            trail = [_row(r) for r in con.execute(f"SELECT {', '.join(COLUMNS)} FROM corrections WHERE article_id = ? "
                                                  "ORDER BY id", (c.article_id,))]
            now = effective(_claims_of(con, c.article_id), trail).claims
            current = next((x for x in now if (x["start_char"], x["end_char"]) == (c.start_char, c.end_char)), None)
            if c.action in ("accept", "correct", "reject") and current is None:
                raise ReviewError({"span": "no claim of this article has that span"})
            c.before = {k: current.get(k) for k in ("metric", "status", "low", "high", "best", "hedge", "source",
                                                     "via", "as_of", "places", "review")} if current else {}
        c.at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        cur = con.execute(f"INSERT INTO corrections ({', '.join(COLUMNS[1:])}) VALUES ({', '.join('?' * (len(COLUMNS) - 1))})",
                          (c.at, c.reviewer.strip(), c.action, c.article_id, c.start_char, c.end_char, c.number_text,
                           json.dumps(c.fields, ensure_ascii=False), json.dumps(c.before, ensure_ascii=False),
                           c.reason.strip(), c.undoes))
        c.id = cur.lastrowid
    return c


REMOVED_TABLES = ("articles", "claims", "places")  # what a removal takes, and keeps in the trail for its undo


def _rows(con, table: str, article_id: str) -> list[dict]:
    """An article's rows of ``table`` as stored (column → value), inside the caller's transaction."""
    cur = con.execute(f"SELECT * FROM {table} WHERE article_id = ?", (article_id,))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def _action_of(store: Store, correction_id) -> str | None:
    if not isinstance(correction_id, int) or not ensure(store):
        return None
    with sqlite_errors():
        con = store.connect()
        try:
            row = con.execute("SELECT action FROM corrections WHERE id = ?", (correction_id,)).fetchone()
        finally:
            con.close()
    return row[0] if row else None


def _undone_action(con, undo_id: int) -> str | None:
    row = con.execute("SELECT t.action FROM corrections u JOIN corrections t ON t.id = u.undoes WHERE u.id = ?",
                      (undo_id,)).fetchone()
    return row[0] if row else None


def _restore(con, removal_id: int) -> dict[str, str]:
    """Put back the article a removal took, with its claims and places as they were (the trail
    kept their rows); problems instead when that cannot be done. Inside the caller's transaction."""
    before = json.loads(con.execute("SELECT before FROM corrections WHERE id = ?", (removal_id,)).fetchone()[0])
    rows = before.get("rows")
    if not rows or not rows.get("articles"):
        return {"undoes": "this removal kept no copy of the article (it was made before removals did): add its file again"}
    art = rows["articles"][0]
    if con.execute("SELECT 1 FROM articles WHERE article_id = ? OR text_hash = ?",
                   (art["article_id"], art.get("text_hash"))).fetchone():
        return {"undoes": "the article is in the store again (added since it was removed)"}
    for table in REMOVED_TABLES:
        have = {r[1] for r in con.execute(f"PRAGMA table_info({table})")}
        for r in rows.get(table, []):
            cols = [k for k in r if k in have]
            con.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                        [r[k] for k in cols])
    return {}


def replace_extraction(store: Store, article_id: str, claims: list[Claim], places: list[PlaceRecord]) -> None:
    """Re-extraction: the article's claims and places replaced in one transaction; its
    corrections stay, and apply again wherever their span is still extracted."""
    with store.write() as con:
        if not con.execute("SELECT 1 FROM articles WHERE article_id = ?", (article_id,)).fetchone():
            raise StoreError(f"there is no article {article_id}")
        con.execute("DELETE FROM claims WHERE article_id = ?", (article_id,))
        con.execute("DELETE FROM places WHERE article_id = ?", (article_id,))
        store.insert(con, "claims", [replace(c, article_id=article_id) for c in claims])
        store.insert(con, "places", [replace(p, article_id=article_id) for p in places])
        con.execute("UPDATE articles SET n_claims = ?, n_places = ? WHERE article_id = ?",
                    (len(claims), len(places), article_id))
