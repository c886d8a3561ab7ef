#!/usr/bin/env bash
# Quality and fairness figures of lookout: the three public eval sets and two synthetic sets,
# with the default engine and with --no-variants, each cross-checked against shared/eval/score.py.
#
#   bench/quality.sh [OUTDIR]          (default: bench/results/$(date +%F))
#
# Writes OUTDIR/quality.md (tables), OUTDIR/quality.json (every figure, the commands, the checks)
# and OUTDIR/raw/quality/*.json (lookout eval --json and score.py --json for every run).
# Hits files (derived from the eval sets, large) go to SCRATCH, never into the repository.
#
# Environment:
#   EVAL_DIR  the public sets (default /work/shared/eval, or ../shared/eval beside the repo)
#   SCRATCH   scratch directory outside the repo for synthetic sets and hits (default /tmp/lookout-bench)
#   NICE      nice level of every run (default 10)
#   BUILD     1 (default): cargo build --release -p lookout-cli first; 0: use target/release/lookout as is
#   SETS      subset of: febrl4 name-bench wikidata-xscript synth synth-peers (default: all)
#   REPORT_ONLY=1  rewrite quality.md / quality.json from OUTDIR/raw/quality without running anything
#
# Exit status: 0 if every cross-check agrees, 1 if one disagrees, 2 on a usage or setup error.
# The figures are printed whatever the cross-checks say; nothing here asserts a timing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUTDIR="${1:-$ROOT/bench/results/$(date +%F)}"
SCRATCH="${SCRATCH:-/tmp/lookout-bench}"
NICE="${NICE:-10}"
BUILD="${BUILD:-1}"
LOOKOUT="$ROOT/target/release/lookout"
if [ -z "${EVAL_DIR:-}" ]; then
  if [ -d /work/shared/eval ]; then EVAL_DIR=/work/shared/eval
  else EVAL_DIR="$(cd "$ROOT/.." && pwd)/shared/eval"; fi
fi
SETS="${SETS:-febrl4 name-bench wikidata-xscript synth synth-peers}"
THRESHOLD=0.7
SEED=20261123

