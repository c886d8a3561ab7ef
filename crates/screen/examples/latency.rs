//! Single-query latency of `Watchlist::screen`.
//!
//! ```sh
//! cargo run --release -p lookout-screen --example latency -- \
//!     --watchlist W.csv|W.snapshot --encounters E.csv [--queries N] [--warmup N] [--no-variants] [--json]
//! ```
//!
//! Loads the watchlist (a snapshot written by `lookout index`, or a CSV that
//! is prepared here), reads the encounters, screens `--warmup` encounters
//! untimed, then times one `Watchlist::screen` call per encounter with the
//! default `ScreenOptions` on a single thread, cycling through the encounters
//! until `--queries` calls have been made. Prints the watchlist load time,
//! p50/p90/p99/max latency in µs and queries per second.
//!
//! It uses only the crate's public API. It prints figures and asserts nothing.

use std::error::Error;
use std::hint::black_box;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use lookout_screen::io::{ReadOptions, read_encounters, read_watchlist};
use lookout_screen::snapshot::{is_snapshot, load};
use lookout_screen::watchlist::{EngineOptions, ScreenOptions, Watchlist};

const USAGE: &str = "usage: latency --watchlist W (csv or snapshot) --encounters E.csv [--queries N] [--warmup N] [--no-variants] [--json]";

struct Args {
    watchlist: PathBuf,
    encounters: PathBuf,
    queries: Option<usize>,
    warmup: Option<usize>,
    variants: bool,
    json: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut watchlist = None;
    let mut encounters = None;
    let mut queries = None;
    let mut warmup = None;
    let mut variants = true;
    let mut json = false;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
        };
        match a.as_str() {
            "--watchlist" => watchlist = Some(PathBuf::from(value("--watchlist")?)),
            "--encounters" => encounters = Some(PathBuf::from(value("--encounters")?)),
            "--queries" => {
                queries = Some(
                    value("--queries")?
                        .parse::<usize>()
                        .map_err(|e| format!("--queries: {e}"))?,
                )
            }
            "--warmup" => {
                warmup = Some(
                    value("--warmup")?
                        .parse::<usize>()
                        .map_err(|e| format!("--warmup: {e}"))?,
                )
            }
            "--no-variants" => variants = false,
            "--json" => json = true,
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    Ok(Args {
        watchlist: watchlist.ok_or_else(|| format!("--watchlist is required\n{USAGE}"))?,
        encounters: encounters.ok_or_else(|| format!("--encounters is required\n{USAGE}"))?,
        queries,
        warmup,
        variants,
        json,
    })
}

/// Nearest-rank percentile of sorted nanoseconds, in µs.
fn pct_us(sorted_ns: &[u64], p: f64) -> f64 {
    let n = sorted_ns.len();
    let rank = ((p / 100.0) * n as f64).ceil().max(1.0) as usize;
    sorted_ns[rank.min(n) - 1] as f64 / 1e3
}

fn run(a: Args) -> Result<(), Box<dyn Error>> {
    let t0 = Instant::now();
    let (wl, source) = if is_snapshot(&a.watchlist) {
        (load(&a.watchlist)?, "snapshot")
    } else {
        let (subjects, skipped) = read_watchlist(&a.watchlist, ReadOptions::default())?;
        if !skipped.is_empty() {
            return Err(format!("{}: {} bad rows", a.watchlist.display(), skipped.len()).into());
        }
        (
            Watchlist::build(
                subjects,
                EngineOptions {
                    variants: a.variants,
                },
            ),
            "csv (read + prepare + index)",
        )
    };
    let load_s = t0.elapsed().as_secs_f64();
    if wl.is_empty() {
        return Err(format!("{}: the watchlist has no subjects", a.watchlist.display()).into());
    }

    let (encounters, skipped) = read_encounters(&a.encounters, ReadOptions::default())?;
    if !skipped.is_empty() {
        return Err(format!("{}: {} bad rows", a.encounters.display(), skipped.len()).into());
    }
    if encounters.is_empty() {
        return Err(format!("{}: no encounters", a.encounters.display()).into());
    }
    let queries = a.queries.unwrap_or(encounters.len().min(10_000)).max(1);
    let warmup = a.warmup.unwrap_or(queries.min(1_000));

    let opts = ScreenOptions::default();
    let mut scratch = wl.scratch();
    let mut hits = 0usize;
    // Warm-up: caches, allocator, memo tables. Taken from the end of the file
    // so that the timed queries are not the same encounters when possible.
    for e in encounters.iter().rev().cycle().take(warmup) {
        hits += black_box(wl.screen(e, &opts, &mut scratch)).hits.len();
    }

    let mut lat_ns: Vec<u64> = Vec::with_capacity(queries);
    let t1 = Instant::now();
    for e in encounters.iter().cycle().take(queries) {
        let t = Instant::now();
        let r = black_box(wl.screen(e, &opts, &mut scratch));
        lat_ns.push(t.elapsed().as_nanos() as u64);
        hits += r.hits.len();
    }
    let wall = t1.elapsed().as_secs_f64();
    lat_ns.sort_unstable();
    let mean_us = lat_ns.iter().sum::<u64>() as f64 / lat_ns.len() as f64 / 1e3;
    let (p50, p90, p99) = (
        pct_us(&lat_ns, 50.0),
        pct_us(&lat_ns, 90.0),
        pct_us(&lat_ns, 99.0),
    );
    let max = *lat_ns.last().unwrap_or(&0) as f64 / 1e3;
    let qps = queries as f64 / wall.max(1e-9);

    if a.json {
        let out = serde_json::json!({
            "watchlist": a.watchlist.display().to_string(),
            "source": source,
            "subjects": wl.len(),
            "name_variants": wl.name_variants(),
            "variants": wl.options().variants,
            "load_s": load_s,
            "encounters": a.encounters.display().to_string(),
            "queries": queries,
            "warmup": warmup,
            "threshold": (f64::from(opts.threshold) * 1000.0).round() / 1000.0,
            "top": opts.top,
            "candidates": opts.candidates,
            "p50_us": p50,
            "p90_us": p90,
            "p99_us": p99,
            "max_us": max,
            "mean_us": mean_us,
            "queries_per_s": qps,
            "hits": hits,
        });
        println!("{out}");
    } else {
        println!(
            "watchlist      {} ({source}): {} subjects, {} names and aliases",
            a.watchlist.display(),
            wl.len(),
            wl.name_variants()
        );
        println!("load time      {load_s:.3} s");
        println!(
            "queries        {queries} timed after {warmup} warm-up, single thread, default options (threshold {}, top {}, candidates {})",
            opts.threshold, opts.top, opts.candidates
        );
        println!(
            "latency µs     p50 {p50:.0}  p90 {p90:.0}  p99 {p99:.0}  max {max:.0}  (mean {mean_us:.0})"
        );
        println!("queries/s      {qps:.0}");
    }
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("{msg}");
            return ExitCode::from(2);
        }
    };
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
