//! Snapshot round trips and rejection of damaged snapshots.

use lookout_index::{
    Error, FORMAT_VERSION, Index, IndexBuilder, MAGIC, QueryKey, Scratch, SearchOptions,
};
use proptest::prelude::*;

/// A small index with both posting representations.
fn sample_index() -> Index {
    let mut b = IndexBuilder::new();
    b.small_max_df(3);
    for s in 0..40u32 {
        b.add(s, &[1, u64::from(s % 5) + 100, u64::from(s) + 1000]);
        if s % 3 == 0 {
            b.add(s, &[7, u64::from(s) * 31 + 5]);
        }
    }
    b.add(70_000, &[1, 2]); // second roaring container
    b.build()
}

fn to_bytes(index: &Index) -> Vec<u8> {
    let mut out = Vec::new();
    index.write_to(&mut out).unwrap();
    out
}

#[test]
fn roundtrip_is_exact_and_deterministic() {
    let index = sample_index();
    let bytes = to_bytes(&index);
    assert_eq!(bytes.len() as u64, index.snapshot_size());
    assert_eq!(&bytes[..8], &MAGIC);
    let back = Index::read_from(&bytes[..]).unwrap();
    assert_eq!(back, index);
    let (a, b) = (back.stats(), index.stats());
    // Byte estimates may differ (roaring capacity slack), the shape may not.
    assert_eq!(
        (
            a.keys,
            a.postings,
            a.small_keys,
            a.bitmap_keys,
            a.bitmap_containers
        ),
        (
            b.keys,
            b.postings,
            b.small_keys,
            b.bitmap_keys,
            b.bitmap_containers
        )
    );
    assert_eq!(to_bytes(&back), bytes);

    let query = [
        QueryKey::new(1, 1.0, 0),
        QueryKey::new(102, 1.0, 1),
        QueryKey::new(1010, 2.0, 2),
    ];
    let o = SearchOptions {
        max_enumerate_df: 10,
        ..SearchOptions::default()
    };
    let mut s1 = Scratch::new(&index);
    let mut s2 = Scratch::new(&back);
    assert_eq!(
        index.search(&query, &o, &mut s1),
        back.search(&query, &o, &mut s2)
    );
}

#[test]
fn empty_index_roundtrip() {
    let index = IndexBuilder::new().build();
    let bytes = to_bytes(&index);
    assert_eq!(Index::read_from(&bytes[..]).unwrap(), index);
}

#[test]
fn file_save_load() {
    let index = sample_index();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("index.lkx");
    index.save(&path).unwrap();
    assert_eq!(Index::load(&path).unwrap(), index);

    // Trailing garbage is rejected by load().
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend_from_slice(b"junk");
    std::fs::write(&path, &bytes).unwrap();
    let err = Index::load(&path).unwrap_err();
    assert!(matches!(err, Error::Corrupt(_)), "{err}");
}

#[test]
fn wrong_magic() {
    let mut bytes = to_bytes(&sample_index());
    bytes[0] = b'X';
    let err = Index::read_from(&bytes[..]).unwrap_err();
    assert!(matches!(err, Error::BadMagic { .. }), "{err}");
    assert!(err.to_string().contains("not a lookout index snapshot"));
    let err = Index::read_from(&b"PK\x03\x04 this is a zip file"[..]).unwrap_err();
    assert!(matches!(err, Error::BadMagic { .. }), "{err}");
}

#[test]
fn wrong_version() {
    let mut bytes = to_bytes(&sample_index());
    bytes[8..12].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
    let err = Index::read_from(&bytes[..]).unwrap_err();
    match err {
        Error::UnsupportedVersion { found, supported } => {
            assert_eq!(found, FORMAT_VERSION + 1);
            assert_eq!(supported, FORMAT_VERSION);
        }
        other => panic!("unexpected {other}"),
    }
}

#[test]
fn every_truncation_is_an_error() {
    let bytes = to_bytes(&sample_index());
    for len in 0..bytes.len() {
        let err = Index::read_from(&bytes[..len]).unwrap_err();
        assert!(
            matches!(err, Error::Truncated { .. }),
            "len {len}/{}: {err}",
            bytes.len()
        );
    }
}

#[test]
fn every_single_byte_corruption_is_an_error() {
    let bytes = to_bytes(&sample_index());
    for pos in 0..bytes.len() {
        for flip in [0x01u8, 0x80, 0xff] {
            let mut bad = bytes.clone();
            bad[pos] ^= flip;
            let err = Index::read_from(&bad[..]).unwrap_err();
            // Every variant carries a readable message.
            assert!(!err.to_string().is_empty());
            if (12..64).contains(&pos) {
                assert!(
                    matches!(err, Error::ChecksumMismatch { .. } | Error::Corrupt(_)),
                    "pos {pos}: {err}"
                );
            }
        }
    }
}

