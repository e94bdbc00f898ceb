"""Reading articles from disk: ``.txt``/``.md`` (an optional first ``date YYYY-MM-DD`` line is
the publication date) and ``.html`` (main text and metadata by trafilatura). Every problem is an
:class:`ArticleError` with a one-line message; undecodable bytes are replaced with a warning.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

from .model import Article

MAX_BYTES = 2_000_000  # 2 MB: far above any news article, small enough to keep a batch fast
TEXT_SUFFIXES = {".txt", ".md", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
MANIFEST = "manifest.csv"
_DATE_LINE = re.compile(r"^\s*date:?\s*(\d{4}-\d{2}-\d{2})\b[ \t]*\n?", re.IGNORECASE)


class ArticleError(Exception):
    """A file that cannot be read as an article; ``str(e)`` is the one-line reason."""


def decode(data: bytes) -> tuple[str, list[str]]:
    """Bytes → text: UTF-8 (a BOM is dropped), else UTF-8 with replacement characters and a
    warning that says how many bytes were replaced."""
    if b"\x00" in data[:8192]:
        raise ArticleError("binary file (it contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        controls = sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\n\r\t\f")
        if controls > 0.05 * min(len(text), 4096) or bad > 0.3 * len(text):
            raise ArticleError("binary file, not text")
        return text, [f"not valid UTF-8: {bad} undecodable byte(s) replaced with \ufffd"]


def parse_text(article_id: str, text: str) -> Article:
    art = Article(article_id=article_id, text=text)
    m = _DATE_LINE.match(text)
    if m:
        art.published = m.group(1)
        art.body_start = m.end()
    return art


def parse_html(article_id: str, html: str) -> Article:
    import trafilatura

    body = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not body or not body.strip():
        raise ArticleError("no article text found in the HTML page")
    meta = trafilatura.extract_metadata(html)
    art = Article(article_id=article_id, text=body)
    if meta is not None:
        art.published = (meta.date or None) and str(meta.date)[:10]
        art.title = meta.title or None
        art.outlet = meta.sitename or None
        art.url = meta.url or None
    return art


def read_article(path: str | Path, manifest: dict[str, dict] | None = None, max_bytes: int = MAX_BYTES) -> Article:
    """Read one article file; raises :class:`ArticleError` with a one-line reason."""
    p = Path(path)
    if not p.exists():
        raise ArticleError("no such file")
    if p.is_dir():
        raise ArticleError("is a folder, not a file")
    size = p.stat().st_size
    check_size(size, max_bytes)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise ArticleError(f"cannot be read ({e.strerror or e})") from None
    art = article_from_bytes(p.name, data, (manifest or {}).get(p.stem), max_bytes)
    art.path = str(p)
    return art


def check_size(size: int, max_bytes: int = MAX_BYTES) -> None:
    if size > max_bytes:
        raise ArticleError(f"file is {size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB")
    if size == 0:
        raise ArticleError("empty file")


def article_from_bytes(name: str, data: bytes, meta: dict | None = None, max_bytes: int = MAX_BYTES) -> Article:
    """An article from a file's name and bytes (an upload, or a file read from disk). ``meta``
    (title, outlet, url, published) fills in what the file does not say."""
    check_size(len(data), max_bytes)
    text, warnings = decode(data)
    if not text.strip():
        raise ArticleError("empty file (white space only)")
    p = Path(name)
    suffix = p.suffix.lower()
    if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and re.match(r"\s*<(?:!doctype|html)", text, re.I)):
        art = parse_html(p.stem, text)
    else:
        art = parse_text(p.stem, text)
    art.warnings.extend(warnings)
    for key in ("title", "outlet", "url", "published"):
        value = (meta or {}).get(key)
        if value and not getattr(art, key):
            setattr(art, key, value)
    return art


def read_manifest(folder: str | Path) -> dict[str, dict]:
    """``manifest.csv`` of a folder (id,title,outlet,published,url); empty cells are unknown."""
    f = Path(folder) / MANIFEST
    if not f.exists():
        return {}
    with open(f, encoding="utf-8", newline="") as fh:
        return {row["id"]: {k: (v or "").strip() or None for k, v in row.items()} for row in csv.DictReader(fh)}


def files_with_manifests(paths, progress: bool = False, desc: str = "reading", on_file=None):
    """Each path with what its folder's manifest.csv says of it (None when nothing), read once
    per folder; ``progress`` draws a bar on stderr, ``on_file(done, total, path)`` follows each."""
    paths = [Path(p) for p in paths]
    manifests: dict[Path, dict] = {}
    bar = None
    if progress:
        import sys

        from tqdm import tqdm
        bar = tqdm(total=len(paths), desc=desc, unit="article", file=sys.stderr)
    try:
        for i, p in enumerate(paths):
            if p.parent not in manifests:
                manifests[p.parent] = read_manifest(p.parent) if p.parent.is_dir() else {}
            yield p, manifests[p.parent].get(p.stem)
            if bar is not None:
                bar.update(1)
            if on_file is not None:
                on_file(i + 1, len(paths), p)
    finally:
        if bar is not None:
            bar.close()


def article_files(folder: str | Path) -> list[Path]:
    """The article files of a folder, sorted by name."""
    return sorted(p for p in Path(folder).iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
