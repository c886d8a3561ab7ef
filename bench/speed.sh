#!/usr/bin/env bash
# Speed and memory figures of lookout on synthetic data: index build, snapshot size and load time,
# batch throughput, single-query latency, peak memory on a long stream, comparator micro-benchmarks.
#
#   bench/speed.sh [OUTDIR]            (default: bench/results/$(date +%F))
#
# Writes OUTDIR/speed.md, OUTDIR/speed.json and OUTDIR/raw/speed/ (every log the figures come
# from, the exact commands, the load average before each step). Synthetic sets, snapshots and hits
# go to SCRATCH (outside the repo); a set is reused when SCRATCH already holds one generated with
# the same parameters (its params.txt).
#
# Environment:
#   SCRATCH          default /tmp/lookout-bench
#   NICE             nice level of every measured run (default 10: the machine is shared)
#   THREADS          threads of `lookout screen` (RAYON_NUM_THREADS, default 2)
#   SUBJECTS_SMALL   default 100000      SUBJECTS_LARGE default 1000000
#   ENCOUNTERS       default 200000      (screened against both watchlists)
#   MEM_ENCOUNTERS   default 10000000    (the peak-memory stream, against the small watchlist)
#   LAT_QUERIES      default 10000       (timed single queries; 1000 more warm up first)
#   SMALL=1          presets for trying the script: 10k / 100k subjects, 20k encounters, 200k stream
#   STEPS            subset of: index screen latency memory micro (default: all). Steps not run keep
#                    their logs from an earlier run in OUTDIR/raw/speed, and the report uses them.
#   REPORT_ONLY=1    rewrite speed.md / speed.json from OUTDIR/raw/speed without running anything
#   BUILD            1 (default): cargo build --release, then copy the binaries to SCRATCH/bin-speed and run
#                    the copies; 0: copy target/release as it is; keep: reuse the copies of the previous run
#                    (so that a later STEPS=... run measures the same engine as the earlier steps)
#
# Targets printed beside the figures (nothing asserts them):
#   >= 20,000 encounters/s at 100k subjects, >= 5,000/s at 1M, p99 <= 2 ms at 1M,
#   peak RSS < 2 GiB screening 10M encounters against 100k.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUTDIR="${1:-$ROOT/bench/results/$(date +%F)}"
SCRATCH="${SCRATCH:-/tmp/lookout-bench}"
NICE="${NICE:-10}"
THREADS="${THREADS:-2}"
SEED=20261123
if [ "${SMALL:-0}" = 1 ]; then
  SUBJECTS_SMALL="${SUBJECTS_SMALL:-10000}"; SUBJECTS_LARGE="${SUBJECTS_LARGE:-100000}"
  ENCOUNTERS="${ENCOUNTERS:-20000}"; MEM_ENCOUNTERS="${MEM_ENCOUNTERS:-200000}"; LAT_QUERIES="${LAT_QUERIES:-2000}"
fi
SUBJECTS_SMALL="${SUBJECTS_SMALL:-100000}"
SUBJECTS_LARGE="${SUBJECTS_LARGE:-1000000}"
ENCOUNTERS="${ENCOUNTERS:-200000}"
MEM_ENCOUNTERS="${MEM_ENCOUNTERS:-10000000}"
LAT_QUERIES="${LAT_QUERIES:-10000}"
STEPS="${STEPS:-index screen latency memory micro}"
BUILD="${BUILD:-1}"
LOOKOUT="$ROOT/target/release/lookout"
LATENCY="$ROOT/target/release/examples/latency"
TIME=/usr/bin/time

