#!/usr/bin/env bash
# Run the three peers (nomenklatura logic-v1, logic-v2; Splink 4) on the three public eval sets,
# score every hits.csv with the shared score.py and write OUTDIR/summary.{md,json}.
#
#   bench/peers/run_all.sh [OUTDIR]        (default: bench/peers/results)
#
# Environment: EVAL_DIR (default /work/shared/eval, or ../shared/eval next to the repo),
# SETS / PEERS (space-separated subsets), NICE (default 10),
# EXTRA_SETS (space-separated directories of other schema-v1 sets, e.g. a `lookout synth` output;
# each is named by its basename, which must differ from the public set names).
# With EXTRA_SETS, the summary covers the three public sets (rescored from OUTDIR/raw, "missing"
# if they were never run) plus the extra sets, so `SETS= EXTRA_SETS=/tmp/x bench/peers/run_all.sh`
# adds one set to an existing summary without rerunning the others.
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
SETS="${SETS-febrl4 name-bench wikidata-xscript}"
PEERS="${PEERS:-logic-v1 logic-v2 splink}"
EXTRA_SETS="${EXTRA_SETS:-}"

# name=dir for every set to run: the public ones in EVAL_DIR, then the extra directories.
SPECS=()
for s in $SETS; do SPECS+=("$s=$EVAL_DIR/$s"); done
for d in $EXTRA_SETS; do
  d="$(cd "$d" && pwd)" || { echo "EXTRA_SETS: no directory $d" >&2; exit 2; }
  n="$(basename "$d")"
  case " febrl4 name-bench wikidata-xscript " in
    *" $n "*) echo "EXTRA_SETS: $d has the name of a public set; rename it" >&2; exit 2 ;;
  esac
  for f in watchlist.csv encounters.csv truth.csv; do
    [ -f "$d/$f" ] || { echo "EXTRA_SETS: $d has no $f" >&2; exit 2; }
  done
  SPECS+=("$n=$d")
done

if [ ! -x "$PY" ]; then
  echo "no venv at $HERE/.venv: run bench/peers/setup.sh first" >&2
  exit 2
fi
mkdir -p "$RAW"
failed=0
t_start=$(date +%s)
for spec in "${SPECS[@]}"; do
  s="${spec%%=*}"
  set_dir="${spec#*=}"
  for p in $PEERS; do
    out="$RAW/$s.$p.hits.csv"
    log="$RAW/$s.$p.log"
    echo "== $s / $p" >&2
    t0=$(date +%s)
    if [ "$p" = splink ]; then
      nice -n "$NICE" "$PY" "$HERE/run_splink.py" --set "$set_dir" --out "$out" >"$log" 2>&1
    else
      nice -n "$NICE" "$PY" "$HERE/run_opensanctions.py" --algorithm "$p" --set "$set_dir" --out "$out" >"$log" 2>&1
    fi
    rc=$?
    tail -n 1 "$log" >&2
    echo "   rc=$rc, $(( $(date +%s) - t0 ))s" >&2
    if [ $rc -ne 0 ]; then failed=1; rm -f "$out" "${out%.csv}.meta.json"; fi
    # full score.py reports (text), for reading
    if [ -f "$out" ]; then
      for thr in none 0.5 0.7; do
        if [ "$thr" = none ]; then a=(); else a=(--threshold "$thr"); fi
        python3 "$EVAL_DIR/score.py" --truth "$set_dir/truth.csv" --encounters "$set_dir/encounters.csv" \
          --hits "$out" "${a[@]}" >"$RAW/$s.$p.score-$thr.txt" 2>&1
      done
    fi
  done
done
if [ -z "$EXTRA_SETS" ]; then
  "$PY" "$HERE/summarize.py" --outdir "$OUTDIR" --eval-dir "$EVAL_DIR" --score "$EVAL_DIR/score.py"
else
  # summarize.py reads EVAL_DIR/NAME for a fixed list of names: give it a directory of symlinks
  # (public sets + extra sets) and extend its list, without changing summarize.py itself.
  SETLINKS="$RAW/sets"
  rm -rf "$SETLINKS"; mkdir -p "$SETLINKS"
  names="febrl4 name-bench wikidata-xscript"
  for s in febrl4 name-bench wikidata-xscript; do ln -s "$EVAL_DIR/$s" "$SETLINKS/$s"; done
  for d in $EXTRA_SETS; do
    d="$(cd "$d" && pwd)"; n="$(basename "$d")"
    ln -s "$d" "$SETLINKS/$n"; names="$names $n"
  done
  "$PY" - "$HERE" "$names" --outdir "$OUTDIR" --eval-dir "$SETLINKS" --score "$EVAL_DIR/score.py" <<'PYEOF'
import sys
sys.path.insert(0, sys.argv[1])
import summarize
summarize.SETS = sys.argv[2].split()
sys.argv = ["summarize.py"] + sys.argv[3:]
sys.exit(summarize.main())
PYEOF
fi
echo "total $(( $(date +%s) - t_start ))s; summary: $OUTDIR/summary.md" >&2
exit $failed
