//! Evaluation against a truth file, with the same definitions as
//! `shared/eval/score.py` (see `shared/eval/README.md`), plus retrieval
//! recall (share of true pairs that reached the scorer) and throughput.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{Value, json};

/// What one encounter produced, for evaluation.
#[derive(Clone, Debug, Default)]
pub struct EncounterResult {
    /// Encounter id.
    pub id: String,
    /// Values of the slicing columns, in the order of `EvalInput::by`.
    pub groups: Vec<String>,
    /// Every scored candidate `(subject id, score)` (not thresholded).
    pub scored: Vec<(String, f32)>,
    /// Subjects the index retrieved.
    pub retrieved: HashSet<String>,
}

/// Metrics over a set of encounters.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Metrics {
    /// Encounters.
    pub encounters: usize,
    /// Encounters without a true match.
    pub clean: usize,
    /// True pairs.
    pub true_pairs: usize,
    /// Hit rows at the threshold.
    pub hit_rows: usize,
    /// True hit rows.
    pub true_hits: usize,
    /// Recall.
    pub recall: f64,
    /// Precision (NaN-free: 0 hit rows gives 1.0 by convention? no — reported as null).
    pub precision: Option<f64>,
    /// F1.
    pub f1: f64,
    /// Hit rows on clean encounters per 1,000 clean encounters.
    pub false_alerts_per_1000_clean: Option<f64>,
    /// Share of clean encounters with at least one hit, in percent.
    pub clean_with_alert_pct: Option<f64>,
    /// Share of true pairs ranked first among the encounter's candidates.
    pub recall_at_1: f64,
    /// Share of true pairs ranked in the top 10.
    pub recall_at_10: f64,
    /// Share of true pairs that the index passed to the scorer.
    pub retrieval_recall: f64,
}

impl Metrics {
    /// JSON form.
    pub fn to_json(&self) -> Value {
        json!({
            "encounters": self.encounters,
            "clean": self.clean,
            "true_pairs": self.true_pairs,
            "hit_rows": self.hit_rows,
            "true_hits": self.true_hits,
            "recall": r4(self.recall),
            "precision": self.precision.map(r4),
            "f1": r4(self.f1),
            "false_alerts_per_1000_clean": self.false_alerts_per_1000_clean.map(r4),
            "clean_encounters_with_any_alert_pct": self.clean_with_alert_pct.map(r4),
            "recall_at_1": r4(self.recall_at_1),
            "recall_at_10": r4(self.recall_at_10),
            "retrieval_recall": r4(self.retrieval_recall),
        })
    }
}

fn r4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Compute metrics at `threshold` over `results`, given the truth.
pub fn metrics(
    results: &[&EncounterResult],
    truth: &HashMap<String, HashSet<String>>,
    threshold: f32,
) -> Metrics {
    let mut m = Metrics {
        encounters: results.len(),
        ..Metrics::default()
    };
    let mut r1 = 0usize;
    let mut r10 = 0usize;
    let mut retrieved = 0usize;
    let mut clean_hits = 0usize;
    let mut clean_with = 0usize;
    for r in results {
        let t = truth.get(&r.id);
        let n_true = t.map_or(0, HashSet::len);
        m.true_pairs += n_true;
        let hits: Vec<&(String, f32)> = r.scored.iter().filter(|(_, s)| *s >= threshold).collect();
        m.hit_rows += hits.len();
        match t {
            None => {
                m.clean += 1;
                clean_hits += hits.len();
                clean_with += usize::from(!hits.is_empty());
            }
            Some(t) => {
                m.true_hits += hits.iter().filter(|(s, _)| t.contains(s)).count();
                for subj in t {
                    retrieved += usize::from(r.retrieved.contains(subj));
                    // Rank over every scored candidate: 1 + false ones
                    // scoring at least as high (ties count against us).
                    if let Some((_, sc)) = r.scored.iter().find(|(s, _)| s == subj) {
                        let rank = 1 + r
                            .scored
                            .iter()
                            .filter(|(s, x)| !t.contains(s) && *x >= *sc)
                            .count();
                        r1 += usize::from(rank <= 1);
                        r10 += usize::from(rank <= 10);
                    }
                }
            }
        }
    }
    let tp = m.true_pairs.max(1) as f64;
    m.recall = m.true_hits as f64 / tp;
    m.precision = (m.hit_rows > 0).then(|| m.true_hits as f64 / m.hit_rows as f64);
    let p = m.precision.unwrap_or(0.0);
    m.f1 = if p + m.recall > 0.0 {
        2.0 * p * m.recall / (p + m.recall)
    } else {
        0.0
    };
    if m.clean > 0 {
        m.false_alerts_per_1000_clean = Some(clean_hits as f64 * 1000.0 / m.clean as f64);
        m.clean_with_alert_pct = Some(clean_with as f64 * 100.0 / m.clean as f64);
    }
    m.recall_at_1 = r1 as f64 / tp;
    m.recall_at_10 = r10 as f64 / tp;
    m.retrieval_recall = retrieved as f64 / tp;
    m
}

/// A full evaluation report: overall, per threshold, per group.
pub struct Report {
    /// Metrics at the requested threshold.
    pub overall: Metrics,
    /// Threshold used.
    pub threshold: f32,
    /// `(threshold, metrics)` for 0.50, 0.55 … 0.95.
    pub sweep: Vec<(f32, Metrics)>,
    /// Best recall with at most 1 false alert per 1,000 clean encounters, and its cut-off.
    pub recall_at_fa_1: Option<(f64, f32)>,
    /// Per column → per value metrics.
    pub by: Vec<(String, BTreeMap<String, Metrics>)>,
    /// Encounters screened per second (wall clock, all cores).
    pub encounters_per_second: f64,
}

