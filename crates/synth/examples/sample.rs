//! Prints the first rows of a generated data set as CSV.
//!
//! `cargo run -p lookout-synth --example sample -- [seed] [rows]`

use lookout_synth::{EncounterSink, SynthConfig, generate, write_watchlist};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let seed = args.next().map(|s| s.parse()).transpose()?.unwrap_or(7);
    let rows: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(10);
    let cfg = SynthConfig {
        seed,
        ..SynthConfig::default()
    };
    let ds = generate(&cfg);
    let dir = std::env::temp_dir().join(format!("lookout-synth-sample-{seed}"));
    std::fs::create_dir_all(&dir)?;
    write_watchlist(
        &dir.join("watchlist.csv"),
        &ds.watchlist[..rows.min(ds.watchlist.len())],
    )?;
    let mut sink = EncounterSink::create(&dir)?;
    for e in ds.encounters.iter().take(rows) {
        let sid = ds
            .truth
            .iter()
            .find(|(eid, _)| *eid == e.encounter_id)
            .map(|(_, s)| s.as_str());
        sink.write(e, sid)?;
    }
    sink.finish()?;
    for f in ["watchlist.csv", "encounters.csv", "truth.csv"] {
        println!("== {f}");
        print!("{}", std::fs::read_to_string(dir.join(f))?);
    }
    Ok(())
}