#[test]
fn forged_header_with_huge_counts_does_not_allocate_unbounded() {
    // A header claiming 2^32-1 keys, with a valid header checksum, followed by
    // almost nothing: must be a clean truncation error.
    let index = sample_index();
    let mut bytes = to_bytes(&index)[..64].to_vec();
    bytes[24..32].copy_from_slice(&u64::from(u32::MAX).to_le_bytes());
    let hc = header_checksum(&bytes[..56]);
    bytes[56..64].copy_from_slice(&hc.to_le_bytes());
    let err = Index::read_from(&bytes[..]).unwrap_err();
    assert!(matches!(err, Error::Truncated { .. }), "{err}");
}

/// XXH64 of the header via a round trip: write an index whose header bytes we
/// know, then splice. Simplest: recompute with a tiny local XXH64 (small inputs only).
fn header_checksum(data: &[u8]) -> u64 {
    const P1: u64 = 0x9E37_79B1_85EB_CA87;
    const P2: u64 = 0xC2B2_AE3D_27D4_EB4F;
    const P3: u64 = 0x1656_67B1_9E37_79F9;
    const P4: u64 = 0x85EB_CA77_C2B2_AE63;
    const P5: u64 = 0x27D4_EB2F_1656_67C5;
    fn round(acc: u64, x: u64) -> u64 {
        acc.wrapping_add(x.wrapping_mul(P2))
            .rotate_left(31)
            .wrapping_mul(P1)
    }
    fn rd(b: &[u8]) -> u64 {
        u64::from_le_bytes(b[..8].try_into().unwrap())
    }
    let mut v = [P1.wrapping_add(P2), P2, 0, 0u64.wrapping_sub(P1)];
    let mut rest = data;
    while rest.len() >= 32 {
        for (i, vi) in v.iter_mut().enumerate() {
            *vi = round(*vi, rd(&rest[8 * i..]));
        }
        rest = &rest[32..];
    }
    let mut h = if data.len() >= 32 {
        let mut h = v[0]
            .rotate_left(1)
            .wrapping_add(v[1].rotate_left(7))
            .wrapping_add(v[2].rotate_left(12))
            .wrapping_add(v[3].rotate_left(18));
        for vi in v {
            h = (h ^ round(0, vi)).wrapping_mul(P1).wrapping_add(P4);
        }
        h
    } else {
        P5
    };
    h = h.wrapping_add(data.len() as u64);
    while rest.len() >= 8 {
        h ^= round(0, rd(rest));
        h = h.rotate_left(27).wrapping_mul(P1).wrapping_add(P4);
        rest = &rest[8..];
    }
    if rest.len() >= 4 {
        h ^= u64::from(u32::from_le_bytes(rest[..4].try_into().unwrap())).wrapping_mul(P1);
        h = h.rotate_left(23).wrapping_mul(P2).wrapping_add(P3);
        rest = &rest[4..];
    }
    for &b in rest {
        h ^= u64::from(b).wrapping_mul(P5);
        h = h.rotate_left(11).wrapping_mul(P1);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(P2);
    h ^= h >> 29;
    h = h.wrapping_mul(P3);
    h ^ (h >> 32)
}

#[test]
fn header_checksum_helper_matches_writer() {
    let bytes = to_bytes(&sample_index());
    assert_eq!(
        header_checksum(&bytes[..56]),
        u64::from_le_bytes(bytes[56..64].try_into().unwrap())
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn random_roundtrip(
        adds in prop::collection::vec((0u32..200_000, prop::collection::vec(any::<u64>().prop_map(|k| k % 64), 0..10)), 0..200),
        small_max_df in 0u32..20,
    ) {
        let mut b = IndexBuilder::new();
        b.small_max_df(small_max_df);
        for (s, keys) in &adds {
            b.add(*s, keys);
        }
        let index = b.build();
        let bytes = to_bytes(&index);
        prop_assert_eq!(bytes.len() as u64, index.snapshot_size());
        let back = Index::read_from(&bytes[..]).unwrap();
        prop_assert_eq!(&back, &index);
        for k in 0..64u64 {
            prop_assert_eq!(back.df(k), index.df(k));
        }
    }

    #[test]
    fn random_damage_never_panics(pos in any::<prop::sample::Index>(), byte in any::<u8>(), cut in any::<prop::sample::Index>()) {
        let bytes = to_bytes(&sample_index());
        let mut bad = bytes.clone();
        let p = pos.index(bad.len());
        bad[p] = byte;
        let c = cut.index(bad.len() + 1);
        match Index::read_from(&bad[..c]) {
            Ok(ix) => {
                // Only possible if nothing changed and nothing was cut.
                prop_assert_eq!(&bad, &bytes);
                prop_assert_eq!(c, bytes.len());
                prop_assert_eq!(ix, sample_index());
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }
}
