"""One story across outlets: near-duplicate texts (wire copy reprinted under another headline or
lead) are one story, by MinHash over word shingles (datasketch), not a hand-written similarity.

Each stored article gets a row in ``stories``: its story (the id of the first article of it) and
its MinHash signature. A new article joins the story of the stored article whose text is most
alike, when their estimated Jaccard similarity of 5-word shingles reaches :data:`SAME_STORY`;
else it starts a story of its own. Measured on tests/data/stories.json (pairs written for the
test: syndicated copies, and different reports of one event).
"""
from __future__ import annotations

import re

import numpy as np

from .store import Store, sqlite_errors

SCHEMA = """
CREATE TABLE IF NOT EXISTS stories (article_id TEXT PRIMARY KEY REFERENCES articles(article_id) ON DELETE CASCADE,
    story TEXT NOT NULL, signature BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS stories_story ON stories(story);
"""
PERMUTATIONS = 128
SHINGLE = 5  # words
SAME_STORY = 0.5  # estimated Jaccard similarity of shingles at or above which two texts are one story
SEED = 1
SCHEME = "affine32"  # datasketch's hashing of MinHash values; a stored signature is read back with it
_WORD = re.compile(r"\w+", re.UNICODE)


def signature(text: str):
    """The MinHash (a datasketch ``LeanMinHash``) of ``text``'s 5-word shingles (case and
    punctuation ignored)."""
    from datasketch import LeanMinHash, MinHash  # deferred: 0.6 s of imports only polling needs
    words = _WORD.findall(text.lower())
    m = MinHash(num_perm=PERMUTATIONS, seed=SEED, scheme=SCHEME)
    shingles = {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    m.update_batch([s.encode("utf-8") for s in shingles])
    return LeanMinHash(m)


def similarity(a: str, b: str) -> float:
    """Estimated Jaccard similarity of two texts' shingles."""
    return signature(a).jaccard(signature(b))


def same_story(a: str, b: str) -> bool:
    return similarity(a, b) >= SAME_STORY


def _lean(blob: bytes):
    from datasketch import LeanMinHash  # deferred: as in signature
    return LeanMinHash(seed=SEED, hashvalues=np.frombuffer(blob, dtype=np.uint64), scheme=SCHEME)


def assign(store: Store, article_id: str) -> str | None:
    """The story of a stored article (made on first call, kept after): the story of the most
    alike stored article at or above :data:`SAME_STORY`, else its own. None when it is not stored.
    The table is made with the watched sources' (:func:`extraction.watch.ensure`)."""
    with sqlite_errors():
        con = store.connect()
        try:
            have = con.execute("SELECT story FROM stories WHERE article_id = ?", (article_id,)).fetchone()
            if have:
                return have[0]
            row = con.execute("SELECT text FROM articles WHERE article_id = ?", (article_id,)).fetchone()
            if not row:
                return None
            mine = signature(row[0])
            others = con.execute("SELECT article_id, story, signature FROM stories").fetchall()
        finally:
            con.close()
    from datasketch import MinHashLSH  # deferred: as in signature
    lsh = MinHashLSH(threshold=SAME_STORY, num_perm=PERMUTATIONS)
    sigs = {}
    for aid, story, blob in others:
        sigs[aid] = (story, _lean(blob))
        lsh.insert(aid, sigs[aid][1])
    near = [(mine.jaccard(sigs[a][1]), a) for a in lsh.query(mine)]
    near = [(s, a) for s, a in near if s >= SAME_STORY]
    story = sigs[max(near)[1]][0] if near else article_id
    with store.write(data=False) as con:
        con.execute("INSERT OR IGNORE INTO stories (article_id, story, signature) VALUES (?, ?, ?)",
                    (article_id, story, mine.hashvalues.astype(np.uint64).tobytes()))
    return story


def outlets_of(store: Store, article_id: str) -> list[str]:
    """The outlets that printed ``article_id``'s story (its own first), as stored."""
    con = store.connect()
    try:
        row = con.execute("SELECT story FROM stories WHERE article_id = ?", (article_id,)).fetchone()
        if not row:
            return []
        rows = con.execute("SELECT a.outlet FROM stories s JOIN articles a USING (article_id) WHERE s.story = ? "
                           "ORDER BY a.article_id = ? DESC, a.added_at", (row[0], article_id)).fetchall()
    finally:
        con.close()
    return list(dict.fromkeys(o for (o,) in rows if o))


def copies(store: Store) -> dict[str, str]:
    """Article id → its story, for the articles whose story more than one stored article prints
    (the others are their own story); empty when no story was ever recorded."""
    con = store.connect()
    try:
        if not con.execute("SELECT 1 FROM sqlite_master WHERE name = 'stories'").fetchone():
            return {}
        return dict(con.execute("SELECT article_id, story FROM stories WHERE story IN "
                                "(SELECT story FROM stories GROUP BY story HAVING COUNT(*) > 1)").fetchall())
    finally:
        con.close()
