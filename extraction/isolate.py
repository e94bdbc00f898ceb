"""Extraction in a separate process, so that a slow or hostile article cannot hold up the
process that serves other users (the dashboard). The worker is ``python -m extraction.isolate``:
it loads the model once and answers one article at a time over its standard input and output
(length-prefixed pickles between two processes of this program); when an article outlives its
hard limit the worker is killed and the next article starts a new one. No Streamlit; it starts and stops the worker process.

A separate interpreter, not multiprocessing: under ``streamlit run`` the ``__main__`` module is
the app's script, which multiprocessing's spawn would run again in the child."""
from __future__ import annotations

import os
import pickle
import select
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

from . import settings
from .claims import TIME_BUDGET, extract_article
from .model import Article, ArticleError
from .pipeline import ModelNotFound, get_nlp
from .reader import article_from_bytes

ROOT = Path(__file__).resolve().parent.parent
STARTUP = 90.0  # seconds a new worker may take to load the model and answer its first article
_HEADER = struct.Struct(">Q")


def _send(stream, obj) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _receive(stream):
    head = stream.read(_HEADER.size)
    if len(head) < _HEADER.size:
        raise EOFError("the extraction worker stopped")
    return pickle.loads(stream.read(_HEADER.unpack(head)[0]))


class IsolatedExtractor:
    """A callable ``(article, nlp=None) → Extracted`` that runs in a worker process (the dashboard's
    adds, and the CLI's ``add`` and ``watch run``), with ``read(name, bytes)`` for decoding and
    HTML parsing there too. The article's
    own time budget is enforced inside the worker; ``hard_limit`` seconds past it (a step that never
    checks the budget) the worker is killed and the article refused with an :class:`ArticleError`.
    Calls from several threads are served one at a time."""

    def __init__(self, budget: float | None = None, hard_limit: float = 20.0):
        self.budget = TIME_BUDGET if budget is None else budget
        self.hard_limit = hard_limit
        self._proc: subprocess.Popen | None = None
        self._lock = threading.Lock()

    def _worker(self) -> tuple[subprocess.Popen, float]:
        """The running worker, and extra seconds to allow when it is new (the model loads)."""
        if self._proc is not None and self._proc.poll() is None:
            return self._proc, 0.0
        self._proc = subprocess.Popen([sys.executable, "-m", "extraction.isolate"], cwd=ROOT, stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, env=dict(os.environ, PYTHONUNBUFFERED="1"))
        return self._proc, STARTUP

    def __call__(self, article: Article, nlp=None):
        return self._ask((article, self.budget))

    def read(self, name: str, data: bytes) -> Article:
        """An uploaded file's bytes read into an Article in the worker (decoding, HTML parsing):
        a page that takes too long is stopped there, never in the process that serves others."""
        return self._ask(("read", name, data))

    def _ask(self, request):
        with self._lock:
            proc, startup = self._worker()
            limit = self.budget + self.hard_limit + startup
            try:
                _send(proc.stdin, request)
                deadline = time.monotonic() + limit
                while not select.select([proc.stdout], [], [], max(0.0, deadline - time.monotonic()))[0]:
                    if time.monotonic() >= deadline:
                        self.close()
                        raise ArticleError(f"extraction did not finish within {limit:g} seconds and was stopped; "
                                           "split the text into smaller articles")
                kind, value = _receive(proc.stdout)
            except (BrokenPipeError, EOFError, OSError) as e:
                self.close()
                raise ArticleError(f"the extraction worker stopped ({e}): the article may need more than the "
                                   "worker's memory bound (CROSSCOUNT_WORKER_MEMORY); split it, or please report "
                                   "this") from None
        if kind == "ok":
            return value
        if kind == "article":
            raise ArticleError(value)
        if kind == "model":  # the worker has no model to load: no article can be extracted
            self.close()
            raise ModelNotFound(value)
        raise RuntimeError(value)

    def __enter__(self) -> IsolatedExtractor:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait()
            self._proc = None


PARSE_COPIES = 4  # parsing a page holds a few copies of it: its bytes, its text, the tree


def memory_bytes(value: str) -> int:
    """A memory setting (``512MB``, ``2GB``: settings.py's check) → bytes."""
    return int(value[:-2]) << (20 if value.endswith("MB") else 30)


def bound_memory(extra: int) -> int | None:
    """Limit this process's address space to what it maps now plus ``extra`` bytes (Linux; elsewhere
    nothing is limited). Returns the limit set."""
    try:
        import resource  # deferred: Unix only; elsewhere nothing is limited
        pages = int(Path("/proc/self/statm").read_text().split()[0])
        limit = pages * os.sysconf("SC_PAGE_SIZE") + extra
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        return limit
    except (ImportError, OSError, ValueError):
        return None


def serve(stdin, stdout) -> None:
    """The worker's loop: (article, budget) in, ("ok", Extracted) or ("article"/"error", message) out;
    ("read", name, bytes) in, ("ok", Article) out.
    Once the model is loaded its memory is bounded (``CROSSCOUNT_WORKER_MEMORY`` more): an article
    that needs more is refused with a message, and the worker goes on. With no model to load,
    every request is answered ("model", why), as the CLI reports it."""

    try:
        nlp = get_nlp()
    except ModelNotFound as e:
        while True:
            try:
                _receive(stdin)
            except EOFError:
                return
            _send(stdout, ("model", str(e)))
    extract_article(Article("warm", "About 3,000 soldiers were sent, officials said."), nlp)  # what one article loads
    article_from_bytes("warm.html", b"<html><body><p>About 3,000 soldiers were sent.</p></body></html>")  # and a page
    extra = settings.get("CROSSCOUNT_WORKER_MEMORY")
    bound_memory(memory_bytes(extra))
    while True:
        try:
            request = _receive(stdin)
        except EOFError:
            return
        try:
            if request[0] == "read":  # ("read", name, bytes): decoding and HTML parsing happen here too
                try:
                    _send(stdout, ("ok", article_from_bytes(request[1], request[2])))
                except ArticleError:
                    # the HTML parser swallows a MemoryError and finds "no text": if a few copies of
                    # the page no longer fit in the bound, the bound is the reason
                    room = bytearray(PARSE_COPIES * len(request[2]))
                    del room
                    raise
                continue
            article, budget = request
            _send(stdout, ("ok", extract_article(article, nlp, budget=budget)))
        except ArticleError as e:
            _send(stdout, ("article", str(e)))
        except MemoryError:
            _send(stdout, ("article", f"extraction needed more than its {extra} of memory for one article "
                                      "(CROSSCOUNT_WORKER_MEMORY); split the text into smaller articles"))
        except Exception as e:  # reported to the caller as one line
            _send(stdout, ("error", f"{e.__class__.__name__}: {e}"))


if __name__ == "__main__":
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything a library prints goes to stderr, never into the answers
    serve(sys.stdin.buffer, answers)
