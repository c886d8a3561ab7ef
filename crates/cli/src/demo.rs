//! `lookout demo`: the whole screening loop on synthetic data, no server.

use std::collections::HashMap;
use std::time::Instant;

use anyhow::{Context, Result};
use lookout_screen::batch::{CHUNK, screen_chunk};
use lookout_screen::eval::Report;
use lookout_screen::io::{EncounterReader, ReadOptions, read_truth, read_watchlist};
use lookout_screen::{EngineOptions, ScreenOptions, Watchlist};

use crate::{DemoArgs, print_explanation, print_report, progress_bar};

pub(crate) fn run(a: DemoArgs) -> Result<()> {
    let dir = std::env::temp_dir().join(format!("lookout-demo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let res = run_in(&a, &dir);
    let _ = std::fs::remove_dir_all(&dir);
    res
}

fn run_in(a: &DemoArgs, dir: &std::path::Path) -> Result<()> {
    println!(
        "lookout demo — synthetic identities only; every hit is a possible match for human review"
    );
    println!();
    let cfg = lookout_synth::SynthConfig {
        seed: a.seed,
        subjects: a.subjects,
        encounters: a.encounters,
        ..lookout_synth::SynthConfig::default()
    };
    let t = Instant::now();
    crate::write_synth(&cfg, dir).context("generating synthetic data")?;
    println!(
        "1. generated a watchlist of {} subjects and a manifest of {} encounters (seed {}, {:.1}s)",
        a.subjects,
        a.encounters,
        a.seed,
        t.elapsed().as_secs_f64()
    );
    let (subjects, _) = read_watchlist(&dir.join("watchlist.csv"), ReadOptions::default())?;
    let t = Instant::now();
    let pb = progress_bar(Some(subjects.len() as u64), "preparing watchlist");
    let wl = Watchlist::build_with_progress(subjects, EngineOptions::default(), &|n| pb.inc(n));
    pb.finish_and_clear();
    println!(
        "2. prepared {} names and aliases and built the candidate index in {:.2}s",
        wl.name_variants(),
        t.elapsed().as_secs_f64()
    );
    let truth = read_truth(&dir.join("truth.csv"))?;
    let truth_map: HashMap<&str, &str> = truth
        .iter()
        .map(|(e, s)| (e.as_str(), s.as_str()))
        .collect();
    let mut reader = EncounterReader::open(&dir.join("encounters.csv"), ReadOptions::default())?;
    let by = vec!["culture".to_string(), "script".to_string()];
    let opts = ScreenOptions {
        threshold: 0.0,
        top: 64,
        candidates: 64,
    };
    let ids: Vec<String> = wl.subjects().iter().map(|s| s.id.clone()).collect();
    let mut results = Vec::new();
    let mut shown: Vec<(f32, String, lookout_screen::Hit, bool)> = Vec::new();
    let t = Instant::now();
    let mut buf = Vec::with_capacity(CHUNK);
    while reader.read_chunk(CHUNK, &mut buf)? {
        for (e, r) in buf.iter().zip(screen_chunk(&wl, &buf, &opts)) {
            if let Some(h) = r.hits.first()
                && h.score >= lookout_screen::DEFAULT_THRESHOLD
            {
                let is_true = truth_map.get(e.id.as_str()) == Some(&h.subject_id.as_str());
                shown.push((h.score, e.name.clone(), h.clone(), is_true));
            }
            results.push(crate::encounter_result(e, &r, &ids, &by));
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let with_hits = shown.len();
    println!(
        "3. screened {} encounters in {:.2}s ({:.0}/s): {} encounters have a possible match at score >= {:.2}",
        results.len(),
        secs,
        results.len() as f64 / secs.max(1e-9),
        with_hits,
        lookout_screen::DEFAULT_THRESHOLD
    );
    println!();
    // Show a spread: the hardest true matches (lowest scores above the
    // threshold, where the explanation matters most) and the highest-scoring
    // false alarms.
    shown.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut pick: Vec<&(f32, String, lookout_screen::Hit, bool)> = shown
        .iter()
        .filter(|x| x.3)
        .take(a.show.saturating_sub(2))
        .collect();
    pick.extend(shown.iter().rev().filter(|x| !x.3).take(2));
    println!("4. sample hits with their explanations:");
    for (score, name, h, is_true) in pick {
        let s = wl
            .subjects()
            .iter()
            .find(|s| s.id == h.subject_id)
            .map(|s| s.name.as_str())
            .unwrap_or("");
        println!();
        println!(
            "   encounter {} \"{}\"  →  {} \"{}\"  score {:.3}  [synthetic truth: {}]",
            h.encounter_id,
            name,
            h.subject_id,
            s,
            score,
            if *is_true {
                "same person"
            } else {
                "different person"
            }
        );
        print_explanation(&h.explanation);
    }
    println!();
    println!("5. evaluation against the synthetic truth:");
    let report = Report::build(
        &results,
        &truth,
        lookout_screen::DEFAULT_THRESHOLD,
        &by,
        results.len() as f64 / secs.max(1e-9),
    );
    print_report(&report);
    Ok(())
}