[ -f "$EVAL_DIR/score.py" ] || { echo "no score.py in $EVAL_DIR (set EVAL_DIR)" >&2; exit 2; }
case "$SCRATCH" in "$ROOT"|"$ROOT"/*) echo "SCRATCH must be outside the repository" >&2; exit 2 ;; esac
RAW="$OUTDIR/raw/quality"
HITS="$SCRATCH/quality-hits"
mkdir -p "$RAW" "$HITS"
CMDS="$RAW/commands.txt"
REPORT_ONLY="${REPORT_ONLY:-0}"
if [ "$REPORT_ONLY" = 1 ]; then
  [ -f "$RAW/load.txt" ] || { echo "REPORT_ONLY=1: no earlier run in $RAW" >&2; exit 2; }
else
: >"$CMDS"

log() { echo "$*" >&2; }
run() { # run and record a command line (stdout passes through)
  printf '%s\n' "$*" >>"$CMDS"
  "$@"
}

if [ "$BUILD" = 1 ]; then
  log "== cargo build --release -p lookout-cli"
  run nice -n "$NICE" cargo build --release -q -p lookout-cli
fi
[ -x "$LOOKOUT" ] || { echo "no $LOOKOUT: build it first" >&2; exit 2; }
# Run a copy, so that a build by someone else during the run cannot change the binary.
mkdir -p "$SCRATCH/bin-quality"
cp "$LOOKOUT" "$SCRATCH/bin-quality/lookout"
LOOKOUT="$SCRATCH/bin-quality/lookout"
printf '%s\n' "# $LOOKOUT is a copy of target/release/lookout (sha256 $(sha256sum "$LOOKOUT" | cut -c1-16))" >>"$CMDS"

# A synthetic set in SCRATCH: generated into a temporary directory and moved into place only if
# it differs from what is there (so a change of the synth crate is noticed and reported).
synth_set() { # dir subjects encounters
  local dir="$1" subjects="$2" encounters="$3" tmp
  tmp="$(mktemp -d "$SCRATCH/.synth.XXXXXX")"
  printf '%s\n' "nice -n $NICE $LOOKOUT synth --seed $SEED --subjects $subjects --encounters $encounters --out $dir" >>"$CMDS"
  nice -n "$NICE" "$LOOKOUT" synth --seed "$SEED" --subjects "$subjects" --encounters "$encounters" --out "$tmp" 2>/dev/null
  echo "lookout synth --seed $SEED --subjects $subjects --encounters $encounters" >"$tmp/params.txt"
  if [ -d "$dir" ] && cmp -s "$tmp/watchlist.csv" "$dir/watchlist.csv" && cmp -s "$tmp/encounters.csv" "$dir/encounters.csv" \
     && cmp -s "$tmp/truth.csv" "$dir/truth.csv"; then
    rm -rf "$tmp"
  else
    [ -d "$dir" ] && log "note: $dir changed (synth crate changed?): replaced; peer results on it are stale until bench/peers/run_all.sh is rerun"
    rm -rf "$dir"; mv "$tmp" "$dir"
  fi
}

SYNTH_DIR="$SCRATCH/synth-$SEED-5000x10000"
PEERS_DIR="$SCRATCH/synth-$SEED-2000x4000"
case " $SETS " in *" synth "*) synth_set "$SYNTH_DIR" 5000 10000 ;; esac
case " $SETS " in *" synth-peers "*) synth_set "$PEERS_DIR" 2000 4000 ;; esac

LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
log "load average at start: $LOAD_START"

# name | directory | --by columns of lookout eval | score.py --meta file and --by-column (optional)
spec() {
  case "$1" in
    febrl4) echo "$EVAL_DIR/febrl4||" ;;
    name-bench) echo "$EVAL_DIR/name-bench|case_group quality|" ;;
    wikidata-xscript) echo "$EVAL_DIR/wikidata-xscript|source_script|meta.csv:noise" ;;
    synth) echo "$SYNTH_DIR|culture script kind|" ;;
    synth-peers) echo "$PEERS_DIR|culture script kind|" ;;
    *) echo "unknown set $1" >&2; exit 2 ;;
  esac
}

for s in $SETS; do
  IFS='|' read -r dir by meta <<<"$(spec "$s")"
  [ -f "$dir/truth.csv" ] || { echo "no $dir/truth.csv" >&2; exit 2; }
  for engine in default no-variants; do
    log "== $s / $engine"
    args=(--watchlist "$dir/watchlist.csv" --encounters "$dir/encounters.csv" --truth "$dir/truth.csv"
          --threshold "$THRESHOLD" --json --hits-out "$HITS/$s.$engine.hits.csv")
    [ "$engine" = no-variants ] && args+=(--no-variants)
    for c in $by; do args+=(--by "$c"); done
    run nice -n "$NICE" "$LOOKOUT" eval "${args[@]}" >"$RAW/$s.$engine.lookout.json"
    sargs=(--truth "$dir/truth.csv" --encounters "$dir/encounters.csv" --hits "$HITS/$s.$engine.hits.csv" --json)
    run python3 "$EVAL_DIR/score.py" "${sargs[@]}" --threshold "$THRESHOLD" >"$RAW/$s.$engine.score-$THRESHOLD.json"
    run python3 "$EVAL_DIR/score.py" "${sargs[@]}" >"$RAW/$s.$engine.score-all.json"
    if [ -n "$meta" ]; then
      mfile="${meta%%:*}"; mcol="${meta#*:}"
      run python3 "$EVAL_DIR/score.py" "${sargs[@]}" --threshold "$THRESHOLD" --meta "$dir/$mfile" --by-column "$mcol" \
        >"$RAW/$s.$engine.score-$THRESHOLD.by-$mcol.json"
    fi
  done
done

LOAD_END="$(cut -d' ' -f1-3 /proc/loadavg)"
log "load average at end: $LOAD_END"
printf '%s\n%s\n' "$LOAD_START" "$LOAD_END" >"$RAW/load.txt"
echo "$(git rev-parse HEAD 2>/dev/null || echo '?') $(git status --porcelain -- crates Cargo.toml Cargo.lock 2>/dev/null | wc -l)" >"$RAW/engine.txt"
fi  # REPORT_ONLY
LOAD_START="$(sed -n 1p "$RAW/load.txt")"; LOAD_END="$(sed -n 2p "$RAW/load.txt")"
SYNTH_DIR="$SCRATCH/synth-$SEED-5000x10000"
PEERS_DIR="$SCRATCH/synth-$SEED-2000x4000"

python3 - "$OUTDIR" "$RAW" "$HITS" "$THRESHOLD" "$LOAD_START" "$LOAD_END" "$SYNTH_DIR" "$PEERS_DIR" "$SETS" "$CMDS" "$EVAL_DIR" <<'PY'
import csv, json, os, subprocess, sys, time
from collections import defaultdict

outdir, raw, hits_dir, thr, load_start, load_end, synth_dir, peers_dir, sets, cmds_path, eval_dir = sys.argv[1:12]
thr = float(thr)
sets = sets.split()
ENGINES = ["default", "no-variants"]
TOL = 1e-3


def jload(p):
    with open(p, encoding="utf-8") as fh:
        return json.load(fh)


def f4(x):
    return "-" if x is None else "%.4f" % x


def f1d(x):
    return "-" if x is None else "%.1f" % x


def git(*a):
    try:
        return subprocess.run(["git", *a], capture_output=True, text=True, check=True).stdout.strip()
    except Exception:
        return "?"


try:  # the engine as it was when the evals ran: commit and number of uncommitted files
    RUN_COMMIT, RUN_DIRTY = open(os.path.join(raw, "engine.txt")).read().split()
except (OSError, ValueError):
    RUN_COMMIT, RUN_DIRTY = git("rev-parse", "HEAD"), str(len(git("status", "--porcelain", "--", "crates", "Cargo.toml", "Cargo.lock").splitlines()))


def set_dir(s):
    return {"synth": synth_dir, "synth-peers": peers_dir}.get(s, os.path.join(eval_dir, s))


def set_label(s):
    return {"synth": "synth 5000/10000", "synth-peers": "synth 2000/4000 (peer set)"}.get(s, s)


# ---------------------------------------------------------------- overall + cross-checks
rows, checks, failed = [], [], False
for s in sets:
    for e in ENGINES:
        lk = jload(os.path.join(raw, "%s.%s.lookout.json" % (s, e)))
        sp = jload(os.path.join(raw, "%s.%s.score-%g.json" % (s, e, thr)))["overall"]
        sa = jload(os.path.join(raw, "%s.%s.score-all.json" % (s, e)))["overall"]
        o = lk["overall"]
        fa1 = lk.get("recall_at_fa_1_per_1000")
        row = {
            "set": s, "engine": e, "threshold": thr,
            "encounters": o["encounters"], "clean": o["clean"], "true_pairs": o["true_pairs"],
            "recall": o["recall"], "precision": o["precision"], "f1": o["f1"],
            "fa_per_1000_clean": o["false_alerts_per_1000_clean"],
            "clean_with_alert_pct": o["clean_encounters_with_any_alert_pct"],
            "recall_at_1": o["recall_at_1"], "recall_at_10": o["recall_at_10"],
            "retrieval_recall": o["retrieval_recall"],
            "recall_at_fa_1": fa1["recall"] if fa1 else None,
            "recall_at_fa_1_cutoff": fa1["cutoff"] if fa1 else None,
            "encounters_per_s": lk["encounters_per_second"],
            "sweep": lk["sweep"],
        }
        rows.append(row)
        # Required: recall, precision and F1 at the threshold agree with score.py to 1e-3.
        bad = []
        for k in ["recall", "precision", "f1"]:
            a, b = o[k], sp[k]
            if (a is None) != (b is None) or (a is not None and abs(a - b) > TOL):
                bad.append("%s lookout %s vs score.py %s" % (k, a, b))
        ok = not bad
        failed |= not ok
        # Informational: the same definitions over every scored candidate (no threshold).
        info = []
        for k_l, v_l, v_s in [
            ("false_alerts_per_1000_clean", o["false_alerts_per_1000_clean"], sp["false_alerts_per_1000_clean"]),
            ("recall_at_10 (all candidates)", o["recall_at_10"], sa["recall_at_10"]),
            ("recall_at_fa<=1 (all candidates)", fa1["recall"] if fa1 else None,
             (sa.get("recall_at_fa") or {}).get("1", {}).get("recall") if sa.get("recall_at_fa") else None),
        ]:
            if k_l.startswith("recall_at_fa"):
                # lookout says "none" when no cut-off meets the budget; score.py says recall 0.0.
                v_l = 0.0 if v_l is None and o["clean"] else v_l
            same = (v_l is None and v_s is None) or (v_l is not None and v_s is not None and abs(v_l - v_s) <= TOL)
            info.append({"metric": k_l, "lookout": v_l, "score_py": v_s, "agree": same})
        line = ("cross-check %-28s %-12s %s: recall %s precision %s F1 %s %s score.py (threshold %g, tolerance 1e-3)"
                % (s, e, "OK  " if ok else "FAIL", f4(o["recall"]), f4(o["precision"]), f4(o["f1"]),
                   "agree with" if ok else "DISAGREE with", thr))
        print(line, file=sys.stderr)
        for b in bad:
            print("    " + b, file=sys.stderr)
        for i in info:
            if not i["agree"]:
                print("    note: %s lookout %s vs score.py %s" % (i["metric"], i["lookout"], i["score_py"]), file=sys.stderr)
        checks.append({"set": s, "engine": e, "ok": ok, "mismatches": bad, "line": line, "informational": info})


def row(s, e):
    return next(r for r in rows if r["set"] == s and r["engine"] == e)


md = []
w = md.append
w("# lookout quality (%s)" % time.strftime("%Y-%m-%d"))
w("")
w("Produced by `bench/quality.sh`. Engine: commit `%s`%s. Threshold %.2f for recall, precision, F1 and false alerts."
  % (RUN_COMMIT[:7], " plus uncommitted changes in %s engine files (crates/, Cargo.*)" % RUN_DIRTY if RUN_DIRTY != "0" else "", thr))
w("Machine: %d cores, load average %s at start and %s at end%s. encounters/s is `lookout eval` wall-clock on all cores "
  "(`nice -n 10`), scoring every retrieved candidate, and includes any one-off cost paid in the first queries, so it means "
  "little on the small sets; see speed.md for `lookout screen` throughput."
  % (os.cpu_count() or 0, load_start, load_end,
     " (**above 1.0: the machine was shared, encounters/s are low**)" if float(load_start.split()[0]) > 1.0 else ""))
w("")
w("Columns: **FA/1000 clean** = hit rows on clean encounters per 1,000 clean encounters (undefined on febrl4, which has none); "
  "**recall@10** = share of true pairs ranked in the top 10 over every scored candidate (no threshold); "
  "**retrieval recall** = share of true pairs among the candidates the index retrieved (the ceiling of recall); "
  "**recall @≤1 FA/1000** = best recall over score cut-offs whose false alerts stay ≤ 1 per 1,000 clean encounters, and that cut-off.")
w("")
w("| set | engine | recall | precision | F1 | FA/1000 clean | recall@10 | retrieval recall | recall @≤1 FA/1000 (cut-off) | encounters/s | score.py |")
w("|---|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    c = next(c for c in checks if c["set"] == r["set"] and c["engine"] == r["engine"])
    fa = "0 (no cut-off)" if r["recall_at_fa_1"] is None and r["clean"] else "-" if r["recall_at_fa_1"] is None else "%.4f (%.3f)" % (r["recall_at_fa_1"], r["recall_at_fa_1_cutoff"])
    w("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %.0f | %s |" % (
        set_label(r["set"]), r["engine"], f4(r["recall"]), f4(r["precision"]), f4(r["f1"]), f1d(r["fa_per_1000_clean"]),
        f4(r["recall_at_10"]), f4(r["retrieval_recall"]), fa, r["encounters_per_s"], "agrees" if c["ok"] else "**DIFFERS**"))
w("")
w("score.py column: recall, precision and F1 recomputed by `shared/eval/score.py` from the hits that `lookout eval --hits-out` wrote "
  "agree to 1e-3 (%s)." % ("all runs" if not failed else "**not all runs: see quality.json**"))
w("")

# ---------------------------------------------------------------- what the variant table contributes
w("## What the Wikidata-derived variant table contributes (default − `--no-variants`)")
w("")
w("wikidata-xscript was built from the same Wikidata name groups (`rigour==1.8.2`) as the variant table, so its gain there is "
  "partly circular: read the no-variants row as the engine's figure on names outside the table, and compare with the synthetic sets, "
  "whose names do not come from Wikidata.")
w("")
w("| set | Δ recall | Δ precision | Δ F1 | Δ FA/1000 clean | Δ retrieval recall |")
w("|---|---|---|---|---|---|")


def d(a, b, fmt="%+.4f"):
    return "-" if a is None or b is None else fmt % (a - b)


for s in sets:
    a, b = row(s, "default"), row(s, "no-variants")
    w("| %s | %s | %s | %s | %s | %s |" % (set_label(s), d(a["recall"], b["recall"]), d(a["precision"], b["precision"]),
                                           d(a["f1"], b["f1"]), d(a["fa_per_1000_clean"], b["fa_per_1000_clean"], "%+.1f"),
                                           d(a["retrieval_recall"], b["retrieval_recall"])))
w("")

extra = {}
if "wikidata-xscript" in sets:
    w("### wikidata-xscript by noise (score.py `--meta meta.csv --by-column noise`, threshold %.2f)" % thr)
    w("")
    w("| noise | encounters | true pairs | recall (default) | recall (no variants) | FA/1000 clean (default) | FA/1000 clean (no variants) |")
    w("|---|---|---|---|---|---|---|")
    by = {e: jload(os.path.join(raw, "wikidata-xscript.%s.score-%g.by-noise.json" % (e, thr))) for e in ENGINES}

    def groups(rep):
        return (rep.get("by_column") or {}).get("groups") or {}

    gd, gn = groups(by["default"]), groups(by["no-variants"])
    extra["wikidata_by_noise"] = {"default": gd, "no-variants": gn}
    for k in sorted(gd):
        a, b = gd[k], gn.get(k, {})
        w("| %s | %s | %s | %s | %s | %s | %s |" % (k, a.get("encounters"), a.get("true_pairs"), f4(a.get("recall")), f4(b.get("recall")),
                                                     f1d(a.get("false_alerts_per_1000_clean")), f1d(b.get("false_alerts_per_1000_clean"))))
    w("")
    lk = {e: jload(os.path.join(raw, "wikidata-xscript.%s.lookout.json" % e)) for e in ENGINES}
    w("### wikidata-xscript by source script (lookout `--by source_script`)")
    w("")
    w("| source script | true pairs | recall (default) | recall (no variants) | FA/1000 clean (default) | FA/1000 clean (no variants) |")
    w("|---|---|---|---|---|---|")
    for k, a in lk["default"]["by"]["source_script"].items():
        b = lk["no-variants"]["by"]["source_script"][k]
        w("| %s | %d | %s | %s | %s | %s |" % (k, a["true_pairs"], f4(a["recall"]), f4(b["recall"]),
                                               f1d(a["false_alerts_per_1000_clean"]), f1d(b["false_alerts_per_1000_clean"])))
    w("")
if "name-bench" in sets:
    lk = {e: jload(os.path.join(raw, "name-bench.%s.lookout.json" % e)) for e in ENGINES}
    w("### name-bench by case group (precision and FA/1000 are pessimistic by construction: unlabelled pairs count as false)")
    w("")
    w("| case_group | encounters | true pairs | recall (default) | recall (no variants) | FA/1000 clean (default) |")
    w("|---|---|---|---|---|---|")
    for k, a in lk["default"]["by"]["case_group"].items():
        b = lk["no-variants"]["by"]["case_group"][k]
        w("| %s | %d | %d | %s | %s | %s |" % (k or "(empty)", a["encounters"], a["true_pairs"], f4(a["recall"]) if a["true_pairs"] else "-",
                                               f4(b["recall"]) if b["true_pairs"] else "-", f1d(a["false_alerts_per_1000_clean"])))
    w("")


# ---------------------------------------------------------------- fairness on the synthetic sets
def kinds_by(dir_, hits_path, col):
    """FA/1000 split into hard negatives (namesakes) and other clean encounters, per value of col."""
    enc = {}
    with open(os.path.join(dir_, "encounters.csv"), newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            enc[r["encounter_id"]] = (r[col], r["kind"])
    truth = defaultdict(set)
    with open(os.path.join(dir_, "truth.csv"), newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            truth[r["encounter_id"]].add(r["subject_id"])
    n = defaultdict(int)
    for eid, (v, k) in enc.items():
        if eid not in truth:
            n[(v, k)] += 1
    fa = defaultdict(int)
    seen = set()
    with open(hits_path, newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            eid = r["encounter_id"]
            if eid in truth or eid not in enc or float(r["score"]) < thr or (eid, r["subject_id"]) in seen:
                continue
            seen.add((eid, r["subject_id"]))
            fa[enc[eid]] += 1
    out = {}
    for v in {v for v, _ in n}:
        hn, oc = n.get((v, "hard_negative"), 0), sum(c for (vv, k), c in n.items() if vv == v and k != "hard_negative")
        fh_, fo = fa.get((v, "hard_negative"), 0), sum(c for (vv, k), c in fa.items() if vv == v and k != "hard_negative")
        out[v] = {"hard_negatives": hn, "fa_hard_negative": fh_, "fa_per_1000_hard_negative": 1000.0 * fh_ / hn if hn else None,
                  "other_clean": oc, "fa_other_clean": fo, "fa_per_1000_other_clean": 1000.0 * fo / oc if oc else None}
    return out


fairness = {}
for s in [x for x in ("synth", "synth-peers") if x in sets]:
    lk = {e: jload(os.path.join(raw, "%s.%s.lookout.json" % (s, e))) for e in ENGINES}
    fairness[s] = {}
    for col in ["culture", "script", "kind"]:
        per = lk["default"]["by"][col]
        pern = lk["no-variants"]["by"][col]
        split = kinds_by(set_dir(s), os.path.join(hits_dir, "%s.default.hits.csv" % s), col) if col != "kind" else {}
        tab = []
        for v, m in per.items():
            tp = m["true_pairs"]
            t = {"value": v, "encounters": m["encounters"], "true_pairs": tp, "found": m["true_hits"],
                 "missed": tp - m["true_hits"] if tp else 0,
                 "recall": m["recall"] if tp else None, "miss_rate": (1 - m["recall"]) if tp else None,
                 "miss_rate_no_variants": (1 - pern[v]["recall"]) if tp else None,
                 "clean": m["clean"], "fa_per_1000_clean": m["false_alerts_per_1000_clean"],
                 "precision": m["precision"], "retrieval_recall": m["retrieval_recall"] if tp else None}
            t.update(split.get(v, {}))
            tab.append(t)
        fairness[s][col] = tab

    if s == "synth":
        title = "synthetic set (seed 20261123, 5,000 subjects, 10,000 encounters)"
    else:
        title = "peer comparison set (seed 20261123, 2,000 subjects, 4,000 encounters)"
    w("## Error rates by culture and script: %s, default engine" % title)
    w("")
    w("Miss rate = 1 − recall (true pairs not hit at %.2f); FA/1000 = hit rows per 1,000 clean encounters, all clean, then split into "
      "hard negatives (namesakes sharing name parts with a subject) and the other clean encounters. "
      "Counts are small per culture (see *missed / true*): one miss moves a miss rate by 1/true." % thr)
    w("")
    for col in ["culture", "script"]:
        tab = fairness[s][col]
        w("| %s | encounters | missed / true | miss rate | miss rate (no variants) | FA/1000 clean | FA/1000 hard neg. | FA/1000 other clean | precision | retrieval recall |" % col)
        w("|---|---|---|---|---|---|---|---|---|---|")
        for t in sorted(tab, key=lambda t: (-(t["miss_rate"] or 0), t["value"])):
            w("| %s | %d | %d / %d | %s | %s | %s | %s | %s | %s | %s |" % (
                t["value"], t["encounters"], t["missed"], t["true_pairs"], f4(t["miss_rate"]), f4(t["miss_rate_no_variants"]),
                f1d(t["fa_per_1000_clean"]), f1d(t.get("fa_per_1000_hard_negative")), f1d(t.get("fa_per_1000_other_clean")),
                f4(t["precision"]), f4(t["retrieval_recall"])))
        w("")
        with_true = [t for t in tab if t["true_pairs"]]
        if with_true:
            worst = max(with_true, key=lambda t: (t["miss_rate"], t["missed"]))
            best = min(with_true, key=lambda t: (t["miss_rate"], -t["true_pairs"]))
            sm = lambda t: (t["missed"] + 1.0) / (t["true_pairs"] + 2.0)  # add-one smoothing: finite for 0 misses
            if best["miss_rate"] > 0:
                ratio = "%.1f×" % (worst["miss_rate"] / best["miss_rate"])
            else:
                ratio = "∞ (the best, %s, misses none of %d; with add-one smoothing (missed+1)/(true+2): %.1f×)" % (
                    best["value"], best["true_pairs"], sm(worst) / sm(best))
            fa_tab = [t for t in tab if t["fa_per_1000_clean"] is not None]
            fw = max(fa_tab, key=lambda t: t["fa_per_1000_clean"])
            fb = min(fa_tab, key=lambda t: t["fa_per_1000_clean"])
            fratio = "%.1f×" % (fw["fa_per_1000_clean"] / fb["fa_per_1000_clean"]) if fb["fa_per_1000_clean"] > 0 else "∞"
            flag = {"worst_miss": worst["value"], "worst_miss_rate": worst["miss_rate"], "best_miss": best["value"],
                    "best_miss_rate": best["miss_rate"], "miss_ratio": (worst["miss_rate"] / best["miss_rate"]) if best["miss_rate"] else None,
                    "miss_ratio_add_one_smoothed": sm(worst) / sm(best),
                    "worst_fa": fw["value"], "worst_fa_per_1000": fw["fa_per_1000_clean"], "best_fa": fb["value"],
                    "best_fa_per_1000": fb["fa_per_1000_clean"]}
            fairness[s][col + "_gap"] = flag
            w("**Worst %s by miss rate: %s** (%.4f, %d of %d missed); best: %s (%.4f); worst/best miss-rate ratio: **%s**, gap %.2f points. "
              "False alerts: worst %s (%.1f per 1,000 clean), best %s (%.1f), ratio %s."
              % (col, worst["value"], worst["miss_rate"], worst["missed"], worst["true_pairs"], best["value"], best["miss_rate"], ratio,
                 100 * (worst["miss_rate"] - best["miss_rate"]), fw["value"], fw["fa_per_1000_clean"], fb["value"], fb["fa_per_1000_clean"], fratio))
            w("")
    tab = fairness[s]["kind"]
    w("By encounter kind: " + "; ".join(
        "%s %d encounters, %s" % (t["value"], t["encounters"],
                                  ("recall %s" % f4(t["recall"])) if t["true_pairs"] else ("FA/1000 %s" % f1d(t["fa_per_1000_clean"])))
        for t in tab) + ".")
    w("")

# ---------------------------------------------------------------- beside the peers
peers_json = os.path.join(os.getcwd(), "bench", "peers", "results", "summary.json")
peer_name = {"synth-peers": os.path.basename(peers_dir)}
if os.path.exists(peers_json):
    peers = jload(peers_json)
    prow = [r for r in peers.get("rows", []) if r.get("status") == "ok"]
    w("## Beside the peers (same sets, same score.py definitions)")
    w("")
    w("Peers from `bench/peers/results/summary.json` (%s; OpenSanctions nomenklatura `logic-v1`/`logic-v2` with default weights, "
      "Splink 4 trained per set). Thresholds: each engine's default (lookout 0.70, logic 0.70, Splink match probability 0.50) and "
      "its best-F1 threshold in the 0.50..0.95 sweep. Blocking/retrieval recall: share of true pairs among the candidates each engine "
      "scored. recall@10 here is score.py's, on the hits at or above the threshold (for every engine). encounters/s are not comparable across rows: lookout is compiled and uses 2 threads (`lookout eval`); "
      "nomenklatura is single-threaded Python per encounter; Splink is one batch `predict()` on 1 DuckDB thread, training excluded."
      % peers.get("date", "?"))
    w("")
    w("| set | engine | threshold | recall | precision | F1 | FA/1000 clean | recall@10 | blocking / retrieval recall | encounters/s |")
    w("|---|---|---|---|---|---|---|---|---|---|")
    for s in sets:
        pname = peer_name.get(s, s)
        if not any(r["set"] == pname for r in prow):
            continue
        r = row(s, "default")
        # recall@10 as score.py computes it from the thresholded hits, like the peers' column
        r10 = jload(os.path.join(raw, "%s.default.score-%g.json" % (s, thr)))["overall"]["recall_at_10"]
        w("| %s | **lookout** | 0.70 (default) | %s | %s | %s | %s | %s | %s | %.0f |" % (
            set_label(s), f4(r["recall"]), f4(r["precision"]), f4(r["f1"]), f1d(r["fa_per_1000_clean"]), f4(r10),
            f4(r["retrieval_recall"]), r["encounters_per_s"]))
        if r["sweep"]:
            b = max(r["sweep"], key=lambda m: (m["f1"] or 0.0, -m["threshold"]))
            w("| %s | **lookout** | %.2f (best F1) | %s | %s | %s | %s | | | |" % (
                set_label(s), b["threshold"], f4(b["recall"]), f4(b["precision"]), f4(b["f1"]), f1d(b["false_alerts_per_1000_clean"])))
        for q in [q for q in prow if q["set"] == pname]:
            w("| %s | %s | %.2f (%s) | %s | %s | %s | %s | %s | %s | %s |" % (
                set_label(s), q["peer"], q["threshold"], "default" if q["threshold_kind"] == "natural" else "best F1",
                f4(q["recall"]), f4(q["precision"]), f4(q["f1"]), f1d(q["fa_per_1000_clean"]), f4(q["recall_at_10"]),
                f4(q["blocking_recall"]), "-" if q["encounters_per_s"] is None else "%.0f" % q["encounters_per_s"]))
    w("")

w("## Commands")
w("")
w("```sh")
with open(cmds_path, encoding="utf-8") as fh:
    for line in fh:
        w(line.rstrip("\n").replace(os.getcwd() + "/", ""))
w("```")
w("")
with open(os.path.join(outdir, "quality.md"), "w", encoding="utf-8") as fh:
    fh.write("\n".join(md))
with open(os.path.join(outdir, "quality.json"), "w", encoding="utf-8") as fh:
    json.dump({"date": time.strftime("%Y-%m-%d"), "commit": RUN_COMMIT, "dirty_files": int(RUN_DIRTY),
               "cpus": os.cpu_count(), "load_average_start": load_start, "load_average_end": load_end,
               "threshold": thr, "rows": rows, "crosschecks": checks, "fairness": fairness, "extra": extra,
               "commands": open(cmds_path, encoding="utf-8").read().splitlines()}, fh, indent=1)
    fh.write("\n")
print("wrote %s and %s" % (os.path.join(outdir, "quality.md"), os.path.join(outdir, "quality.json")), file=sys.stderr)
sys.exit(1 if failed else 0)
PY
