#!/usr/bin/env bash
# Create bench/peers/.venv with the pinned peer stack (requirements.txt, constrained by
# constraints.txt). Idempotent: re-running only installs what is missing. Prints versions.
#   bench/peers/setup.sh            (env PYTHON=python3.11 to choose the interpreter)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$HERE/.venv"
PYTHON="${PYTHON:-python3}"

# pyicu (needed by normality/rigour) builds from source: it needs ICU headers, pkg-config, a C++ compiler.
if ! pkg-config --exists icu-uc 2>/dev/null || ! command -v c++ >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libicu-dev pkg-config g++ >/dev/null
  else
    echo "warning: libicu-dev / pkg-config / a C++ compiler may be missing (needed to build pyicu)" >&2
  fi
fi

if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
fi
if ! "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$HERE/requirements.txt" -c "$HERE/constraints.txt"; then
  echo "install with the full lock failed; retrying with the top-level pins only" >&2
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$HERE/requirements.txt"
fi
"$VENV/bin/python" - <<'PY'
import sys
from importlib import metadata
print("python", sys.version.split()[0])
for p in ["nomenklatura", "rigour", "followthemoney", "normality", "pyicu", "splink", "duckdb", "pandas"]:
    print("%-15s %s" % (p, metadata.version(p)))
import icu, nomenklatura.matching, splink  # noqa: F401  (import check)
PY
