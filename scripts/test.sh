#!/usr/bin/env bash
# Install what the tests need and run them (README's test command; .ci/run runs exactly this):
# Debian's Chromium for the browser test, a virtualenv with requirements-dev.txt, then pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "scripts/test.sh: installing Debian's chromium for the browser test" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "scripts/test.sh: cannot install chromium here (needs root and apt-get); the browser test will skip" >&2
  fi
fi
if [ -x /usr/bin/chromium ]; then export CROSSCOUNT_REQUIRE_BROWSER=1; fi
python3 -m venv .venv
.venv/bin/pip install -q -r requirements-dev.txt
.venv/bin/ruff check .
exec .venv/bin/python -m pytest -q "$@"
