#!/usr/bin/env bash
# Cross-check `lookout eval` against the independent scorer in
# shared/eval/score.py on a synthetic set: both must report the same recall,
# precision and false-alert rate from the same hits.
set -euo pipefail
cd "$(dirname "$0")/.."
scorer=../shared/eval/score.py
if [ ! -f "$scorer" ]; then
  echo "skipped: $scorer not found (shared/ is not beside this checkout)"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release --locked -q -p lookout-cli
bin=target/release/lookout
$bin synth --seed 11 --subjects 800 --encounters 1500 --out "$work" 2>/dev/null
$bin eval --watchlist "$work/watchlist.csv" --encounters "$work/encounters.csv" --truth "$work/truth.csv" \
  --threshold 0.7 --json --hits-out "$work/hits.csv" > "$work/ours.json"
python3 "$scorer" --truth "$work/truth.csv" --encounters "$work/encounters.csv" --hits "$work/hits.csv" \
  --threshold 0.7 --json > "$work/theirs.json"
# Ranks (recall@k) are defined over every hit row: score.py without a threshold.
python3 "$scorer" --truth "$work/truth.csv" --encounters "$work/encounters.csv" --hits "$work/hits.csv" \
  --json > "$work/theirs_all.json"
python3 - "$work/ours.json" "$work/theirs.json" "$work/theirs_all.json" <<'PY'
import json, sys
ours = json.load(open(sys.argv[1]))["overall"]
theirs = json.load(open(sys.argv[2]))
theirs_all = json.load(open(sys.argv[3]))
def flatten(doc):
    flat = {}
    def walk(d, prefix=""):
        for k, v in d.items():
            if isinstance(v, dict):
                walk(v, prefix + k + ".")
            else:
                flat.setdefault(prefix + k, v)
    walk(doc)
    return flat
def find(doc, name):
    flat = flatten(doc)
    for k, v in flat.items():
        if k.split(".")[-1] == name:
            return v
    raise SystemExit(f"score.py output has no {name!r}: {sorted(flat)}")
bad = []
for ours_key, doc in [("recall", theirs), ("precision", theirs), ("f1", theirs),
                      ("false_alerts_per_1000_clean", theirs),
                      ("recall_at_1", theirs_all), ("recall_at_10", theirs_all)]:
    a, b = ours[ours_key], find(doc, ours_key)
    if a is None or b is None or abs(float(a) - float(b)) > 1e-3:
        bad.append(f"{ours_key}: lookout {a} vs score.py {b}")
if bad:
    print("cross-check FAILED:\n  " + "\n  ".join(bad))
    sys.exit(1)
print(f"cross-check ok: recall {ours['recall']} precision {ours['precision']} f1 {ours['f1']} agree with score.py")
PY
