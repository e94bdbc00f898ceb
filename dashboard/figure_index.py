"""The figure index: which figure every claim (as reviewed) is a mention of, kept beside the
snapshot one part per metric (remade only for the metrics a correction changes; after a few
articles are added or removed, brought up to date for the pools they touch), and the Disputes
page's queries over it (a metric's figures, the figure counts of a view). No Streamlit; it writes
the index's parts beside the snapshot."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from extraction.reconcile import (
    FAMILY_COLUMNS,
    KEPT,
    FigureCounts,
    families,
    from_mentions,
    home,
    is_group,
    members,
    mention_rows,
    pool_id,
    pool_keys,
    related,
)
from extraction.snapshot import to_frame

from .filters import Filters
from .reading import CHART_KEY, ReadModel, among, plain_values

INDEX_FORMAT = 4  # 2: figures per party and conflict; 3: and presence (sent or there now); 4: ids and ranks by pool. Bump when reconciling or the index's layout changes: parts made before are remade
FIGURES = pa.schema([("figure", pa.string()), ("rank", pa.int64()), ("metric", pa.string()), ("status", pa.string()),
                     ("incremental", pa.bool_()), ("presence", pa.string()), ("claimant", pa.string()), ("low", pa.float64()),
                     ("high", pa.float64()), ("best", pa.float64()), ("unit", pa.string()), ("stake", pa.string()),
                     ("party", pa.string()), ("conflict", pa.string()), ("as_of", pa.string()), ("pool", pa.string()),
                     ("claim_id", pa.string()), ("article_id", pa.string()), ("start_char", pa.int64()),
                     ("source", pa.string()), ("outlet", pa.string()), ("via", pa.list_(pa.string())),
                     ("published", pa.string())])
KIND = ("metric", "status", "incremental", "presence", "party", "conflict")  # a pool's kind, as the index holds it
TODO = pa.schema([*((k, pa.bool_() if k == "incremental" else pa.string()) for k in KIND), ("who", pa.string())])


class FigureIndex:
    """The figure index of one store version (a :class:`ReadModel`), built on first use."""

    def __init__(self, model: ReadModel):
        self.model = model
        self._built = False

    def build(self) -> None:
        """Which figure every claim (as reviewed) is a mention of, with that figure's own fields
        (claimant, bounds, as-of date, rank among its metric's figures), kept beside the snapshot
        (``figures``): reconciled one metric at a time, so that only one metric's figures are
        ever in memory, and kept per metric, named by what the metric's claims are (see
        :meth:`keys`): a correction remakes only the metrics whose claims it changes."""
        if self._built:
            return

        def batches(m, key):
            before = self._before(key)
            if before is not None:
                yield self.updated(m, pq.read_table(before, schema=FIGURES), self.model.snap.changed)
                return
            yield self._table(families(self.model.claims(Filters((("metric", (m,)),)), columns=FAMILY_COLUMNS))[0])
        keys = self.keys()
        for m, key in keys.items():
            self.model.snap.keep("figures", key, batches(m, key), FIGURES, kind=key.split("-")[0])
        if not keys:  # no claims: an empty index
            self.model.snap.keep("figures", "empty", iter([FIGURES.empty_table()]), FIGURES)
        self.model.snap.use("figures", list(keys.values()) or ["empty"])
        self._built = True

    def _before(self, key: str) -> Path | None:
        """The same part made for the snapshot before this one, when it is there and the articles
        changed since are known (the part's name says the corrections were the same)."""
        prev, changed = self.model.snap.previous, self.model.snap.changed
        path = prev / "figures" / f"{key}.parquet" if prev is not None and changed is not None else None
        return path if path is not None and path.exists() else None

    @staticmethod
    def _table(fams) -> pa.Table:
        rows = mention_rows(fams)
        rows["via"] = [list(v) for v in rows["via"]]
        return pa.table(rows, schema=FIGURES)

    def updated(self, metric: str, before: pa.Table, changed) -> pa.Table:
        """A metric's part of the index brought up to date from ``before`` (its part for an
        earlier version) after ``changed`` articles were added, removed or re-extracted: the pools
        their mentions were or are in (with the pools of the groups and members they meet) are
        reconciled again from the claims as they are now, the others' figures kept; then every
        figure ranked again (:func:`ranked`). The same part as reconciling the whole metric."""
        changed = sorted(changed)
        was = before.filter(pc.is_in(before["article_id"], value_set=pa.array(changed, type=pa.string())))
        pools = set(was["pool"].to_pylist())  # pools that held a changed article's mention
        named: set[tuple] = set()  # of those and the pools the changed articles' claims are in now, (kind, claimant)
        homes: set[tuple] = set()  # and (kind, home) of the unattributed ones
        heads = _heads(before, pools)
        for r in heads:
            kind = tuple(r[k] for k in KIND)
            if r["claimant"]:
                named.add((kind, r["claimant"]))
            else:
                homes.add((kind, home(r["outlet"], r["via"], r["article_id"])))
        now = self._rows(metric, "article_id IN (SELECT v FROM changed_ids)", {"changed_ids": changed})
        for key in pool_keys(now):
            (named if key[1] is not None else homes).add((key[0], key[-1]))
        names = set(pc.unique(before["source"]).drop_null().to_pylist()) | {n for _, n in named}
        if any(is_group(n) for n in names):  # a group meets its members: every claimant named now, too
            named = _with_groups(named, names | set(self._names(metric)))
        todo = [(*k, "n:" + n) for k, n in named] + [(*k, "u:" + h) for k, h in homes]
        wanted = {(k, n) for k, n in named} | {(k, None, h) for k, h in homes}
        again = self._rows(metric, "TRUE", {"todo": pa.table(dict(zip([*KIND, "who"], map(list, zip(*todo)))), schema=TODO)},
                           pooled=True) if todo else now[:0]
        again = again[[k in wanted for k in pool_keys(again)]] if len(again) else again
        gone = {pool_id((list(k[0]), *k[1:])) for k in wanted} | pools
        kept = before.filter(pc.invert(pc.is_in(before["pool"], value_set=pa.array(sorted(gone), type=pa.string()))))
        return ranked(pa.concat_tables([kept, self._table(families(again)[0])]))

    def _rows(self, metric: str, where: str, lists: dict, pooled: bool = False) -> pd.DataFrame:
        """The metric's claims as reviewed (what reconciling reads) that ``where`` keeps, in the
        store's order; ``pooled``: those of the pools of the table ``todo`` (:data:`TODO`: the
        kind, and "n:" and a claimant or "u:" and a home), found by a join."""
        rows, params, more = self.model.view_sql(Filters((("metric", (metric,)),)), FAMILY_COLUMNS)
        sql = f"SELECT * FROM ({rows}) WHERE {where}"
        if pooled:  # the pool's key as reconciling makes it (empty text is no value)
            who = ("CASE WHEN nullif(c.source, '') IS NULL THEN 'u:' || coalesce(nullif(c.outlet, ''), "
                   "CASE WHEN len(c.via) > 0 THEN list_extract(c.via, -1) END, 'article ' || c.article_id) "
                   "ELSE 'n:' || c.source END")
            cells = {k: f"nullif(c.{k}, '')" if k in ("presence", "party", "conflict") else f"c.{k}" for k in KIND}
            cells["incremental"] = "coalesce(c.incremental, false)"
            same = " AND ".join(f"{cell} IS NOT DISTINCT FROM todo.{k}" for k, cell in cells.items())
            sql = f"SELECT c.* FROM ({sql}) AS c SEMI JOIN todo ON {same} AND {who} = todo.who"
        got = self.model.snap.query(f"{sql} ORDER BY article_id, start_char", params, {**more, **lists})
        return to_frame(got)

    def _names(self, metric: str) -> list[str]:
        """Every claimant the metric's claims as reviewed name."""
        rows, params, lists = self.model.view_sql(Filters((("metric", (metric,)),)), ["source"])
        return [v for v in self.model.snap.query(f"SELECT DISTINCT source FROM ({rows}) WHERE nullif(source, '') IS NOT NULL",
                                                 params, lists).column(0).to_pylist()]

    def keys(self) -> dict[str, str]:
        """Metric → the name of its part of the figure index: the metric, and a digest of how its
        claims as reviewed differ from the snapshot's (rows the corrections take away and add, in
        the articles they touch, and the claimants merged), which with the snapshot decides them."""

        cols = FAMILY_COLUMNS
        before = self.model.snap.claims(**among(self.model.touched), columns=cols) if self.model.touched else pd.DataFrame(columns=cols)
        after = self.model.folded[self.model.folded["review"] != "rejected"]

        def rows(df, m):
            part = df[df["metric"] == m]
            return {json.dumps(r, default=str) for r in zip(*(plain_values(part[c]) for c in cols))}
        metrics = sorted(set(self.model.snap.distinct("metric")) | set(after["metric"].dropna()))
        out = {}
        for m in metrics:
            was, now = rows(before, m), rows(after, m)
            digest = hashlib.sha256(json.dumps([INDEX_FORMAT, sorted(self.model.aliases.items()), sorted(was - now),
                                                sorted(now - was)]).encode()).hexdigest()[:16]
            out[m] = f"{hashlib.sha256(m.encode()).hexdigest()[:8]}-{digest}"
        return out

    @staticmethod
    def _whole(filters: Filters) -> bool:
        """Whether a view keeps whole metrics (no filter but the metric, claims as reviewed): its
        mentions are then the index's own rows of those metrics, for the index holds every reviewed
        claim, and the claims need not be read."""
        return all(name in ("metric", "date") or (name == "claims" and vals != ("extracted",))
                   for name, vals in filters.selected)

    def _mentions(self, filters: Filters, cols: list[str]) -> tuple[str, list, dict]:
        """The view's claims as a relation of ``cols`` (claim_id, metric, status)."""
        if self._whole(filters):
            metrics = filters.get("metric")
            where = f"metric IN ({', '.join('?' * len(metrics))})" if metrics else "TRUE"
            return f"SELECT {', '.join(cols)} FROM figures WHERE {where}", list(metrics), {}
        return self.model.view_sql(filters, cols)

    def _in_view(self, filters: Filters, metrics: list[str]) -> tuple[str, list, dict]:
        """A condition on the index's rows: of a figure of ``metrics`` with a mention in the view
        (in a whole view, every figure of those of its metrics: no subquery to join)."""
        if self._whole(filters):
            chosen = filters.get("metric")
            metrics = [m for m in metrics if not chosen or m in chosen]
            return (f"metric IN ({', '.join('?' * len(metrics))})" if metrics else "FALSE"), metrics, {}
        rows, params, lists = self.model.view_sql(filters, ["claim_id"])
        return (f"figure IN (SELECT DISTINCT figure FROM ({rows}) JOIN figures USING (claim_id) "
                f"WHERE metric IN ({', '.join('?' * len(metrics))}))"), [*params, *metrics], lists

    def figures(self, filters: Filters, metric: str, limit: int, shown: int | None = None) -> tuple[list, list]:
        """What Disputes compares for ``metric`` of a view, from the figure index: the figures of
        the metric with a mention in the view (the ``shown`` most mentioned, if given), and of each
        related metric (casualties for killed) the ``limit`` most mentioned with a mention in the
        view without its metric filter (all that a comparison reads); each figure with all its
        mentions, in the view or not, in the order of their rank."""
        self.build()
        which, args, lists = self._in_view(filters, [metric])
        if shown is not None:  # the most mentioned, as Disputes compares them: most mentions first, then rank
            which = (f"figure IN (SELECT figure FROM figures WHERE metric = ? AND {which} GROUP BY figure, rank "
                     f"QUALIFY row_number() OVER (ORDER BY count(*) DESC, rank) <= {int(shown)})")
            args = [metric, *args]
        mine = self._figures(which, args, lists, [metric])
        rel = related(metric)
        if not rel:
            return mine, []
        which, args, lists = self._in_view(filters.replaced("metric", rel, drop=["claims"]), rel)
        marks = ", ".join("?" * len(rel))
        top = (f"figure IN (SELECT figure FROM figures WHERE metric IN ({marks}) AND {which} "
               f"GROUP BY figure, metric, rank QUALIFY row_number() OVER (PARTITION BY metric ORDER BY count(*) DESC, "
               f"rank) <= {int(limit)})")
        return mine, self._figures(top, [*rel, *args], lists, rel)

    def _figures(self, which: str, params, lists, metrics: list[str]) -> list:
        """The figures (of ``metrics``) whose rows meet the condition ``which``, made from their rows of the index."""
        marks = ", ".join("?" * len(metrics))
        got = self.model.snap.query(f"SELECT * FROM figures WHERE metric IN ({marks}) AND {which} "
                                    "ORDER BY metric, rank", [*metrics, *params], lists)
        pool: dict = {}  # one object per distinct name, article id and date
        ids = got.column("figure").to_pylist()
        # a figure's own fields are read at its first row only: those rows alone become Python values
        firsts = _first_rows(got).tolist()
        heads = got.take(pa.array(firsts, type=pa.int64()))
        rows: dict = {"figure": ids}
        for c in got.column_names:
            if c in KEPT:
                rows[c] = [pool.setdefault(v, v) if isinstance(v, str) else v for v in got.column(c).to_pylist()]
            elif c != "figure":
                rows[c] = dict(zip(firsts, heads.column(c).to_pylist()))
        return from_mentions(rows)

    def figure_counts(self, filters: Filters, by: tuple[str, ...] = CHART_KEY,
                      story_of: dict[str, str] | None = None) -> dict[tuple, FigureCounts]:
        """(metric, side, war, status) (:data:`CHART_KEY`, or those of its names ``by`` gives) →
        the numbers of the figures with a mention in the view: how many, from how many independent
        claimants, and all their mentions and articles (in the view or not), and the same with the
        copies of a story counted once (``story_of``: article → its story, for the articles that
        are copies: :func:`extraction.stories.copies`), added up by one query over the figure index."""
        return self.figure_counts_by(filters, [by], story_of)[0]

    def figure_counts_by(self, filters: Filters, groupings: list[tuple[str, ...]],
                         story_of: dict[str, str] | None = None) -> list[dict[tuple, FigureCounts]]:
        """:meth:`figure_counts` for each grouping of ``groupings`` (each some of :data:`CHART_KEY`),
        by one query: the view's figures are found once for all of them."""
        if not groupings or any(not by or set(by) - set(CHART_KEY) for by in groupings):
            raise ValueError(f"figure counts are by some of {CHART_KEY}, not {groupings!r}")
        self.build()
        rows, params, lists = self._mentions(filters, ["claim_id", "metric", "status"])
        # distinct values by GROUP BY, never count(DISTINCT …): a grouping spills to disk beyond
        # DuckDB's memory limit, a distinct count inside an aggregate does not
        parts = []
        for i, by in enumerate(groupings):
            key = ", ".join(by)
            # a story's mentions of a figure: those of the copy that prints it most (no copies: the mentions)
            stories = (f"pc{i} AS (SELECT {key}, sum(n) AS printed FROM (SELECT {key}, figure, story, max(n) AS n FROM "
                       f"(SELECT {key}, figure, story, article_id, count(*) AS n FROM m GROUP BY ALL) GROUP BY ALL) "
                       "GROUP BY ALL), "
                       f"sc{i} AS (SELECT {key}, count(*) AS stories FROM (SELECT DISTINCT {key}, story FROM m) "
                       "GROUP BY ALL), ") if story_of else ""
            parts.append(
                f"fc{i} AS (SELECT {key}, count(*) AS figures, count(*) FILTER (WHERE claimant IS NULL) AS unattributed "
                "FROM vf GROUP BY ALL), "
                f"cc{i} AS (SELECT {key}, count(*) AS claimants FROM (SELECT DISTINCT {key}, claimant FROM vf "
                "WHERE claimant IS NOT NULL) GROUP BY ALL), "
                f"mc{i} AS (SELECT {key}, count(*) AS mentions FROM m GROUP BY ALL), "
                f"ac{i} AS (SELECT {key}, count(*) AS articles FROM (SELECT DISTINCT {key}, article_id FROM m) "
                f"GROUP BY ALL), {stories}"
                f"r{i} AS (SELECT {i} AS grouping, {', '.join(f'{k}::VARCHAR AS k{j}' for j, k in enumerate(by))}, "
                "figures, coalesce(claimants, 0) AS claimants, unattributed, mentions, articles, "
                f"{'printed, stories' if story_of else 'mentions AS printed, articles AS stories'} "
                f"FROM fc{i} LEFT JOIN cc{i} USING ({key}) JOIN mc{i} USING ({key}) JOIN ac{i} USING ({key})"
                f"{f' JOIN pc{i} USING ({key}) JOIN sc{i} USING ({key})' if story_of else ''})")
        width = max(len(by) for by in groupings)
        pad = [", ".join([f"k{j}" for j in range(len(by))] + [f"NULL::VARCHAR AS k{j}" for j in range(len(by), width)])
               for by in groupings]
        # a view of some metrics reads only their parts of the index (a claim's figure is of its metric)
        metrics = filters.get("metric")
        fx = f"SELECT * FROM figures WHERE metric IN ({', '.join('?' * len(metrics))})" if metrics else "SELECT * FROM figures"
        side_war = "coalesce(f.party, '') AS side, coalesce(f.conflict, '') AS war"
        if self._whole(filters):  # every figure of its metrics is in the view, with all its rows: no join
            mentions = (f"vf AS (SELECT f.metric, {side_war}, f.status, f.figure, any_value(f.claimant) AS claimant "
                        "FROM fx AS f GROUP BY ALL), "
                        f"m AS (SELECT f.metric, {side_war}, f.status, f.figure, f.article_id, "
                        "coalesce(copies.story, f.article_id) AS story FROM fx AS f LEFT JOIN copies USING (article_id)), ")
            params = []
        else:
            mentions = (f"vf AS (SELECT v.metric, {side_war}, v.status, f.figure, any_value(f.claimant) AS claimant "
                        f"FROM ({rows}) AS v JOIN fx AS f USING (claim_id) GROUP BY ALL), "
                        "m AS (SELECT vf.metric, vf.side, vf.war, vf.status, vf.figure, f.article_id, "
                        "coalesce(copies.story, f.article_id) AS story FROM vf JOIN fx AS f USING (figure) "
                        "LEFT JOIN copies USING (article_id)), ")
        got = self.model.snap.query(
            f"WITH fx AS ({fx}), {mentions}"
            + ", ".join(parts) + " " +
            " UNION ALL ".join(f"SELECT grouping, {pad[i]}, figures, claimants, unattributed, mentions, articles, printed, "
                               f"stories FROM r{i}" for i in range(len(groupings))),
            [*metrics, *params], {**lists, "copies": pa.table(
                {"article_id": pa.array(list(story_of or {}), type=pa.string()),
                 "story": pa.array(list((story_of or {}).values()), type=pa.string())})}).to_pylist()
        out: list[dict] = [{} for _ in groupings]
        for r in got:
            i = r.pop("grouping")
            keys = tuple(r.pop(f"k{j}") for j in range(len(groupings[i])))
            for j in range(len(groupings[i]), width):
                r.pop(f"k{j}", None)
            out[i][keys] = FigureCounts(**{k: int(v) for k, v in r.items()})
        return out


def _heads(part: pa.Table, pools: set[str]) -> list[dict]:
    """The first row of each figure of these pools: the figure's own fields and its first mention's."""
    if not pools:
        return []
    got = part.filter(pc.is_in(part["pool"], value_set=pa.array(sorted(pools), type=pa.string())))
    return got.take(pa.array(_first_rows(got), type=pa.int64())).to_pylist()


def _first_rows(part: pa.Table) -> np.ndarray:
    """Where each figure's rows begin in a table of the index (a figure's rows together)."""
    if not part.num_rows:
        return np.empty(0, dtype=np.int64)
    ids = part["figure"].combine_chunks()
    return np.flatnonzero(np.concatenate([[True], pc.not_equal(ids[1:], ids[:-1]).to_numpy(zero_copy_only=False)]))


def _with_groups(named: set[tuple], names: set[str]) -> set[tuple]:
    """``named`` pools (kind, claimant) with the pools of the same kind that reconciling them
    reads: a group's members, a member's groups, and theirs in turn (of ``names``, every claimant
    named then or now)."""
    groups = {g: members(g, sorted(names)) for g in names if is_group(g)}
    if not groups:
        return named
    of: dict[str, set[str]] = {}
    for g, ms in groups.items():
        for m in ms:
            of.setdefault(m, set()).add(g)
    out, todo = set(named), list(named)
    while todo:
        kind, who = todo.pop()
        for other in groups.get(who, ()) or of.get(who, ()):
            if (kind, other) not in out:
                out.add((kind, other))
                todo.append((kind, other))
    return out


def ranked(part: pa.Table) -> pa.Table:
    """A metric's part of the index (each figure's rows together) with its figures ranked and
    ordered as reconciling makes them: a group's own figures after the others, then by value
    (the best figure, else a bound), then by where the first mention stands (article, start);
    the rows of a figure in their order."""
    n = part.num_rows
    if not n:
        return part
    firsts = _first_rows(part)
    heads = part.take(pa.array(firsts, type=pa.int64()))
    names = [c for c in pc.unique(heads["claimant"]).to_pylist() if c is not None and is_group(c)]
    keys = pa.table({"group": pc.fill_null(pc.is_in(heads["claimant"], value_set=pa.array(names, type=pa.string())), False),
                     "point": pc.coalesce(heads["best"], heads["low"], heads["high"], pa.scalar(0.0)),
                     "article": heads["article_id"], "start": pc.fill_null(heads["start_char"], -1)})
    order = pc.sort_indices(keys, sort_keys=[(k, "ascending") for k in keys.column_names]).to_numpy()
    sizes = np.diff(np.append(firsts, n))
    rank = np.empty(len(firsts), dtype=np.int64)
    rank[order] = np.arange(len(firsts))
    new_sizes, new_starts = sizes[order], firsts[order]
    offsets = np.cumsum(new_sizes) - new_sizes  # where each figure's rows begin in the new order
    take = np.arange(n) - np.repeat(offsets, new_sizes) + np.repeat(new_starts, new_sizes)
    out = part.set_column(part.schema.get_field_index("rank"), "rank", pa.array(np.repeat(rank, sizes), type=pa.int64()))
    return out.take(pa.array(take, type=pa.int64()))
