//! Person names across scripts: normalise, romanise, compare, and derive
//! retrieval keys.
//!
//! This crate is pure and synchronous: no IO beyond the embedded variant
//! table, no threads, no async. The pipeline is
//!
//! ```text
//! text ─fold─▶ folded ─parse─▶ raw tokens ─prepare─▶ tokens with renderings,
//!                                                     skeletons, variant groups
//! prepared query × prepared candidate ─compare─▶ NameMatch (score + alignment)
//! prepared name ─keys─▶ retrieval keys for the candidate index
//! ```
//!
//! Every step keeps enough detail for the caller to explain a score.

pub mod compare;
pub mod keys;
pub mod normalize;
pub mod parse;
pub mod prepare;
pub mod script;
pub mod skeleton;
pub mod translit;
pub mod variants;

pub use compare::{AlignedPair, MatchKind, NameMatch, TokenSim, compare, token_sim};
pub use parse::Role;
pub use prepare::{PrepareOptions, PreparedName, Token, prepare, prepare_with};
pub use script::Script;
