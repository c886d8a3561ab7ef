#!/usr/bin/env python3
"""Splink 4 (DuckDB) peer: Fellegi-Sunter link_only between watchlist and encounters.

    run_splink.py --set DIR --out hits.csv [--min-probability 0.01] [--threads 1]
                  [--u-max-pairs 5e6] [--seed 42]

Pre-processing (Splink has no transliteration; users pre-compute columns): every name is
ASCII-folded / transliterated with rigour.text.translit.ascii_text (ICU for Cyrillic etc.,
normality.ascii_text for Arabic and other scripts), casefolded and tokenised; first_name =
first token, surname = last token (a single-token name fills both, since a lone token may be
either), full_name = all tokens; *_mph = rigour metaphone of those tokens. Watchlist aliases are
exploded into extra rows (one row per name, same subject). dob = first full YYYY-MM-DD date,
doc = first document number (alphanumeric, upper-cased).

Model: NameComparison(first_name) and NameComparison(surname) (exact with term frequencies,
Jaro-Winkler 0.92 / 0.88, metaphone-array level, JW 0.70), DateOfBirthComparison(dob),
ExactMatch(doc); date and document comparisons are dropped when a set has no values for them.
Training: lambda from deterministic rules (exact full name; exact doc) with recall 0.7;
u by random sampling; m by EM in two sessions (blocked on surname, then on first_name).
The comparisons are configured with hand-set m values that serve as EM starting values and as
the fallback when EM fails (recorded in the sidecar).
Prediction: blocking rules OR'ed: same first_name, same surname, first/surname swapped, same
first-name metaphone, same surname metaphone, same dob, same doc. Hits are
(encounter, subject, max match_probability over the subject's rows) for probability >= 0.01.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from importlib import metadata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import common  # noqa: E402

# Hand-set m values (first element = exact level; the null level is excluded). They are EM's
# starting point and the fallback when EM cannot estimate a comparison.
M_NAME = [0.70, 0.12, 0.05, 0.04, 0.05, 0.04]  # exact, JW>=.92, JW>=.88, metaphone, JW>=.70, else
M_DOB = [0.80, 0.10, 0.02, 0.03, 0.03, 0.02]  # exact, DL<=1, <=1 month, <=1 year, <=10 years, else
M_DOC = [0.85, 0.15]  # exact, else


def full_date(values: list[str]) -> str | None:
    for v in values:
        if len(v) == 10 and v[4] == "-" and v[7] == "-":
            return v
    return None


def build_frames(wl, enc):
    import pandas as pd
    from rigour.names import tokenize_name
    from rigour.text.phonetics import metaphone

    km = common.KeyMaker()

    def name_cols(name: str) -> dict:
        toks = []
        for t in tokenize_name(name.casefold()):
            toks.extend(x for x in tokenize_name(km._ascii(t).lower()) if x)
        if not toks:
            return {"full_name": None, "first_name": None, "surname": None,
                    "first_mph": None, "surname_mph": None, "first_mph_arr": None, "surname_mph_arr": None}
        first, last = toks[0], toks[-1]
        fm, sm = metaphone(first) or None, metaphone(last) or None
        return {"full_name": " ".join(toks), "first_name": first, "surname": last,
                "first_mph": fm, "surname_mph": sm,
                "first_mph_arr": [fm] if fm else None, "surname_mph_arr": [sm] if sm else None}

    wrows = []
    for w in wl:
        docs = common.split_multi(w.get("document_numbers", ""))
        nats = common.split_multi(w.get("nationality", ""))
        for k, n in enumerate(common.subject_names(w)):
            r = {"unique_id": "%s#%d" % (w["subject_id"], k), "record_id": w["subject_id"]}
            r.update(name_cols(n))
            r["dob"] = full_date(common.split_multi(w.get("birth_date", "")))
            r["doc"] = common.norm_doc(docs[0]) if docs else None
            r["nationality"] = nats[0].upper() if nats else None
            r["gender"] = w.get("gender") or None
            wrows.append(r)
    erows = []
    for e in enc:
        r = {"unique_id": e["encounter_id"], "record_id": e["encounter_id"]}
        r.update(name_cols(e.get("name", "")))
        r["dob"] = full_date([e.get("birth_date", "")])
        r["doc"] = common.norm_doc(e["document_number"]) or None if e.get("document_number") else None
        r["nationality"] = (e.get("nationality") or "").upper() or None
        r["gender"] = e.get("gender") or None
        erows.append(r)
    return pd.DataFrame(wrows), pd.DataFrame(erows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", required=True, dest="set_dir")
    ap.add_argument("--out", required=True)
    ap.add_argument("--min-probability", type=float, default=0.01)
    ap.add_argument("--threads", type=int, default=1, help="DuckDB threads (default 1, like the single-threaded nomenklatura runs)")
    ap.add_argument("--u-max-pairs", type=float, default=5e6)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--lambda-recall", type=float, default=0.7)
    args = ap.parse_args(argv)

    logging.basicConfig(level=logging.WARNING)
    import duckdb
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    wl, enc, truth = common.load_set(args.set_dir)
    t0 = time.perf_counter()
    df_w, df_e = build_frames(wl, enc)
    prep_s = time.perf_counter() - t0

    def present(col):
        return bool(df_w[col].notna().any() and df_e[col].notna().any())

    has_dob, has_doc = present("dob"), present("doc")
    has_nat, has_gender = present("nationality"), present("gender")

    comparisons = [
        cl.NameComparison("first_name", dmeta_col_name="first_mph_arr").configure(m_probabilities=M_NAME),
        cl.NameComparison("surname", dmeta_col_name="surname_mph_arr").configure(m_probabilities=M_NAME),
    ]
    if has_dob:
        comparisons.append(cl.DateOfBirthComparison("dob", input_is_string=True, datetime_format="%Y-%m-%d")
                           .configure(m_probabilities=M_DOB))
    if has_doc:
        comparisons.append(cl.ExactMatch("doc").configure(m_probabilities=M_DOC))
    if has_nat:
        comparisons.append(cl.ExactMatch("nationality").configure(m_probabilities=[0.9, 0.1]))
    if has_gender:
        comparisons.append(cl.ExactMatch("gender").configure(m_probabilities=[0.95, 0.05]))

    rules = [block_on("first_name"), block_on("surname"),
             "l.first_name = r.surname", "l.surname = r.first_name",
             block_on("first_mph"), block_on("surname_mph")]
    if has_dob:
        rules.append(block_on("dob"))
    if has_doc:
        rules.append(block_on("doc"))

    settings = SettingsCreator(
        link_type="link_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=rules,
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    con = duckdb.connect(":memory:")
    con.execute("SET threads=%d" % args.threads)
    db_api = DuckDBAPI(connection=con)
    linker = Linker([df_w, df_e], settings, db_api=db_api, input_table_aliases=["watchlist", "encounters"],
                    set_up_basic_logging=False)

    notes = []
    t_train = time.perf_counter()
    # lambda (prior) from deterministic rules
    det_rules = [block_on("full_name")]
    if has_doc:
        det_rules.append(block_on("doc"))
    lambda_source = "deterministic rules (exact full_name%s), recall %.2f" % (", exact doc" if has_doc else "",
                                                                             args.lambda_recall)
    try:
        linker.training.estimate_probability_two_random_records_match(det_rules, recall=args.lambda_recall)
        lam = linker._settings_obj._probability_two_random_records_match
        if not lam or lam <= 0:
            raise ValueError("deterministic rules found no pairs")
    except Exception as ex:  # noqa: BLE001
        lam = 1.0 / max(1, len(wl))
        linker._settings_obj._probability_two_random_records_match = lam
        lambda_source = "fallback 1/|watchlist| (deterministic estimate failed: %s)" % str(ex)[:200]
        notes.append("lambda fallback")
    lambda_after_det = lam

    # u by random sampling
    linker.training.estimate_u_using_random_sampling(max_pairs=args.u_max_pairs, seed=args.seed)

    # m by EM: two sessions so each name comparison is estimated in one of them
    em_sessions = []
    for br in ["surname", "first_name"]:
        rec = {"blocking_rule": "block_on(%s)" % br}
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(block_on(br))
            rec["ok"] = True
        except Exception as ex:  # noqa: BLE001
            rec["ok"] = False
            rec["error"] = ("%s: %s" % (type(ex).__name__, ex))[:300]
            notes.append("EM session on %s failed; hand-set m values kept where not estimated" % br)
        em_sessions.append(rec)
    m_source = {}
    for c in linker._settings_obj.comparisons:
        lv = c._comparison_levels_excluding_null
        est = [cl_._has_estimated_m_values for cl_ in lv]
        m_source[c.output_column_name] = ("EM" if all(est) else
                                          ("EM (some levels hand-set)" if any(est) else "hand-set (EM did not estimate)"))
    if any(v != "EM" for v in m_source.values()):
        notes.append("some m values are the fixed hand-set values, see m_source")
    train_s = time.perf_counter() - t_train

    t_pred = time.perf_counter()
    pred = linker.inference.predict(threshold_match_probability=args.min_probability)
    df = pred.as_pandas_dataframe()
    predict_s = time.perf_counter() - t_pred

    # blocked pairs (for blocking recall): count the pairs the prediction rules generate
    t_blk = time.perf_counter()
    cand = set()
    try:
        rule_sqls = []
        for r in rules:
            rule_sqls.append(r if isinstance(r, str) else r.get_blocking_rule("duckdb").blocking_rule_sql)
        con.register("wl_df", df_w[["unique_id", "record_id", "first_name", "surname", "first_mph", "surname_mph",
                                    "dob", "doc"]])
        con.register("enc_df", df_e[["unique_id", "record_id", "first_name", "surname", "first_mph", "surname_mph",
                                     "dob", "doc"]])
        where = " OR ".join("(%s)" % s for s in rule_sqls)
        q = "SELECT DISTINCT r.record_id AS eid, l.record_id AS sid FROM wl_df l JOIN enc_df r ON %s" % where
        for eid, sid in con.execute(q).fetchall():
            cand.add((eid, sid))
    except Exception as ex:  # noqa: BLE001
        notes.append("blocking recall not computed: %s" % str(ex)[:200])
        cand = None
    blk_s = time.perf_counter() - t_blk

    # map to hits (the watchlist side is source_dataset 'watchlist')
    hits = []
    if len(df):
        for row in df.itertuples(index=False):
            d = row._asdict()
            if d["source_dataset_l"] == "watchlist":
                sid, eid = d["unique_id_l"], d["unique_id_r"]
            else:
                sid, eid = d["unique_id_r"], d["unique_id_l"]
            hits.append((eid, sid.rsplit("#", 1)[0], float(d["match_probability"])))
    rows = common.write_hits(args.out, hits)

    model = linker.misc.save_model_to_json()
    params = {}
    for c in model.get("comparisons", []):
        params[c.get("output_column_name")] = [
            {"label": lv.get("label_for_charts"), "m": lv.get("m_probability"), "u": lv.get("u_probability")}
            for lv in c.get("comparison_levels", []) if not lv.get("is_null_level")]

    n_enc = len(enc)
    meta = {
        "peer": "splink",
        "set": os.path.basename(os.path.normpath(args.set_dir)),
        "threshold_written": args.min_probability,
        "encounters": n_enc,
        "watchlist": len(wl),
        "watchlist_rows_after_alias_explode": len(df_w),
        "comparisons": [c.output_column_name for c in linker._settings_obj.comparisons],
        "blocking_rules": [r if isinstance(r, str) else r.get_blocking_rule("duckdb").blocking_rule_sql for r in rules],
        "candidate_pairs": len(cand) if cand is not None else None,
        "blocking_recall": common.blocking_recall(cand, truth) if cand is not None else None,
        "pairs_above_min_probability": int(len(df)),
        "hit_rows": rows,
        "lambda": model.get("probability_two_random_records_match"),
        "lambda_after_deterministic_rules": lambda_after_det,
        "lambda_source": lambda_source,
        "em_sessions": em_sessions,
        "m_source": m_source,
        "em_fallback_used": any(v != "EM" for v in m_source.values()) or not all(s["ok"] for s in em_sessions),
        "parameters": params,
        "prep_s": round(prep_s, 3),
        "train_s": round(train_s, 3),
        "predict_s": round(predict_s, 3),
        "blocking_count_s": round(blk_s, 3),
        "wall_s": round(predict_s, 3),
        "total_s": round(prep_s + train_s + predict_s, 3),
        "encounters_per_s": round(n_enc / predict_s, 2) if predict_s else None,
        "encounters_per_s_incl_training": round(n_enc / (prep_s + train_s + predict_s), 2),
        "duckdb_threads": args.threads,
        "notes": notes + ["wall_s / encounters_per_s = predict() only (blocking + scoring of the batch); "
                          "train_s is the one-off lambda/u/EM estimation"],
        "versions": {p: metadata.version(p) for p in ["splink", "duckdb", "rigour", "pandas"]},
    }
    common.write_sidecar(common.sidecar_path(args.out), meta)
    print("[splink] %s: %d encounters, %s candidate pairs (blocking recall %s), %d hit rows, train %.1fs, "
          "predict %.1fs, %.1f enc/s; m: %s" % (meta["set"], n_enc, meta["candidate_pairs"], meta["blocking_recall"],
                                               rows, train_s, predict_s, meta["encounters_per_s"] or 0, m_source),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
