//! Times the phases of generation (watchlist, encounter index, encounters).
//!
//! `cargo run --release -p lookout-synth --example timing -- SUBJECTS ENCOUNTERS`

use std::time::Instant;

use lookout_synth::{SynthConfig, encounters_iter, generate_watchlist};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse())
        .collect::<Result<_, _>>()?;
    let [subjects, encounters] = args.as_slice() else {
        return Err("usage: timing SUBJECTS ENCOUNTERS".into());
    };
    let cfg = SynthConfig {
        subjects: *subjects,
        encounters: *encounters,
        ..SynthConfig::default()
    };
    let t = Instant::now();
    let wl = generate_watchlist(&cfg);
    println!("watchlist: {:.2?}", t.elapsed());
    let t = Instant::now();
    let it = encounters_iter(&cfg, &wl);
    println!("index: {:.2?}", t.elapsed());
    let t = Instant::now();
    let n = it.map(|(e, _)| e.name.len()).sum::<usize>();
    println!("encounters: {:.2?} ({n} name bytes)", t.elapsed());
    Ok(())
}