case "$SCRATCH" in "$ROOT"|"$ROOT"/*) echo "SCRATCH must be outside the repository" >&2; exit 2 ;; esac
if ! "$TIME" -v true >/dev/null 2>&1; then
  echo "GNU time is missing: installing it (apt-get install -y time)" >&2
  apt-get install -y -q time >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q time >/dev/null; }
fi
RAW="$OUTDIR/raw/speed"
mkdir -p "$RAW" "$SCRATCH"

report() {
python3 - "$OUTDIR" "$RAW" <<'PY'
import json, os, re, sys, time

outdir, raw = sys.argv[1:3]
GIB = 1 << 30


def read(name):
    p = os.path.join(raw, name)
    return open(p, encoding="utf-8").read() if os.path.exists(p) else None


machine = {}
for line in (read("machine.txt") or "").splitlines():
    k, _, v = line.partition(" ")
    machine[k] = v
sets = {}
for line in (read("sets.txt") or "").splitlines():
    which, label, n, d = line.split(" ", 3)
    sets[which] = {"label": label, "n": int(n), "dir": d}
loads = {}
for line in (read("load.txt") or "").splitlines():
    k, _, v = line.partition(" ")
    loads[k] = v  # the latest run of each step wins


def time_v(text):
    out = {}
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    if m:
        out["max_rss_bytes"] = int(m.group(1)) * 1024
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", text)
    if m:
        parts = [float(x) for x in m.group(1).split(":")]
        s = 0.0
        for x in parts:
            s = s * 60 + x
        out["wall_s"] = s
    for key, pat in [("user_s", r"User time \(seconds\): ([\d.]+)"), ("sys_s", r"System time \(seconds\): ([\d.]+)"),
                     ("cpu_pct", r"Percent of CPU this job got: (\d+)%")]:
        m = re.search(pat, text)
        if m:
            out[key] = float(m.group(1))
    return out


SCREEN_RE = re.compile(r"screened (\d+) encounters against (\d+) subjects: (\d+) hits on (\d+) encounters \(threshold ([\d.]+)\); "
                       r"watchlist ready in ([\d.]+)s, screening ([\d.]+)s \((\d+) encounters/s\)")
INDEX_RE = re.compile(r"snapshot of (\d+) subjects \((\d+) names and aliases, (\d+) index keys, (\d+) postings\) written to .*?: "
                      r"([\d.]+) MiB; prepared in ([\d.]+)s, total ([\d.]+)s")


def screen_log(text):
    m = SCREEN_RE.search(text or "")
    if not m:
        return None
    r = {"encounters": int(m.group(1)), "subjects": int(m.group(2)), "hits": int(m.group(3)), "encounters_with_hits": int(m.group(4)),
         "threshold": float(m.group(5)), "watchlist_ready_s": float(m.group(6)), "screening_s": float(m.group(7)),
         "encounters_per_s": int(m.group(8))}
    r.update(time_v(text))
    return r


fig = {"date": time.strftime("%Y-%m-%d"), "machine": machine, "load_before_step": loads, "sets": sets,
       "targets": {"screen_small_encounters_per_s": 20000, "screen_large_encounters_per_s": 5000,
                   "latency_large_p99_us": 2000, "memory_peak_rss_bytes_below": 2 * GIB}}
for which in ["small", "large"]:
    t = read("index-%s.log" % which)
    if t:
        m = INDEX_RE.search(t)
        if not m:
            sys.exit("index-%s.log: no 'snapshot of ...' line (did the CLI's message change?)" % which)
        size = int(re.search(r"snapshot_bytes (\d+)", t).group(1))
        r = {"subjects": int(m.group(1)), "names_and_aliases": int(m.group(2)), "index_keys": int(m.group(3)), "postings": int(m.group(4)),
             "prepare_s": float(m.group(6)), "total_s": float(m.group(7)), "snapshot_bytes": size,
             "bytes_per_name_variant": size / int(m.group(2))}
        r.update(time_v(t))
        fig["index_" + which] = r
    runs = [screen_log(read("screen-%s-run%d.log" % (which, i))) for i in (1, 2)]
    runs = [r for r in runs if r]
    if runs:
        fig["screen_" + which] = {"runs": runs, "best": max(runs, key=lambda r: r["encounters_per_s"])}
    t = read("latency-%s.json" % which)
    if t:
        fig["latency_" + which] = json.loads(t)
t = read("memory.log")
if t:
    r = screen_log(t)
    if r:
        m = re.search(r"encounters_bytes (\d+)", t)
        r["encounters_file_bytes"] = int(m.group(1)) if m else None
        fig["memory"] = r
t = read("divan.txt")
if t:
    # divan's tree: a group line ("├─ compare_names"), then one line per arg with fastest │ slowest │ median │ mean │ samples │ iters
    unit = {"ns": 1.0, "µs": 1e3, "us": 1e3, "ms": 1e6, "s": 1e9, "ps": 1e-3}
    def ns(x):
        x = x.strip()
        m = re.match(r"([\d.]+)\s*(ps|ns|µs|us|ms|s)$", x)
        return float(m.group(1)) * unit[m.group(2)] if m else None
    micro, group = [], None
    row_re = re.compile(r"^(\S+)\s+([\d.]+\s*\S+)\s*│\s*([\d.]+\s*\S+)\s*│\s*([\d.]+\s*\S+)\s*│\s*([\d.]+\s*\S+)\s*│")
    for line in t.splitlines()[1:]:
        body = re.sub(r"^[\s│├╰─]+", "", line)
        m = row_re.match(body)
        if m:
            name = m.group(1)
            micro.append({"bench": "%s/%s" % (group, name) if group else name,
                          "fastest_ns": ns(m.group(2)), "slowest_ns": ns(m.group(3)), "median_ns": ns(m.group(4)), "mean_ns": ns(m.group(5))})
        elif re.match(r"^\w+\s+│", body):
            group = body.split()[0]
    fig["micro"] = micro

PAIR_LABELS = {
    "compare_names": ["Mohamed Abderrahmane ~ محمد عبد الرحمن", "ABDELRAHMAN Mohammed ~ Mohamed Abderrahmane", "Shamil Yusupov ~ Шамиль Юсупов",
                      "Karim Oukili Abu Yahya al-Hollandi ~ Karim Oukili", "Ivan Petrov ~ Omar Hassan", "Jonathan Dufresne ~ Jonathon Dufresne"],
    "token_pair": ["mohamed ~ محمد", "abdelrahman ~ mohamed", "shamil ~ шамиль"],
    "prepare_name": {"0": "محمد عبد الرحمن", "2": "Шамиль Юсупов"},
}
with open(os.path.join(outdir, "speed.json"), "w", encoding="utf-8") as fh:
    json.dump(fig, fh, indent=1, ensure_ascii=False)
    fh.write("\n")

# ------------------------------------------------------------------ markdown
def n(x):
    return "{:,}".format(int(round(x)))


def meets(ok):
    return "**met**" if ok else "**missed**"


md = []
w = md.append
w("# lookout speed (%s)" % fig["date"])
w("")
w("Produced by `bench/speed.sh`. Synthetic data (`lookout synth --seed 20261123`). Engine: commit `%s`%s."
  % (machine.get("commit", "?")[:7], " plus uncommitted changes in %s engine files (crates/, Cargo.*)" % machine.get("dirty_files")
     if machine.get("dirty_files", "0") != "0" else ""))
w("")
ls = machine.get("load_start", "?")
busy = any(float(v.split()[0]) > 1.0 for v in [ls] + list(loads.values()) if v and v != "?")
w("Machine: %s cores, %s, %.1f GiB RAM, Linux %s, %s. Every run under `nice -n %s`; `lookout screen` with %s threads."
  % (machine.get("nproc"), machine.get("cpu"), int(machine.get("mem_total_kb", 0)) / (1 << 20), machine.get("kernel"), machine.get("rustc"),
     machine.get("nice"), machine.get("threads")))
runs = (read("runs.txt") or "").splitlines()
if runs:
    w("Runs that wrote to this directory (several `STEPS=` runs may share it; a later run of a step replaces the earlier one):")
    w("")
    for r_ in runs:
        w("- " + r_)
    w("")
w("Load average (1, 5, 15 min) at the start of the last run: %s%s; before each step (latest run of each): %s."
  % (ls, " — **above 1.0 at some step: the machine was shared with other work, so throughput and latency are pessimistic** (the figure before a step includes the previous step of this script: a 2-thread run alone adds about 2)" if busy else "",
     "; ".join("%s %s" % (k, v) for k, v in loads.items())))
w("")
w("| figure | value | target | |")
w("|---|---|---|---|")
S, L = sets.get("small", {}).get("label", "?"), sets.get("large", {}).get("label", "?")
for which, lab in [("small", S), ("large", L)]:
    r = fig.get("index_" + which)
    if r:
        w("| `lookout index` %s subjects: wall time (peak RSS) | %.1f s (%.2f GiB) | | |" % (lab, r.get("wall_s", r["total_s"]), r.get("max_rss_bytes", 0) / GIB))
        w("| snapshot size %s (%s names and aliases, %s index keys) | %.1f MiB, **%.0f bytes per name variant** | | |"
          % (lab, n(r["names_and_aliases"]), n(r["index_keys"]), r["snapshot_bytes"] / (1 << 20), r["bytes_per_name_variant"]))
    r = fig.get("latency_" + which)
    if r:
        w("| snapshot load time %s (latency example) | %.2f s | | |" % (lab, r["load_s"]))
for which, lab, target in [("small", S, 20000), ("large", L, 5000)]:
    r = fig.get("screen_" + which)
    if r:
        b = r["best"]
        w("| `lookout screen` %s encounters vs %s subjects, %s threads: encounters/s (best of %d; runs: %s) | **%s** | ≥ %s | %s |"
          % (n(b["encounters"]), lab, machine.get("threads"), len(r["runs"]), ", ".join(n(x["encounters_per_s"]) for x in r["runs"]),
             n(b["encounters_per_s"]), n(target), meets(b["encounters_per_s"] >= target)))
for which, lab in [("small", S), ("large", L)]:
    r = fig.get("screen_" + which)
    if r and r["best"].get("max_rss_bytes"):
        b = r["best"]
        w("| `lookout screen` %s subjects: peak RSS; watchlist ready (snapshot load) | %.2f GiB; %.2f s | | |"
          % (lab, b["max_rss_bytes"] / GIB, b["watchlist_ready_s"]))
for which, lab in [("small", S), ("large", L)]:
    r = fig.get("latency_" + which)
    if r:
        tgt = which == "large"
        w("| single query at %s subjects, 1 thread: p50 / p90 / p99 / max (%s queries) | %.0f / %.0f / **%.0f** / %.0f µs (%s queries/s) | %s | %s |"
          % (lab, n(r["queries"]), r["p50_us"], r["p90_us"], r["p99_us"], r["max_us"], n(r["queries_per_s"]),
             "p99 ≤ 2,000 µs" if tgt else "", meets(r["p99_us"] <= 2000) if tgt else ""))
r = fig.get("memory")
if r:
    w("| peak RSS screening %s encounters (%.2f GiB file) vs %s subjects (%s encounters/s, %.0f s) | **%.2f GiB** (%s MiB) | < 2 GiB | %s |"
      % (n(r["encounters"]), (r.get("encounters_file_bytes") or 0) / GIB, S, n(r["encounters_per_s"]), r["screening_s"],
         r["max_rss_bytes"] / GIB, n(r["max_rss_bytes"] / (1 << 20)), meets(r["max_rss_bytes"] < 2 * GIB)))
w("")
if fig.get("micro"):
    w("Comparator micro-benchmarks (`cargo bench -p lookout-names --bench compare`, divan; names prepared outside the timing):")
    w("")
    w("| benchmark | input | median | fastest | mean |")
    w("|---|---|---|---|---|")
    for m in fig["micro"]:
        g, _, a = m["bench"].partition("/")
        lab = PAIR_LABELS.get(g)
        inp = (lab[int(a)] if isinstance(lab, list) and a.isdigit() and int(a) < len(lab) else
               lab.get(a, a) if isinstance(lab, dict) else a)
        fmt = lambda x: "-" if x is None else ("%.0f ns" % x if x < 10000 else "%.1f µs" % (x / 1e3))
        w("| %s | %s | **%s** | %s | %s |" % (g, inp, fmt(m["median_ns"]), fmt(m["fastest_ns"]), fmt(m["mean_ns"])))
    w("")
w("What the figures mean:")
w("")
w("- **index**: `lookout index` reads the CSV, prepares every name (folding, parsing, romanisations, skeletons, variant groups), builds the "
  "index and writes the snapshot; wall time and peak RSS from `/usr/bin/time -v`. Bytes per name variant = snapshot bytes / "
  "(primary names + aliases), as printed by the command.")
w("- **load time**: `snapshot::load` in the latency example, i.e. what a service pays at start-up.")
w("- **encounters/s**: `lookout screen` from the snapshot with default options (threshold 0.7, top 10, 24 candidates), writing hits CSV; "
  "screening time only (the CLI's own figure, excluding the watchlist load). Two runs, the better kept: on a shared machine the "
  "better run is the closer estimate of what the engine does.")
w("- **latency**: one `Watchlist::screen` call per encounter on one thread with default `ScreenOptions`, after 1,000 warm-up calls, "
  "cycling through the encounters file (30% true matches, 21% hard negatives, 49% other clean encounters).")
w("- **peak RSS**: maximum resident set size of the whole `lookout screen` process (snapshot + streaming) from `/usr/bin/time -v`; "
  "hits go to /dev/null.")
w("")
w("## Commands")
w("")
w("```sh")
for line in (read("commands.txt") or "").splitlines():
    w(line.replace(os.getcwd() + "/", ""))
w("```")
w("")
with open(os.path.join(outdir, "speed.md"), "w", encoding="utf-8") as fh:
    fh.write("\n".join(md))
print("wrote %s and %s" % (os.path.join(outdir, "speed.md"), os.path.join(outdir, "speed.json")), file=sys.stderr)
PY
}

if [ "${REPORT_ONLY:-0}" = 1 ]; then report; exit; fi
CMDS="$RAW/commands.txt"
want() { case " $STEPS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
log() { echo "$*" >&2; }
record() { printf '%s\n' "$*" >>"$CMDS"; }
load_note() { # step name: remember the load average before a step
  echo "$1 $(cut -d' ' -f1-3 /proc/loadavg)" >>"$RAW/load.txt"
  log "== $1 (load average $(cut -d' ' -f1-3 /proc/loadavg))"
}
human() { awk -v n="$1" 'BEGIN { if (n >= 1000000) printf "%gM", n / 1000000; else if (n >= 1000) printf "%gk", n / 1000; else printf "%d", n }'; }

# Machine and run context (the steps' own load averages are in load.txt). A run of every step starts
# the command list afresh; a run of some steps appends to it.
[ "$STEPS" = "index screen latency memory micro" ] && rm -f "$CMDS" "$RAW/load.txt"
{
  echo "date $(date -Iseconds)"
  echo "nproc $(nproc)"
  echo "cpu $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "mem_total_kb $(awk '/MemTotal/ {print $2}' /proc/meminfo)"
  echo "kernel $(uname -r)"
  echo "load_start $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "rustc $(rustc --version 2>/dev/null || echo '?')"
  echo "nice $NICE"
  echo "threads $THREADS"
  echo "steps $STEPS"
  echo "params subjects_small=$SUBJECTS_SMALL subjects_large=$SUBJECTS_LARGE encounters=$ENCOUNTERS mem_encounters=$MEM_ENCOUNTERS lat_queries=$LAT_QUERIES"
} >"$RAW/machine.txt"
echo "# run $(date -Iseconds), steps: $STEPS, load average $(cut -d' ' -f1-3 /proc/loadavg)" >>"$CMDS"
[ "$(awk '{print ($1 > 1.0)}' /proc/loadavg)" = 1 ] && log "warning: load average $(cut -d' ' -f1 /proc/loadavg) > 1.0 at start: the machine is busy, figures will be low"

if [ "$BUILD" = 1 ]; then
  log "== build"
  record "nice -n $NICE cargo build --release -p lookout-cli -p lookout-screen --example latency"
  nice -n "$NICE" cargo build --release -q -p lookout-cli
  nice -n "$NICE" cargo build --release -q -p lookout-screen --example latency
fi

# Run copies of the binaries, so that a build by someone else during a long run cannot change them.
BIN="$SCRATCH/bin-speed"
if [ "$BUILD" = keep ]; then
  [ -x "$BIN/lookout" ] && [ -x "$BIN/latency" ] && [ -f "$BIN/engine.txt" ] || { echo "BUILD=keep: no binaries in $BIN" >&2; exit 2; }
else
  mkdir -p "$BIN"
  cp "$LOOKOUT" "$BIN/lookout"; cp "$LATENCY" "$BIN/latency"
  {
    echo "commit $(git rev-parse HEAD 2>/dev/null || echo '?')"
    echo "dirty_files $(git status --porcelain -- crates Cargo.toml Cargo.lock 2>/dev/null | wc -l)"
    echo "built $(date -Iseconds)"
    echo "binaries $(sha256sum "$BIN/lookout" | cut -c1-16) (lookout), $(sha256sum "$BIN/latency" | cut -c1-16) (latency): copies of target/release in $BIN"
  } >"$BIN/engine.txt"
fi
LOOKOUT="$BIN/lookout"; LATENCY="$BIN/latency"
cat "$BIN/engine.txt" >>"$RAW/machine.txt"
record "# the binaries below are copies of target/release/lookout and target/release/examples/latency"

# A synthetic set, reused when already generated with the same parameters.
synth_set() { # subjects encounters -> prints the directory
  local subjects="$1" encounters="$2" dir params
  dir="$SCRATCH/speed-s$SEED-${subjects}x${encounters}"
  params="lookout synth --seed $SEED --subjects $subjects --encounters $encounters"
  if [ -f "$dir/params.txt" ] && [ "$(cat "$dir/params.txt")" = "$params" ] && [ -f "$dir/encounters.csv" ]; then
    log "reusing $dir"
  else
    log "generating $dir"
    rm -rf "$dir" "$dir.tmp"
    record "nice -n $NICE $LOOKOUT synth --seed $SEED --subjects $subjects --encounters $encounters --out $dir"
    nice -n "$NICE" "$LOOKOUT" synth --seed "$SEED" --subjects "$subjects" --encounters "$encounters" --out "$dir.tmp" >&2
    echo "$params" >"$dir.tmp/params.txt"
    mv "$dir.tmp" "$dir"
  fi
  echo "$dir"
}

S="$(human "$SUBJECTS_SMALL")"; L="$(human "$SUBJECTS_LARGE")"
A="$(synth_set "$SUBJECTS_SMALL" "$ENCOUNTERS")"
B="$(synth_set "$SUBJECTS_LARGE" "$ENCOUNTERS")"
SNAP_A="$SCRATCH/speed-s$SEED-$SUBJECTS_SMALL.snapshot"
SNAP_B="$SCRATCH/speed-s$SEED-$SUBJECTS_LARGE.snapshot"
echo "small $S $SUBJECTS_SMALL $A" >"$RAW/sets.txt"
echo "large $L $SUBJECTS_LARGE $B" >>"$RAW/sets.txt"

# 1. index: build time, snapshot size, bytes per name variant
if want index; then
  for x in "small:$S:$A:$SNAP_A" "large:$L:$B:$SNAP_B"; do
    IFS=: read -r which label dir snap <<<"$x"
    load_note "index-$which"
    rm -f "$snap"
    record "RAYON_NUM_THREADS=$THREADS nice -n $NICE $TIME -v $LOOKOUT index --watchlist $dir/watchlist.csv --out $snap"
    RAYON_NUM_THREADS="$THREADS" nice -n "$NICE" "$TIME" -v "$LOOKOUT" index --watchlist "$dir/watchlist.csv" --out "$snap" 2>"$RAW/index-$which.log"
    echo "snapshot_bytes $(stat -c %s "$snap")" >>"$RAW/index-$which.log"
    grep -E '^snapshot of' "$RAW/index-$which.log" >&2
  done
fi
for snap in "$SNAP_A" "$SNAP_B"; do
  if want screen || want latency || want memory; then
    [ -f "$snap" ] || { echo "no $snap: run the index step first (STEPS=index)" >&2; exit 2; }
  fi
done

# 2. batch throughput from the snapshot, THREADS threads, default options; best of two runs
if want screen; then
  for x in "small:$A:$SNAP_A" "large:$B:$SNAP_B"; do
    IFS=: read -r which dir snap <<<"$x"
    for run in 1 2; do
      load_note "screen-$which-run$run"
      record "RAYON_NUM_THREADS=$THREADS nice -n $NICE $TIME -v $LOOKOUT screen --watchlist $snap --encounters $dir/encounters.csv --out $SCRATCH/hits-$which.csv"
      RAYON_NUM_THREADS="$THREADS" nice -n "$NICE" "$TIME" -v "$LOOKOUT" screen --watchlist "$snap" --encounters "$dir/encounters.csv" \
        --out "$SCRATCH/hits-$which.csv" 2>"$RAW/screen-$which-run$run.log"
      grep -E '^screened' "$RAW/screen-$which-run$run.log" >&2
    done
    rm -f "$SCRATCH/hits-$which.csv"
  done
fi

# 3. single-query latency (one thread, default options) and snapshot load time
if want latency; then
  for x in "small:$A:$SNAP_A" "large:$B:$SNAP_B"; do
    IFS=: read -r which dir snap <<<"$x"
    load_note "latency-$which"
    record "nice -n $NICE $LATENCY --watchlist $snap --encounters $dir/encounters.csv --queries $LAT_QUERIES --warmup 1000 --json"
    nice -n "$NICE" "$LATENCY" --watchlist "$snap" --encounters "$dir/encounters.csv" --queries "$LAT_QUERIES" --warmup 1000 --json \
      >"$RAW/latency-$which.json"
    cat "$RAW/latency-$which.json" >&2
  done
fi

# 4. peak memory: a long stream against the small watchlist's snapshot (hits to /dev/null)
if want memory; then
  M="$(synth_set "$SUBJECTS_SMALL" "$MEM_ENCOUNTERS")"
  if ! cmp -s "$M/watchlist.csv" "$A/watchlist.csv"; then
    echo "the stream's watchlist differs from $A/watchlist.csv: indexing it separately" >&2
    SNAP_M="$SCRATCH/speed-s$SEED-$SUBJECTS_SMALL-mem.snapshot"
    "$LOOKOUT" index --watchlist "$M/watchlist.csv" --out "$SNAP_M" 2>/dev/null
  else
    SNAP_M="$SNAP_A"
  fi
  echo "memory $(human "$MEM_ENCOUNTERS") $MEM_ENCOUNTERS $M" >>"$RAW/sets.txt"
  load_note "memory"
  record "RAYON_NUM_THREADS=$THREADS nice -n $NICE $TIME -v $LOOKOUT screen --watchlist $SNAP_M --encounters $M/encounters.csv --out - >/dev/null"
  RAYON_NUM_THREADS="$THREADS" nice -n "$NICE" "$TIME" -v "$LOOKOUT" screen --watchlist "$SNAP_M" --encounters "$M/encounters.csv" \
    --out - 2>"$RAW/memory.log" >/dev/null
  echo "encounters_bytes $(stat -c %s "$M/encounters.csv")" >>"$RAW/memory.log"
  grep -E '^screened|Maximum resident' "$RAW/memory.log" >&2
fi

# 5. comparator micro-benchmarks (divan)
if want micro; then
  load_note "micro"
  record "nice -n $NICE cargo bench -p lookout-names --bench compare"
  nice -n "$NICE" cargo bench -q -p lookout-names --bench compare >"$RAW/divan.txt" 2>"$RAW/divan.err"
  cat "$RAW/divan.txt" >&2
fi

echo "load_end $(cut -d' ' -f1-3 /proc/loadavg)" >>"$RAW/machine.txt"
# One line per run: several STEPS=... runs may share an OUTDIR.
awk '/^(date|steps|load_start|load_end|commit|dirty_files|binaries) / {k=$1; $1=""; sub(/^ /,""); v[k]=$0}
     END {printf "%s | steps: %s | load %s at start, %s at end | commit %s (%s uncommitted engine files) | %s\n",
          v["date"], v["steps"], v["load_start"], v["load_end"], substr(v["commit"],1,7), v["dirty_files"], v["binaries"]}' \
  "$RAW/machine.txt" >>"$RAW/runs.txt"

report
