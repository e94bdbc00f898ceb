"""Command line: ``python -m extraction claims|places|build``. See the README."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .dataset import build, extract_files
from .pipeline import ModelNotFound
from .reader import article_files


def _emit_problems(ex) -> None:
    for path, msg in ex.errors:
        print(f"crosscount: {path}: {msg}", file=sys.stderr)
    for path, msg in ex.warnings:
        print(f"crosscount: {path}: warning: {msg}", file=sys.stderr)


def _expand(paths: list[str]) -> list[Path]:
    out = []
    for p in map(Path, paths):
        out.extend(article_files(p) if p.is_dir() else [p])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m extraction", description="crosscount: numeric claims and places from news articles")
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("claims", help="print one JSON line per claim")
    c.add_argument("files", nargs="+", help="article files (.txt, .md, .html) or folders")
    p = sub.add_parser("places", help="print one JSON line per distinct place per article")
    p.add_argument("files", nargs="+")
    b = sub.add_parser("build", help="write the dataset the dashboard reads")
    b.add_argument("folder", nargs="?", default="seeds")
    b.add_argument("--out", default="data/dataset", help="output folder (default: data/dataset)")
    args = ap.parse_args(argv)
    try:
        if args.cmd == "build":
            folder = Path(args.folder)
            if not folder.is_dir():
                print(f"crosscount: {folder}: no such folder", file=sys.stderr)
                return 1
            ex = build(folder, args.out, progress=True)
            _emit_problems(ex)
            print(f"{len(ex.articles)} articles, {len(ex.claims)} claims, {len(ex.places)} places → {args.out}", file=sys.stderr)
            return 0 if ex.articles else 1
        files = _expand(args.files)
        ex = extract_files(files)
        rows = ex.claims if args.cmd == "claims" else ex.places
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
        _emit_problems(ex)
        return 0 if ex.articles else 1
    except ModelNotFound as e:
        print(f"crosscount: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
