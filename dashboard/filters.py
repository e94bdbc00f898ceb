"""The dashboard's filters as one pure object: URL query parameters → filters (with a notice for
what is dropped), filters → rows of the claims table, filters → plain English and back to a
query string. No Streamlit import: the URL is the state and this is its grammar.

Each parameter is one row of ``PARAMS`` (URL key, sidebar label, the noun notices use, the
claims column, kind); the parser, the rows, the description and the sidebar all read that table.
Repeat a key for several values. ``from`` and ``to`` are months (``YYYY-MM``) of the date that
``date`` names: the claim's as-of date (the default) or the article's publication date.

A page's own settings (``by`` on Estimates, ``read`` on Articles) are rows of ``SETTINGS``: they
change what one page shows, not which claims are in view, and are checked the same way.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlencode

UNATTRIBUTED = "unattributed"
UNKNOWN = "unknown"  # a claim whose side or war the text does not name
_MONTH = re.compile(r"(?:19|20)\d\d-(?:0[1-9]|1[0-2])")
SHOWN_VALUE = 40  # characters of a bad value a notice repeats
SHOWN_VALUES = 3  # bad values a notice names before "and N more"


@dataclass(frozen=True)
class Param:
    name: str  # the URL key
    label: str  # the sidebar's label
    noun: str  # what one value is, in notices and the description
    column: str  # the claims column it filters
    kind: str  # value (the column's value) | member (one of the column's list) | from | to (month) | setting
    missing: str | None = None  # the value that stands for an empty cell
    options: tuple[str, ...] = ()  # a setting's values, the first the default


DATES = {"as-of": "as_of", "published": "published"}  # the date= keys → the claims column they date by


PARAMS = (
    Param("metric", "Metric", "metric", "metric", "value"),
    Param("status", "Status", "status", "status", "value"),
    Param("source", "Claimant", "claimant", "source", "value", missing=UNATTRIBUTED),
    Param("place", "Place", "place", "places", "member"),
    Param("conflict", "War", "war", "conflict", "value", missing=UNKNOWN),
    Param("party", "Side counted", "side", "party", "value", missing=UNKNOWN),
    Param("article", "Article", "article", "article_id", "value"),
    Param("from", "From (month)", "month", "as_of", "from"),
    Param("to", "to", "month", "as_of", "to"),
    Param("date", "Date by", "date", "as_of", "setting", options=tuple(DATES)),
    Param("claims", "Claims", "claims", "review", "setting", options=("reviewed", "extracted")),
)
BY_NAME = {p.name: p for p in PARAMS}
CHOICES = tuple(p for p in PARAMS if p.kind in ("value", "member"))
MONTHS = tuple(p for p in PARAMS if p.kind in ("from", "to"))
SETTING_PARAMS = tuple(p for p in PARAMS if p.kind == "setting")
PARAM_NAMES = tuple(p.name for p in PARAMS)


def is_month(value: str) -> bool:
    """``YYYY-MM``, the form of ``from`` and ``to``."""
    return bool(_MONTH.fullmatch(value))


@dataclass(frozen=True)
class Vocabulary:
    """The values each choice parameter may take: what the data holds, and the words a person
    reads for a value that is a key ("troops deployed" for ``troops_deployed``, an article's
    title for its id). A widget shows, and its bound address holds, the label; the filters hold
    the value. Labels are distinct within a parameter (see :func:`distinct_labels`)."""
    values: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def __getitem__(self, name: str) -> tuple[str, ...]:
        return self.values.get(name, ())

    def label(self, name: str, value: str) -> str:
        """What a person reads for ``value``: its label, or the value itself."""
        return self.labels.get(name, {}).get(value, value)

    def value(self, name: str, given: str) -> str:
        """The value ``given`` stands for: itself when it is one, the value it labels, or
        ``given`` unchanged (a value the data lacks, for a notice to name)."""
        if given in self._known.get(name, ()):
            return given
        return self._by_label.get(name, {}).get(given, given)

    def known(self, name: str) -> frozenset[str]:
        """The values ``name`` may take, as a set (made once: an archive has 200,000 articles)."""
        return self._known.get(name, frozenset())

    @cached_property
    def _known(self) -> dict[str, frozenset[str]]:
        return {name: frozenset(vals) for name, vals in self.values.items()}

    @cached_property
    def _by_label(self) -> dict[str, dict[str, str]]:
        return {name: {lab: v for v, lab in labels.items()} for name, labels in self.labels.items()}


def distinct_labels(wanted: Mapping[str, str]) -> dict[str, str]:
    """``value → label`` with every label distinct and none equal to another value: a label
    already taken is told apart by a number ("… (2)")."""
    values, used, out = set(wanted), set(), {}
    # label → the last number tried for it: those below are taken, or another value's own, for
    # good (so a label shared by 100,000 articles is not counted up from 1 each time)
    tried: dict[str, int] = {}
    for value, label in wanted.items():
        n = tried.get(label, 1)
        shown = label if n == 1 else f"{label} ({n})"
        if n > 1 and value.startswith(label) and value not in used and (value == label or _numbered(value, label, n)):
            shown = value  # a value whose own key is a form of its label below the count takes it
        while shown in used or (shown in values and shown != value):
            n += 1
            shown = f"{label} ({n})"
        tried[label] = n
        used.add(shown)
        out[value] = shown
    return out


def _numbered(value: str, label: str, below: int) -> bool:
    """Whether ``value`` reads ``label (k)`` for some k from 2 to ``below`` − 1."""
    head, k = value[:len(label) + 2], value[len(label) + 2:-1]
    return head == f"{label} (" and value.endswith(")") and k.isdigit() and 2 <= int(k) < below


def _given(params: Mapping[str, Iterable[str] | str], name: str) -> list[str]:
    raw = params.get(name) or ()
    return [v for v in ([raw] if isinstance(raw, str) else list(raw)) if v != ""]


def _shown(values: list[str]) -> str:
    quoted = [f'"{v[:SHOWN_VALUE]}…"' if len(v) > SHOWN_VALUE else f'"{v}"' for v in values[:SHOWN_VALUES]]
    more = f" and {len(values) - SHOWN_VALUES} more" if len(values) > SHOWN_VALUES else ""
    return ", ".join(quoted) + more


@dataclass(frozen=True)
class Filters:
    selected: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (name, values) in PARAMS order, non-empty only
    notices: tuple[str, ...] = field(default=(), compare=False)

    def get(self, name: str) -> tuple[str, ...]:
        return dict(self.selected).get(name, ())

    def month(self, name: str) -> str | None:
        vals = self.get(name)
        return vals[0] if vals else None

    @property
    def date_key(self) -> str:
        """``as-of`` or ``published``: the date that ``from``/``to`` filter on and charts are dated by."""
        return (self.get("date") or (BY_NAME["date"].options[0],))[0]

    @property
    def date_column(self) -> str:
        return DATES[self.date_key]

    # ------------------------------------------------------------------ URL → filters
    @classmethod
    def from_params(cls, params: Mapping[str, Iterable[str] | str], vocab: Vocabulary) -> Filters:
        """Filters from query parameters; every value that cannot apply is dropped with a notice."""
        notices: list[str] = []
        chosen: dict[str, tuple[str, ...]] = {}
        for p in CHOICES:
            given = list(dict.fromkeys(vocab.value(p.name, v) for v in _given(params, p.name)))
            allowed = vocab.known(p.name)
            bad = [v for v in given if v not in allowed]
            if bad:
                notices.append(f"Ignored {p.name}={_shown(bad)}: there is no such {p.noun} in the data.")
            chosen[p.name] = tuple(v for v in given if v in allowed)
        for p in MONTHS:
            given = _given(params, p.name)
            if len(given) > 1:
                notices.append(f'Ignored {p.name}="{given[0][:SHOWN_VALUE]}": {p.name} takes one month; the last one given is used.')
            v = given[-1] if given else None
            if v is not None and not is_month(v):
                notices.append(f"Ignored {p.name}={_shown([v])}: expected a month as YYYY-MM.")
                v = None
            chosen[p.name] = (v,) if v else ()
        for p in SETTING_PARAMS:
            given = _given(params, p.name)
            v = given[-1] if given else p.options[0]
            if v not in p.options:
                notices.append(f"Ignored {p.name}={_shown([v])}: expected {' or '.join(p.options)}.")
                v = p.options[0]
            chosen[p.name] = (v,) if v != p.options[0] else ()
        if chosen["from"] and chosen["to"] and chosen["from"] > chosen["to"]:
            notices.append(f'Ignored from="{chosen["from"][0]}" and to="{chosen["to"][0]}": from is after to.')
            chosen["from"] = chosen["to"] = ()
        return cls(tuple((p.name, chosen[p.name]) for p in PARAMS if chosen[p.name]), tuple(notices))

    def replaced(self, name: str, values: Iterable[str] = (), drop: Iterable[str] = ()) -> Filters:
        """These filters with ``name`` keeping ``values`` instead (none: not filtered on) and the
        filters named in ``drop`` left out: one metric of a view, the view without its metric."""
        chosen = {**dict(self.selected), name: tuple(values)}
        return Filters(tuple((p.name, chosen[p.name]) for p in PARAMS
                             if chosen.get(p.name) and p.name not in set(drop)))

    # ------------------------------------------------------------------ filters → URL
    def to_params(self, vocab: Vocabulary | None = None) -> dict[str, list[str]]:
        """The parameters of a link to this view; values by their labels in ``vocab`` (what the
        bound widgets show and write to the address bar), else as keys (both are read back)."""
        vocab = vocab or Vocabulary()
        return {name: [vocab.label(name, v) for v in vals] for name, vals in self.selected}

    def query_string(self, vocab: Vocabulary | None = None) -> str:
        """``metric=killed&metric=casualties&place=Kursk+Oblast`` (empty when nothing is filtered)."""
        return urlencode([(k, v) for k, vs in self.to_params(vocab).items() for v in vs])

    @property
    def active(self) -> bool:
        return bool(self.selected)

    # ------------------------------------------------------------------ filters → rows

    # ------------------------------------------------------------------ filters → a query
    def where(self, stored: Mapping[str, Iterable[str]] | None = None) -> tuple[str, list]:
        """The SQL condition (DuckDB, over the claims' columns) and its parameters that keep the
        claims of this view: ``("metric IN (?) AND (source IS NULL OR source IN (?))", [...])``; the
        one implementation of the filters (the store's rows and the reviewed ones alike).
        ``stored`` gives, for a parameter, the values the store holds that stand for the chosen
        ones (the names an analyst merged into a chosen claimant). Values are always
        parameters, never SQL text."""
        stored = stored or {}
        parts, params = [], []
        for name, vals in self.selected:
            p = BY_NAME[name]
            if p.kind not in ("value", "member"):
                continue
            wanted = list(dict.fromkeys(stored.get(name, vals)))
            if p.missing and p.missing in vals:
                wanted.append(p.missing)
            named = [v for v in wanted if v != p.missing] if p.missing else wanted
            if p.kind == "member":
                parts.append(f"list_has_any({p.column}, ?::VARCHAR[])")
                params.append(named)
                continue
            cond = [f"{p.column} IN ({', '.join('?' * len(named))})"] if named else []
            params += named
            if p.missing and p.missing in wanted:
                cond.append(f"{p.column} IS NULL")
            parts.append("(" + " OR ".join(cond) + ")" if len(cond) > 1 else cond[0] if cond else "FALSE")
        col = self.date_column
        start, end = month_bounds(col)
        if self.month("from"):
            parts.append(f"{col} IS NOT NULL AND {end} >= ?")
            params.append(self.month("from"))
        if self.month("to"):
            parts.append(f"{col} IS NOT NULL AND {start} <= ?")
            params.append(self.month("to"))
        return (" AND ".join(parts) or "TRUE"), params

    # ------------------------------------------------------------------ filters → English
    def describe(self, vocab: Vocabulary | None = None) -> str:
        """The view in words, values by their labels in ``vocab`` ("metric is troops deployed")."""
        vocab = vocab or Vocabulary()
        parts = [f"{BY_NAME[name].noun} is " + " or ".join(vocab.label(name, v) for v in vals) for name, vals in self.selected
                 if BY_NAME[name].kind in ("value", "member")]
        start, end = self.month("from"), self.month("to")
        when = "as of" if self.date_column == "as_of" else "published"
        if start and end:
            parts.append(f"{when} {start} to {end}")
        elif start:
            parts.append(f"{when} {start} or later")
        elif end:
            parts.append(f"{when} {end} or earlier")
        dated = ("" if self.date_column == "as_of" else ", dated by publication") + \
            (", as extracted (analysts' corrections not applied)" if self.get("claims") == ("extracted",) else "")
        if not parts:
            return "all claims" + dated
        missing = f" (claims with no {'as-of' if self.date_column == 'as_of' else 'publication'} date are left out)"
        return "claims where " + "; ".join(parts) + (missing if start or end else "") + dated


def month_bounds(column: str) -> tuple[str, str]:
    """SQL for the first and last month (``YYYY-MM``) a date column's value covers: a year
    (``2024``) covers 2024-01 … 2024-12, a month or a day its own month."""
    return (f"CASE WHEN length({column}) = 4 THEN {column} || '-01' ELSE substr({column}, 1, 7) END",
            f"CASE WHEN length({column}) = 4 THEN {column} || '-12' ELSE substr({column}, 1, 7) END")


OFFERED = 1000  # values a sidebar filter lists; beyond them, one is typed (an archive's articles)


def offered(values: tuple[str, ...], chosen: Iterable[str], limit: int | None = None) -> tuple[list[str], bool]:
    """What a filter's widget lists: every value, or when there are more than ``limit``, the first
    ``limit`` and those chosen (in the address or the widget); and whether values beyond them are
    typed in (and checked, as any value in an address is, by :meth:`Filters.from_params`)."""
    limit = OFFERED if limit is None else limit
    if len(values) <= limit:
        return list(values), False
    head = list(values[:limit])
    listed, known = set(head), set(values)
    return head + [v for v in dict.fromkeys(chosen) if v in known and v not in listed], True


@dataclass(frozen=True)
class Setting:
    """A page's own parameter: it changes what that page shows, not which claims are in view."""
    name: str  # the URL key
    label: str  # the widget's label
    page: str  # the page it belongs to
    noun: str  # what one value is, in notices
    phrase: str  # how a link's description says it, {} for the value
    options: tuple[str, ...] = ()  # fixed values, the first the default; empty: the page supplies them
    values_of: str = ""  # the choice parameter whose values it takes, shown by their labels


SETTINGS = (
    Setting("by", "One row per", "estimates", "row", "one row per {}", ("claim", "claimant")),
    Setting("read", "Read", "articles", "article", "reading “{}”", values_of="article"),
)
SETTING = {s.name: s for s in SETTINGS}


def choose(name: str, given: Iterable[str] | str | None, options: Iterable[str] = (),
           known: Iterable[str] = ()) -> tuple[str | None, str | None]:
    """The value a page setting takes from the address, and the notice when the address asks for
    one it cannot have. ``options`` are what the page offers now (the setting's own values when
    it has fixed ones); ``known`` are values that exist but are not on offer (an article the
    filters leave out). Falls back to the first option."""
    s = SETTING[name]
    opts = list(s.options or options)
    values = _given({name: given or ()}, name)
    fallback = opts[0] if opts else None
    if not values:
        return fallback, None
    v = values[-1]
    if v in opts:
        return v, None
    shown = _shown([v])
    if s.options:
        return fallback, f"Ignored {name}={shown}: expected {' or '.join(s.options)}."
    if v in set(known):
        return fallback, f"Ignored {name}={shown}: that {s.noun} holds none of the claims in view."
    return fallback, f"Ignored {name}={shown}: there is no such {s.noun} in the data."


def describe_settings(settings: Mapping[str, str | None], vocab: Vocabulary | None = None) -> str:
    """'one row per claimant; reading “North Korea sends…”' (empty when every setting is its
    default); a value by its label in ``vocab``."""
    vocab = vocab or Vocabulary()
    return "; ".join(SETTING[k].phrase.format(vocab.label(SETTING[k].values_of, v) if SETTING[k].values_of else v)
                     for k, v in _not_default(settings))


def _not_default(settings: Mapping[str, str | None]) -> list[tuple[str, str]]:
    return [(k, v) for k, v in settings.items() if v and not (SETTING[k].options and v == SETTING[k].options[0])]


def view_query(filters: Filters, settings: Mapping[str, str | None] | None = None,
               vocab: Vocabulary | None = None) -> str:
    """The query string of a whole view: the filters, then the page's settings that differ from
    their default (``by=claimant``, ``read=ARTICLE``); values by their labels in ``vocab``."""
    vocab = vocab or Vocabulary()
    extra = [(k, vocab.label(SETTING[k].values_of, v) if SETTING[k].values_of else v) for k, v in _not_default(settings or {})]
    return "&".join(x for x in (filters.query_string(vocab), urlencode(extra)) if x)
