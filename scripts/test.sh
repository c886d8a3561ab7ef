#!/usr/bin/env bash
# The whole test suite: formatting, lints, unit/integration/property/CLI
# tests, doc tests. CI (.ci/run) calls exactly this script.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo not found: install Rust (rustup) first" >&2
  exit 1
fi

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy (warnings are errors; all features, so the parquet code is linted too)"
cargo clippy --workspace --all-targets --all-features --locked -- -D warnings

step "architecture invariant: engine crates depend on no async, SQL or HTTP crate"
for crate in lookout-names lookout-index lookout-screen; do
  if cargo tree -p "$crate" -e normal --prefix none --locked 2>/dev/null \
      | grep -Eq '^(tokio|sqlx|rusqlite|postgres|tokio-postgres|hyper|axum|reqwest|tower|async-std) '; then
    echo "invariant broken: $crate depends on an async/SQL/HTTP crate" >&2
    cargo tree -p "$crate" -e normal --locked | grep -E 'tokio|sqlx|rusqlite|postgres|hyper|axum|reqwest|tower' >&2
    exit 1
  fi
done
echo "ok"

step "tests"
if command -v cargo-nextest >/dev/null 2>&1; then
  cargo nextest run --workspace --locked --no-fail-fast
  step "doc tests"
  cargo test --workspace --doc --locked
else
  cargo test --workspace --locked --no-fail-fast
fi

step "parquet feature (input and output behind --features parquet)"
cargo test -p lookout-screen --features parquet --locked --lib parquet_io

step "benchmarks compile"
cargo bench --workspace --no-run --locked >/dev/null

step "scorer cross-check against shared/eval/score.py"
./scripts/crosscheck.sh
