"""Reading articles from disk: ``.txt``/``.md`` (an optional first ``date YYYY-MM-DD`` line is
the publication date) and ``.html`` (main text and metadata by trafilatura). Every problem is an
:class:`ArticleError` with a one-line message; undecodable bytes are replaced with a warning.
"""
from __future__ import annotations

import codecs
import csv
import re
import sys
from pathlib import Path

from tqdm import tqdm

from .dates import parse_published, published_problem
from .model import Article, ArticleError

MAX_BYTES = 2_000_000  # a file: room for an HTML page around its article
MAX_TEXT = 200_000  # characters of article text: far above any news article, extracted in a few seconds
TEXT_SUFFIXES = {".txt", ".md", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
MANIFEST = "manifest.csv"
_DATE_LINE = re.compile(r"^\s*date:?\s*(\d{4}-\d{2}-\d{2})\b[ \t]*\n?", re.IGNORECASE)


BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
MIN_TEXT_SHARE = 0.5  # of the characters: below it, the file is not text


def decode(data: bytes) -> tuple[str, list[str]]:
    """Bytes → text: by its byte-order mark (UTF-8, UTF-16, UTF-32), else UTF-8, else the
    encoding charset-normalizer detects (with a warning naming it), else UTF-8 with replacement
    characters and a warning that says how many bytes were replaced."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return _text_only(data.decode(encoding)), []
            except UnicodeDecodeError:
                raise ArticleError(f"starts like {encoding.upper().rstrip('-SIG')} text but is not") from None
    if b"\x00" in data[:8192]:
        raise ArticleError("binary file (it contains NUL bytes), not text")
    try:
        return _text_only(data.decode("utf-8")), []
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # deferred: only a file that is not UTF-8 needs the detector

    matches = from_bytes(data)
    best = matches.best()
    # of encodings that read the bytes equally well, cp1252 (the Windows Western one, by far the
    # most common for text in English): a tie picked cp1250 and read "près" as "prčs"
    tie = next((m for m in matches if best is not None and m.encoding == "cp1252" and m.chaos <= best.chaos
                and m.coherence >= best.coherence), None)
    best = tie or best
    if best is not None and best.encoding not in ("utf_8", "utf-8"):
        # named cp1252 too when it reads the bytes to the same text (charset-normalizer lists those)
        name = "cp1252" if "cp1252" in (best.could_be_from_charset or ()) else best.encoding
        return _text_only(str(best)), [f"not UTF-8: read as {name}"]
    text = _text_only(data.decode("utf-8", errors="replace"))
    bad = text.count("\ufffd")
    if bad > 0.3 * len(text):
        raise ArticleError("binary file, not text")
    return text, [f"not valid UTF-8: {bad} undecodable byte(s) replaced with \ufffd"]


def _text_only(text: str) -> str:
    """``text`` when most of it is text; a file of control characters or replacement marks is no article."""
    sample = text[:20_000]
    readable = sum(1 for c in sample if c.isprintable() and c != "\ufffd" or c in "\n\r\t")
    if sample and readable < MIN_TEXT_SHARE * len(sample):
        raise ArticleError("not text: it is mostly control characters or undecodable bytes")
    return text


def parse_text(article_id: str, text: str) -> Article:
    art = Article(article_id=article_id, text=text)
    m = _DATE_LINE.match(text)
    if m:
        art.body_start = m.end()
        if parse_published(m.group(1)) is None:
            art.warnings.append(published_problem(m.group(1)) + "; read without one")
        else:
            art.published = m.group(1)
    return art


def parse_html(article_id: str, html: str) -> Article:
    import trafilatura  # deferred: only HTML pages need trafilatura, which is slow to import

    # tables kept, one row a line ("| Kyiv | 12 | 87 |"): a toll by region is often one
    body = trafilatura.extract(html, include_comments=False, include_tables=True, favor_precision=True)
    if not body or not body.strip():
        raise ArticleError("no article text found in the HTML page")
    meta = trafilatura.extract_metadata(html)
    headline = _headline(html)
    if headline and headline not in body[:len(headline) + 200]:
        body = headline + "\n" + body  # the page's visible headline and its figures ("record 728 drones")
    art = Article(article_id=article_id, text=body)
    if meta is not None:
        date = (meta.date or None) and str(meta.date)[:10]
        if date and parse_published(date) is None:
            art.warnings.append(published_problem(date) + "; read without one")
        else:
            art.published = date
        art.title = meta.title or None
        art.outlet = meta.sitename or None
        art.url = meta.url or None
    return art


def _headline(html: str) -> str | None:
    """The page's visible headline: the first ``<h1>`` of its ``<article>`` (else of the page),
    which the main-text extraction leaves out when it stands in the article's header."""
    import lxml.html  # deferred: only HTML pages need lxml

    try:
        doc = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return None
    found = doc.xpath("//article//h1") or doc.xpath("//main//h1") or doc.xpath("//h1")
    text = " ".join(found[0].text_content().split()) if found else ""
    return text[:300] or None


def read_article(path: str | Path, manifest: dict[str, dict] | None = None, max_bytes: int = MAX_BYTES,
                 reader=None) -> Article:
    """Read one article file; raises :class:`ArticleError` with a one-line reason. ``reader(name,
    bytes)`` makes the Article of its bytes (default :func:`article_from_bytes` here; the isolated
    worker's ``read`` decodes and parses them within its limits)."""
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
    meta = (manifest or {}).get(p.stem)
    art = filled_in(reader(p.name, data), meta) if reader else article_from_bytes(p.name, data, meta, max_bytes)
    art.path = str(p)
    return art


def check_size(size: int, max_bytes: int = MAX_BYTES) -> None:
    if size > max_bytes:
        raise ArticleError(f"{size:,} bytes is over the {max_bytes:,}-byte limit")
    if size == 0:
        raise ArticleError("empty file")


def check_text(text: str, max_chars: int = MAX_TEXT) -> None:
    if len(text) > max_chars:
        raise ArticleError(f"its text is {len(text):,} characters, over the {max_chars:,}-character limit "
                           "(split it into smaller articles)")


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
    check_text(art.text)
    art.warnings[:0] = warnings
    return filled_in(art, meta)


def filled_in(art: Article, meta: dict | None, by: str = "manifest") -> Article:
    """``art`` with what ``meta`` (title, outlet, url, published: a manifest's row, a feed's
    entry) says where the article itself does not; a date that cannot be read is a warning."""
    for key in ("title", "outlet", "url", "published"):
        value = (meta or {}).get(key)
        if value and not getattr(art, key):
            if key == "published" and parse_published(value) is None:
                art.warnings.append(f"{by}: {published_problem(value)}; read without one")
                continue
            setattr(art, key, value)
    return art


def read_manifest(folder: str | Path) -> tuple[dict[str, dict], str | None]:
    """``manifest.csv`` of a folder (id,title,outlet,published,url; empty cells are unknown), and
    what is wrong with it (None when nothing): a manifest that cannot be read is left out whole."""
    f = Path(folder) / MANIFEST
    if not f.exists():
        return {}, None
    try:
        with open(f, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except UnicodeDecodeError:
        return {}, "not UTF-8 text; the files are read without it"
    except (OSError, csv.Error) as e:
        return {}, f"cannot be read ({e}); the files are read without it"
    if rows and "id" not in rows[0]:
        return {}, "has no 'id' column (expected id,title,outlet,published,url); the files are read without it"
    ids = [row["id"] for row in rows if row.get("id")]
    twice = sorted({i for i in ids if ids.count(i) > 1}) if len(set(ids)) < len(ids) else []
    out = {}
    for row in rows:
        if row.get("id") and row["id"] not in out:  # of rows with one id, the first counts
            out[row["id"]] = {k: (v or "").strip() or None for k, v in row.items() if k}
    problem = ("lists " + ", ".join(twice[:5]) + (" …" if len(twice) > 5 else "") +
               " more than once; the first row of each is used") if twice else None
    return out, problem


def files_with_manifests(paths, progress: bool = False, desc: str = "reading", on_file=None, on_problem=None):
    """Each path with what its folder's manifest.csv says of it (None when nothing), read once
    per folder; ``progress`` draws a bar on stderr, ``on_file(done, total, path)`` follows each,
    ``on_problem(manifest path, message)`` hears of a manifest that cannot be used."""
    paths = [Path(p) for p in paths]
    manifests: dict[Path, dict] = {}
    bar = None
    if progress:

        bar = tqdm(total=len(paths), desc=desc, unit="article", file=sys.stderr)
    try:
        for i, p in enumerate(paths):
            if p.parent not in manifests:
                manifests[p.parent], problem = read_manifest(p.parent) if p.parent.is_dir() else ({}, None)
                if problem and on_problem:
                    on_problem(str(p.parent / MANIFEST), problem)
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
