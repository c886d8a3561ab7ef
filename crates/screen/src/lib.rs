//! Screening: score encounters against a prepared watchlist, explain every
//! score, run batches on every core, and measure quality.
//!
//! The scoring engine ([`score`], [`watchlist`]) is pure and synchronous.
//! File IO lives in [`io`] at the edge: it reads and writes the CSV contract
//! (schema v1) and nothing else in this crate touches the file system.
//!
//! Every hit is a *possible match for review*; nothing here decides.

pub mod batch;
pub mod date;
pub mod eval;
pub mod io;
#[cfg(feature = "parquet")]
pub mod parquet_io;
pub mod record;
pub mod score;
pub mod snapshot;
pub mod watchlist;

pub use date::PartialDate;
pub use record::{Encounter, Gender, Subject};
pub use score::{DEFAULT_THRESHOLD, Explanation, Feature};
pub use watchlist::{EngineOptions, Hit, ScreenOptions, Screened, Watchlist};
