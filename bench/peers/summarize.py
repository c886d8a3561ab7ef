#!/usr/bin/env python3
"""Score every peer run in OUTDIR/raw with the shared score.py and write the summary table.

    summarize.py --outdir OUTDIR --eval-dir /work/shared/eval --score /work/shared/eval/score.py

For each (set, peer) with OUTDIR/raw/SET.PEER.hits.csv it runs score.py twice (--json): at the
peer's natural threshold (logic-v1/logic-v2: 0.70, yente's default; splink: match probability
0.50) and with no threshold (for the 0.50..0.95 sweep, from which the best-F1 threshold is taken,
then scored again at that threshold for recall@10). Blocking recall and encounters/s come from
the runner's sidecar SET.PEER.hits.meta.json. Prints the table and writes OUTDIR/summary.md and
OUTDIR/summary.json.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

SETS = ["febrl4", "name-bench", "wikidata-xscript"]
PEERS = ["logic-v1", "logic-v2", "splink"]
NATURAL = {"logic-v1": 0.70, "logic-v2": 0.70, "splink": 0.50}


def score(score_py, set_dir, hits, threshold=None):
    cmd = [sys.executable, score_py, "--truth", os.path.join(set_dir, "truth.csv"),
           "--encounters", os.path.join(set_dir, "encounters.csv"), "--hits", hits, "--json"]
    if threshold is not None:
        cmd += ["--threshold", "%g" % threshold]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def f(x, nd=4):
    return "-" if x is None else ("%.*f" % (nd, x))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--outdir", required=True)
    ap.add_argument("--eval-dir", default="/work/shared/eval")
    ap.add_argument("--score", default="/work/shared/eval/score.py")
    ap.add_argument("--date", default=time.strftime("%Y-%m-%d"))
    args = ap.parse_args()
    raw = os.path.join(args.outdir, "raw")

    rows = []
    for s in SETS:
        set_dir = os.path.join(args.eval_dir, s)
        for p in PEERS:
            hits = os.path.join(raw, "%s.%s.hits.csv" % (s, p))
            meta_p = os.path.join(raw, "%s.%s.hits.meta.json" % (s, p))
            if not (os.path.exists(hits) and os.path.exists(meta_p)):
                rows.append({"set": s, "peer": p, "status": "missing"})
                continue
            meta = json.load(open(meta_p))
            nat = score(args.score, set_dir, hits, NATURAL[p])
            sweep = score(args.score, set_dir, hits, None)["sweep"]
            best = max(sweep, key=lambda m: (m["f1"] or 0.0, -m["threshold"])) if sweep else None
            best_rep = score(args.score, set_dir, hits, best["threshold"]) if best else None
            common = {
                "set": s, "peer": p, "status": "ok",
                "blocking_recall": meta.get("blocking_recall"),
                "candidate_pairs": meta.get("candidate_pairs"),
                "encounters_per_s": meta.get("encounters_per_s"),
                "us_per_pair": meta.get("us_per_pair"),
                "wall_s": meta.get("wall_s"),
                "em_fallback_used": meta.get("em_fallback_used"),
            }
            for kind, rep in [("natural", nat), ("best_f1", best_rep)]:
                if rep is None:
                    continue
                o = rep["overall"]
                r = dict(common)
                r.update({
                    "threshold_kind": kind, "threshold": rep["threshold"],
                    "recall": o["recall"], "precision": o["precision"], "f1": o["f1"],
                    "fa_per_1000_clean": o["false_alerts_per_1000_clean"],
                    "clean_alert_pct": o["clean_encounters_with_any_alert_pct"],
                    "recall_at_1": o["recall_at_1"], "recall_at_10": o["recall_at_10"],
                    "recall_at_fa": o.get("recall_at_fa"),
                })
                rows.append(r)

    hdr = ["set", "peer", "threshold", "recall", "precision", "F1", "FA/1000 clean", "recall@10",
           "blocking recall", "encounters/s"]
    table = []
    for r in rows:
        if r.get("status") != "ok":
            table.append([r["set"], r["peer"], r["status"]] + ["-"] * (len(hdr) - 3))
            continue
        thr = "%.2f %s" % (r["threshold"], "(default)" if r["threshold_kind"] == "natural" else "(best F1)")
        table.append([r["set"], r["peer"], thr, f(r["recall"]), f(r["precision"]), f(r["f1"]),
                      f(r["fa_per_1000_clean"], 1), f(r["recall_at_10"]), f(r["blocking_recall"]),
                      "-" if r["encounters_per_s"] is None else "%.0f" % r["encounters_per_s"]])
    widths = [max(len(h), *(len(str(t[i])) for t in table)) for i, h in enumerate(hdr)]
    txt = ["  ".join(h.ljust(w) for h, w in zip(hdr, widths)), "  ".join("-" * w for w in widths)]
    txt += ["  ".join(str(c).ljust(w) for c, w in zip(t, widths)) for t in table]
    print("\n".join(txt))

    md = ["# Peer baselines: summary (%s)" % args.date, "",
          "Machine: %d cores (shared; runs under `nice -n 10`). Thresholds: logic-v1/logic-v2 default 0.70 "
          "(yente), splink default match probability 0.50; best F1 = best of score.py's 0.50..0.95 sweep. "
          "encounters/s: nomenklatura = per-encounter candidate lookup + scoring, single thread; "
          "splink = predict() on the whole batch, DuckDB 1 thread (training excluded). "
          "febrl4 has no clean encounters, so FA/1000 is undefined there." % (os.cpu_count() or 0), "",
          "| " + " | ".join(hdr) + " |", "|" + "|".join("---" for _ in hdr) + "|"]
    md += ["| " + " | ".join(str(c) for c in t) + " |" for t in table]
    os.makedirs(args.outdir, exist_ok=True)
    with open(os.path.join(args.outdir, "summary.md"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(md) + "\n")
    with open(os.path.join(args.outdir, "summary.json"), "w", encoding="utf-8") as fh:
        json.dump({"date": args.date, "cpus": os.cpu_count(), "rows": rows}, fh, indent=2)
        fh.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
