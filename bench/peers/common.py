"""Shared helpers for the peer baselines (schema v1 CSV contract, sidecars, blocking).

Reads an evaluation set folder (watchlist.csv, encounters.csv, truth.csv) without copying
any of its rows anywhere; writes hits.csv (encounter_id,subject_id,score) and a JSON sidecar.
"""
from __future__ import annotations

import csv
import json
import os
import platform
import time
from collections import defaultdict
from typing import Iterable

csv.field_size_limit(1 << 24)


def read_rows(path: str) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        rows = []
        for r in csv.DictReader(fh):
            rows.append({(k or "").strip(): (v or "").strip() for k, v in r.items()})
        return rows


def split_multi(value: str) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def load_set(set_dir: str) -> tuple[list[dict], list[dict], set[tuple[str, str]] | None]:
    """Watchlist rows, encounter rows and truth pairs (None when truth.csv is absent)."""
    wl = read_rows(os.path.join(set_dir, "watchlist.csv"))
    enc = read_rows(os.path.join(set_dir, "encounters.csv"))
    tpath = os.path.join(set_dir, "truth.csv")
    truth = None
    if os.path.exists(tpath):
        truth = {(r["encounter_id"], r["subject_id"]) for r in read_rows(tpath)}
    return wl, enc, truth


def subject_names(row: dict) -> list[str]:
    names = [row["name"]] if row.get("name") else []
    for a in split_multi(row.get("aliases", "")):
        if a not in names:
            names.append(a)
    return names


def norm_doc(value: str) -> str:
    return "".join(ch for ch in value if ch.isalnum()).upper()


def write_hits(path: str, hits: Iterable[tuple[str, str, float]]) -> int:
    """Write hits, one row per (encounter, subject) keeping the highest score; returns rows."""
    best: dict[tuple[str, str], float] = {}
    for eid, sid, score in hits:
        score = min(1.0, max(0.0, float(score)))
        key = (eid, sid)
        if key not in best or score > best[key]:
            best[key] = score
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["encounter_id", "subject_id", "score"])
        for (eid, sid), score in sorted(best.items()):
            w.writerow([eid, sid, "%.6f" % score])
    return len(best)


def write_sidecar(path: str, data: dict) -> None:
    data = dict(data)
    data.setdefault("machine", {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
    })
    data.setdefault("written_at", time.strftime("%Y-%m-%dT%H:%M:%S%z"))
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2, sort_keys=True)
        fh.write("\n")


def sidecar_path(hits_path: str) -> str:
    base = hits_path[:-4] if hits_path.endswith(".csv") else hits_path
    return base + ".meta.json"


def blocking_recall(pairs: set[tuple[str, str]], truth: set[tuple[str, str]] | None):
    if not truth:
        return None
    return len(truth & pairs) / len(truth)


# ------------------------------------------------------------------ shared blocking
#
# One candidate generator for both nomenklatura algorithms. Keys per name part, mirroring
# the kinds of terms yente indexes for retrieval (verbatim/comparable, phonetic, symbol):
#   t:  the ASCII-folded / transliterated name token (rigour.text.translit.ascii_text, which
#       uses rigour's ICU transliteration for Cyrillic etc. and normality.ascii_text for
#       Arabic and other scripts), length >= 2;
#   m:  the metaphone of that token (length >= 2) -- lets a vowel-less Arabic romanisation
#       (mhmd) meet a Latin spelling (Mohammed), and catches typos outside the first consonants;
#   s:  rigour's Wikidata name symbol (NAME:Q...) of a name part (rigour's person tagger);
#   d:  an exact (alphanumeric, upper-cased) document number of length >= 4.
# A pair is a candidate when watchlist subject and encounter share at least one key.

BLOCKING_MODES = {
    "token": ("t", "d"),
    "token+phonetic": ("t", "m", "d"),
    "token+phonetic+symbol": ("t", "m", "s", "d"),
}
DEFAULT_BLOCKING = "token+phonetic+symbol"


class KeyMaker:
    def __init__(self):
        from rigour.names import NameTypeTag, analyze_names, tokenize_name
        from rigour.text.phonetics import metaphone
        from rigour.text.translit import ascii_text

        self._tok = tokenize_name
        self._ascii = ascii_text
        self._metaphone = metaphone
        self._analyze = analyze_names
        self._per = NameTypeTag.PER

    def tokens(self, name: str) -> set[str]:
        out = set()
        for t in self._tok(name.casefold()):
            for x in self._tok(self._ascii(t).lower()):
                if len(x) >= 2:
                    out.add(x)
        return out

    def keys(self, names: list[str], docs: list[str]) -> dict[str, set[str]]:
        """Keys by kind: {'t': {...}, 'm': {...}, 's': {...}, 'd': {...}}."""
        k: dict[str, set[str]] = {"t": set(), "m": set(), "s": set(), "d": set()}
        for n in names:
            for t in self.tokens(n):
                k["t"].add(t)
                m = self._metaphone(t)
                if len(m) >= 2:
                    k["m"].add(m)
        if names:
            for name in self._analyze(self._per, names, consolidate=False):
                for sym in name.symbols:
                    if str(sym.category).endswith("NAME"):
                        k["s"].add(str(sym))
        for d in docs:
            d = norm_doc(d)
            if len(d) >= 4:
                k["d"].add(d)
        return k


def candidate_pairs(watchlist: list[dict], encounters: list[dict]):
    """Candidate pairs per blocking mode.

    Returns {mode: {encounter_id: [subject_id, ...]}} for every mode in BLOCKING_MODES, the
    time (seconds) spent building the watchlist key index (one-off, includes loading rigour's
    name tagger) and the time spent looking up the encounters' keys (all modes).
    """
    t0 = time.perf_counter()
    km = KeyMaker()
    index: dict[tuple[str, str], list[str]] = defaultdict(list)
    for w in watchlist:
        keys = km.keys(subject_names(w), split_multi(w.get("document_numbers", "")))
        for kind, vals in keys.items():
            for v in vals:
                index[(kind, v)].append(w["subject_id"])
    t1 = time.perf_counter()
    out: dict[str, dict[str, list[str]]] = {m: {} for m in BLOCKING_MODES}
    for e in encounters:
        docs = [e["document_number"]] if e.get("document_number") else []
        keys = km.keys([e["name"]] if e.get("name") else [], docs)
        by_kind = {}
        for kind, vals in keys.items():
            s = set()
            for v in vals:
                s.update(index.get((kind, v), ()))
            by_kind[kind] = s
        for mode, kinds in BLOCKING_MODES.items():
            s = set()
            for kind in kinds:
                s |= by_kind[kind]
            out[mode][e["encounter_id"]] = sorted(s)
    return out, t1 - t0, time.perf_counter() - t1


def pair_set(cands: dict[str, list[str]]) -> set[tuple[str, str]]:
    return {(eid, sid) for eid, sids in cands.items() for sid in sids}
