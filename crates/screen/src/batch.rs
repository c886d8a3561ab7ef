//! Batch screening: encounters stream in, hits stream out, every core busy,
//! memory bounded by the chunk size.

use rayon::prelude::*;

use crate::io::{EncounterSource, Error};
use crate::record::Encounter;
use crate::watchlist::{ScreenOptions, Screened, Watchlist};

/// Encounters screened per parallel chunk. Memory is bounded by this many
/// encounters and their hits, whatever the file size.
pub const CHUNK: usize = 8192;

/// Screen a chunk of encounters in parallel; results keep input order.
pub fn screen_chunk(wl: &Watchlist, chunk: &[Encounter], opts: &ScreenOptions) -> Vec<Screened> {
    chunk
        .par_iter()
        .map_init(
            || wl.pooled_scratch(),
            |scratch, e| wl.screen(e, opts, scratch),
        )
        .collect()
}

/// Counters of a batch run.
#[derive(Clone, Copy, Debug, Default)]
pub struct BatchStats {
    /// Encounters screened.
    pub encounters: u64,
    /// Hits written.
    pub hits: u64,
    /// Encounters with at least one hit.
    pub encounters_with_hits: u64,
}

/// Screen every encounter of `reader`, calling `sink` with each chunk's
/// encounters and results in input order and `progress` with the number of
/// encounters done.
pub fn screen_stream(
    wl: &Watchlist,
    reader: &mut dyn EncounterSource,
    opts: &ScreenOptions,
    mut sink: impl FnMut(&[Encounter], &[Screened]) -> Result<(), Error>,
    mut progress: impl FnMut(u64),
) -> Result<BatchStats, Error> {
    let mut stats = BatchStats::default();
    let mut buf = Vec::with_capacity(CHUNK);
    while reader.read_chunk(CHUNK, &mut buf)? {
        let res = screen_chunk(wl, &buf, opts);
        for r in &res {
            stats.hits += r.hits.len() as u64;
            stats.encounters_with_hits += u64::from(!r.hits.is_empty());
        }
        stats.encounters += buf.len() as u64;
        sink(&buf, &res)?;
        progress(buf.len() as u64);
    }
    Ok(stats)
}
