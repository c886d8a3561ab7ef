//! Convenience draws on top of `rand::Rng`.
//!
//! All randomness of the crate flows through a `ChaCha8Rng` seeded from the
//! configuration; these helpers only shape draws and never touch global or
//! thread-local generators, which would break reproducibility.

use rand::Rng;

/// Extra draw helpers for any `Rng`.
pub(crate) trait RngExt: Rng {
    /// True with probability `p` (clamped to [0, 1]; NaN counts as 0).
    fn chance(&mut self, p: f64) -> bool {
        if p.is_nan() || p <= 0.0 {
            return false;
        }
        if p >= 1.0 {
            return true;
        }
        self.random::<f64>() < p
    }

    /// Uniform index below `n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        self.random_range(0..n)
    }

    /// Uniform element of a non-empty slice.
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Index drawn with probability proportional to `1 / (rank + offset)`:
    /// the first entries (most common spellings) dominate.
    fn zipf(&mut self, n: usize, offset: f64) -> usize {
        debug_assert!(n > 0);
        if n == 1 {
            return 0;
        }
        let total: f64 = (0..n).map(|r| 1.0 / (r as f64 + offset)).sum();
        let mut x = self.random::<f64>() * total;
        for r in 0..n {
            x -= 1.0 / (r as f64 + offset);
            if x < 0.0 {
                return r;
            }
        }
        n - 1
    }

    /// Index into `weights` drawn proportionally to the weights.
    fn weighted<W: Copy + Into<f64>>(&mut self, weights: &[W]) -> usize {
        let total: f64 = weights.iter().map(|&w| w.into()).sum();
        let mut x = self.random::<f64>() * total;
        for (i, &w) in weights.iter().enumerate() {
            x -= w.into();
            if x < 0.0 {
                return i;
            }
        }
        weights.len() - 1
    }

    /// Index into `(item, weight)` pairs drawn proportionally to the
    /// weight.
    fn weighted_index<T, W: Copy + Into<f64>>(&mut self, items: &[(T, W)]) -> usize {
        let total: f64 = items.iter().map(|(_, w)| (*w).into()).sum();
        let mut x = self.random::<f64>() * total;
        for (i, (_, w)) in items.iter().enumerate() {
            x -= (*w).into();
            if x < 0.0 {
                return i;
            }
        }
        items.len() - 1
    }

    /// Item of `(item, weight)` pairs drawn proportionally to the weight.
    fn weighted_pick<'a, T, W: Copy + Into<f64>>(&mut self, items: &'a [(T, W)]) -> &'a T {
        &items[self.weighted_index(items)].0
    }
}

impl<R: Rng + ?Sized> RngExt for R {}
