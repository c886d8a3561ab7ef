//! Streams a data set to a directory and prints the summary and timing.
//!
//! `cargo run --release -p lookout-synth --example generate -- SEED SUBJECTS ENCOUNTERS DIR`

use std::time::Instant;

use lookout_synth::{SynthConfig, generate_to_dir};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [seed, subjects, encounters, dir] = args.as_slice() else {
        return Err("usage: generate SEED SUBJECTS ENCOUNTERS DIR".into());
    };
    let cfg = SynthConfig {
        seed: seed.parse()?,
        subjects: subjects.parse()?,
        encounters: encounters.parse()?,
        ..SynthConfig::default()
    };
    let t = Instant::now();
    let sum = generate_to_dir(&cfg, std::path::Path::new(dir))?;
    println!("{sum:?} in {:.2?}", t.elapsed());
    Ok(())
}
