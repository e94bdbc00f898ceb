"""The data model: an article, a claim and a place record. The single definition of their
fields: the store's columns, the CLI's JSON keys and the CSV's columns are derived from these
dataclasses (``CLAIM_FIELDS``, ``PLACE_FIELDS``, ``ARTICLE_FIELDS`` and :func:`sql_type`).
Pure: no spaCy, no pandas.
"""
from __future__ import annotations

import datetime as dt
import typing
from dataclasses import asdict, dataclass, field, fields

from .dates import parse_published


class ArticleError(Exception):
    """An input that cannot be made an article, or an article that cannot be extracted within
    its budget; ``str(e)`` is the one-line reason an analyst reads."""


@dataclass
class Article:
    """An article as read from disk: ``text`` is the whole decoded file text; every offset of
    its claims is into it. ``body_start`` is where the text after a ``date`` line begins."""
    article_id: str
    text: str
    published: str | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    path: str | None = None
    body_start: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def published_date(self) -> dt.date | None:
        return parse_published(self.published)


@dataclass
class Claim:
    """One figure of an article (``shared/spec/conventions.md``), with where each part stands in
    the text: ``text[start_char:end_char] == number_text``; the claimant is named at
    ``source_start:source_end``; ``via`` is who relayed it, nearest the claimant first (a
    relayer the sentence names: "Yonhap reported, citing the spy service"; then the agency the
    article credits)."""
    article_id: str
    number_text: str
    start_char: int
    end_char: int
    sentence: str
    sentence_start: int
    metric: str
    status: str
    unit: str | None
    low: float | None
    high: float | None
    best: float | None
    hedge: str
    source: str | None = None
    source_text: str | None = None
    source_start: int | None = None
    source_end: int | None = None
    source_inherited: bool = False
    source_type: str | None = None
    source_stake: str | None = None
    as_of: str | None = None
    as_of_text: str | None = None
    places: list[str] = field(default_factory=list)
    outlet: str | None = None
    via: list[str] = field(default_factory=list)
    published: str | None = None
    incremental: bool = False  # "another 3,000", "a further", "2,500 more": an addition, not a total
    party: str | None = None      # whose people or things are counted ("North Korea", "RSF", "Gaza")
    conflict: str | None = None   # which war (data/conflicts.json: "Russo-Ukrainian war")
    counted: str | None = None    # the counted noun phrase as written ("engineer troops"), for scope
    presence: str | None = None   # troops: "sent" (a total sent so far) or "present" (there now); None: not said
    trace: list[str] = field(default_factory=list)  # which rule decided a field: "party: agent"
    claim_id: str = field(init=False)

    def __post_init__(self):
        self.claim_id = claim_id(self.article_id, self.start_char)
        if not isinstance(self.via, list):  # a record written before via was a chain: one relayer or none
            self.via = [self.via] if isinstance(self.via, str) and self.via else []

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class PlaceRecord:
    """A distinct place of an article: canonical name, kind, coordinates, how often and how it
    is written."""
    article_id: str
    name: str
    kind: str
    lat: float | None
    lon: float | None
    within: str | None = None
    mentions: int = 0
    surfaces: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class StoredArticle(Article):
    """An article as the store keeps it: what was read, plus counts and when it was added."""
    n_claims: int = 0
    n_places: int = 0
    added_at: str | None = None


def claim_id(article_id: str, start_char: int) -> str:
    return f"{article_id}:{start_char}"


def field_names(cls) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


CLAIM_FIELDS = field_names(Claim)
PLACE_FIELDS = field_names(PlaceRecord)
ARTICLE_FIELDS = field_names(StoredArticle)


def sql_type(cls, name: str) -> str:
    """The SQLite column type of a field: INTEGER for int and bool, REAL for float, TEXT for
    text and for lists (stored as JSON)."""
    hint = typing.get_type_hints(cls)[name]
    args = set(typing.get_args(hint)) or {hint}
    if args & {int, bool}:
        return "INTEGER"
    if float in args:
        return "REAL"
    return "TEXT"


def json_fields(cls) -> frozenset[str]:
    """Fields holding lists, stored as JSON text."""
    return frozenset(n for n, h in typing.get_type_hints(cls).items()
                     if typing.get_origin(h) is list or h is list)


def plain(v):
    """A cell as a plain Python value: numpy scalars and arrays as Python values and lists; a
    missing value (None, NaN, pandas' NA) as None."""
    if hasattr(v, "tolist"):
        v = v.tolist()
    try:
        return None if v is None or v != v else v
    except (TypeError, ValueError):
        return None  # pandas' NA: comparing it gives NA, whose truth is undefined
