"""Command line: ``python -m extraction COMMAND``, one function per command (see :func:`parser`). See the README."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import settings
from .audit import corrections
from .claims import places_only
from .dataset import build, extract_files
from .distributed import build_on_dask
from .ingest import ingest_paths, reextract, summary
from .isolate import IsolatedExtractor
from .model import ArticleError, plain
from .pipeline import ModelNotFound, get_nlp
from .reader import SUFFIXES, article_files
from .retag import retag
from .review import effective, gold, records
from .store import Store, StoreError


def _emit_problems(ex) -> None:
    for path, msg in ex.errors:
        print(f"crosscount: {path}: {msg}", file=sys.stderr)
    for path, msg in ex.warnings:
        print(f"crosscount: {path}: warning: {msg}", file=sys.stderr)


def _report(outcomes, where) -> int:
    """One line per file on stdout, then the summary; non-zero only when nothing could be read."""
    for o in outcomes:
        sys.stdout.write(o.line + "\n")
    print(f"{summary(outcomes)} Store: {where}", file=sys.stderr)
    return 0 if any(o.status in ("added", "extracted", "duplicate") for o in outcomes) else 1


def _expand(paths: list[str]) -> list[Path]:
    out = []
    for p in map(Path, paths):
        if p.is_dir():
            found = article_files(p)
            if not found:
                print(f"crosscount: {p}: no article files ({', '.join(sorted(SUFFIXES))}) in this folder", file=sys.stderr)
            out.extend(found)
        else:
            out.append(p)
    return out


def export_gold(args) -> int:
    """``export-gold``: reviewed articles (extraction + corrections) → a gold file the scorer reads."""
    store, out = Store(args.store), Path(args.out)
    tables = store.tables(article_text=False)
    eff = effective(records(tables["claims"]), corrections(store))
    places: dict[str, list[str]] = {}
    for a, n in zip(tables["places"]["article_id"], tables["places"]["name"]):
        places.setdefault(a, []).append(n)
    doc = gold(tables["articles"].to_dict("records"), eff, places)
    out.write_text(json.dumps(doc, ensure_ascii=False, indent=1, default=_json_value) + "\n", encoding="utf-8")
    n = sum(len(a["claims"]) for a in doc["articles"])
    print(f"{out}: {len(doc['articles'])} reviewed article(s), {n} claim(s)"
          + (f"; {len(eff.orphans)} orphaned correction(s) left out" if eff.orphans else ""), file=sys.stderr)
    return 0


def _build_on_dask(args) -> int:
    """``build SOURCE --engine dask``: one line per article that could not be used, a summary."""
    out = Path(args.out)
    if out.exists() and not args.force:
        print(f"crosscount: {out} exists; build writes a new store. Use --force to replace it", file=sys.stderr)
        return 1
    try:
        outcomes = build_on_dask(args.folder, out, args.scheduler, args.partitions,
                                 say=lambda m: print(m, file=sys.stderr))
    except (ArticleError, FileNotFoundError) as e:
        print(f"crosscount: {e}", file=sys.stderr)
        return 1
    bad = [o for o in outcomes if o["status"] not in ("extracted", "added")]
    for o in bad:
        print(f"crosscount: {o['name']}: {o['message']}", file=sys.stderr)
    print(f"Extracted {len(outcomes) - len(bad)} articles ({len(bad)} not used). Store: {out}", file=sys.stderr)
    return 0 if len(bad) < len(outcomes) else 1


def _json_value(v):
    """What json cannot write itself: numpy values and missing values plainly, anything else as text."""
    p = plain(v)
    return str(v) if p is v else p


def print_rows(args) -> int:
    """``claims`` and ``places``: one JSON line per claim, or per distinct place of an article (places
    need no parse: the spaCy model is not loaded)."""
    files = _expand(args.files)
    if not files:
        return 1
    ex = extract_files(files, extractor=places_only) if args.cmd == "places" else extract_files(files)
    for r in ex.claims if args.cmd == "claims" else ex.places:
        sys.stdout.write(json.dumps(r, ensure_ascii=False, allow_nan=False) + "\n")
    _emit_problems(ex)
    return 0 if ex.articles else 1


def build_store(args) -> int:
    """``build``: a new store from a folder (here, or on a Dask cluster)."""
    if args.engine == "dask":
        return _build_on_dask(args)
    folder, out = Path(args.folder), Path(args.out)
    if not folder.is_dir():
        print(f"crosscount: {folder}: no such folder", file=sys.stderr)
        return 1
    if out.exists() and not args.force:
        print(f"crosscount: {out} exists; build writes a new store. Use `add` to add to it, "
              "or --force to replace it", file=sys.stderr)
        return 1
    if not _expand([str(folder)]):
        return 1
    return _report(build(folder, out, progress=True), out)


def add(args) -> int:
    """``add``: articles into the store the dashboard reads. Each is read and extracted in the
    isolated worker, as the dashboard's adds are: within its time budget and memory bound
    (``CROSSCOUNT_WORKER_MEMORY``), so one hostile file is refused and the others go on."""
    store = Store(args.store)
    files = _expand(args.files)
    if not files:
        return 1
    with IsolatedExtractor() as worker:
        return _report(ingest_paths(store, files, progress=True, extractor=worker), store.path)


def reextract_store(args) -> int:
    """``reextract``: stored articles extracted again with the current rules, corrections kept."""
    store = Store(args.store)
    if not args.articles and store.count() == 0:
        print(f"crosscount: {store.path}: the store holds no articles; nothing to extract again "
              "(add some with `python -m extraction add`)", file=sys.stderr)
        return 0
    done = reextract(store, args.articles or None, get_nlp(),
                     on_article=lambda a, n, o: print(f"{a}: {n} claims" + (f", {o} orphaned correction(s)"
                                                                           if o else ""), file=sys.stderr))
    print(f"Extracted {len(done)} article(s) again; their corrections kept.", file=sys.stderr)
    return 0


def retag_store(args) -> int:
    """``retag``: stored claims tagged again with the wars of the registry as it is now."""
    store = Store(args.store)
    print(f"{store.path}: {retag(store)} claim(s) tagged with another war or stake", file=sys.stderr)
    return 0


STORE_HELP = "the store file (default: $CROSSCOUNT_STORE or data/crosscount.sqlite)"
FILES_HELP = "article files (.txt, .md, .html) or folders"


def watch_cmd(args) -> int:
    """``watch add|list|remove|pause|resume|run``: the feeds and pages the store follows."""
    from . import watch  # deferred: feedparser and datasketch load only for this command (a cold CLI stays fast)
    store = Store(args.store)
    try:
        if args.action == "add":
            src = watch.add_source(store, args.url, args.name, args.outlet, args.every)
            print(f"watching {src.name}: {src.url} every {src.every_s // 60} min")
        elif args.action == "list":
            for s in watch.sources(store):
                state = "paused" if s.paused else f"every {s.every_s // 60} min"
                last = (f"last polled {s.last_poll}: {s.last_new} new" + (f"; error: {s.last_error}" if s.last_error else "")
                        if s.last_poll else "not polled yet")
                print(f"{s.name}\t{s.url}\t{s.outlet or '-'}\t{state}\t{last}")
        elif args.action == "remove":
            watch.remove_source(store, args.name)
            print(f"no longer watching {args.name} (its articles stay)")
        elif args.action in ("pause", "resume"):
            watch.pause_source(store, args.name, args.action == "pause")
            print(f"{args.name}: {'paused' if args.action == 'pause' else 'polled again'}")
        else:  # each page read and extracted in the isolated worker, within its budget and memory bound
            with IsolatedExtractor() as worker:
                try:
                    watch.run(store, once=args.once, extractor=worker)
                except KeyboardInterrupt:
                    return 0
    except watch.WatchError as e:
        print(f"crosscount: {e}", file=sys.stderr)
        return 1
    return 0


def parser() -> argparse.ArgumentParser:
    """The CLI's arguments; each command's ``run`` is the function that carries it out."""
    ap = argparse.ArgumentParser(prog="python -m extraction", description="crosscount: numeric claims and places from news articles")
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("claims", help="print one JSON line per claim")
    c.add_argument("files", nargs="+", help=FILES_HELP)
    c.set_defaults(run=print_rows)
    p = sub.add_parser("places", help="print one JSON line per distinct place per article; names after "
                       "'in', 'near', 'to'… that no gazetteer entry places are listed on stderr")
    p.add_argument("files", nargs="+", help=FILES_HELP)
    p.set_defaults(run=print_rows)
    b = sub.add_parser("build", help="write a new store (the dataset the dashboard reads) from a folder")
    b.add_argument("folder", nargs="?", default="seeds",
                   help="a folder of article files; with --engine dask also a .jsonl or .parquet file of articles "
                        "(id, text, published, title, outlet, url)")
    b.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="dask: extract on a Dask cluster (default: a LocalCluster, one worker process per core)")
    b.add_argument("--scheduler", help="with --engine dask: the address of an existing cluster's scheduler")
    b.add_argument("--partitions", type=int, help="with --engine dask: how many parts (default: 4 per worker)")
    b.add_argument("--out", required=True, help="the store file to write, e.g. data/crosscount.sqlite")
    b.add_argument("--force", action="store_true", help="replace an existing store (its added articles are lost)")
    b.set_defaults(run=build_store)
    a = sub.add_parser("add", help="add articles to the store the dashboard reads")
    a.add_argument("files", nargs="+", help=FILES_HELP)
    a.add_argument("--store", help=STORE_HELP)
    a.set_defaults(run=add)
    g = sub.add_parser("export-gold", help="write the analysts' reviewed articles as a gold file (seed_gold.json's shape)")
    g.add_argument("--store", help=STORE_HELP)
    g.add_argument("--out", required=True, help="the gold file to write, e.g. gold.json")
    g.set_defaults(run=export_gold)
    r = sub.add_parser("reextract", help="extract stored articles again with the current rules, keeping analysts' corrections")
    r.add_argument("articles", nargs="*", help="article ids (default: every article)")
    r.add_argument("--store", help=STORE_HELP)
    r.set_defaults(run=reextract_store)
    t = sub.add_parser("retag", help="tag the stored claims again with the wars of data/conflicts.json (and "
                       "$CROSSCOUNT_CONFLICTS) as they are now, without extracting again")
    t.add_argument("--store", help=STORE_HELP)
    t.set_defaults(run=retag_store)
    w = sub.add_parser("watch", help="follow feeds (RSS, Atom) and pages: new articles are fetched and added")
    wsub = w.add_subparsers(dest="action", required=True)
    wa = wsub.add_parser("add", help="watch a feed or a page")
    wa.add_argument("url")
    wa.add_argument("--name", required=True, help="what the source is called (list, remove, the dashboard)")
    wa.add_argument("--outlet", help="the outlet it stands for, where the page does not say")
    wa.add_argument("--every", default="15m", help="poll interval: 90s, 15m, 2h, 1d (at least a minute; default 15m)")
    wsub.add_parser("list", help="the sources and their last poll")
    for action in ("remove", "pause", "resume"):
        wx = wsub.add_parser(action, help=f"{action} a source (by name)")
        wx.add_argument("name")
    wr = wsub.add_parser("run", help="poll the sources that are due, and keep polling (Ctrl-C stops)")
    wr.add_argument("--once", action="store_true", help="poll what is due once, then stop")
    for x in wsub.choices.values():
        x.add_argument("--store", help=STORE_HELP)
    w.set_defaults(run=watch_cmd)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except ModelNotFound as e:
        print(f"crosscount: {e}", file=sys.stderr)
        return 2
    except StoreError as e:
        where = args.out if args.cmd == "build" else (getattr(args, "store", None) or settings.store_file())
        print(f"crosscount: {where}: the store cannot be used: {e}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
