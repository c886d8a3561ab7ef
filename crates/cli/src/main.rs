//! `lookout`: screen encounters against a watchlist of persons of interest.
//!
//! This binary is glue: argument parsing, files, progress and printing.
//! The engine lives in the `lookout-names`, `lookout-index` and
//! `lookout-screen` crates; synthetic data in `lookout-synth`.

use std::fs::File;
use std::io::{BufWriter, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use lookout_screen::batch::{CHUNK, screen_chunk, screen_stream};
use lookout_screen::eval::{EncounterResult, Report};
use lookout_screen::io::{
    HitFormat, HitSink, HitWriter, ReadOptions, create_hit_sink, open_encounters, read_truth,
    read_watchlist,
};
use lookout_screen::watchlist::encounter;
use lookout_screen::{EngineOptions, Gender, PartialDate, ScreenOptions, Watchlist};

mod demo;

/// Screen border encounters and passenger manifests against a watchlist.
///
/// Every hit is a possible match for a person to review, never a decision.
#[derive(Parser, Debug)]
#[command(name = "lookout", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Generate a synthetic watchlist, encounters and truth (no real persons).
    Synth(SynthArgs),
    /// Screen an encounters file against a watchlist and write hits.
    Screen(ScreenArgs),
    /// Look one name up in a watchlist and print ranked candidates with explanations.
    Match(MatchArgs),
    /// Screen with a truth file and print quality and speed figures.
    Eval(EvalArgs),
    /// Generate synthetic data, screen it and show hits with explanations.
    Demo(DemoArgs),
    /// Prepare a watchlist once and save it as a snapshot that loads in seconds.
    ///
    /// Every command's `--watchlist` accepts the snapshot in place of the CSV.
    Index(IndexArgs),
}

#[derive(clap::Args, Debug)]
struct IndexArgs {
    /// Watchlist CSV (schema v1).
    #[arg(long)]
    watchlist: PathBuf,
    /// Snapshot file to write.
    #[arg(long)]
    out: PathBuf,
    #[command(flatten)]
    engine: EngineArgs,
}

#[derive(clap::Args, Debug)]
struct SynthArgs {
    /// Random seed: the same seed gives byte-identical files.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Number of watchlist subjects.
    #[arg(long, default_value_t = 1000)]
    subjects: usize,
    /// Number of encounters.
    #[arg(long, default_value_t = 2000)]
    encounters: usize,
    /// Share of encounters that are true matches (0..=1).
    #[arg(long, default_value_t = 0.3)]
    match_rate: f64,
    /// Share of non-matching encounters that are hard negatives (namesakes).
    #[arg(long, default_value_t = 0.3)]
    hard_negative_rate: f64,
    /// Output directory (created if missing).
    #[arg(long)]
    out: PathBuf,
}

#[derive(clap::Args, Debug, Clone)]
struct EngineArgs {
    /// Do not use the embedded name-variant table (measures the engine without it).
    #[arg(long)]
    no_variants: bool,
    /// Candidates retrieved from the index per encounter for full scoring.
    #[arg(long, default_value_t = lookout_screen::watchlist::DEFAULT_CANDIDATES)]
    candidates: usize,
    /// Continue past malformed rows and report them at the end.
    #[arg(long)]
    skip_bad_rows: bool,
}

