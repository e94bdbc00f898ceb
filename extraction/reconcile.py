"""Reconcile: mentions of one estimate become one figure, figures are counted by independent
claimant, and figures that disagree are flagged with the explanations the data supports.
The domain: pandas and the extraction package, no Streamlit or Plotly; the dashboard formats what it returns.

- **A figure (family)** is the mentions of one estimate: the same metric, status and kind (an
  increment or a total), the same party and conflict (whose, in which war), the same originating claimant (or, unattributed, articles of the same
  outlet or agency credit), the same shape of interval with bounds equal at the precision
  written (:func:`precision`: "about 11,000" = 10,900, 15,000 ≠ 14,000), and as-of dates that do not contradict (equal at the coarser precision, or one missing).
- **Groups of claimants.** A claimant named as a group ("South Korean intelligence and foreign
  analysts", "South Korean, Ukrainian, and Western sources") includes the claimants of the
  store that its parts name. A group's mention that repeats a member's figure is that member's
  figure, credited also to the group; a group's own figure is a figure of the group, which then
  counts as a claimant of its own.
- **Pools.** A mention is compared only with the figures of its *pool*: its kind (metric, status,
  increment or total, presence, party, conflict) and its claimant (unattributed: its outlet or
  agency credit, else its article). Pools are reconciled apart (a group's mentions with its
  members' pools), a figure's id names its pool, and figures are made in an order that depends
  only on the figure (a group's own figures last, then by value, then by where the first mention
  stands in the store), so the figures of a few pools can be made again alone and ranked among
  the others as reconciling everything would rank them (dashboard/figure_index.py, ``ranked``).
- **Independent claimants** of a metric: the distinct originating claimants of its figures;
  five outlets repeating one briefing are one claimant. Unattributed figures are counted apart.
- **Disagreements**: two figures of a metric (or of a related one: killed or wounded against
  casualties) of the same party and conflict whose intervals do not overlap, each with its
  explanations: North Korean troops are never compared with Haitian police.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from .attribution import source_info
from .figure_text import interval_text
from .lexicon import lexicon, metric_groups, metric_name
from .resources import load_json

TOLERANCE = 0.1  # intervals this close (10%) still meet: no disagreement
MAX_COMPARED = 150  # figures per metric compared pairwise (the most mentioned)


@lru_cache(maxsize=1)
def _words() -> dict:
    return load_json("reconcile.json")


@lru_cache(maxsize=1)
def _generic_units() -> frozenset:
    return frozenset(_words()["generic_units"])


def _point(best, low, high) -> float:
    """The one value that orders a figure: its best figure, else a bound."""
    return next((x for x in (best, low, high) if x is not None), 0.0)


def group_parts(name: str) -> list[str]:
    """The parts of a claimant named as a group, the shared head noun given to each part:
    'South Korean, Ukrainian, and Western sources' → ['South Korean sources', 'Ukrainian
    sources', 'Western sources']; a single claimant → []."""
    if not isinstance(name, str) or not re.search(r",| and ", name):
        return []
    parts = [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", name) if p.strip()]
    if len(parts) < 2:
        return []
    # the last part's noun is shared by earlier parts that end in a proper adjective ("Western")
    last = parts[-1].split()
    head = last[-1] if len(last) > 1 and last[-1].islower() else ""
    return [f"{p} {head}" if head and p.split()[-1][:1].isupper() else p for p in parts[:-1]] + [parts[-1]]


@lru_cache(maxsize=1 << 12)
def is_group(name: str | None) -> bool:
    """Whether a claimant is named as a group (:func:`group_parts`)."""
    return bool(group_parts(name))


def _same_country(part: str, claimant: str) -> bool:
    """'South Korean sources' names South Korean intelligence (NIS): the part begins with the
    claimant's country ('South Korea'), or its adjective ('Ukrainian' for 'Ukraine')."""
    info = source_info(claimant)
    country = info.country if info else None
    if not country:
        return False
    stem = country[:-1] if len(country) > 4 else country
    return part.lower().startswith(stem.lower())


def members(group: str, claimants) -> list[str]:
    """The claimants (of ``claimants``, not groups themselves) that a group names."""
    parts = group_parts(group)
    if not parts:
        return []
    out = []
    for c in claimants:
        if c == group or is_group(c):
            continue
        if any(c.lower() in p.lower() or p.lower() in c.lower() or _same_country(p, c) for p in parts):
            out.append(c)
    return out


@lru_cache(maxsize=1 << 16)  # figures repeat: reconciling a metric asks of the same few thousand values
def precision(x: float) -> int:
    """The step a figure is written to, its last non-zero digit, at most its second digit (a
    round 10,000 is read to the thousand): 11,000 → 1,000; 10,900 → 100; 436 → 1; 10,000 → 1,000;
    1.2 million → 100,000."""
    n, step = int(round(abs(x))), 1
    coarsest = 10 ** max(len(str(n)) - 2, 0)
    while n and n % (step * 10) == 0 and step < coarsest:
        step *= 10
    return step


def _close(a: float | None, b: float | None) -> bool:
    """Bounds equal at the precision written: the finer one rounds to the coarser ("about 11,000"
    takes 10,900; 15,000 is not 14,000, 436 is not 435)."""
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= max(precision(a), precision(b)) / 2


def dates_agree(a, b) -> bool:
    """As-of dates that do not contradict: one missing, or equal at the coarser precision."""
    if not isinstance(a, str) or not isinstance(b, str) or not a or not b:
        return True
    n = min(len(a), len(b))
    return a[:n] == b[:n]


@dataclass(slots=True, eq=False)
class Family:
    """One figure. Its mentions are rows of the columns it shares with every other figure of
    the store (``cols``), so a figure holds indices, not copies: 100,000 claims make some 60,000
    figures, and per-figure sets of names would cost more memory than the claims themselves."""
    family_id: str  # "metric/pool/n": the n-th figure of its pool
    metric: str
    status: str
    incremental: bool
    presence: str | None  # troops: "sent" (a total sent) or "present" (there now); None: not said
    claimant: str | None  # the originating claimant; None: unattributed
    low: float | None
    high: float | None
    best: float | None
    unit: str | None
    stake: str | None
    party: str | None  # whose people or things it counts
    conflict: str | None  # in which war
    rows: list = field(default_factory=list)  # its mentions: indices into ``cols``
    as_ofs: tuple = ()  # the distinct as-of dates its mentions give
    as_of: str | None = None  # the most precise of them (the first seen of that precision)
    cols: dict = field(default_factory=dict, repr=False)  # claim_id, article_id, source, outlet, via, published
    _shown: str | None = field(default=None, repr=False)  # its interval in words, once made
    pool: str = ""  # the pool it was made in (:func:`pool_id`)

    def _values(self, col: str) -> list:
        column = self.cols[col]
        return [column[i] for i in self.rows]

    @property
    def mentions(self) -> int:
        return len(self.rows)

    @property
    def claim_ids(self) -> list:
        return self._values("claim_id")

    @property
    def credited(self) -> set:
        """Every claimant name its mentions credit."""
        return {v for v in self._values("source") if v}

    @property
    def articles(self) -> set:
        return set(self._values("article_id"))

    @property
    def outlets(self) -> set:
        return {v for v in self._values("outlet") if v}

    @property
    def vias(self) -> set:
        return {" → ".join(v) for v in self._values("via") if v}

    def printed(self, story_of: dict[str, str] | None = None) -> tuple[int, int]:
        """How often the figure was printed, a story's copies counted once (``story_of``: article
        → its story, for articles that are copies of one story: :func:`extraction.stories.copies`),
        and in how many stories: a wire story reprinted by two outlets is one mention, whose
        outlets the figure still lists. Without copies, ``(mentions, articles)``."""
        story_of = story_of or {}
        per_article: dict[str, int] = {}
        for a in self._values("article_id"):
            per_article[a] = per_article.get(a, 0) + 1
        per_story: dict[str, int] = {}
        for a, n in per_article.items():  # a story's mentions: those of its copy that prints it most
            s = story_of.get(a, a)
            per_story[s] = max(per_story.get(s, 0), n)
        return sum(per_story.values()), len(per_story)

    @property
    def published(self) -> list:
        return [v for v in self._values("published") if isinstance(v, str) and v]

    def add_date(self, as_of: str | None) -> None:
        if as_of not in self.as_ofs:
            self.as_ofs += (as_of,)
            if as_of and (self.as_of is None or len(as_of) > len(self.as_of)):
                self.as_of = as_of

    @property
    def shown(self) -> str:
        if self._shown is None:
            self._shown = interval_text(self.low, self.high)
        return self._shown

    def accepts(self, low, high, as_of) -> bool:
        return _close(self.low, low) and _close(self.high, high) and \
            (as_of is None or all(dates_agree(d, as_of) for d in self.as_ofs))


KEPT = ("claim_id", "article_id", "start_char", "source", "outlet", "via", "published")  # what a figure reads of its mentions
FAMILY_COLUMNS = ["claim_id", "article_id", "start_char", "metric", "status", "incremental", "presence", "source", "low", "high",
                  "best", "as_of", "unit", "source_stake", "party", "conflict", "outlet", "via",
                  "published"]  # what reconciling reads of the claims (in the store's order: article, start)


def pool_id(key: tuple) -> str:
    """A pool's name: a digest of its kind and claimant (or home), as :func:`pool_keys` gives them."""
    return hashlib.sha1(json.dumps(key, ensure_ascii=False).encode()).hexdigest()[:12]


def home(outlet, via, article_id) -> str:
    """Where an unattributed mention is pooled: its outlet, else its agency credit, else its article."""
    return outlet or (via[-1] if via else "article " + article_id)


def _columns(claims: pd.DataFrame) -> dict[str, list]:
    """The claims' columns that reconciling reads, as plain Python values."""
    c = claims.reindex(columns=FAMILY_COLUMNS)
    data = {}
    for col in FAMILY_COLUMNS:  # plain Python values, column by column (much faster than row tuples of Arrow cells)
        vals = c[col].astype(object).tolist()
        if col in ("low", "high", "best"):
            data[col] = [None if v is None or v != v else float(v) for v in vals]
        elif col == "start_char":
            data[col] = [None if v is None or v != v else int(v) for v in vals]
        elif col == "incremental":
            data[col] = [v is True or v == 1 for v in vals]
        elif col in ("claim_id", "article_id", "metric", "status"):
            data[col] = vals
        elif col == "via":  # the relay chain, nearest the claimant first
            data[col] = [tuple(v) if isinstance(v, (list, tuple)) and len(v) else (v,) if isinstance(v, str) and v
                         else () for v in vals]
        else:
            data[col] = [v if isinstance(v, str) and v else None for v in vals]
    pool: dict = {}  # one object per distinct value: article ids, names and dates repeat
    for col in ("article_id", "metric", "status", "presence", "source", "unit", "source_stake", "party", "conflict", "outlet",
                "published", "via", "as_of"):
        data[col] = [pool.setdefault(v, v) if v is not None else None for v in data[col]]
    return data


def pool_keys(claims: pd.DataFrame) -> list[tuple]:
    """Each claim's pool: (kind, claimant) for a named claimant (a group's own pool for a group),
    (kind, None, home) for an unattributed one (:func:`home`)."""
    d = _columns(claims)
    return [_key(d, i) for i in range(len(d["claim_id"]))]


def _kind(d: dict, i: int) -> tuple:
    return d["metric"][i], d["status"][i], d["incremental"][i], d["presence"][i], d["party"][i], d["conflict"][i]


def _key(d: dict, i: int) -> tuple:
    if d["source"][i]:
        return _kind(d, i), d["source"][i]
    return _kind(d, i), None, home(d["outlet"][i], d["via"][i], d["article_id"][i])


def families(claims: pd.DataFrame) -> tuple[list[Family], dict[str, str]]:
    """The figures of ``claims`` and which figure each claim (by claim_id) is a mention of;
    ``claims`` in the store's order (by article, then start)."""
    data = _columns(claims)
    kept = {col: data[col] for col in KEPT}
    claim_id, metric, status, inc = data["claim_id"], data["metric"], data["status"], data["incremental"]
    party, conflict, presence = data["party"], data["conflict"], data["presence"]
    source, low, high, best, as_of = data["source"], data["low"], data["high"], data["best"], data["as_of"]
    named = sorted({v for v in source if v})
    groups = {g: members(g, named) for g in named if is_group(g)}
    out: list[Family] = []
    by_key: dict[tuple, list[Family]] = {}
    member_of: dict[str, str] = {}

    def add(fam: Family, i: int) -> None:
        fam.rows.append(i)
        fam.add_date(as_of[i])
        member_of[claim_id[i]] = fam.family_id

    def place(i: int, who: str | None, pool_key: tuple) -> None:
        candidates = by_key.setdefault(pool_key, [])
        for fam in reversed(candidates[-8:]):  # sorted by value: only the last few can be within tolerance
            if fam.accepts(low[i], high[i], as_of[i]):
                add(fam, i)
                return
        name = candidates[0].pool if candidates else pool_id(pool_key)
        fam = Family(f"{metric[i]}/{name}/{len(candidates) + 1}", metric[i], status[i], inc[i], presence[i], who,
                     low[i], high[i], best[i], data["unit"][i], data["source_stake"][i], party[i], conflict[i], cols=kept,
                     pool=name)
        candidates.append(fam), out.append(fam)
        add(fam, i)

    # rows by index, not as dicts: at 100,000 claims the dicts alone would cost some 60 MB
    order = sorted(range(len(claim_id)), key=lambda i: _point(best[i], low[i], high[i]))
    later = []
    for i in order:
        if source[i] in groups:
            later.append(i)
        elif source[i]:
            place(i, source[i], _key(data, i))
        else:  # unattributed: one pool per outlet or agency credit, else per article
            place(i, None, _key(data, i))
    for i in later:  # a group's mention joins a member's figure when it repeats it
        fam = next((f for m in groups[source[i]] for f in by_key.get((_kind(data, i), m), ())
                    if f.accepts(low[i], high[i], as_of[i])), None)
        if fam is not None:
            add(fam, i)
        else:
            place(i, source[i], _key(data, i))
    return out, member_of


@dataclass
class Reconciled:
    """The figures of a store and which figure each claim (by claim_id) is a mention of."""
    families: list[Family]
    member_of: dict[str, str]

    def __post_init__(self):
        self.by_id = {f.family_id: f for f in self.families}
        self.order = {f.family_id: i for i, f in enumerate(self.families)}

    def of(self, claim_ids) -> list[Family]:
        """The figures with at least one mention among ``claim_ids`` (a view's claims), in a
        stable order; proportional to the view, not to the store."""
        ids = {self.member_of[c] for c in claim_ids if c in self.member_of}
        return [self.by_id[i] for i in sorted(ids, key=self.order.__getitem__)]


def reconcile(claims: pd.DataFrame) -> Reconciled:
    return Reconciled(*families(claims))


# a figure's own fields, as a row of the figure index holds them beside each mention's (KEPT)
FIGURE_FIELDS = ("figure", "rank", "metric", "status", "incremental", "presence", "claimant", "low", "high", "best", "unit", "stake",
                 "party", "conflict", "as_of")


def mention_rows(fams: list[Family]) -> dict[str, list]:
    """Every mention of these figures (of one metric, in their order) as a row: the figure's own
    fields and the mention's; :func:`from_mentions` makes the figures again."""
    out: dict[str, list] = {k: [] for k in (*FIGURE_FIELDS, "pool", *KEPT)}
    for rank, f in enumerate(fams):
        n = f.mentions
        own = (f.family_id, rank, f.metric, f.status, f.incremental, f.presence, f.claimant, f.low, f.high, f.best, f.unit, f.stake,
               f.party, f.conflict, f.as_of, f.pool)
        for k, v in zip((*FIGURE_FIELDS, "pool"), own):
            out[k] += [v] * n
        for k in KEPT:
            out[k] += f._values(k)
    return out


def from_mentions(rows: dict[str, list]) -> list[Family]:
    """The figures of :func:`mention_rows`' rows (a figure's rows together, figures in order). A
    figure's own fields are read at its first row only (a reader may give them there alone, as a
    mapping of row → value)."""
    kept = {k: rows[k] for k in KEPT}
    kept["via"] = [tuple(v) if v else () for v in kept["via"]]
    out: list[Family] = []
    fam = None
    for i, fid in enumerate(rows["figure"]):
        if fam is None or fam.family_id != fid:
            fam = Family(fid, *(rows[k][i] for k in FIGURE_FIELDS[2:-1]), cols=kept)
            fam.as_of = rows["as_of"][i]
            fam.pool = rows["pool"][i] if "pool" in rows else ""
            out.append(fam)
        fam.rows.append(i)
    return out


def independent_claimants(fams: list[Family]) -> list[str]:
    """The distinct originating claimants of these figures (unattributed ones left out)."""
    return sorted({f.claimant for f in fams if f.claimant})


# ---------------------------------------------------------------------------- disagreements
@dataclass(frozen=True)
class FigureCounts:
    """What a summary says of some figures: how many, from how many independent claimants, how
    many unattributed, their mentions and the articles that print them (all of their mentions,
    in the view or not); and the same with a story's copies counted once (``printed``: the
    mentions, see :meth:`Family.printed`; ``stories``: the articles)."""
    figures: int
    claimants: int
    unattributed: int
    mentions: int
    articles: int
    printed: int
    stories: int

    @classmethod
    def of(cls, fams: list[Family], story_of: dict[str, str] | None = None) -> FigureCounts:
        articles = set().union(*(f.articles for f in fams)) if fams else set()
        return cls(len(fams), len(independent_claimants(fams)), sum(f.claimant is None for f in fams),
                   sum(f.mentions for f in fams), len(articles), sum(f.printed(story_of)[0] for f in fams),
                   len({(story_of or {}).get(a, a) for a in articles}))


def _bounds(f: Family) -> tuple[float, float]:
    lo = f.low if f.low is not None else 0.0
    hi = f.high if f.high is not None else math.inf
    return lo, hi


def overlap(a: Family, b: Family) -> bool:
    """Whether two figures' intervals meet (within the tolerance); an open bound reaches to 0 or ∞."""
    return _meet(_bounds(a), _bounds(b))


def _meet(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[1] * (1 + TOLERANCE) >= b[0] and b[1] * (1 + TOLERANCE) >= a[0]


def _value(f: Family) -> float:
    return _point(f.best, f.low, f.high)


def explain(a: Family, b: Family) -> list[tuple[str, str]]:
    """(kind, sentence) for each reason the data gives why two figures can both stand."""
    out = []
    if a.as_of and b.as_of and not dates_agree(a.as_of, b.as_of):
        early, late = sorted((a, b), key=lambda f: f.as_of)
        trend = "" if a.incremental or b.incremental or a.metric != b.metric else \
            f" (the count {'grew' if _value(late) > _value(early) else 'fell'})"
        out.append(("dates", f"different as-of dates: {early.shown} as of {early.as_of}, {late.shown} as of "
                             f"{late.as_of}{trend}"))
    elif bool(a.as_of) != bool(b.as_of):
        dated, undated = (a, b) if a.as_of else (b, a)
        out.append(("undated", f"{undated.shown} has no as-of date, {dated.shown} is as of {dated.as_of}: they "
                               "may count different times"))
    if a.metric != b.metric:
        out.append(("metric", f"different metrics: {metric_name(a.metric)} against {metric_name(b.metric)}"))
    if a.status != b.status:
        out.append(("status", "a reported figure against a planned one"))
    if a.incremental != b.incremental:
        inc, tot = (a, b) if a.incremental else (b, a)
        out.append(("increment", f"{inc.shown} is an increment (another, a further, more), {tot.shown} a total"))
    if a.presence and b.presence and a.presence != b.presence and not (a.incremental or b.incremental) \
            and a.status == b.status == "reported":  # (a plan or an increment is no total sent so far)
        sent, there = (a, b) if a.presence == "sent" else (b, a)
        out.append(("scope", f"different scope: {sent.shown} is the total sent so far, {there.shown} the number "
                             "there now"))
    scope = _scope(*sorted((a, b), key=_value)) if a.metric == b.metric and a.unit != b.unit else None
    if scope:
        out.append(scope)
    stakes = {a.stake, b.stake}
    if stakes == {"party", "third party"}:
        party, third = (a, b) if a.stake == "party" else (b, a)
        out.append(("stake", f"{party.claimant} is a party to the war, {third.claimant} a third party"))
    return out


def _scope(lo: Family, hi: Family) -> tuple[str, str] | None:
    """What two figures' counted nouns say of their scope: people of different kinds (workers
    against soldiers: data/metrics.json's civilian and military people) count different things;
    a specific kind beneath a whole force (engineers within troops) is a subset of it."""
    if not lo.unit or not hi.unit or lo.unit == hi.unit:
        return None
    lex = lexicon()
    kinds = [("civilian" if u in lex.civilians else "military" if u in lex.military_people or u in _generic_units()
              else None) for u in (lo.unit, hi.unit)]
    if None not in kinds and kinds[0] != kinds[1]:
        return "scope", f"different scope: {lo.shown} {lo.unit}s against {hi.shown} {hi.unit}s"
    if lo.unit not in _generic_units():
        return "subset", f"a subset: {lo.shown} {lo.unit}s within {hi.shown} {hi.unit}s"
    return None


def related(metric: str) -> list[str]:
    """Metrics whose figures are compared with this one's (killed, wounded ↔ casualties)."""
    return [m for group in metric_groups()["compared"] if metric in group for m in group if m != metric]


@dataclass(frozen=True)
class Flag:
    a: str  # family ids, a's figure the lower
    b: str
    explanations: tuple[tuple[str, str], ...]

    @property
    def explained(self) -> bool:
        return bool(self.explanations)


def side_and_war(f: Family) -> tuple:
    """What two compared figures share: they count the same side in the same war (an unknown
    side or war is its own)."""
    return f.party, f.conflict


def disagreements(fams: list[Family], metric: str, limit: int = MAX_COMPARED) -> list[Flag]:
    """Pairs of figures of ``metric`` (and of related metrics) of the same party and conflict
    whose intervals do not overlap, with their explanations; the most mentioned ``limit``
    figures of each metric are compared."""
    def top(m):
        fs = [f for f in fams if f.metric == m]
        return sorted(fs, key=lambda f: -f.mentions)[:limit]
    own = top(metric)
    every = own + [f for m in related(metric) for f in top(m)]
    # only figures of one side and war are compared: each meets those after it of its own, in
    # the order above; bounds and values are read once per figure
    same: dict[tuple, list[int]] = {}
    for j, f in enumerate(every):
        same.setdefault(side_and_war(f), []).append(j)
    bounds = [_bounds(f) for f in every]
    values = [_value(f) for f in every]
    flags = []
    for i, a in enumerate(own):
        for j in same[side_and_war(a)]:
            if j <= i or _meet(bounds[i], bounds[j]):  # (:func:`overlap`)
                continue
            b = every[j]
            lo, hi = (a, b) if values[i] <= values[j] else (b, a)
            flags.append(Flag(lo.family_id, hi.family_id, tuple(explain(lo, hi))))
    return flags
