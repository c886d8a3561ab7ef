//! Retrieval keys: what the candidate index stores for each name.
//!
//! Keys are 64-bit hashes of `(kind, text)`. For every token we emit its
//! Latin renderings, its consonant skeletons, its variant groups and the
//! Double Metaphone codes of its primary rendering; for every pair of
//! tokens, a pair key on their skeletons, so that a name made only of
//! common parts (`Mohamed Ali`) still has a selective key.

use rphonetic::DoubleMetaphone;

use crate::parse::Role;
use crate::prepare::PreparedName;

/// The family a key belongs to. Its weight reflects how specific it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum KeyKind {
    /// A Latin rendering of a token.
    Form,
    /// A consonant skeleton.
    Skeleton,
    /// A variant group.
    Group,
    /// A Double Metaphone code.
    Phonetic,
    /// Two tokens' skeletons, order-free.
    Pair,
    /// A document number (or a one-deletion variant of it).
    Document,
}

impl KeyKind {
    /// Base weight of a key of this kind at retrieval.
    pub fn weight(self) -> f32 {
        match self {
            KeyKind::Form => 1.0,
            KeyKind::Group => 0.95,
            KeyKind::Skeleton => 0.8,
            KeyKind::Phonetic => 0.6,
            KeyKind::Pair => 1.0,
            KeyKind::Document => 1.5,
        }
    }
}

/// One retrieval key and the query token it came from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NameKey {
    /// 64-bit hash.
    pub key: u64,
    /// Kind of key.
    pub kind: KeyKind,
    /// Token position (pair keys use `u16::MAX - 1`).
    pub token: u16,
}

/// Hash a key with 64-bit FNV-1a.
///
/// The hash is written out rather than taken from `std` because keys are
/// stored in index snapshots: std's hasher may change between releases,
/// which would silently break every snapshot on disk.
pub fn hash_key(kind: KeyKind, text: &str) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h = OFFSET;
    for b in [kind as u8].iter().chain(text.as_bytes()) {
        h ^= u64::from(*b);
        h = h.wrapping_mul(PRIME);
    }
    h
}

/// Keys of a prepared name.
pub fn name_keys(name: &PreparedName, dm: &DoubleMetaphone) -> Vec<NameKey> {
    let mut out = Vec::new();
    let mut pair_skels: Vec<&str> = Vec::new();
    for (i, t) in name.tokens.iter().enumerate() {
        if matches!(t.role, Role::Connector | Role::Title) {
            continue;
        }
        let token = i as u16;
        let mut push = |kind, text: &str| {
            out.push(NameKey {
                key: hash_key(kind, text),
                kind,
                token,
            })
        };
        if t.role == Role::Initial {
            continue;
        }
        if !t.unvowelled {
            for f in &t.forms {
                push(KeyKind::Form, f);
            }
        }
        for s in &t.skeletons {
            if s.len() >= 2 {
                push(KeyKind::Skeleton, s);
            }
        }
        for g in &t.groups {
            push(KeyKind::Group, &g.to_string());
        }
        if !t.unvowelled {
            let r = dm.double_metaphone(t.primary());
            let p = r.primary();
            if !p.is_empty() {
                push(KeyKind::Phonetic, &p);
            }
            let a = r.alternate();
            if !a.is_empty() && a != p {
                push(KeyKind::Phonetic, &a);
            }
        }
        if let Some(s) = t.skeletons.first()
            && t.role == Role::Name
        {
            pair_skels.push(s);
        }
    }
    for a in 0..pair_skels.len() {
        for b in a + 1..pair_skels.len() {
            let (x, y) = if pair_skels[a] <= pair_skels[b] {
                (pair_skels[a], pair_skels[b])
            } else {
                (pair_skels[b], pair_skels[a])
            };
            out.push(NameKey {
                key: hash_key(KeyKind::Pair, &format!("{x} {y}")),
                kind: KeyKind::Pair,
                token: u16::MAX - 1,
            });
        }
    }
    out
}