impl Report {
    /// Build the report.
    pub fn build(
        results: &[EncounterResult],
        truth_pairs: &[(String, String)],
        threshold: f32,
        by: &[String],
        encounters_per_second: f64,
    ) -> Report {
        let mut truth: HashMap<String, HashSet<String>> = HashMap::new();
        for (e, s) in truth_pairs {
            truth.entry(e.clone()).or_default().insert(s.clone());
        }
        let all: Vec<&EncounterResult> = results.iter().collect();
        let overall = metrics(&all, &truth, threshold);
        let sweep = (0..10)
            .map(|i| {
                let t = (50 + 5 * i) as f32 / 100.0;
                (t, metrics(&all, &truth, t))
            })
            .collect();
        // Best recall at <= 1 FA/1000 over every distinct score cut-off.
        let recall_at_fa_1 = if all.iter().any(|r| !truth.contains_key(&r.id)) {
            recall_at_fa(&all, &truth, 1.0)
        } else {
            None
        };
        let mut by_out = Vec::new();
        for (k, col) in by.iter().enumerate() {
            let mut groups: BTreeMap<String, Vec<&EncounterResult>> = BTreeMap::new();
            for r in results {
                groups
                    .entry(r.groups.get(k).cloned().unwrap_or_default())
                    .or_default()
                    .push(r);
            }
            let per = groups
                .into_iter()
                .map(|(v, rs)| (v, metrics(&rs, &truth, threshold)))
                .collect();
            by_out.push((col.clone(), per));
        }
        Report {
            overall,
            threshold,
            sweep,
            recall_at_fa_1,
            by: by_out,
            encounters_per_second,
        }
    }

    /// JSON form.
    pub fn to_json(&self) -> Value {
        json!({
            "threshold": self.threshold,
            "overall": self.overall.to_json(),
            "encounters_per_second": self.encounters_per_second.round(),
            "recall_at_fa_1_per_1000": self.recall_at_fa_1.map(|(r, t)| json!({"recall": r4(r), "cutoff": t})),
            "sweep": self.sweep.iter().map(|(t, m)| json!({"threshold": (f64::from(*t) * 100.0).round() / 100.0, "recall": r4(m.recall), "precision": m.precision.map(r4), "f1": r4(m.f1), "false_alerts_per_1000_clean": m.false_alerts_per_1000_clean.map(r4)})).collect::<Vec<_>>(),
            "by": self.by.iter().map(|(c, per)| (c.clone(), Value::Object(per.iter().map(|(v, m)| (v.clone(), m.to_json())).collect()))).collect::<serde_json::Map<String, Value>>(),
        })
    }
}

fn recall_at_fa(
    all: &[&EncounterResult],
    truth: &HashMap<String, HashSet<String>>,
    budget: f64,
) -> Option<(f64, f32)> {
    // Walk the cut-offs from high to low with running counts.
    let clean = all.iter().filter(|r| !truth.contains_key(&r.id)).count();
    let tp_total: usize = truth.values().map(HashSet::len).sum();
    if clean == 0 || tp_total == 0 {
        return None;
    }
    let mut events: Vec<(f32, bool)> = Vec::new();
    for r in all {
        let t = truth.get(&r.id);
        for (s, x) in &r.scored {
            let is_true = t.is_some_and(|t| t.contains(s));
            if t.is_none() || is_true {
                events.push((*x, is_true));
            }
        }
    }
    events.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut best: Option<(f64, f32)> = None;
    let (mut tp, mut fa) = (0usize, 0usize);
    let mut i = 0;
    while i < events.len() {
        let cut = events[i].0;
        while i < events.len() && events[i].0 >= cut {
            if events[i].1 {
                tp += 1;
            } else {
                fa += 1;
            }
            i += 1;
        }
        if fa as f64 * 1000.0 / clean as f64 <= budget {
            best = Some((tp as f64 / tp_total as f64, cut));
        } else {
            break;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn er(id: &str, scored: &[(&str, f32)]) -> EncounterResult {
        EncounterResult {
            id: id.into(),
            groups: vec![],
            scored: scored.iter().map(|(s, x)| (s.to_string(), *x)).collect(),
            retrieved: scored.iter().map(|(s, _)| s.to_string()).collect(),
        }
    }

    #[test]
    fn hand_computed_metrics() {
        let rs = [
            er("e1", &[("s1", 0.9), ("s2", 0.8)]),
            er("e2", &[("s3", 0.75)]),
            er("e3", &[]),
            er("e4", &[("s9", 0.6)]),
        ];
        let truth = vec![
            ("e1".to_string(), "s1".to_string()),
            ("e3".to_string(), "s3".to_string()),
        ];
        let r = Report::build(&rs, &truth, 0.7, &[], 1.0);
        let m = &r.overall;
        assert_eq!(m.true_pairs, 2);
        assert_eq!(m.hit_rows, 3);
        assert_eq!(m.true_hits, 1);
        assert!((m.recall - 0.5).abs() < 1e-9);
        assert!((m.precision.unwrap() - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(m.clean, 2);
        assert!((m.false_alerts_per_1000_clean.unwrap() - 500.0).abs() < 1e-9);
        assert!((m.clean_with_alert_pct.unwrap() - 50.0).abs() < 1e-9);
        assert!((m.recall_at_1 - 0.5).abs() < 1e-9);
        assert!((m.retrieval_recall - 0.5).abs() < 1e-9);
    }
}
