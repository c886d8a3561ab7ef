#!/usr/bin/env bash
# Run the three peers (nomenklatura logic-v1, logic-v2; Splink 4) on the three public eval sets,
# score every hits.csv with the shared score.py and write OUTDIR/summary.{md,json}.
#
#   bench/peers/run_all.sh [OUTDIR]        (default: bench/peers/results)
#
# Environment: EVAL_DIR (default /work/shared/eval, or ../shared/eval next to the repo),
# SETS / PEERS (space-separated subsets), NICE (default 10).
# Raw hits, sidecars and logs go to OUTDIR/raw/ (git-ignored: they are derived from the eval sets).
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUTDIR="${1:-$HERE/results}"
RAW="$OUTDIR/raw"
PY="$HERE/.venv/bin/python"
NICE="${NICE:-10}"
if [ -z "${EVAL_DIR:-}" ]; then
  if [ -d /work/shared/eval ]; then EVAL_DIR=/work/shared/eval
  else EVAL_DIR="$(cd "$HERE/../../.." && pwd)/shared/eval"; fi
fi
SETS="${SETS:-febrl4 name-bench wikidata-xscript}"
PEERS="${PEERS:-logic-v1 logic-v2 splink}"

if [ ! -x "$PY" ]; then
  echo "no venv at $HERE/.venv: run bench/peers/setup.sh first" >&2
  exit 2
fi
mkdir -p "$RAW"
failed=0
t_start=$(date +%s)
for s in $SETS; do
  for p in $PEERS; do
    out="$RAW/$s.$p.hits.csv"
    log="$RAW/$s.$p.log"
    echo "== $s / $p" >&2
    t0=$(date +%s)
    if [ "$p" = splink ]; then
      nice -n "$NICE" "$PY" "$HERE/run_splink.py" --set "$EVAL_DIR/$s" --out "$out" >"$log" 2>&1
    else
      nice -n "$NICE" "$PY" "$HERE/run_opensanctions.py" --algorithm "$p" --set "$EVAL_DIR/$s" --out "$out" >"$log" 2>&1
    fi
    rc=$?
    tail -n 1 "$log" >&2
    echo "   rc=$rc, $(( $(date +%s) - t0 ))s" >&2
    if [ $rc -ne 0 ]; then failed=1; rm -f "$out" "${out%.csv}.meta.json"; fi
    # full score.py reports (text), for reading
    if [ -f "$out" ]; then
      for thr in none 0.5 0.7; do
        if [ "$thr" = none ]; then a=(); else a=(--threshold "$thr"); fi
        python3 "$EVAL_DIR/score.py" --truth "$EVAL_DIR/$s/truth.csv" --encounters "$EVAL_DIR/$s/encounters.csv" \
          --hits "$out" "${a[@]}" >"$RAW/$s.$p.score-$thr.txt" 2>&1
      done
    fi
  done
done
"$PY" "$HERE/summarize.py" --outdir "$OUTDIR" --eval-dir "$EVAL_DIR" --score "$EVAL_DIR/score.py"
echo "total $(( $(date +%s) - t_start ))s; summary: $OUTDIR/summary.md" >&2
exit $failed
