"""Command line: ``python -m extraction claims|places|build|add``. See the README."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .dataset import build, extract_files
from .ingest import ingest_paths, summary
from .pipeline import ModelNotFound
from .reader import SUFFIXES, article_files
from .store import Store, StoreError, default_store_path


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


def _export_gold(store: Store, out: Path) -> int:
    """Reviewed articles (extraction + corrections) → a gold file the scorer reads."""
    from .audit import corrections
    from .review import effective, gold, records

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
    from .distributed import build_on_dask
    from .model import ArticleError

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
    from .model import plain
    p = plain(v)
    return str(v) if p is v else p


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m extraction", description="crosscount: numeric claims and places from news articles")
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("claims", help="print one JSON line per claim")
    c.add_argument("files", nargs="+", help="article files (.txt, .md, .html) or folders")
    p = sub.add_parser("places", help="print one JSON line per distinct place per article; names after "
                       "'in', 'near', 'to'… that no gazetteer entry places are listed on stderr")
    p.add_argument("files", nargs="+")
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
    a = sub.add_parser("add", help="add articles to the store the dashboard reads")
    a.add_argument("files", nargs="+", help="article files (.txt, .md, .html) or folders")
    a.add_argument("--store", help="the store file (default: $CROSSCOUNT_STORE or data/crosscount.sqlite)")
    g = sub.add_parser("export-gold", help="write the analysts' reviewed articles as a gold file (seed_gold.json's shape)")
    g.add_argument("--store", help="the store file (default: $CROSSCOUNT_STORE or data/crosscount.sqlite)")
    g.add_argument("--out", required=True, help="the gold file to write, e.g. gold.json")
    r = sub.add_parser("reextract", help="extract stored articles again with the current rules, keeping analysts' corrections")
    r.add_argument("articles", nargs="*", help="article ids (default: every article)")
    r.add_argument("--store", help="the store file (default: $CROSSCOUNT_STORE or data/crosscount.sqlite)")
    t = sub.add_parser("retag", help="tag the stored claims again with the wars of data/conflicts.json (and "
                       "$CROSSCOUNT_CONFLICTS) as they are now, without extracting again")
    t.add_argument("--store", help="the store file (default: $CROSSCOUNT_STORE or data/crosscount.sqlite)")
    args = ap.parse_args(argv)
    try:
        if args.cmd == "retag":
            from .retag import retag
            store = Store(args.store)
            print(f"{store.path}: {retag(store)} claim(s) tagged with another war or stake", file=sys.stderr)
            return 0
        if args.cmd == "reextract":
            from .audit import reextract
            from .pipeline import get_nlp
            done = reextract(Store(args.store), args.articles or None, get_nlp(),
                             on_article=lambda a, n, o: print(f"{a}: {n} claims" + (f", {o} orphaned correction(s)"
                                                                                   if o else ""), file=sys.stderr))
            return 0 if done else 1
        if args.cmd == "export-gold":
            return _export_gold(Store(args.store), Path(args.out))
        if args.cmd == "build" and args.engine == "dask":
            return _build_on_dask(args)
        if args.cmd == "build":
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
            outcomes = build(folder, out, progress=True)
            return _report(outcomes, out)
        if args.cmd == "add":
            store = Store(args.store)
            files = _expand(args.files)
            if not files:
                return 1
            outcomes = ingest_paths(store, files, progress=True)
            return _report(outcomes, store.path)
        files = _expand(args.files)
        if not files:
            return 1
        if args.cmd == "places":  # places need no parse: the spaCy model is not loaded
            from .claims import places_only
            ex = extract_files(files, extractor=places_only)
        else:
            ex = extract_files(files)
        rows = ex.claims if args.cmd == "claims" else ex.places
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False, allow_nan=False) + "\n")
        _emit_problems(ex)
        return 0 if ex.articles else 1
    except ModelNotFound as e:
        print(f"crosscount: {e}", file=sys.stderr)
        return 2
    except StoreError as e:
        where = args.out if args.cmd == "build" else (args.store or default_store_path())
        print(f"crosscount: {where}: the store cannot be used: {e}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
