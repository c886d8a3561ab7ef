//! Hashing helpers: the key mixer that orders the dictionary, and a streaming
//! XXH64 used as the snapshot checksum.

/// Bijective 64-bit mixer (MurmurHash3 `fmix64`).
///
/// The dictionary is ordered by `mix64(key)` rather than by the key itself so
/// that a small directory on the top bits of the mixed value finds any key in
/// one or two cache lines, whatever structure the caller's keys have (tag bits,
/// small integers, ...). Because the function is a bijection, no information is
/// lost and [`unmix64`] recovers the key.
#[inline]
pub(crate) fn mix64(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^= k >> 33;
    k
}

/// Multiplicative inverse of an odd number modulo 2^64 (Newton iteration).
const fn inverse_mod_2_64(c: u64) -> u64 {
    let mut x = c; // correct to 3 bits for any odd c
    let mut i = 0;
    while i < 5 {
        x = x.wrapping_mul(2u64.wrapping_sub(c.wrapping_mul(x)));
        i += 1;
    }
    x
}

const INV_C1: u64 = inverse_mod_2_64(0xff51_afd7_ed55_8ccd);
const INV_C2: u64 = inverse_mod_2_64(0xc4ce_b9fe_1a85_ec53);

/// Inverse of [`mix64`].
#[inline]
pub(crate) fn unmix64(mut h: u64) -> u64 {
    // `x ^= x >> 33` is its own inverse because 2 * 33 >= 64.
    h ^= h >> 33;
    h = h.wrapping_mul(INV_C2);
    h ^= h >> 33;
    h = h.wrapping_mul(INV_C1);
    h ^= h >> 33;
    h
}

const P1: u64 = 0x9E37_79B1_85EB_CA87;
const P2: u64 = 0xC2B2_AE3D_27D4_EB4F;
const P3: u64 = 0x1656_67B1_9E37_79F9;
const P4: u64 = 0x85EB_CA77_C2B2_AE63;
const P5: u64 = 0x27D4_EB2F_1656_67C5;

#[inline(always)]
fn round(acc: u64, input: u64) -> u64 {
    acc.wrapping_add(input.wrapping_mul(P2))
        .rotate_left(31)
        .wrapping_mul(P1)
}

#[inline(always)]
fn merge_round(acc: u64, val: u64) -> u64 {
    (acc ^ round(0, val)).wrapping_mul(P1).wrapping_add(P4)
}

#[inline(always)]
fn read_u64(b: &[u8]) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[..8]);
    u64::from_le_bytes(a)
}

/// Streaming XXH64 (seed 0 by default), byte-exact with the reference
/// implementation, so a snapshot's checksum can be verified by any xxHash tool.
#[derive(Clone, Debug)]
pub(crate) struct Xxh64 {
    v: [u64; 4],
    seed: u64,
    total_len: u64,
    buf: [u8; 32],
    buf_len: usize,
}

impl Xxh64 {
    pub(crate) fn with_seed(seed: u64) -> Self {
        Xxh64 {
            v: [
                seed.wrapping_add(P1).wrapping_add(P2),
                seed.wrapping_add(P2),
                seed,
                seed.wrapping_sub(P1),
            ],
            seed,
            total_len: 0,
            buf: [0; 32],
            buf_len: 0,
        }
    }

    pub(crate) fn new() -> Self {
        Self::with_seed(0)
    }

    #[inline(always)]
    fn stripe(v: &mut [u64; 4], s: &[u8]) {
        v[0] = round(v[0], read_u64(&s[0..]));
        v[1] = round(v[1], read_u64(&s[8..]));
        v[2] = round(v[2], read_u64(&s[16..]));
        v[3] = round(v[3], read_u64(&s[24..]));
    }

    pub(crate) fn update(&mut self, mut data: &[u8]) {
        self.total_len += data.len() as u64;
        if self.buf_len > 0 {
            let take = (32 - self.buf_len).min(data.len());
            self.buf[self.buf_len..self.buf_len + take].copy_from_slice(&data[..take]);
            self.buf_len += take;
            data = &data[take..];
            if self.buf_len < 32 {
                return;
            }
            let buf = self.buf;
            Self::stripe(&mut self.v, &buf);
            self.buf_len = 0;
        }
        let mut chunks = data.chunks_exact(32);
        let mut v = self.v;
        for c in &mut chunks {
            Self::stripe(&mut v, c);
        }
        self.v = v;
        let rest = chunks.remainder();
        self.buf[..rest.len()].copy_from_slice(rest);
        self.buf_len = rest.len();
    }

    pub(crate) fn digest(&self) -> u64 {
        let mut h = if self.total_len >= 32 {
            let [v1, v2, v3, v4] = self.v;
            let mut h = v1
                .rotate_left(1)
                .wrapping_add(v2.rotate_left(7))
                .wrapping_add(v3.rotate_left(12))
                .wrapping_add(v4.rotate_left(18));
            h = merge_round(h, v1);
            h = merge_round(h, v2);
            h = merge_round(h, v3);
            merge_round(h, v4)
        } else {
            self.seed.wrapping_add(P5)
        };
        h = h.wrapping_add(self.total_len);
        let mut rest = &self.buf[..self.buf_len];
        while rest.len() >= 8 {
            h ^= round(0, read_u64(rest));
            h = h.rotate_left(27).wrapping_mul(P1).wrapping_add(P4);
            rest = &rest[8..];
        }
        if rest.len() >= 4 {
            let mut a = [0u8; 4];
            a.copy_from_slice(&rest[..4]);
            h ^= u64::from(u32::from_le_bytes(a)).wrapping_mul(P1);
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
        h ^= h >> 32;
        h
    }
}

/// One-shot XXH64 with seed 0.
pub(crate) fn xxh64(data: &[u8]) -> u64 {
    let mut h = Xxh64::new();
    h.update(data);
    h.digest()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mix_roundtrip() {
        for k in [0u64, 1, 2, 42, u64::MAX, 0x8000_0000_0000_0000, 0xdead_beef] {
            assert_eq!(unmix64(mix64(k)), k);
        }
        let mut x = 0x1234_5678_9abc_def0u64;
        for _ in 0..10_000 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            assert_eq!(unmix64(mix64(x)), x);
        }
    }

    #[test]
    fn xxh64_reference_vectors() {
        assert_eq!(xxh64(b""), 0xEF46_DB37_51D8_E999);
        assert_eq!(xxh64(b"a"), 0xD24E_C4F1_A98C_6E5B);
        assert_eq!(xxh64(b"abc"), 0x44BC_2CF5_AD77_0999);
        assert_eq!(xxh64(b"Hello, World!"), 0xC49A_ACF8_080F_E47F);
        let mut h = Xxh64::with_seed(42);
        h.update(b"Hello, World!");
        assert_eq!(h.digest(), 0xC2E0_FE28_B251_2846);
        let long: Vec<u8> = b"abc".iter().copied().cycle().take(2997).collect();
        assert_eq!(xxh64(&long), 0x933E_B856_1397_6467);
    }

    #[test]
    fn xxh64_streaming_matches_one_shot() {
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 7 + i / 13) as u8).collect();
        for len in [0usize, 1, 5, 31, 32, 33, 64, 95, 300, 1000] {
            let whole = xxh64(&data[..len]);
            for step in [1usize, 3, 8, 31, 32, 33, 100] {
                let mut h = Xxh64::new();
                for piece in data[..len].chunks(step) {
                    h.update(piece);
                }
                assert_eq!(h.digest(), whole, "len {len} step {step}");
            }
        }
    }
}