impl EngineArgs {
    fn engine(&self) -> EngineOptions {
        EngineOptions {
            variants: !self.no_variants,
        }
    }
    fn read(&self) -> ReadOptions {
        ReadOptions {
            skip_bad_rows: self.skip_bad_rows,
        }
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Csv,
    Jsonl,
}

#[derive(clap::Args, Debug)]
struct ScreenArgs {
    /// Watchlist CSV (schema v1).
    #[arg(long)]
    watchlist: PathBuf,
    /// Encounters CSV (schema v1), or Parquet with the same columns (`.parquet`,
    /// `parquet` feature).
    #[arg(long)]
    encounters: PathBuf,
    /// Output file for hits (`-` for standard output; `.parquet` writes Parquet
    /// when built with the `parquet` feature).
    #[arg(long)]
    out: PathBuf,
    /// Minimum score of a hit.
    #[arg(long, default_value_t = lookout_screen::DEFAULT_THRESHOLD)]
    threshold: f32,
    /// At most this many hits per encounter.
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    format: Format,
    #[command(flatten)]
    engine: EngineArgs,
}

#[derive(clap::Args, Debug)]
struct MatchArgs {
    /// Watchlist CSV (schema v1).
    #[arg(long)]
    watchlist: PathBuf,
    /// The name to look up, in any script.
    name: String,
    /// Birth date: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long)]
    birth_date: Option<String>,
    /// Nationality, ISO 3166-1 alpha-2.
    #[arg(long)]
    nationality: Option<String>,
    /// Gender: m or f.
    #[arg(long)]
    gender: Option<String>,
    /// Document number.
    #[arg(long)]
    document: Option<String>,
    /// Show candidates scoring at least this.
    #[arg(long, default_value_t = 0.3)]
    threshold: f32,
    /// At most this many candidates.
    #[arg(long, default_value_t = 5)]
    top: usize,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    engine: EngineArgs,
}

#[derive(clap::Args, Debug)]
struct EvalArgs {
    /// Watchlist CSV (schema v1).
    #[arg(long)]
    watchlist: PathBuf,
    /// Encounters CSV (schema v1).
    #[arg(long)]
    encounters: PathBuf,
    /// Truth CSV: encounter_id,subject_id.
    #[arg(long)]
    truth: PathBuf,
    /// Decision threshold for recall, precision and false alerts.
    #[arg(long, default_value_t = lookout_screen::DEFAULT_THRESHOLD)]
    threshold: f32,
    /// Break results down by this encounter column (repeatable), e.g. culture or script.
    #[arg(long = "by")]
    by: Vec<String>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    /// Also write every scored candidate as hits to this file (for shared/eval/score.py).
    #[arg(long)]
    hits_out: Option<PathBuf>,
    #[command(flatten)]
    engine: EngineArgs,
}

#[derive(clap::Args, Debug)]
pub(crate) struct DemoArgs {
    /// Random seed for the synthetic data.
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// Watchlist size.
    #[arg(long, default_value_t = 2000)]
    pub subjects: usize,
    /// Manifest size.
    #[arg(long, default_value_t = 3000)]
    pub encounters: usize,
    /// How many hits to print with their explanations.
    #[arg(long, default_value_t = 8)]
    pub show: usize,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let res = match cli.command {
        Command::Synth(a) => synth(a),
        Command::Screen(a) => screen(a),
        Command::Match(a) => match_one(a),
        Command::Eval(a) => eval(a),
        Command::Demo(a) => demo::run(a),
        Command::Index(a) => index(a),
    };
    match res {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

pub(crate) fn progress_bar(len: Option<u64>, what: &str) -> ProgressBar {
    let pb = match len {
        Some(n) => ProgressBar::new(n),
        None => ProgressBar::no_length(),
    };
    if std::io::stderr().is_terminal() {
        pb.set_draw_target(ProgressDrawTarget::stderr());
        let style = if len.is_some() {
            "{msg} [{elapsed_precise}] {wide_bar} {human_pos}/{human_len} ({per_sec}, eta {eta})"
        } else {
            "{msg} [{elapsed_precise}] {human_pos} ({per_sec})"
        };
        pb.set_style(
            ProgressStyle::with_template(style).unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
    } else {
        pb.set_draw_target(ProgressDrawTarget::hidden());
    }
    pb.set_message(what.to_string());
    pb
}

fn report_skipped(skipped: &[lookout_screen::io::BadRow]) {
    if !skipped.is_empty() {
        eprintln!("skipped {} bad row(s):", skipped.len());
        for b in skipped {
            eprintln!("  {b}");
        }
    }
}

pub(crate) fn load_watchlist(path: &Path, engine: &EngineArgs) -> Result<Watchlist> {
    if lookout_screen::snapshot::is_snapshot(path) {
        let wl = lookout_screen::snapshot::load(path)?;
        if wl.options().variants == engine.no_variants {
            bail!(
                "{}: the snapshot was built {} the variant table; rebuild it or {} --no-variants",
                path.display(),
                if wl.options().variants {
                    "with"
                } else {
                    "without"
                },
                if wl.options().variants { "drop" } else { "add" }
            );
        }
        return Ok(wl);
    }
    let (subjects, skipped) = read_watchlist(path, engine.read())
        .with_context(|| format!("reading watchlist {}", path.display()))?;
    report_skipped(&skipped);
    if subjects.is_empty() {
        bail!("{}: the watchlist has no subjects", path.display());
    }
    let pb = progress_bar(Some(subjects.len() as u64), "preparing watchlist");
    let wl = Watchlist::build_with_progress(subjects, engine.engine(), &|n| pb.inc(n));
    pb.finish_and_clear();
    Ok(wl)
}

fn index(a: IndexArgs) -> Result<()> {
    let t = Instant::now();
    let wl = load_watchlist(&a.watchlist, &a.engine)?;
    let prepared = t.elapsed();
    lookout_screen::snapshot::save(&wl, &a.out)?;
    let size = std::fs::metadata(&a.out).map(|m| m.len()).unwrap_or(0);
    let stats = wl.index().stats();
    eprintln!(
        "snapshot of {} subjects ({} names and aliases, {} index keys, {} postings) written to {}: {:.1} MiB; prepared in {:.2}s, total {:.2}s",
        wl.len(),
        wl.name_variants(),
        stats.keys,
        stats.postings,
        a.out.display(),
        size as f64 / (1 << 20) as f64,
        prepared.as_secs_f64(),
        t.elapsed().as_secs_f64()
    );
    Ok(())
}

fn synth(a: SynthArgs) -> Result<()> {
    if !(0.0..=1.0).contains(&a.match_rate) {
        bail!("--match-rate must be between 0 and 1, got {}", a.match_rate);
    }
    if !(0.0..=1.0).contains(&a.hard_negative_rate) {
        bail!(
            "--hard-negative-rate must be between 0 and 1, got {}",
            a.hard_negative_rate
        );
    }
    if a.subjects == 0 {
        bail!("--subjects must be at least 1");
    }
    let cfg = lookout_synth::SynthConfig {
        seed: a.seed,
        subjects: a.subjects,
        encounters: a.encounters,
        match_rate: a.match_rate,
        hard_negative_rate: a.hard_negative_rate,
        ..lookout_synth::SynthConfig::default()
    };
    cfg.validate().map_err(|e| anyhow::anyhow!("{e}"))?;
    std::fs::create_dir_all(&a.out).with_context(|| format!("creating {}", a.out.display()))?;
    let t = Instant::now();
    let summary = write_synth(&cfg, &a.out)
        .with_context(|| format!("writing synthetic data to {}", a.out.display()))?;
    eprintln!(
        "wrote {} subjects and {} encounters ({} true, {} hard negatives, {} clean) to {} in {:.1}s (seed {})",
        summary.subjects,
        summary.encounters,
        summary.true_encounters,
        summary.hard_negatives,
        summary.clean,
        a.out.display(),
        t.elapsed().as_secs_f64(),
        a.seed
    );
    Ok(())
}

/// Write a synthetic data set with a progress bar; the bytes are those of
/// `lookout_synth::generate_to_dir`.
pub(crate) fn write_synth(
    cfg: &lookout_synth::SynthConfig,
    dir: &Path,
) -> Result<lookout_synth::Summary> {
    use lookout_synth::{
        EncounterKind, EncounterSink, encounters_iter, generate_watchlist, write_watchlist,
    };
    std::fs::create_dir_all(dir)?;
    let watchlist = generate_watchlist(cfg);
    write_watchlist(&dir.join("watchlist.csv"), &watchlist)?;
    let mut sink = EncounterSink::create(dir)?;
    let mut sum = lookout_synth::Summary {
        subjects: watchlist.len(),
        ..Default::default()
    };
    let pb = progress_bar(Some(cfg.encounters as u64), "generating encounters");
    for (e, sid) in encounters_iter(cfg, &watchlist) {
        sink.write(&e, sid.as_deref())?;
        sum.encounters += 1;
        match e.kind {
            EncounterKind::True => sum.true_encounters += 1,
            EncounterKind::HardNegative => sum.hard_negatives += 1,
            EncounterKind::Clean => sum.clean += 1,
        }
        if sum.encounters.is_multiple_of(4096) {
            pb.inc(4096);
        }
    }
    pb.finish_and_clear();
    sink.finish()?;
    Ok(sum)
}

fn screen(a: ScreenArgs) -> Result<()> {
    check_threshold(a.threshold)?;
    let t0 = Instant::now();
    let wl = load_watchlist(&a.watchlist, &a.engine)?;
    let build = t0.elapsed();
    let mut reader = open_encounters(&a.encounters, a.engine.read())
        .with_context(|| format!("reading encounters {}", a.encounters.display()))?;
    let format = match a.format {
        Format::Csv => HitFormat::Csv,
        Format::Jsonl => HitFormat::Jsonl,
    };
    let to_stdout = a.out.as_os_str() == "-";
    // Hits go to a temporary file renamed at the end, so a failed run never
    // leaves a half-written hits file behind.
    let mut sink: Box<dyn HitSink> = if to_stdout {
        Box::new(HitWriter::new(
            BufWriter::with_capacity(1 << 20, std::io::stdout().lock()),
            format,
        )?)
    } else {
        create_hit_sink(&a.out, &tmp_path(&a.out), format)
            .with_context(|| format!("creating {}", a.out.display()))?
    };
    let opts = ScreenOptions {
        threshold: a.threshold,
        top: a.top,
        candidates: a.engine.candidates,
    };
    let pb = progress_bar(None, "screening");
    let t1 = Instant::now();
    let result = screen_stream(
        &wl,
        reader.as_mut(),
        &opts,
        |_, res| {
            for r in res {
                for h in &r.hits {
                    sink.write_hit(h)?;
                }
            }
            Ok(())
        },
        |n| pb.inc(n),
    );
    pb.finish_and_clear();
    let stats = match result.and_then(|s| sink.finish_sink().map(|()| s)) {
        Ok(s) => s,
        Err(e) => {
            let _ = std::fs::remove_file(tmp_path(&a.out));
            return Err(e).with_context(|| format!("screening {}", a.encounters.display()));
        }
    };
    if !to_stdout {
        std::fs::rename(tmp_path(&a.out), &a.out)
            .with_context(|| format!("writing {}", a.out.display()))?;
    }
    report_skipped(reader.skipped());
    let secs = t1.elapsed().as_secs_f64();
    eprintln!(
        "screened {} encounters against {} subjects: {} hits on {} encounters (threshold {:.2}); watchlist ready in {:.2}s, screening {:.2}s ({:.0} encounters/s)",
        stats.encounters,
        wl.len(),
        stats.hits,
        stats.encounters_with_hits,
        a.threshold,
        build.as_secs_f64(),
        secs,
        stats.encounters as f64 / secs.max(1e-9)
    );
    eprintln!("every hit is a possible match: a person must review it before anything is done");
    Ok(())
}

fn tmp_path(p: &Path) -> PathBuf {
    let mut s = p.as_os_str().to_owned();
    s.push(".partial");
    PathBuf::from(s)
}

fn check_threshold(t: f32) -> Result<()> {
    if !(0.0..=1.0).contains(&t) {
        bail!("--threshold must be between 0 and 1, got {t}");
    }
    Ok(())
}

fn match_one(a: MatchArgs) -> Result<()> {
    check_threshold(a.threshold)?;
    let birth_date = a
        .birth_date
        .as_deref()
        .map(PartialDate::parse)
        .transpose()
        .context("--birth-date")?;
    let gender = match a.gender.as_deref() {
        None => None,
        Some(g) => Gender::parse(g)
            .with_context(|| format!("--gender: invalid value {g:?} (expected m or f)"))?,
    };
    if let Some(n) = &a.nationality
        && !(n.len() == 2 && n.chars().all(|c| c.is_ascii_alphabetic()))
    {
        bail!("--nationality: invalid country code {n:?} (expected ISO 3166-1 alpha-2, e.g. FR)");
    }
    if a.name.trim().is_empty() {
        bail!("the name to look up is empty");
    }
    let wl = load_watchlist(&a.watchlist, &a.engine)?;
    let e = encounter(
        &a.name,
        birth_date,
        a.nationality.as_deref(),
        gender,
        a.document.as_deref(),
    );
    let opts = ScreenOptions {
        threshold: a.threshold,
        top: a.top,
        candidates: a.engine.candidates,
    };
    let mut scratch = wl.scratch();
    let t = Instant::now();
    let res = wl.screen(&e, &opts, &mut scratch);
    let micros = t.elapsed().as_micros();
    if a.json {
        let out = serde_json::json!({
            "query": {"name": a.name, "birth_date": a.birth_date, "nationality": a.nationality, "gender": a.gender, "document": a.document},
            "threshold": (f64::from(a.threshold) * 1e4).round() / 1e4,
            "elapsed_us": micros,
            "candidates": res.hits.iter().map(|h| h.to_json()).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    if res.hits.is_empty() {
        println!(
            "no candidate scores {:.2} or more ({} retrieved, {micros} µs)",
            a.threshold,
            res.retrieved.len()
        );
        return Ok(());
    }
    println!(
        "{} candidate(s) for {:?} ({micros} µs); each is a possible match for review:",
        res.hits.len(),
        a.name
    );
    for (rank, h) in res.hits.iter().enumerate() {
        let s = &wl.subjects()[wl
            .subjects()
            .iter()
            .position(|s| s.id == h.subject_id)
            .unwrap_or(0)];
        println!();
        println!(
            "{}. {} {}  score {:.3}",
            rank + 1,
            h.subject_id,
            s.name,
            h.score
        );
        print_explanation(&h.explanation);
    }
    Ok(())
}

pub(crate) fn print_explanation(x: &lookout_screen::Explanation) {
    println!("   {}", x.summary);
    for f in &x.features {
        println!(
            "   {:<12} {:>+6.2}  {} | {}  — {}",
            f.name, f.contribution, f.query, f.candidate, f.detail
        );
    }
}

fn eval(a: EvalArgs) -> Result<()> {
    check_threshold(a.threshold)?;
    let wl = load_watchlist(&a.watchlist, &a.engine)?;
    let truth =
        read_truth(&a.truth).with_context(|| format!("reading truth {}", a.truth.display()))?;
    let mut reader = open_encounters(&a.encounters, a.engine.read())
        .with_context(|| format!("reading encounters {}", a.encounters.display()))?;
    for col in &a.by {
        if !reader.extra_columns().contains(col) {
            bail!(
                "--by {col:?}: {} has no such column (extra columns: {})",
                a.encounters.display(),
                reader.extra_columns().join(", ")
            );
        }
    }
    // Score every retrieved candidate (threshold 0) so that recall@k, the
    // sweep and recall at a false-alert budget can be computed afterwards.
    let opts = ScreenOptions {
        threshold: 0.0,
        top: a.engine.candidates,
        candidates: a.engine.candidates,
    };
    let mut results: Vec<EncounterResult> = Vec::new();
    let ids: Vec<String> = wl.subjects().iter().map(|s| s.id.clone()).collect();
    let pb = progress_bar(None, "screening");
    let t = Instant::now();
    let mut buf = Vec::with_capacity(CHUNK);
    while reader.read_chunk(CHUNK, &mut buf)? {
        let res = screen_chunk(&wl, &buf, &opts);
        for (e, r) in buf.iter().zip(res) {
            results.push(encounter_result(e, &r, &ids, &a.by));
        }
        pb.inc(buf.len() as u64);
    }
    pb.finish_and_clear();
    let secs = t.elapsed().as_secs_f64();
    report_skipped(reader.skipped());
    if let Some(p) = &a.hits_out {
        let mut w = csv_writer(p)?;
        w.write_record(["encounter_id", "subject_id", "score"])?;
        for r in &results {
            for (s, x) in &r.scored {
                w.write_record([r.id.as_str(), s.as_str(), format!("{x}").as_str()])?;
            }
        }
        w.flush()?;
    }
    let report = Report::build(
        &results,
        &truth,
        a.threshold,
        &a.by,
        results.len() as f64 / secs.max(1e-9),
    );
    if a.json {
        println!("{}", serde_json::to_string_pretty(&report.to_json())?);
    } else {
        print_report(&report);
    }
    Ok(())
}

/// What one screened encounter contributes to an evaluation.
pub(crate) fn encounter_result(
    e: &lookout_screen::Encounter,
    r: &lookout_screen::Screened,
    ids: &[String],
    by: &[String],
) -> EncounterResult {
    EncounterResult {
        id: e.id.clone(),
        groups: by
            .iter()
            .map(|c| e.extra(c).unwrap_or("").to_string())
            .collect(),
        scored: r
            .scored
            .iter()
            .map(|(i, s)| (ids[*i as usize].clone(), *s))
            .collect(),
        retrieved: r
            .retrieved
            .iter()
            .map(|i| ids[*i as usize].clone())
            .collect(),
    }
}

fn csv_writer(p: &Path) -> Result<csv::Writer<File>> {
    Ok(csv::Writer::from_writer(
        File::create(p).with_context(|| format!("creating {}", p.display()))?,
    ))
}

pub(crate) fn print_report(r: &Report) {
    let m = &r.overall;
    let opt =
        |x: Option<f64>, digits: usize| x.map_or("-".to_string(), |v| format!("{v:.digits$}"));
    println!("threshold            {:.2}", r.threshold);
    println!(
        "encounters           {} ({} clean, {} true pairs)",
        m.encounters, m.clean, m.true_pairs
    );
    println!("recall               {:.4}", m.recall);
    println!("precision            {}", opt(m.precision, 4));
    println!("f1                   {:.4}", m.f1);
    println!(
        "false_alerts_per_1000_clean {}",
        opt(m.false_alerts_per_1000_clean, 2)
    );
    println!("recall_at_1          {:.4}", m.recall_at_1);
    println!("recall_at_10         {:.4}", m.recall_at_10);
    println!("retrieval_recall     {:.4}", m.retrieval_recall);
    if let Some((rec, cut)) = r.recall_at_fa_1 {
        println!("recall_at_fa<=1      {rec:.4} (cut-off {cut:.3})");
    }
    println!("encounters_per_second {:.0}", r.encounters_per_second);
    for (col, per) in &r.by {
        println!();
        println!("by {col}:");
        println!(
            "  {:<22} {:>6} {:>6} {:>7} {:>9} {:>7} {:>8} {:>9} {:>9}",
            "value",
            "enc",
            "true",
            "recall",
            "precision",
            "f1",
            "FA/1000",
            "recall@10",
            "retrieval"
        );
        for (v, m) in per {
            println!(
                "  {:<22} {:>6} {:>6} {:>7.4} {:>9} {:>7.4} {:>8} {:>9.4} {:>9.4}",
                v,
                m.encounters,
                m.true_pairs,
                m.recall,
                opt(m.precision, 4),
                m.f1,
                opt(m.false_alerts_per_1000_clean, 2),
                m.recall_at_10,
                m.retrieval_recall
            );
        }
    }
}
