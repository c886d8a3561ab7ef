//! Micro-benchmarks of the name comparator, in nanoseconds per pair.
//!
//! Run with `cargo bench -p lookout-names --bench compare`. Names are
//! prepared once outside the timed loop, as the watchlist does; the timed
//! part is what screening pays per candidate name.

use lookout_names::{PreparedName, compare, prepare, token_sim};

fn main() {
    divan::main();
}

const PAIRS: &[(&str, &str)] = &[
    ("Mohamed Abderrahmane", "محمد عبد الرحمن"),
    ("ABDELRAHMAN Mohammed", "Mohamed Abderrahmane"),
    ("Shamil Yusupov", "Шамиль Юсупов"),
    ("Karim Oukili Abu Yahya al-Hollandi", "Karim Oukili"),
    ("Ivan Petrov", "Omar Hassan"),
    ("Jonathan Dufresne", "Jonathon Dufresne"),
];

fn prepared() -> Vec<(PreparedName, PreparedName)> {
    PAIRS
        .iter()
        .map(|(a, b)| (prepare(a), prepare(b)))
        .collect()
}

/// Whole-name comparison (alignment, explanation data, score).
#[divan::bench(args = [0, 1, 2, 3, 4, 5])]
fn compare_names(bencher: divan::Bencher, i: usize) {
    let pairs = prepared();
    let (a, b) = &pairs[i];
    bencher.bench(|| compare(divan::black_box(a), divan::black_box(b)));
}

/// One token pair (the inner loop of alignment).
#[divan::bench(args = [0, 1, 2])]
fn token_pair(bencher: divan::Bencher, i: usize) {
    let pairs = prepared();
    let (a, b) = &pairs[i];
    let (ta, tb) = (&a.tokens[0], &b.tokens[0]);
    bencher.bench(|| token_sim(divan::black_box(ta), divan::black_box(tb)));
}

/// Preparing a name (normalise, parse, romanise, look up variants).
#[divan::bench(args = [0, 2])]
fn prepare_name(bencher: divan::Bencher, i: usize) {
    let name = PAIRS[i].1;
    let _ = prepare(name); // load the variant table outside the timing
    bencher.bench(|| prepare(divan::black_box(name)));
}
